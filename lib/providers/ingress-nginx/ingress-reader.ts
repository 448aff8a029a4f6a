import { sampleForRegex } from '../../traffic/regex-sample';
import { ManifestIndex } from '../../traffic/manifest-index';
import { SimRequest } from '../../traffic/sim-types';
import { CANARY_ANNOTATIONS, NGINX_TRUE_VALUES } from './annotations';

/**
 * Reading ingress-nginx objects back for the review tools: which requests the simulator should
 * hand to `simulateIngressNginx`, and the request classes (`plan` columns) of the canary Ingresses.
 */

/** Gateway names under which a request is taken to enter through the ingress-nginx controller. */
export const INGRESS_NGINX_GATEWAY_NAMES: readonly string[] = ['ingress-nginx'];

function isNginxIngress(o: any, ingressClassName: string): boolean {
  return o.kind === 'Ingress' && o.apiVersion === 'networking.k8s.io/v1'
    && (o.spec?.ingressClassName ?? o.metadata?.annotations?.['kubernetes.io/ingress.class']) === ingressClassName;
}

function hostServed(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && !host.slice(0, host.length - pattern.length + 1).includes('.');
  return pattern === host;
}

/**
 * True when ingress-nginx decides the request: it names no gateway, the ingress class, or
 * `ingress-nginx` (`INGRESS_NGINX_GATEWAY_NAMES`), and a main Ingress of the class serves its host.
 */
export function decidedByIngressNginx(manifests: readonly any[] | ManifestIndex, req: SimRequest, ingressClassName: string = 'nginx'): boolean {
  const all = manifests instanceof ManifestIndex ? manifests.all : manifests;
  if (req.gateway !== undefined && req.gateway !== ingressClassName && !INGRESS_NGINX_GATEWAY_NAMES.includes(req.gateway)) return false;
  const host = req.host.toLowerCase().replace(/:\d+$/, '');
  return all.some((o: any) => isNginxIngress(o, ingressClassName) && !NGINX_TRUE_VALUES.includes(o.metadata?.annotations?.[CANARY_ANNOTATIONS.canary])
    && (o.spec?.rules ?? []).some((r: any) => r.host !== undefined && hostServed(String(r.host).toLowerCase(), host)));
}

/** One request class of the canary Ingresses (the shape of the review tools' conditions). */
export interface IngressNginxCondition {
  /** Description, e.g. `demo4.example.com/ via ingress-nginx: cookie canary = always`. */
  readonly label: string;
  /** The request simulated for it. */
  readonly request: SimRequest;
  /** Why the request may not be representative (no sample for a pattern). @default - none */
  readonly note?: string;
  /** Provider kind whose reader simulates it. */
  readonly api: string;
}

/** The route-model regex inside an anchored pattern `^(?:...)$`, else the pattern itself. */
function innerRegex(pattern: string): string {
  return pattern.startsWith('^(?:') && pattern.endsWith(')$') ? pattern.slice(4, -2) : pattern;
}

/**
 * The request classes of the canary Ingresses of a class: per host and path, the request without
 * header or cookie (the weight), the header's values (`always` and `never`, the value, or a sample
 * of the pattern) and the cookie's `always` and `never`.
 */
export function ingressNginxConditions(manifests: readonly any[], ingressClassName: string = 'nginx', api: string = 'ingress-nginx'): IngressNginxCondition[] {
  const out: IngressNginxCondition[] = [];
  for (const o of manifests.filter((m) => isNginxIngress(m, ingressClassName))) {
    const a = o.metadata?.annotations ?? {};
    if (!NGINX_TRUE_VALUES.includes(a[CANARY_ANNOTATIONS.canary])) continue;
    for (const r of o.spec?.rules ?? []) {
      for (const p of r.http?.paths ?? []) {
        const host = String(r.host ?? '').startsWith('*.') ? `www.${String(r.host).slice(2)}` : String(r.host ?? 'www.example.com');
        const base: SimRequest = { host, path: p.path ?? '/', gateway: INGRESS_NGINX_GATEWAY_NAMES[0] };
        const at = `${host}${p.path ?? '/'} via ingress-nginx`;
        const add = (what: string, extra: Partial<SimRequest>, note?: string) => out.push({ label: `${at}: ${what}`, request: { ...base, ...extra }, api, ...(note ? { note } : {}) });
        add('no canary header or cookie', {});
        const h = a[CANARY_ANNOTATIONS.byHeader];
        if (h) {
          const value = a[CANARY_ANNOTATIONS.byHeaderValue];
          const pattern = a[CANARY_ANNOTATIONS.byHeaderPattern];
          if (value) add(`header ${h} = ${value}`, { headers: { [h]: value } });
          else if (pattern) {
            const sample = sampleForRegex(innerRegex(pattern));
            if (sample === undefined) add(`header ${h} ~ ${pattern}`, { headers: { [h]: '' } }, `no sample value found for /${pattern}/`);
            else add(`header ${h} ~ ${pattern}`, { headers: { [h]: sample } });
          } else {
            add(`header ${h} = always`, { headers: { [h]: 'always' } });
            add(`header ${h} = never`, { headers: { [h]: 'never' } });
          }
        }
        const c = a[CANARY_ANNOTATIONS.byCookie];
        if (c) {
          add(`cookie ${c} = always`, { cookies: { [c]: 'always' } });
          add(`cookie ${c} = never`, { cookies: { [c]: 'never' } });
        }
      }
    }
  }
  return out;
}
