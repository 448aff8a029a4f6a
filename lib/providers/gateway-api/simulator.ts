import { re2FullMatch } from '../../traffic/istio-match';
import { labelsMatch, ManifestIndex, namespaceOf, SimDeployment, SimObject, SimService, toFqdn } from '../../traffic/manifest-index';
import { SimOutcome, SimRequest, SimResult } from '../../traffic/sim-types';

/**
 * Traffic simulator for Kubernetes Gateway API objects (`Gateway`, `HTTPRoute`, `TCPRoute`,
 * `ReferenceGrant`), with the same request and result types as the Istio simulator (`simulate`), so
 * the same meaning tests run on both outputs.
 *
 * Semantics (Gateway API v1.6 spec, and Istio's implementation where the spec leaves it open):
 * - North-south (`request.gateway` set): the Gateway's listeners that accept the protocol, port and
 *   host; the HTTPRoutes attached to them (parentRef name/namespace/sectionName/port, the listener's
 *   `allowedRoutes`), whose `hostnames` intersect the request host.
 * - East-west (no gateway, GAMMA): HTTPRoutes whose parentRef is the Service the host names; routes
 *   in the caller's namespace (consumer routes) win over routes in the Service's namespace
 *   (producer routes). Without routes, the Service selector spreads traffic over the pods.
 * - Matching: the matches of a rule are OR-ed, the conditions of a match are AND-ed. A match without
 *   `path` is `PathPrefix /` and a rule without matches has that one match (API-server defaults).
 *   Header names are case-insensitive; `RegularExpression` is an RE2 full match (Istio/Envoy).
 * - Precedence across all matches of all candidate routes (`compareMatchPrecedence`): most specific
 *   route hostname; Exact path, then PathPrefix (longest first), then RegularExpression (Istio's
 *   order, the spec leaves regex open); a method match; more header matches; more query matches;
 *   the oldest route (creationTimestamp), then `namespace/name` alphabetically; then rule order,
 *   then match order. The first match that holds wins; none is a 404.
 * - Backends: `weight` (default 1) relative to the rule's sum; a rule whose weights sum to 0, or the
 *   share of a backend that does not resolve (no such Service, a cross-namespace reference without a
 *   ReferenceGrant, a port the Service does not expose) fails (HTTP 500). A Service spreads its
 *   share over the Deployments its selector picks, by replicas.
 * - TCPRoute: no matching; the oldest attached route, first rule.
 */

const GW_GROUP = 'gateway.networking.k8s.io';

/** A request as the HTTPRoute matcher sees it. */
export interface GatewayApiMatchContext {
  /** Lower-case header names to values (cookies in `cookie`). */
  readonly headers: Record<string, string>;
  /** Path without the query string. */
  readonly path: string;
  /** Query parameters (first value of each). */
  readonly query: Record<string, string>;
  /** HTTP method. */
  readonly method: string;
}

/** The path condition of a match after API-server defaulting. */
export function effectivePath(match: any): { type: string; value: string } {
  return { type: match?.path?.type ?? 'PathPrefix', value: match?.path?.value ?? '/' };
}

/** Gateway API PathPrefix: whole path segments; a trailing `/` of the prefix is ignored. */
export function pathPrefixMatches(prefix: string, path: string): boolean {
  if (prefix === '/' || prefix === '') return true;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === p || path.startsWith(`${p}/`);
}

function valueMatches(type: string | undefined, expected: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if ((type ?? 'Exact') === 'Exact') return actual === expected;
  if (type === 'RegularExpression') return re2FullMatch(expected, actual);
  return false;
}

/** True when one HTTPRoute match (all its conditions) holds for the request. */
export function httpMatchHolds(match: any, ctx: GatewayApiMatchContext): boolean {
  const path = effectivePath(match);
  if (path.type === 'Exact' && ctx.path !== path.value) return false;
  if (path.type === 'PathPrefix' && !pathPrefixMatches(path.value, ctx.path)) return false;
  if (path.type === 'RegularExpression' && !re2FullMatch(path.value, ctx.path)) return false;
  if (match?.method !== undefined && match.method !== ctx.method) return false;
  for (const h of match?.headers ?? []) {
    if (!valueMatches(h.type, h.value, ctx.headers[String(h.name).toLowerCase()])) return false;
  }
  for (const q of match?.queryParams ?? []) {
    if (!valueMatches(q.type, q.value, ctx.query[q.name])) return false;
  }
  return true;
}

const PATH_RANK: Record<string, number> = { Exact: 3, PathPrefix: 2, RegularExpression: 1 };

/**
 * The specificity of a match, compared lexicographically (higher first): path type rank
 * (Exact > PathPrefix > RegularExpression), path length, has a method, number of header matches,
 * number of query matches.
 */
export function matchSpecificity(match: any): number[] {
  const path = effectivePath(match);
  return [PATH_RANK[path.type] ?? 0, path.value.length, match?.method !== undefined ? 1 : 0, (match?.headers ?? []).length, (match?.queryParams ?? []).length];
}

/** Negative when match `a` takes precedence over `b`, positive when `b` does, 0 on a tie (then route and rule order decide). */
export function compareMatchPrecedence(a: any, b: any): number {
  const sa = matchSpecificity(a);
  const sb = matchSpecificity(b);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sb[i] - sa[i];
  return 0;
}

/** Gateway API hostname match: exact, or `*.a.com` matching one or more labels in front of `.a.com`. */
export function hostnameMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return pattern.toLowerCase() === host.toLowerCase();
}

interface Candidate {
  readonly route: SimObject;
  readonly hostRank: number[];
  readonly ruleIndex: number;
  readonly matchIndex: number;
  readonly match: any;
  readonly rule: any;
}

interface Share {
  readonly target: SimDeployment;
  readonly probability: number;
  readonly setCookie?: string;
}

function round(p: number): number {
  return Math.round(p * 1e9) / 1e9;
}

function gwObjects(index: ManifestIndex, kind: string): SimObject[] {
  return index.all.filter((o) => o.kind === kind && String(o.apiVersion).startsWith(`${GW_GROUP}/`));
}

function routeKey(r: SimObject): string {
  return `${namespaceOf(r)}/${r.metadata.name}`;
}

function compareRoutes(a: SimObject, b: SimObject): number {
  const ta = (a.metadata as any).creationTimestamp ?? '';
  const tb = (b.metadata as any).creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = routeKey(a);
  const kb = routeKey(b);
  return ka === kb ? 0 : ka < kb ? -1 : 1;
}

function namespaceLabels(index: ManifestIndex, ns: string): Record<string, string> {
  const obj: any = index.all.find((o) => o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata.name === ns);
  return { 'kubernetes.io/metadata.name': ns, ...(obj?.metadata?.labels ?? {}) };
}

function listenerAllows(index: ManifestIndex, listener: any, gatewayNs: string, routeNs: string, routeKind: string): boolean {
  const kinds: any[] | undefined = listener.allowedRoutes?.kinds;
  if (kinds && kinds.length > 0 && !kinds.some((k) => k.kind === routeKind && (k.group ?? GW_GROUP) === GW_GROUP)) return false;
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNs === gatewayNs;
  if (from === 'Selector') {
    const sel = listener.allowedRoutes?.namespaces?.selector ?? {};
    if (sel.matchExpressions && sel.matchExpressions.length > 0) return false; // not modelled: treat as not allowed
    return labelsMatch(sel.matchLabels ?? {}, namespaceLabels(index, routeNs));
  }
  return false;
}

function listenerProtocols(protocol: 'http' | 'tcp'): string[] {
  return protocol === 'tcp' ? ['TCP'] : ['HTTP', 'HTTPS'];
}

/** Most specific hostname of `route` matching `host` (non-wildcard length, then length); undefined when none matches. */
function hostRank(hostnames: string[] | undefined, host: string): number[] | undefined {
  if (!hostnames || hostnames.length === 0) return [0, 0];
  let best: number[] | undefined;
  for (const h of hostnames) {
    if (!hostnameMatches(h, host)) continue;
    const rank = [h.startsWith('*') ? 0 : h.length, h.length];
    if (!best || rank[0] > best[0] || (rank[0] === best[0] && rank[1] > best[1])) best = rank;
  }
  return best;
}

function parseRequest(req: SimRequest): GatewayApiMatchContext {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  if (req.cookies && Object.keys(req.cookies).length > 0) {
    const jar = Object.entries(req.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    headers.cookie = headers.cookie ? `${headers.cookie}; ${jar}` : jar;
  }
  const raw = req.path ?? '/';
  const q = raw.indexOf('?');
  const query: Record<string, string> = {};
  if (q >= 0) {
    for (const part of raw.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      if (!(name in query)) query[name] = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    }
  }
  return { headers, path: q >= 0 ? raw.slice(0, q) : raw, query, method: (headers[':method'] ?? 'GET').toUpperCase() };
}

function serviceForHost(index: ManifestIndex, host: string, sourceNamespace: string | undefined): SimService | undefined {
  const parts = host.split('.');
  if (host.endsWith('.svc.cluster.local') || parts.length === 2) {
    return index.services.find((s) => s.name === parts[0] && s.namespace === parts[1]);
  }
  if (parts.length === 1) {
    if (sourceNamespace) return index.services.find((s) => s.name === host && s.namespace === sourceNamespace);
    const candidates = index.services.filter((s) => s.name === host);
    return candidates.length === 1 ? candidates[0] : candidates.find((s) => s.namespace === 'default');
  }
  return undefined;
}

function referenceGranted(index: ManifestIndex, fromKind: string, fromNs: string, toNs: string, toName: string): boolean {
  return gwObjects(index, 'ReferenceGrant').some((g) => {
    if (namespaceOf(g) !== toNs) return false;
    const from = (g.spec?.from ?? []).some((f: any) => f.group === GW_GROUP && f.kind === fromKind && f.namespace === fromNs);
    const to = (g.spec?.to ?? []).some((t: any) => (t.group ?? '') === '' && t.kind === 'Service' && (t.name === undefined || t.name === toName));
    return from && to;
  });
}

function spread(index: ManifestIndex, svc: SimService, probability: number, why: string[]): Share[] {
  const pods = index.deploymentsSelectedBy(svc.namespace, svc.selector).filter((d) => d.replicas > 0);
  const total = pods.reduce((a, d) => a + d.replicas, 0);
  if (total === 0) {
    why.push(`no running pods in ${svc.namespace} match ${JSON.stringify(svc.selector)} (Service ${svc.name})`);
    return [];
  }
  return pods.map((d) => ({ target: d, probability: (probability * d.replicas) / total }));
}

/** Traffic of one rule's backendRefs: weights relative to their sum, each Service's share spread over its pods. */
function backendShares(index: ManifestIndex, route: SimObject, rule: any, failures: string[]): Share[] {
  const refs: any[] = rule.backendRefs ?? [];
  const weightOf = (r: any) => (r.weight === undefined ? 1 : Number(r.weight));
  const total = refs.reduce((a, r) => a + weightOf(r), 0);
  const where = `${route.kind} ${routeKey(route)}`;
  if (total === 0) {
    failures.push(`the matching rule of ${where} has no backend with a weight above 0 (HTTP 500)`);
    return [];
  }
  const shares: Share[] = [];
  for (const ref of refs) {
    const p = weightOf(ref) / total;
    if (p === 0) continue;
    const kind = ref.kind ?? 'Service';
    const group = ref.group ?? '';
    if (kind !== 'Service' || (group !== '' && group !== 'core')) {
      failures.push(`${where}: backend ${group}/${kind} ${ref.name} is not a Service`);
      continue;
    }
    const ns = ref.namespace ?? namespaceOf(route);
    if (ns !== namespaceOf(route) && !referenceGranted(index, route.kind, namespaceOf(route), ns, ref.name)) {
      failures.push(`${where}: backend Service ${ns}/${ref.name} is in another namespace and no ReferenceGrant allows it`);
      continue;
    }
    const svc = index.services.find((s) => s.name === ref.name && s.namespace === ns);
    if (!svc) {
      failures.push(`${where}: backend Service ${ns}/${ref.name} is not among the manifests`);
      continue;
    }
    if (ref.port !== undefined && !svc.ports.includes(ref.port)) {
      failures.push(`${where}: backend Service ${ns}/${ref.name} has no port ${ref.port}`);
      continue;
    }
    const cookie = responseCookie(ref);
    shares.push(...spread(index, svc, p, failures).map((x) => (cookie !== undefined ? { ...x, setCookie: cookie } : x)));
  }
  return shares;
}

/** The `Set-Cookie` a backendRef's ResponseHeaderModifier adds (or sets). */
function responseCookie(ref: any): string | undefined {
  for (const f of ref.filters ?? []) {
    const m = f.type === 'ResponseHeaderModifier' ? f.responseHeaderModifier : undefined;
    const h = [...(m?.add ?? []), ...(m?.set ?? [])].find((x: any) => String(x.name).toLowerCase() === 'set-cookie');
    if (h) return h.value;
  }
  return undefined;
}

/** The copies a rule's RequestMirror filters send (`percent`, or `fraction`, default 100%). */
function mirrorShares(index: ManifestIndex, route: SimObject, rule: any): Share[] {
  const out: Share[] = [];
  for (const f of rule.filters ?? []) {
    if (f.type !== 'RequestMirror' || !f.requestMirror?.backendRef) continue;
    const m = f.requestMirror;
    const fraction = m.percent !== undefined ? m.percent / 100 : m.fraction ? m.fraction.numerator / (m.fraction.denominator ?? 100) : 1;
    const ns = m.backendRef.namespace ?? namespaceOf(route);
    const svc = index.services.find((s) => s.name === m.backendRef.name && s.namespace === ns);
    if (svc) out.push(...spread(index, svc, fraction, []));
  }
  return out;
}

function refersToGateway(p: any, routeNs: string, gw: SimObject, listener: any): boolean {
  return (p.kind ?? 'Gateway') === 'Gateway' && (p.group ?? GW_GROUP) === GW_GROUP && p.name === gw.metadata.name &&
    (p.namespace ?? routeNs) === namespaceOf(gw) && (p.sectionName === undefined || p.sectionName === listener.name) &&
    (p.port === undefined || p.port === listener.port);
}

function refersToService(p: any, routeNs: string, svc: SimService, port: number | undefined): boolean {
  return p.kind === 'Service' && (p.group === undefined || p.group === '' || p.group === 'core') && p.name === svc.name &&
    (p.namespace ?? routeNs) === svc.namespace && (p.port === undefined || port === undefined || p.port === port);
}

function findGateway(index: ManifestIndex, ref: string): SimObject | undefined {
  const gateways = gwObjects(index, 'Gateway');
  if (ref.includes('/')) return gateways.find((g) => `${namespaceOf(g)}/${g.metadata.name}` === ref);
  return gateways.find((g) => g.metadata.name === ref);
}

/**
 * Simulates where one request goes through Gateway API objects: see the module comment for the
 * rules. Returns the same `SimResult` as the Istio simulator (`simulate`), with exact probabilities.
 */
export function simulateGatewayApi(manifests: readonly any[] | ManifestIndex, req: SimRequest): SimResult {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  const protocol = req.protocol ?? 'http';
  const routeKind = protocol === 'tcp' ? 'TCPRoute' : 'HTTPRoute';
  const routes = gwObjects(index, routeKind);
  const failures: string[] = [];
  const attached: { route: SimObject; hostRank: number[] }[] = [];

  if (req.gateway) {
    const gw = findGateway(index, req.gateway);
    if (!gw) return fail(`gateway ${req.gateway} is not among the manifests`);
    const gwNs = namespaceOf(gw);
    const listeners: any[] = (gw.spec?.listeners ?? []).filter((l: any) =>
      listenerProtocols(protocol).includes(String(l.protocol).toUpperCase()) && (req.port === undefined || l.port === req.port) &&
      (protocol === 'tcp' || l.hostname === undefined || hostnameMatches(l.hostname, req.host)));
    if (listeners.length === 0) {
      return fail(`gateway ${gwNs}/${gw.metadata.name} has no ${protocol === 'tcp' ? 'TCP' : 'HTTP'} listener for host ${req.host}${req.port ? ` port ${req.port}` : ''}`);
    }
    for (const route of routes) {
      const routeNs = namespaceOf(route);
      const ok = listeners.some((l) => (route.spec?.parentRefs ?? []).some((p: any) => refersToGateway(p, routeNs, gw, l)) && listenerAllows(index, l, gwNs, routeNs, routeKind));
      if (!ok) continue;
      const rank = protocol === 'tcp' ? [0, 0] : hostRank(route.spec?.hostnames, req.host);
      if (rank) attached.push({ route, hostRank: rank });
    }
    if (attached.length === 0) return fail(`no ${routeKind} attached to gateway ${gwNs}/${gw.metadata.name} accepts host ${req.host}`);
  } else {
    const svc = serviceForHost(index, req.host, req.sourceNamespace);
    if (!svc) return fail(`no Service is named by host ${req.host}`);
    const callerNs = req.sourceNamespace ?? svc.namespace;
    const forService = routes.filter((r) => (r.spec?.parentRefs ?? []).some((p: any) => refersToService(p, namespaceOf(r), svc, req.port)));
    const consumer = forService.filter((r) => namespaceOf(r) === callerNs);
    const chosen = consumer.length > 0 ? consumer : forService.filter((r) => namespaceOf(r) === svc.namespace);
    if (chosen.length === 0) {
      const shares = spread(index, svc, 1, failures);
      return result(index, shares, failures);
    }
    for (const route of chosen) attached.push({ route, hostRank: [0, 0] });
  }

  if (protocol === 'tcp') {
    const route = attached.map((a) => a.route).sort(compareRoutes)[0];
    const rules: any[] = route.spec?.rules ?? [];
    if (rules.length === 0) return fail(`TCPRoute ${routeKey(route)} has no rules`);
    return result(index, backendShares(index, route, rules[0], failures), failures);
  }

  const ctx = parseRequest(req);
  const candidates: Candidate[] = [];
  for (const { route, hostRank: rank } of attached) {
    (route.spec?.rules ?? []).forEach((rule: any, ruleIndex: number) => {
      const matches: any[] = rule.matches && rule.matches.length > 0 ? rule.matches : [{}];
      matches.forEach((match, matchIndex) => candidates.push({ route, hostRank: rank, ruleIndex, matchIndex, match, rule }));
    });
  }
  candidates.sort((a, b) =>
    b.hostRank[0] - a.hostRank[0] || b.hostRank[1] - a.hostRank[1] || compareMatchPrecedence(a.match, b.match) ||
    compareRoutes(a.route, b.route) || a.ruleIndex - b.ruleIndex || a.matchIndex - b.matchIndex);
  const hit = candidates.find((c) => httpMatchHolds(c.match, ctx));
  if (!hit) return fail(`no rule of the ${attached.map((a) => `HTTPRoute ${routeKey(a.route)}`).join(', ')} matches the request (HTTP 404)`);
  return result(index, backendShares(index, hit.route, hit.rule, failures), failures, mirrorShares(index, hit.route, hit.rule));
}

function fail(why: string): SimResult {
  return { outcomes: [], failed: 1, failures: [why] };
}

function result(index: ManifestIndex, shares: Share[], failures: string[], mirrors: Share[] = []): SimResult {
  const routed = shares.reduce((a, s) => a + s.probability, 0);
  const outcomes: SimOutcome[] = [];
  const mirrored: SimOutcome[] = [];
  for (const d of index.deployments) {
    const p = shares.filter((s) => s.target === d).reduce((a, s) => a + s.probability, 0);
    const cookie = shares.find((s) => s.target === d && s.setCookie !== undefined)?.setCookie;
    if (p > 0) outcomes.push({ deployment: d.name, namespace: d.namespace, version: d.podLabels.version, podLabels: d.podLabels, probability: round(p), ...(cookie !== undefined ? { setCookie: cookie } : {}) });
    const m = mirrors.filter((s) => s.target === d).reduce((a, s) => a + s.probability, 0);
    if (m > 0) mirrored.push({ deployment: d.name, namespace: d.namespace, version: d.podLabels.version, podLabels: d.podLabels, probability: round(m) });
  }
  return { outcomes, failed: round(1 - routed), failures, ...(mirrored.length > 0 ? { mirrored } : {}) };
}

function isGatewayApiObject(o: SimObject, kind: string): boolean {
  return o.kind === kind && String(o.apiVersion).startsWith('gateway.networking.k8s.io/');
}

/**
 * True when Gateway API objects decide the request (asked after the Istio reader declined it): it
 * enters through a Gateway API `Gateway` of that name, or it comes from the mesh to a Service that
 * an HTTPRoute (TCPRoute for TCP) is attached to.
 */
export function decidedByGatewayApi(manifests: readonly any[] | ManifestIndex, req: SimRequest): boolean {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  if (req.gateway) {
    return index.all.some((g) => isGatewayApiObject(g, 'Gateway') && (req.gateway === g.metadata.name || req.gateway === `${namespaceOf(g)}/${g.metadata.name}`));
  }
  const namespace = req.sourceNamespace ?? (req.host.includes('.') ? undefined : (() => {
    const candidates = index.services.filter((s) => s.name === req.host);
    return candidates.length === 1 ? candidates[0].namespace : 'default';
  })());
  const fqdn = toFqdn(req.host, namespace ?? 'default');
  const svc = index.services.find((s) => `${s.name}.${s.namespace}.svc.cluster.local` === fqdn);
  if (!svc) return false;
  const kind = req.protocol === 'tcp' ? 'TCPRoute' : 'HTTPRoute';
  return index.all.some((r) => isGatewayApiObject(r, kind) && (r.spec?.parentRefs ?? []).some((p: any) =>
    p.kind === 'Service' && (p.group === undefined || p.group === '' || p.group === 'core') && p.name === svc.name && (p.namespace ?? namespaceOf(r)) === svc.namespace));
}
