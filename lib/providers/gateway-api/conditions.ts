import { namespaceOf } from '../../traffic/manifest-index';
import { sampleForRegex } from '../../traffic/regex-sample';
import { ANY_HOST, Built, concreteHost, ReviewCondition } from '../../traffic/review-condition';
import { SimRequest } from '../../traffic/sim-types';

/** True for a Gateway API HTTPRoute or TCPRoute. */
export function isGatewayApiRoute(m: any): boolean {
  return String(m?.apiVersion).startsWith('gateway.networking.k8s.io/') && (m.kind === 'HTTPRoute' || m.kind === 'TCPRoute');
}

/** The representative request of one HTTPRoute match (path, headers, query parameters, method). */
function fromGatewayApiMatch(match: any): Built {
  const parts: string[] = [];
  const missing: string[] = [];
  const request: any = {};
  const headers: Record<string, string> = {};
  const value = (m: any) => (m.type === 'RegularExpression' ? sampleForRegex(m.value) : m.value);
  const describe = (m: any) => (m.type === 'RegularExpression' ? `~ ${m.value}` : m.type === 'PathPrefix' ? `starts with ${m.value}` : `= ${m.value}`);
  if (match.path && !(match.path.type === 'PathPrefix' && match.path.value === '/')) {
    parts.push(`path ${describe(match.path)}`);
    const v = value(match.path);
    if (v === undefined) missing.push('path');
    else request.path = v;
  }
  for (const h of match.headers ?? []) {
    parts.push(`header ${h.name} ${describe(h)}`);
    const v = value(h);
    if (v === undefined) missing.push(`header ${h.name}`);
    else headers[String(h.name).toLowerCase()] = v;
  }
  if (match.queryParams?.length) {
    const query: Record<string, string> = {};
    for (const q of match.queryParams) {
      parts.push(`query ${q.name} ${describe(q)}`);
      const v = value(q);
      if (v !== undefined) query[q.name] = v;
    }
    request.query = query;
  }
  if (match.method) {
    parts.push(`method = ${match.method}`);
    request.method = match.method;
  }
  if (Object.keys(headers).length > 0) request.headers = headers;
  return { parts, request, missing };
}

/** Conditions of one Gateway API route: per parent (a Service for mesh traffic, or a Gateway), its matches and the rest. */
function routeConditions(route: any, routedServices: Set<string>): ReviewCondition[] {
  const out: ReviewCondition[] = [];
  const ns = namespaceOf(route);
  const tcp = route.kind === 'TCPRoute';
  for (const rule of route.spec?.rules ?? []) {
    for (const b of rule.backendRefs ?? []) if (!b.kind || b.kind === 'Service') routedServices.add(`${b.name}.${b.namespace ?? ns}.svc.cluster.local`);
  }
  for (const ref of route.spec?.parentRefs ?? []) {
    let base: SimRequest;
    let entry: string;
    if (ref.kind === 'Service') {
      const fqdn = `${ref.name}.${ref.namespace ?? ns}.svc.cluster.local`;
      routedServices.add(fqdn);
      base = { host: fqdn, sourceNamespace: ns, ...(ref.port !== undefined ? { port: ref.port } : {}) };
      entry = `mesh -> ${fqdn}`;
    } else {
      const gw = `${ref.namespace ?? ns}/${ref.name}`;
      const host = concreteHost(((route.spec?.hostnames ?? []) as string[])[0] ?? ANY_HOST);
      base = { host, gateway: gw, ...(ref.port !== undefined ? { port: ref.port } : {}) };
      entry = `${host} via ${gw} (Gateway API)`;
    }
    if (tcp) base = { ...base, protocol: 'tcp' };
    const before = out.length;
    for (const rule of tcp ? [] : route.spec?.rules ?? []) {
      for (const match of rule.matches ?? []) {
        const b = fromGatewayApiMatch(match);
        if (b.parts.length === 0) continue;
        out.push({
          label: `${entry}: ${b.parts.join(', ')}`,
          request: { ...base, ...b.request },
          api: 'gateway-api',
          ...(b.missing.length ? { note: `no sample value found for ${b.missing.join(', ')}; the request omits it` } : {}),
        });
      }
    }
    const kind = tcp ? 'connection' : 'request';
    out.push({ label: `${entry}: ${out.length > before ? `any other ${kind}` : `any ${kind}`}`, request: base, api: 'gateway-api' });
  }
  return out;
}

/** The request classes of the Gateway API routes in `manifests` (per parent: its matches, and the rest). */
export function gatewayApiConditions(manifests: readonly any[], routedServices: Set<string>): ReviewCondition[] {
  return manifests.filter(isGatewayApiRoute).flatMap((r) => routeConditions(r, routedServices));
}
