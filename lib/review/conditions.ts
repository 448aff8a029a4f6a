import { gatewayRef } from '../traffic/istio-match';
import { namespaceOf, toFqdn } from '../traffic/manifest-index';
import { SimRequest } from '../traffic/simulator';
import { sampleForRegex } from './regex-sample';

/**
 * The match conditions of a rollout, derived from its manifests (so every construct is covered
 * without describing itself): for every VirtualService and every gateway it is bound to (`mesh`
 * included), one representative request per distinct match block of its rules, plus one request
 * that no condition singles out ("any other request"). A Service without a VirtualService gets one
 * mesh request (its selector decides). Conditions are deduplicated by label.
 */

/** One condition: a label for the table and a request that meets it. */
export interface ReviewCondition {
  /** Human-readable description, e.g. `demo4.a.com via test1/demo4-gateway: header cookie ~ ^(.*?;)?(user=test)(;.*)?$`. */
  readonly label: string;
  /** The request simulated for it. */
  readonly request: SimRequest;
  /** Why the request may not be representative (no sample for a regex), when that happens. @default - none */
  readonly note?: string;
  /** The routing API the condition comes from, i.e. which simulator decides it. @default 'istio' */
  readonly api?: 'istio' | 'gateway-api';
}

/** Host used for gateway requests when the VirtualService only lists wildcards. */
const ANY_HOST = 'www.example.com';

function isClusterHost(host: string): boolean {
  return host.endsWith('.svc.cluster.local') || !host.includes('.') || host.split('.').length === 2;
}

function concreteHost(host: string): string {
  if (host === '*') return ANY_HOST;
  if (host.startsWith('*.')) return `www.${host.slice(2)}`;
  return host;
}

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

interface Built {
  readonly parts: string[];
  readonly request: Partial<SimRequest> & { headers?: Record<string, string> };
  readonly missing: string[];
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

/** The conditions of one stage's manifests, in manifest and rule order. */
export function conditionsOf(manifests: readonly any[]): ReviewCondition[] {
  const out: ReviewCondition[] = [];
  const seen = new Set<string>();
  const add = (c: ReviewCondition) => {
    if (seen.has(c.label)) return;
    seen.add(c.label);
    out.push(c);
  };
  const routedServices = new Set<string>();
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
  for (const route of manifests.filter(isGatewayApiRoute)) {
    for (const c of gatewayApiConditions(route, routedServices)) add(c);
  }
  for (const svc of manifests.filter((m) => m.kind === 'Service' && m.apiVersion === 'v1')) {
    const fqdn = `${svc.metadata.name}.${namespaceOf(svc)}.svc.cluster.local`;
    if (routedServices.has(fqdn)) continue;
    add({ label: `mesh -> ${fqdn}: any request (Service selector)`, request: { host: fqdn, sourceNamespace: namespaceOf(svc) } });
  }
  return out;
}

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
function gatewayApiConditions(route: any, routedServices: Set<string>): ReviewCondition[] {
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
