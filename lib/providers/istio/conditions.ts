import { gatewayRef } from '../../traffic/istio-match';
import { namespaceOf, toFqdn } from '../../traffic/manifest-index';
import { sampleForRegex } from '../../traffic/regex-sample';
import { ANY_HOST, Built, concreteHost, isClusterHost, ReviewCondition } from '../../traffic/review-condition';
import { SimRequest } from '../../traffic/sim-types';

function describeString(m: any): string {
  if (m.exact !== undefined) return `= ${m.exact}`;
  if (m.prefix !== undefined) return `starts with ${m.prefix}`;
  if (m.regex !== undefined) return `~ ${m.regex}`;
  return 'present';
}

/** A value meeting an Istio StringMatch, or undefined when none is found. */
function sampleFor(m: any): string | undefined {
  if (m.exact !== undefined) return m.exact;
  if (m.prefix !== undefined) return m.prefix;
  if (m.regex !== undefined) return sampleForRegex(m.regex);
  return 'x';
}

/** The representative request of one match block, and its description. */
function fromBlock(block: any): Built {
  const parts: string[] = [];
  const missing: string[] = [];
  const headers: Record<string, string> = {};
  const request: any = {};
  for (const [name, m] of Object.entries<any>(block.headers ?? {})) {
    parts.push(`header ${name} ${describeString(m)}`);
    const v = sampleFor(m);
    if (v === undefined) missing.push(`header ${name}`);
    else headers[name.toLowerCase()] = v;
  }
  for (const [name, m] of Object.entries<any>(block.withoutHeaders ?? {})) parts.push(`no header ${name} ${describeString(m)}`);
  if (block.uri) {
    parts.push(`path ${describeString(block.uri)}`);
    const v = sampleFor(block.uri);
    if (v === undefined) missing.push('path');
    else request.path = v.startsWith('/') || block.uri.regex !== undefined ? v : `/${v}`;
  }
  if (block.method) {
    parts.push(`method ${describeString(block.method)}`);
    request.method = sampleFor(block.method);
  }
  if (block.authority) {
    parts.push(`authority ${describeString(block.authority)}`);
    const v = sampleFor(block.authority);
    if (v !== undefined) headers.host = v;
  }
  if (block.scheme) {
    parts.push(`scheme ${describeString(block.scheme)}`);
    request.scheme = sampleFor(block.scheme);
  }
  if (block.queryParams) {
    const query: Record<string, string> = {};
    for (const [k, m] of Object.entries<any>(block.queryParams)) {
      parts.push(`query ${k} ${describeString(m)}`);
      const v = sampleFor(m);
      if (v !== undefined) query[k] = v;
    }
    request.query = query;
  }
  if (block.sourceLabels) {
    parts.push(`caller ${Object.entries(block.sourceLabels).map(([k, v]) => `${k}=${v}`).join(',')}`);
    request.sourceLabels = { ...block.sourceLabels };
  }
  if (block.sourceNamespace) parts.push(`caller namespace ${block.sourceNamespace}`);
  if (block.port !== undefined) {
    parts.push(`port ${block.port}`);
    request.port = block.port;
  }
  if (Object.keys(headers).length > 0) request.headers = headers;
  return { parts, request, missing };
}

function destinationService(vs: any): string | undefined {
  const rules: any[] = [...(vs.spec?.http ?? []), ...(vs.spec?.tcp ?? [])];
  for (const r of rules) for (const d of r.route ?? []) if (d.destination?.host) return d.destination.host;
  return undefined;
}

/**
 * The request classes of the VirtualServices in `manifests`: for every VirtualService and every gateway
 * it is bound to (`mesh` included), one request per distinct match block, plus "any other request".
 */
export function istioConditions(manifests: readonly any[], routedServices: Set<string>): ReviewCondition[] {
  const out: ReviewCondition[] = [];
  const seen = new Set<string>();
  const add = (c: ReviewCondition) => {
    if (seen.has(c.label)) return;
    seen.add(c.label);
    out.push(c);
  };
  for (const vs of manifests.filter((m) => m.kind === 'VirtualService' && String(m.apiVersion).startsWith('networking.istio.io/'))) {
    const ns = namespaceOf(vs);
    const hosts: string[] = vs.spec?.hosts ?? [];
    const dest = destinationService(vs);
    if (dest) routedServices.add(toFqdn(dest, ns));
    const tcp = !vs.spec?.http && !!vs.spec?.tcp;
    const rules: any[] = (tcp ? vs.spec?.tcp : vs.spec?.http) ?? [];
    const bindings = ((vs.spec?.gateways as string[] | undefined) ?? ['mesh']).map((g) => gatewayRef(g, ns));
    for (const binding of bindings) {
      let host: string;
      let base: SimRequest;
      let entry: string;
      if (binding === 'mesh') {
        host = hosts.find((h) => isClusterHost(h)) ?? dest ?? hosts[0];
        base = { host: toFqdn(host, ns), sourceNamespace: ns };
        entry = `mesh -> ${toFqdn(host, ns)}`;
      } else {
        host = concreteHost(hosts.find((h) => !isClusterHost(h) && !h.includes('*')) ?? hosts.find((h) => !isClusterHost(h)) ?? ANY_HOST);
        base = { host, gateway: binding };
        entry = `${host} via ${binding}`;
      }
      if (tcp) base = { ...base, protocol: 'tcp' };
      const before = out.length;
      for (const rule of rules) {
        for (const block of rule.match ?? []) {
          if (block.gateways && !block.gateways.map((g: string) => gatewayRef(g, ns)).includes(binding)) continue;
          if (block.sourceLabels && binding !== 'mesh') continue;
          const b = fromBlock(block);
          if (b.parts.length === 0) continue;
          const request: SimRequest = { ...base, ...b.request, ...(block.sourceNamespace ? { sourceNamespace: block.sourceNamespace } : {}) };
          add({
            label: `${entry}: ${b.parts.join(', ')}`,
            request,
            ...(b.missing.length ? { note: `no sample value found for ${b.missing.join(', ')}; the request omits it` } : {}),
          });
        }
      }
      const kind = tcp ? 'connection' : 'request';
      add({ label: `${entry}: ${out.length > before ? `any other ${kind}` : `any ${kind}`}`, request: base });
    }
  }
  return out;
}
