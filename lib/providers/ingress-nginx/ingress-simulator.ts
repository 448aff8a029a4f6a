import { RE2JS } from 're2js';
import { ManifestIndex, namespaceOf, SimObject } from '../../traffic/manifest-index';
import { SimOutcome, SimRequest, SimResult } from '../../traffic/sim-types';
import { NGINX_BASIC_CHARS, CANARY_ANNOTATIONS, NGINX_REGEX_CHARS, NGINX_TRUE_VALUES } from './annotations';

/**
 * Traffic simulator for ingress-nginx Ingresses with canary annotations, with the request and
 * result types of the Istio simulator (`simulate`), so the same meaning tests run on this output.
 *
 * Semantics (ingress-nginx controller, `balancer.lua` `route_to_alternative_balancer`,
 * `controller.go` `mergeAlternativeBackends`):
 * - The Ingresses of the class (`spec.ingressClassName`, else the `kubernetes.io/ingress.class`
 *   annotation). The server: the rules whose host equals the request host (case-insensitive, port
 *   removed), else a `*.` wildcard matching one label, else rules without host.
 * - The location among the main (non-canary) Ingresses of that server: an `Exact` path equal to the
 *   request path, else the longest `Prefix` (whole segments) or `ImplementationSpecific` (string
 *   prefix, no `use-regex`) path. None: 404. Two main Ingresses with the same host/path: refused
 *   (the admission webhook rejects the second).
 * - The canary: an Ingress with `canary: "true"` (Go ParseBool) with the same host, path and
 *   pathType; its other annotations are ignored. Two canaries for one location: refused (the
 *   webhook rejects the second; only one alternative backend is ever used).
 * - The decision, in order: `canary-by-header` present in the request: with a non-empty
 *   `canary-by-header-value`, equal -> canary, else go on; else with a `canary-by-header-pattern`, a
 *   PCRE search matching -> canary, else go on; else `always` -> canary, `never` -> stable (stop),
 *   other -> go on. `canary-by-cookie` present: `always` -> canary, `never` -> stable (stop),
 *   other -> go on. Then `canary-weight` out of `canary-weight-total` (used when above 100).
 *   Annotation values the controller's validation rejects are treated as unset (as it drops them).
 * - Header names: nginx `$http_<name>`: case-insensitive, `-` as `_`; request headers containing
 *   `_` are ignored (`underscores_in_headers off`). Cookies: the first cookie of that name.
 * - A Service backend spreads its share over the Deployments its selector picks, by replicas.
 * - Not simulated: session affinity (`affinity-canary-behavior`), `use-regex` paths, a default
 *   backend, TLS redirects; `sourceLabels`, `gateway` and TCP are meaningless here and ignored.
 */

/** The result of simulating a request through ingress-nginx. */
export interface IngressNginxSimResult extends SimResult {
  /** The main Ingress that served the location, as `namespace/name`. @default - none (no location) */
  readonly ingress?: string;
  /** The canary Ingress of that location, as `namespace/name`. @default - none */
  readonly canaryIngress?: string;
  /** What decided the canary share: a header, a cookie, the weight, or no canary. */
  readonly decidedBy: 'header' | 'cookie' | 'weight' | 'no-canary' | 'none';
  /** Probability of the canary Ingress's backend, 0..1. */
  readonly canaryShare: number;
}

/** Options of `simulateIngressNginx`. */
export interface IngressNginxSimOptions {
  /** The IngressClass of the controller. @default 'nginx' */
  readonly ingressClassName?: string;
}

interface Location {
  readonly ingress: SimObject;
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly backend: any;
}

function isIngress(o: SimObject): boolean {
  return o.kind === 'Ingress' && o.apiVersion === 'networking.k8s.io/v1';
}

function annotations(o: any): Record<string, string> {
  return o.metadata?.annotations ?? {};
}

function isCanary(o: SimObject): boolean {
  return NGINX_TRUE_VALUES.includes(annotations(o)[CANARY_ANNOTATIONS.canary]);
}

function classOf(o: any): string | undefined {
  return o.spec?.ingressClassName ?? annotations(o)['kubernetes.io/ingress.class'];
}

function locationsOf(o: SimObject): Location[] {
  const out: Location[] = [];
  for (const r of o.spec?.rules ?? []) {
    for (const p of r.http?.paths ?? []) out.push({ ingress: o, host: String(r.host ?? ''), path: p.path || '/', pathType: p.pathType ?? 'ImplementationSpecific', backend: p.backend });
  }
  return out;
}

function pathMatches(l: Location, path: string): number {
  if (l.pathType === 'Exact') return l.path === path ? Number.MAX_SAFE_INTEGER : -1;
  if (l.pathType === 'Prefix') {
    const p = l.path.endsWith('/') ? l.path.slice(0, -1) : l.path;
    return p === '' || path === p || path.startsWith(`${p}/`) ? l.path.length : -1;
  }
  return path.startsWith(l.path) ? l.path.length : -1;
}

function serverHost(hosts: string[], host: string): string | undefined {
  if (hosts.includes(host)) return host;
  const wildcard = hosts.find((h) => h.startsWith('*.') && host.endsWith(h.slice(1)) && !host.slice(0, host.length - h.length + 1).includes('.'));
  if (wildcard) return wildcard;
  return hosts.includes('') ? '' : undefined;
}

function id(o: SimObject): string {
  return `${namespaceOf(o)}/${o.metadata.name}`;
}

function nginxHeaders(req: SimRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    const name = k.toLowerCase();
    if (!name.includes('_') && headers[name] === undefined) headers[name] = v;
  }
  return headers;
}

function cookiesOf(headers: Record<string, string>, req: SimRequest): Map<string, string> {
  const jar = new Map<string, string>();
  const add = (name: string, value: string) => { if (!jar.has(name.toLowerCase())) jar.set(name.toLowerCase(), value); };
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) add(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const [k, v] of Object.entries(req.cookies ?? {})) add(k, v);
  return jar;
}

/** A canary annotation as the controller keeps it: undefined when unset or rejected by its validation. */
function valid(a: Record<string, string>, key: string, chars: RegExp): string | undefined {
  const v = a[key];
  return v !== undefined && v !== '' && chars.test(v) ? v : undefined;
}

function int(a: Record<string, string>, key: string, fallback: number): number {
  const v = a[key];
  return v !== undefined && /^[+-]?\d+$/.test(v) ? parseInt(v, 10) : fallback;
}

/** The canary share of a request and what decided it (`route_to_alternative_balancer`). */
export function nginxCanaryDecision(nginxCanaryAnnotations: Record<string, string>, req: SimRequest): { share: number; by: 'header' | 'cookie' | 'weight'; error?: string } {
  const a = nginxCanaryAnnotations;
  const headers = nginxHeaders(req);
  const headerName = valid(a, CANARY_ANNOTATIONS.byHeader, NGINX_BASIC_CHARS);
  const sent = headerName !== undefined ? headers[headerName.toLowerCase().replace(/_/g, '-')] : undefined;
  if (sent !== undefined) {
    const value = valid(a, CANARY_ANNOTATIONS.byHeaderValue, NGINX_BASIC_CHARS);
    const pattern = valid(a, CANARY_ANNOTATIONS.byHeaderPattern, NGINX_REGEX_CHARS);
    if (value !== undefined) {
      if (sent === value) return { share: 1, by: 'header' };
    } else if (pattern !== undefined) {
      let re: RE2JS;
      try {
        re = RE2JS.compile(pattern);
      } catch {
        return { share: 0, by: 'header', error: `canary-by-header-pattern /${pattern}/ cannot be evaluated here (not RE2); nginx treats an error as no canary` };
      }
      if (re.matcher(sent).find()) return { share: 1, by: 'header' };
    } else if (sent === 'always') return { share: 1, by: 'header' };
    else if (sent === 'never') return { share: 0, by: 'header' };
  }
  const cookieName = valid(a, CANARY_ANNOTATIONS.byCookie, NGINX_BASIC_CHARS);
  const cookie = cookieName !== undefined ? cookiesOf(headers, req).get(cookieName.toLowerCase()) : undefined;
  if (cookie === 'always') return { share: 1, by: 'cookie' };
  if (cookie === 'never') return { share: 0, by: 'cookie' };
  const total = Math.max(100, int(a, CANARY_ANNOTATIONS.weightTotal, 100));
  const weight = Math.min(Math.max(int(a, CANARY_ANNOTATIONS.weight, 0), 0), total);
  return { share: weight / total, by: 'weight' };
}

function servicePortOk(index: ManifestIndex, ns: string, backend: any): { selector?: Record<string, string>; why?: string } {
  const name = backend?.service?.name;
  if (!name) return { why: 'the Ingress path has no Service backend' };
  const svc: any = index.all.find((o) => o.kind === 'Service' && o.apiVersion === 'v1' && o.metadata.name === name && namespaceOf(o) === ns);
  if (!svc) return { why: `Service ${ns}/${name} is not among the manifests` };
  const port = backend.service.port ?? {};
  const ok = (svc.spec?.ports ?? []).some((p: any) => (port.number !== undefined ? p.port === port.number : p.name === port.name));
  if (!ok) return { why: `Service ${ns}/${name} has no port ${port.number ?? port.name}` };
  return { selector: svc.spec?.selector ?? {} };
}

function spread(index: ManifestIndex, ns: string, backend: any, probability: number, failures: string[]): { outcomes: SimOutcome[]; failed: number } {
  if (probability === 0) return { outcomes: [], failed: 0 };
  const r = servicePortOk(index, ns, backend);
  if (!r.selector) { failures.push(r.why!); return { outcomes: [], failed: probability }; }
  const pods = index.deploymentsSelectedBy(ns, r.selector).filter((d) => d.replicas > 0);
  const total = pods.reduce((s, d) => s + d.replicas, 0);
  if (total === 0) { failures.push(`no running pods in ${ns} match ${JSON.stringify(r.selector)}`); return { outcomes: [], failed: probability }; }
  return {
    outcomes: pods.map((d) => ({ deployment: d.name, namespace: d.namespace, version: d.podLabels.version, podLabels: d.podLabels, probability: (probability * d.replicas) / total })),
    failed: 0,
  };
}

function fail(why: string, extra: Partial<IngressNginxSimResult> = {}): IngressNginxSimResult {
  return { outcomes: [], failed: 1, failures: [why], decidedBy: 'none', canaryShare: 0, ...extra };
}

/** Simulates where one request to `req.host` + `req.path` goes through the ingress-nginx controller. */
export function simulateIngressNginx(manifests: readonly any[] | ManifestIndex, req: SimRequest, options: IngressNginxSimOptions = {}): IngressNginxSimResult {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  const cls = options.ingressClassName ?? 'nginx';
  const host = req.host.toLowerCase().replace(/:\d+$/, '');
  const path = (req.path ?? '/').split('?')[0];
  const ingresses = index.all.filter((o) => isIngress(o) && classOf(o) === cls);
  const mains = ingresses.filter((o) => !isCanary(o)).flatMap(locationsOf);
  const server = serverHost([...new Set(mains.map((l) => l.host.toLowerCase()))], host);
  if (server === undefined) return fail(`no Ingress of class ${cls} serves host ${host}`);
  const candidates = mains.filter((l) => l.host.toLowerCase() === server).map((l) => ({ l, score: pathMatches(l, path) })).filter((c) => c.score >= 0);
  if (candidates.length === 0) return fail(`no Ingress path of host ${server || '(any)'} matches ${path} (404)`);
  const best = Math.max(...candidates.map((c) => c.score));
  const chosen = candidates.filter((c) => c.score === best).map((c) => c.l);
  const same = chosen.filter((l) => l.path === chosen[0].path && l.pathType === chosen[0].pathType);
  if (same.length > 1) return fail(`host ${server} path ${same[0].path} is defined by ${same.length} Ingresses (${same.map((l) => id(l.ingress)).join(', ')}); ingress-nginx rejects all but the first`);
  const main = same[0];
  const canaries = ingresses.filter(isCanary).flatMap(locationsOf).filter((l) => l.host.toLowerCase() === server && l.path === main.path && l.pathType === main.pathType);
  const failures: string[] = [];
  if (canaries.length > 1) return fail(`host ${server} path ${main.path} has ${canaries.length} canary Ingresses (${canaries.map((l) => id(l.ingress)).join(', ')}); ingress-nginx allows one`, { ingress: id(main.ingress) });
  const canary = canaries[0];
  const decision = canary ? nginxCanaryDecision(annotations(canary.ingress), req) : { share: 0, by: 'no-canary' as const };
  if ('error' in decision && decision.error) failures.push(decision.error);
  const stablePart = spread(index, namespaceOf(main.ingress), main.backend, 1 - decision.share, failures);
  const canaryPart = canary ? spread(index, namespaceOf(canary.ingress), canary.backend, decision.share, failures) : { outcomes: [], failed: 0 };
  const merged = new Map<string, SimOutcome>();
  for (const o of [...stablePart.outcomes, ...canaryPart.outcomes]) {
    const k = `${o.namespace}/${o.deployment}`;
    const prev = merged.get(k);
    merged.set(k, prev ? { ...prev, probability: prev.probability + o.probability } : o);
  }
  const order = index.deployments.map((d) => `${d.namespace}/${d.name}`);
  const outcomes = [...merged.entries()].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([, o]) => o);
  return {
    outcomes,
    failed: stablePart.failed + canaryPart.failed,
    failures,
    ingress: id(main.ingress),
    ...(canary ? { canaryIngress: id(canary.ingress) } : {}),
    decidedBy: decision.by,
    canaryShare: decision.share,
  };
}
