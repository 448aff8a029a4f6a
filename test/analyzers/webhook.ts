/**
 * The checks of Istio's validating webhook (pkg/config/validation: ValidateVirtualService,
 * ValidateDestinationRule, ValidateGateway) restated for the fields this library emits. A finding here
 * means `kubectl apply` is refused (code `webhook`); IST0130/IST0131 are the webhook's warnings
 * (analyzeUnreachableHTTPRules), reported by `istioctl analyze` too.
 */
import { RE2JS } from 're2js';
import { Finding, finding, isIstio } from './finding';
import {
  fqdnError, headerMatchNameError, headerOperationError, headerValueError, hostsOverlap, isDns1123Label, isIpAddress,
  labelErrors, requestHeaderSetError, wildcardDomainError,
} from './names';

/** Longest regex Istio accepts (its stand-in for Envoy's RE2 program size). */
export const MAX_REGEX = 1024;

const HTTP_PROTOCOLS = ['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY'];
const TLS_PROTOCOLS = ['HTTPS', 'TLS'];
const PROTOCOLS = [...HTTP_PROTOCOLS, ...TLS_PROTOCOLS, 'TCP', 'UDP', 'MONGO', 'REDIS', 'MYSQL'];

function regexError(re: string, where: string): string | undefined {
  if (re === '') return `"${where}": regex string match should not be empty`;
  if (re.length > MAX_REGEX) return `"${where}": regex is too large, max length allowed is ${MAX_REGEX}`;
  try {
    RE2JS.compile(re);
    return undefined;
  } catch (e: any) {
    return `"${where}": ${e.message}; Istio uses RE2 style regex-based match`;
  }
}

function stringMatchError(sm: any, where: string): string | undefined {
  if (!sm) return undefined;
  if ('prefix' in sm && sm.prefix === '') return `"${where}": prefix string match should not be empty`;
  if ('regex' in sm) return regexError(sm.regex, where);
  return undefined;
}

function portError(port: unknown): string | undefined {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : `port number ${String(port)} must be in the range 1..65535`;
}

/** A Go/protobuf duration string (`1.5s`, `300ms`), in nanoseconds; undefined when unparseable. */
export function durationNanos(d: string): number | undefined {
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  const unit: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  if (d === '' || d === '0') return d === '0' ? 0 : undefined;
  let total = 0;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(d)) !== null) {
    total += Number(m[1]) * unit[m[2]];
    at = re.lastIndex;
  }
  return at === d.length && at > 0 ? total : undefined;
}

function durationError(d: unknown, where: string): string | undefined {
  const n = typeof d === 'string' ? durationNanos(d) : undefined;
  if (n === undefined) return `${where}: invalid duration ${JSON.stringify(d)}`;
  if (n < 1e6) return `${where}: duration must be greater than 1ms`;
  if (n % 1e6 !== 0) return `${where}: only durations to ms precision are supported`;
  return undefined;
}

function gatewayNameErrors(names: readonly string[]): string[] {
  const errors: string[] = [];
  for (const g of names) {
    const slash = g.indexOf('/');
    if (slash < 0) {
      const e = fqdnError(g);
      if (e) errors.push(e);
      continue;
    }
    const [n, name] = [g.slice(0, slash), g.slice(slash + 1)];
    if (n === '' || name === '') errors.push('config namespace and gateway name cannot be empty');
    if (!isDns1123Label(n)) errors.push(`invalid value for namespace: "${n}"`);
    if (!isDns1123Label(name)) errors.push(`invalid value for gateway name: "${name}"`);
  }
  return errors;
}

function destinationErrors(d: any): string[] {
  if (!d) return ['destination is required'];
  const errors: string[] = [];
  const host = d.host ?? '';
  const e = host === '*' ? `invalid destination host ${host}` : wildcardDomainError(host);
  if (e) errors.push(e);
  if (d.subset !== undefined) {
    if (d.subset === '') errors.push('subset name cannot be empty');
    else if (!isDns1123Label(d.subset)) errors.push(`subset name is invalid: ${d.subset}`);
  }
  if (d.port !== undefined) {
    const pe = portError(d.port.number);
    if (pe) errors.push(pe);
  }
  return errors;
}

function headerOperations(h: any): string[] {
  const errors: string[] = [];
  const push = (e: string | undefined) => e && errors.push(e);
  for (const [name, v] of Object.entries(h?.request?.add ?? {})) { push(requestHeaderSetError(name)); push(headerValueError(String(v))); }
  for (const [name, v] of Object.entries(h?.request?.set ?? {})) { push(requestHeaderSetError(name)); push(headerValueError(String(v))); }
  for (const name of h?.request?.remove ?? []) push(headerOperationError(name));
  for (const [name, v] of Object.entries(h?.response?.add ?? {})) { push(headerOperationError(name)); push(headerValueError(String(v))); }
  for (const [name, v] of Object.entries(h?.response?.set ?? {})) { push(headerOperationError(name)); push(headerValueError(String(v))); }
  for (const name of h?.response?.remove ?? []) push(headerOperationError(name));
  return errors;
}

function weightErrors(routes: any[]): string[] {
  const errors: string[] = [];
  let total = 0;
  for (const r of routes) {
    const w = r?.weight ?? 0;
    if (w < 0) errors.push(`weight ${w} < 0`);
    total += w;
  }
  if (routes.length > 1 && total === 0) errors.push('total destination weight = 0');
  return errors;
}

function httpRouteErrors(http: any, delegate: boolean): string[] {
  const errors: string[] = [];
  const push = (e: string | undefined) => e && errors.push(e);
  const routes: any[] = http.route ?? [];
  if (http.delegate) {
    if (http.redirect) errors.push(`root HTTP route ${http.name ?? ''} must not specify redirect`);
    if (http.route) errors.push(`root HTTP route ${http.name ?? ''} must not specify route`);
  } else {
    if (delegate && http.delegate) errors.push('delegate HTTP route cannot contain delegate');
    if (http.redirect) {
      if (routes.length > 0) errors.push('HTTP route cannot contain both route and redirect');
      if (http.fault) errors.push('HTTP route cannot contain both fault and redirect');
      if (http.rewrite) errors.push('HTTP route rule cannot contain both rewrite and redirect');
      if (http.directResponse) errors.push('HTTP route rule cannot contain both direct_response and redirect');
    } else if (http.directResponse) {
      if (routes.length > 0) errors.push('HTTP route cannot contain both route and direct_response');
      if (http.fault) errors.push('HTTP route cannot contain both fault and direct_response');
      if (http.rewrite) errors.push('HTTP route rule cannot contain both rewrite and direct_response');
    } else if (routes.length === 0) {
      errors.push('HTTP route, redirect or direct_response is required');
    }
  }
  if (http.mirror && (http.mirrors ?? []).length > 0) errors.push('HTTP route cannot contain both mirror and mirrors');
  for (const m of http.match ?? []) {
    for (const [name, sm] of Object.entries(m.headers ?? {})) {
      if (sm === null) errors.push(`header match ${name} cannot be null`);
      push(headerMatchNameError(name));
      push(stringMatchError(sm, 'headers'));
    }
    for (const [name, sm] of Object.entries<any>(m.withoutHeaders ?? {})) {
      push(headerMatchNameError(name));
      if (sm && sm.regex !== '*') push(stringMatchError(sm, 'withoutHeaders'));
    }
    if (m.uri && 'regex' in m.uri) push(regexError(m.uri.regex, 'uri'));
    push(stringMatchError(m.scheme, 'scheme'));
    push(stringMatchError(m.method, 'method'));
    push(stringMatchError(m.authority, 'authority'));
    for (const qp of Object.values(m.queryParams ?? {})) push(stringMatchError(qp, 'queryParams'));
    if (m.port !== undefined && m.port !== 0) push(portError(m.port));
    errors.push(...labelErrors(m.sourceLabels));
    errors.push(...gatewayNameErrors(m.gateways ?? []));
    if (m.sourceNamespace !== undefined && m.sourceNamespace !== '' && !isDns1123Label(m.sourceNamespace)) errors.push(`sourceNamespace match ${m.sourceNamespace} is invalid`);
  }
  errors.push(...headerOperations(http.headers));
  if (http.mirrorPercentage?.value !== undefined && (http.mirrorPercentage.value > 100 || http.mirrorPercentage.value < 0)) errors.push(`mirror_percentage must be in 0..100 (it has ${http.mirrorPercentage.value})`);
  if (http.mirror) errors.push(...destinationErrors(http.mirror));
  for (const r of routes) {
    if (!r) { errors.push('weight may not be nil'); continue; }
    errors.push(...headerOperations(r.headers));
    errors.push(...destinationErrors(r.destination));
  }
  errors.push(...weightErrors(routes));
  if (http.timeout !== undefined) push(durationError(http.timeout, 'timeout'));
  if (http.retries?.perTryTimeout !== undefined) push(durationError(http.retries.perTryTimeout, 'perTryTimeout'));
  if (http.retries?.attempts !== undefined && http.retries.attempts < 0) errors.push('attempts cannot be negative');
  return errors;
}

function tcpRouteErrors(tcp: any): string[] {
  const errors: string[] = [];
  for (const m of tcp.match ?? []) {
    if (m.port !== undefined && m.port !== 0) { const e = portError(m.port); if (e) errors.push(e); }
    errors.push(...labelErrors(m.sourceLabels));
    errors.push(...gatewayNameErrors(m.gateways ?? []));
    for (const cidr of m.destinationSubnets ?? []) if (!/^[0-9a-fA-F:.]+(\/\d+)?$/.test(cidr)) errors.push(`${cidr} is not a valid CIDR block`);
  }
  const routes: any[] = tcp.route ?? [];
  if (routes.length === 0) errors.push('TCP route is required');
  for (const r of routes) errors.push(...destinationErrors(r?.destination));
  errors.push(...weightErrors(routes));
  return errors;
}

/** A match without its name, with stable key order: two matches are the same when these are equal. */
function matchKey(m: any): string {
  const sort = (v: any): any => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v);
  const { name: _name, ...rest } = m ?? {};
  return JSON.stringify(sort(rest));
}

const exactOrPrefix = (sm: any) => (sm?.exact ? `exact:${sm.exact}` : sm?.prefix ? `prefix:${sm.prefix}` : '');
const stringMap = (m: any) => Object.fromEntries(Object.entries<any>(m ?? {}).map(([k, v]) => [k, exactOrPrefix(v)]));

interface PrefixMatch { rule: string; match: string; prefix: string; port: number; method: string; authority: string; headers: Record<string, string>; query: Record<string, string>; without: Record<string, string> }

const mapCovered = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => k in b && (v === b[k] || v.startsWith(b[k])));

/** Istio's coveredValidation: does the earlier prefix match `a` take every request of the later `b`? */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix) || a.port !== b.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  return mapCovered(a.headers, b.headers) && mapCovered(a.query, b.query) && mapCovered(a.without, b.without);
}

/**
 * IST0130 VirtualServiceUnreachableRule and IST0131 VirtualServiceIneffectiveMatch, as Istio's
 * analyzeUnreachable{HTTP,TCP,TLS}Rules: a rule after a catch-all rule, a rule whose every match an
 * earlier rule already has, a match equal to an earlier one, a URI prefix match an earlier one covers.
 */
export function unreachableRules(vs: any): Finding[] {
  const out: Finding[] = [];
  const unreachable = (rule: string, reason: string) => out.push(finding('IST0130', 'VirtualServiceUnreachableRule', vs, `VirtualService rule ${rule} not used (${reason}).`));
  const ineffective = (rule: string, match: string, dup: string) =>
    out.push(finding('IST0131', 'VirtualServiceIneffectiveMatch', vs, `VirtualService rule ${rule} match ${match} is not used (duplicate/overlapping match in rule ${dup}).`));
  const analyze = (routes: any[], http: boolean) => {
    const seen = new Map<string, number>();
    let catchAll = -1;
    const prefixes: PrefixMatch[] = [];
    const ruleName = (r: any, i: number) => (http && r?.name ? `"${r.name}"` : `#${i}`);
    routes.forEach((route, i) => {
      if (!route) return;
      const matches: any[] = route.match ?? [];
      if (matches.length === 0) {
        if (catchAll >= 0) unreachable(ruleName(route, i), 'only the last rule can have no matches');
        catchAll = i;
        return;
      }
      let duplicates = 0;
      matches.forEach((m, j) => {
        if (catchAll >= 0) { unreachable(ruleName(route, i), 'route without matches defined before'); return; }
        const key = matchKey(m);
        const dup = seen.get(key);
        const matchName = http && m?.name ? `"${m.name}"` : `#${j}`;
        if (dup !== undefined) {
          ineffective(ruleName(route, i), matchName, ruleName(routes[dup], dup));
          duplicates++;
          return;
        }
        seen.set(key, i);
        if (http && m?.uri?.prefix) {
          prefixes.push({
            rule: ruleName(route, i), match: matchName, prefix: m.uri.prefix, port: m.port ?? 0,
            method: exactOrPrefix(m.method) || 'exact:GET', authority: exactOrPrefix(m.authority),
            headers: stringMap(m.headers), query: stringMap(m.queryParams), without: stringMap(m.withoutHeaders),
          });
        }
      });
      if (duplicates === matches.length) unreachable(ruleName(route, i), 'all matches used by prior rules');
    });
    for (let a = 0; a < prefixes.length; a++) {
      for (let b = a + 1; b < prefixes.length; b++) {
        if (prefixes[a].prefix === prefixes[b].prefix) continue;
        if (covers(prefixes[a], prefixes[b])) ineffective(prefixes[b].rule, `${prefixes[b].match} of prefix ${prefixes[b].prefix}`, `${prefixes[a].match} of prefix ${prefixes[a].prefix} on ${prefixes[a].rule}`);
      }
    }
  };
  analyze(vs.spec?.http ?? [], true);
  analyze(vs.spec?.tcp ?? [], false);
  analyze(vs.spec?.tls ?? [], false);
  return out;
}

/** ValidateVirtualService: the errors the webhook refuses a VirtualService with. */
export function virtualServiceErrors(vs: any): string[] {
  const spec = vs.spec ?? {};
  const errors: string[] = [];
  const hosts: string[] = spec.hosts ?? [];
  const gateways: string[] = spec.gateways ?? [];
  if (hosts.length === 0) {
    if (gateways.length > 0) errors.push('delegate virtual service must have no gateways specified');
    if ((spec.tls ?? []).length > 0) errors.push('delegate virtual service must have no tls route specified');
    if ((spec.tcp ?? []).length > 0) errors.push('delegate virtual service must have no tcp route specified');
  }
  errors.push(...gatewayNameErrors(gateways));
  const appliesToMesh = gateways.length === 0 || gateways.includes('mesh');
  let allValid = true;
  for (const h of hosts) {
    const e = wildcardDomainError(h);
    if (e && !isIpAddress(h)) { errors.push(e); allValid = false; } else if (!e && appliesToMesh && h === '*') { errors.push('wildcard host * is not allowed for virtual services bound to the mesh gateway'); allValid = false; }
  }
  if (allValid) {
    for (let i = 0; i < hosts.length; i++) for (let j = i + 1; j < hosts.length; j++) {
      if (hostsOverlap(hosts[i], hosts[j])) errors.push(`duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`);
    }
  }
  const http: any[] = spec.http ?? [];
  if (http.length === 0 && (spec.tcp ?? []).length === 0 && (spec.tls ?? []).length === 0) errors.push('http, tcp or tls must be provided in virtual service');
  for (const r of http) {
    if (!r) errors.push('http route may not be null');
    else errors.push(...httpRouteErrors(r, hosts.length === 0));
  }
  for (const r of spec.tcp ?? []) errors.push(...tcpRouteErrors(r));
  for (const t of spec.tls ?? []) {
    if ((t.match ?? []).length === 0) errors.push('TLS route must have at least one match condition');
    for (const m of t.match ?? []) if ((m.sniHosts ?? []).length === 0) errors.push('TLS match must have at least one SNI host');
    if ((t.route ?? []).length === 0) errors.push('TLS route is required');
    for (const r of t.route ?? []) errors.push(...destinationErrors(r?.destination));
  }
  return errors;
}

function trafficPolicyErrors(tp: any): string[] {
  if (!tp) return [];
  const errors: string[] = [];
  const ct = tp.connectionPool?.tcp?.connectTimeout;
  if (ct !== undefined) { const e = durationError(ct, 'connectTimeout'); if (e) errors.push(e); }
  const od = tp.outlierDetection;
  if (od?.interval !== undefined) { const e = durationError(od.interval, 'outlier detection interval'); if (e) errors.push(e); }
  if (od?.baseEjectionTime !== undefined) { const e = durationError(od.baseEjectionTime, 'outlier detection baseEjectionTime'); if (e) errors.push(e); }
  if (od?.maxEjectionPercent !== undefined && (od.maxEjectionPercent < 0 || od.maxEjectionPercent > 100)) errors.push('outlier detection maxEjectionPercent must be in 0..100');
  for (const p of tp.portLevelSettings ?? []) {
    if (!p.port) errors.push('portTrafficPolicy must have valid port');
    else { const e = portError(p.port.number); if (e) errors.push(e); }
  }
  return errors;
}

/** ValidateDestinationRule: host, subset names (unique DNS labels), subset labels, traffic policies. */
export function destinationRuleErrors(dr: any): string[] {
  const spec = dr.spec ?? {};
  const errors: string[] = [];
  const e = wildcardDomainError(spec.host ?? '');
  if (e) errors.push(e);
  errors.push(...trafficPolicyErrors(spec.trafficPolicy));
  const names = new Set<string>();
  for (const s of spec.subsets ?? []) {
    if (!s) { errors.push('subset may not be null'); continue; }
    if (names.has(s.name)) errors.push(`duplicate subset names: ${s.name}`);
    names.add(s.name);
    if (!s.name) errors.push('subset name cannot be empty');
    else if (!isDns1123Label(s.name)) errors.push(`subset name is invalid: ${s.name}`);
    errors.push(...labelErrors(s.labels));
    errors.push(...trafficPolicyErrors(s.trafficPolicy));
  }
  return errors;
}

function gatewayHostError(h: string): string | undefined {
  const slash = h.indexOf('/');
  const dns = slash < 0 ? h : h.slice(slash + 1);
  if (slash >= 0) {
    const n = h.slice(0, slash);
    if (n === '' || dns === '') return 'config namespace and dnsName in host entry cannot be empty';
    if (n !== '*' && n !== '.' && !isDns1123Label(n)) return `invalid namespace value "${n}" in gateway`;
  }
  if (dns === '*') return undefined;
  return wildcardDomainError(dns);
}

/** ValidateGateway: name, servers (hosts, port, protocol, unique port names) and TLS requirements. */
export function gatewayErrors(gw: any): string[] {
  const errors: string[] = [];
  if (!isDns1123Label(gw.metadata?.name ?? '')) errors.push(`invalid gateway name: "${gw.metadata?.name}"`);
  const servers: any[] = gw.spec?.servers ?? [];
  if (servers.length === 0) errors.push('gateway must have at least one server');
  const portNames = new Set<string>();
  for (const s of servers) {
    if (!s) { errors.push('server may not be nil'); continue; }
    const hosts: string[] = s.hosts ?? [];
    if (hosts.length === 0) errors.push('server config must contain at least one host');
    for (const h of hosts) { const e = gatewayHostError(h); if (e) errors.push(e); }
    const port = s.port;
    if (!port) { errors.push('port is required'); continue; }
    const protocol = String(port.protocol ?? '').toUpperCase();
    let portOk = true;
    if (!PROTOCOLS.includes(protocol)) { errors.push(`invalid protocol "${port.protocol}", supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP`); portOk = false; }
    const pe = portError(port.number);
    if (pe) { errors.push(pe); portOk = false; }
    if (port.targetPort !== undefined && port.targetPort > 0) { errors.push('targetPort has no impact on Gateways'); portOk = false; }
    if (!port.name) { errors.push(`port name must be set: ${JSON.stringify(port)}`); portOk = false; }
    if (portOk) {
      if (TLS_PROTOCOLS.includes(protocol) && !s.tls) errors.push('server must have TLS settings for HTTPS/TLS protocols');
      else if (!TLS_PROTOCOLS.includes(protocol) && s.tls) {
        const redirectOnly = HTTP_PROTOCOLS.includes(protocol) && Object.keys(s.tls).every((k) => k === 'httpsRedirect');
        if (!redirectOnly) errors.push(HTTP_PROTOCOLS.includes(protocol) ? 'server cannot have TLS settings for plain text HTTP ports' : 'server cannot have TLS settings for non HTTPS/TLS ports');
      }
    }
    if (s.tls && TLS_PROTOCOLS.includes(protocol)) {
      const mode = s.tls.mode ?? 'SIMPLE';
      if ((mode === 'SIMPLE' || mode === 'MUTUAL') && !s.tls.credentialName && !s.tls.credentialNames && !s.tls.tlsCertificates && !(s.tls.serverCertificate && s.tls.privateKey)) {
        errors.push(`${mode} TLS requires a credentialName or serverCertificate and privateKey`);
      }
    }
    if (portNames.has(port.name)) errors.push(`port names in servers must be unique: duplicate name ${port.name}`);
    portNames.add(port.name);
  }
  return errors;
}

/** Every webhook error and warning on the Istio VirtualServices, DestinationRules and Gateways of `manifests`. */
export function webhookFindings(manifests: readonly any[]): Finding[] {
  const out: Finding[] = [];
  const add = (o: any, kind: string, errors: string[]) => { for (const e of errors) out.push(finding('webhook', `Invalid${kind}`, o, e)); };
  for (const o of manifests) {
    if (isIstio(o, 'VirtualService')) { add(o, 'VirtualService', virtualServiceErrors(o)); out.push(...unreachableRules(o)); } else if (isIstio(o, 'DestinationRule')) add(o, 'DestinationRule', destinationRuleErrors(o));
    else if (isIstio(o, 'Gateway')) add(o, 'Gateway', gatewayErrors(o));
  }
  return out;
}
