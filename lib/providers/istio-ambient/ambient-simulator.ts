import { compareMatchPrecedence, GatewayApiMatchContext, hostnameMatches, httpMatchHolds } from '../gateway-api/simulator';
import { labelsMatch, ManifestIndex, namespaceOf, SimObject, SimService } from '../../traffic/manifest-index';
import { SimOutcome, SimRequest } from '../../traffic/sim-types';
import { DATAPLANE_MODE_LABEL, HBONE_PORT, INGRESS_USE_WAYPOINT_LABEL, USE_WAYPOINT_LABEL, USE_WAYPOINT_NAMESPACE_LABEL, WAYPOINT_FOR_LABEL, WAYPOINT_GATEWAY_CLASS } from './waypoint';

/**
 * Traffic simulator for Istio's ambient mode, over plain JSON manifests, with exact probabilities.
 *
 * Semantics (Istio ambient; pilot/pkg/config/kube/gateway for the label handling):
 * - A mesh request addressed to a Service is handled by a waypoint only when the Service's namespace
 *   is enrolled (`istio.io/dataplane-mode: ambient` on the Namespace) and the Service, or else its
 *   namespace, carries `istio.io/use-waypoint: <name>` (not `none`), naming a Gateway of class
 *   `istio-waypoint` (in `istio.io/use-waypoint-namespace` when set) with an HBONE listener on
 *   15008 that admits the Service's namespace and whose `istio.io/waypoint-for` is `service` or
 *   `all` (absent means `service`). Otherwise ztunnel sends it straight to the Service's pods (no
 *   L7 routing: HTTPRoutes are ignored), spread by replicas.
 * - At the waypoint, the HTTPRoutes (TCPRoutes) whose parentRef is the Service decide, with Gateway
 *   API matching and precedence (`httpMatchHolds`, `compareMatchPrecedence`, then the oldest route,
 *   then rule and match order); consumer routes in the caller's namespace win over the Service's own.
 *   No route: the waypoint forwards to the Service's pods. No matching rule: HTTP 404.
 * - `RequestHeaderModifier` filters of the rule, then of the chosen backendRef, change the request
 *   the pod receives (`set` overwrites, `add` appends with ",", `remove` deletes); each outcome
 *   carries the headers as delivered, which is what a chain passes on.
 * - Ingress (`request.gateway`): the Gateway API Gateway's listeners and attached HTTPRoutes for the
 *   host decide (same matching); a backend Service labelled `istio.io/ingress-use-waypoint: "true"`
 *   (or in a namespace so labelled) hands its share to its waypoint as above, others go to their pods.
 */

/** Options of the ambient simulator. */
export interface AmbientSimOptions {
  /** Labels of namespaces that are not among the manifests, keyed by namespace name. @default - none */
  readonly namespaceLabels?: Readonly<Record<string, Record<string, string>>>;
  /** Waypoints that exist in the cluster but not among the manifests, as `namespace/name` (class `istio-waypoint`, for services, HBONE). @default - none */
  readonly existingWaypoints?: readonly string[];
}

/** Where a share of the traffic lands, and the request headers the pod receives. */
export interface AmbientOutcome extends SimOutcome {
  /** Request headers as delivered to the pod (lower-case names), after the waypoint's filters. */
  readonly requestHeaders: Record<string, string>;
}

/** Result of simulating one request in ambient mode. */
export interface AmbientSimResult {
  /** Where the traffic goes, by Deployment (and delivered headers), in manifest order. */
  readonly outcomes: AmbientOutcome[];
  /** Probability the request fails (no route, no backend, no pods), 0..1. */
  readonly failed: number;
  /** Why traffic fails, when it does. */
  readonly failures: string[];
  /** The waypoint that handled the request, as `namespace/name`. @default - none (ztunnel sent it straight to the pods) */
  readonly waypoint?: string;
  /** Why no waypoint handled the request, when none did. @default - none */
  readonly bypassed?: string;
}

const GW_GROUP = 'gateway.networking.k8s.io';

interface Share {
  readonly deployment: number;
  readonly headers: Record<string, string>;
  readonly probability: number;
}

function round(p: number): number {
  return Math.round(p * 1e9) / 1e9;
}

function gw(o: SimObject, kind: string): boolean {
  return o.kind === kind && String(o.apiVersion).startsWith(`${GW_GROUP}/`);
}

function namespaceLabels(index: ManifestIndex, ns: string, options: AmbientSimOptions): Record<string, string> {
  const obj: any = index.all.find((o) => o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata.name === ns);
  return { 'kubernetes.io/metadata.name': ns, ...(options.namespaceLabels?.[ns] ?? {}), ...(obj?.metadata?.labels ?? {}) };
}

function serviceLabels(index: ManifestIndex, svc: SimService): Record<string, string> {
  const obj: any = index.all.find((o) => o.kind === 'Service' && o.apiVersion === 'v1' && o.metadata.name === svc.name && namespaceOf(o) === svc.namespace);
  return { ...(obj?.metadata?.labels ?? {}) };
}

function resolveService(index: ManifestIndex, host: string, sourceNamespace: string | undefined): SimService | undefined {
  const parts = host.split('.');
  if (host.endsWith('.svc.cluster.local') || parts.length === 2) return index.services.find((s) => s.name === parts[0] && s.namespace === parts[1]);
  if (parts.length !== 1) return undefined;
  if (sourceNamespace) return index.services.find((s) => s.name === host && s.namespace === sourceNamespace);
  const candidates = index.services.filter((s) => s.name === host);
  return candidates.length === 1 ? candidates[0] : candidates.find((s) => s.namespace === 'default');
}

function listenerAdmits(listener: any, gatewayNs: string, ns: string, nsLabels: Record<string, string>): boolean {
  const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return ns === gatewayNs;
  if (from === 'Selector') {
    const sel = listener.allowedRoutes?.namespaces?.selector ?? {};
    if ((sel.matchExpressions ?? []).length > 0) return false;
    return labelsMatch(sel.matchLabels ?? {}, nsLabels);
  }
  return false;
}

/** The waypoint that handles traffic addressed to `svc` (`namespace/name`), or why none does. */
export function waypointFor(manifests: readonly any[] | ManifestIndex, svc: SimService, options: AmbientSimOptions = {}): { waypoint?: string; why?: string } {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  const nsLabels = namespaceLabels(index, svc.namespace, options);
  if (nsLabels[DATAPLANE_MODE_LABEL] !== 'ambient') return { why: `namespace ${svc.namespace} is not enrolled in ambient mode (no ${DATAPLANE_MODE_LABEL}: ambient label)` };
  const own = serviceLabels(index, svc);
  const labels = own[USE_WAYPOINT_LABEL] !== undefined ? own : nsLabels;
  const name = labels[USE_WAYPOINT_LABEL];
  if (!name || name.toLowerCase() === 'none') return { why: `neither Service ${svc.namespace}/${svc.name} nor its namespace names a waypoint (${USE_WAYPOINT_LABEL})` };
  const wns = labels[USE_WAYPOINT_NAMESPACE_LABEL] || svc.namespace;
  const key = `${wns}/${name}`;
  if ((options.existingWaypoints ?? []).includes(key)) return { waypoint: key };
  const gateway: any = index.all.find((o) => gw(o, 'Gateway') && o.metadata.name === name && namespaceOf(o) === wns);
  if (!gateway) return { why: `waypoint ${key} (named by ${USE_WAYPOINT_LABEL}) is not among the manifests` };
  if (gateway.spec?.gatewayClassName !== WAYPOINT_GATEWAY_CLASS) return { why: `Gateway ${key} has class "${gateway.spec?.gatewayClassName}", not ${WAYPOINT_GATEWAY_CLASS}` };
  const forWhat = gateway.metadata?.labels?.[WAYPOINT_FOR_LABEL] ?? 'service';
  if (forWhat !== 'service' && forWhat !== 'all') return { why: `waypoint ${key} is for "${forWhat}" traffic, not for Services (${WAYPOINT_FOR_LABEL})` };
  const listeners: any[] = (gateway.spec?.listeners ?? []).filter((l: any) => l.protocol === 'HBONE' && l.port === HBONE_PORT);
  if (listeners.length === 0) return { why: `waypoint ${key} has no HBONE listener on port ${HBONE_PORT}` };
  if (!listeners.some((l) => listenerAdmits(l, wns, svc.namespace, nsLabels))) return { why: `waypoint ${key} does not admit namespace ${svc.namespace} (allowedRoutes)` };
  return { waypoint: key };
}

function requestHeaders(req: SimRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  if (req.cookies && Object.keys(req.cookies).length > 0) {
    const jar = Object.entries(req.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    headers.cookie = headers.cookie ? `${headers.cookie}; ${jar}` : jar;
  }
  return headers;
}

function matchContext(req: SimRequest, headers: Record<string, string>): GatewayApiMatchContext {
  const raw = req.path ?? '/';
  const q = raw.indexOf('?');
  const query: Record<string, string> = { ...(req.query ?? {}) };
  if (q >= 0) {
    for (const part of raw.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      if (!(name in query)) query[name] = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    }
  }
  return { headers, path: q >= 0 ? raw.slice(0, q) : raw, query, method: (req.method ?? 'GET').toUpperCase() };
}

/** Applies the `RequestHeaderModifier` filters of a list to a copy of `headers`. */
export function applyRequestHeaderFilters(headers: Record<string, string>, filters: readonly any[] | undefined): Record<string, string> {
  const out = { ...headers };
  for (const f of filters ?? []) {
    if (f.type !== 'RequestHeaderModifier') continue;
    const m = f.requestHeaderModifier ?? {};
    for (const h of m.set ?? []) out[String(h.name).toLowerCase()] = h.value;
    for (const h of m.add ?? []) {
      const k = String(h.name).toLowerCase();
      out[k] = out[k] !== undefined ? `${out[k]},${h.value}` : h.value;
    }
    for (const name of m.remove ?? []) delete out[String(name).toLowerCase()];
  }
  return out;
}

function spread(index: ManifestIndex, svc: SimService, probability: number, headers: Record<string, string>, failures: string[]): Share[] {
  const pods = index.deploymentsSelectedBy(svc.namespace, svc.selector).filter((d) => d.replicas > 0);
  const total = pods.reduce((a, d) => a + d.replicas, 0);
  if (total === 0) {
    failures.push(`no running pods in ${svc.namespace} match ${JSON.stringify(svc.selector)} (Service ${svc.name})`);
    return [];
  }
  return pods.map((d) => ({ deployment: index.deployments.indexOf(d), headers, probability: (probability * d.replicas) / total }));
}

function granted(index: ManifestIndex, kind: string, fromNs: string, toNs: string, toName: string): boolean {
  return index.all.some((g) => gw(g, 'ReferenceGrant') && namespaceOf(g) === toNs &&
    (g.spec?.from ?? []).some((f: any) => f.group === GW_GROUP && f.kind === kind && f.namespace === fromNs) &&
    (g.spec?.to ?? []).some((t: any) => (t.group ?? '') === '' && t.kind === 'Service' && (t.name === undefined || t.name === toName)));
}

type Resolver = (svc: SimService, probability: number, headers: Record<string, string>) => Share[];

function backendShares(index: ManifestIndex, route: SimObject, rule: any, headers: Record<string, string>, failures: string[], resolve: Resolver): Share[] {
  const refs: any[] = rule.backendRefs ?? [];
  const weightOf = (r: any) => (r.weight === undefined ? 1 : Number(r.weight));
  const total = refs.reduce((a, r) => a + weightOf(r), 0);
  const where = `${route.kind} ${namespaceOf(route)}/${route.metadata.name}`;
  if (total === 0) {
    failures.push(`the matching rule of ${where} has no backend with a weight above 0 (HTTP 500)`);
    return [];
  }
  const ruleHeaders = applyRequestHeaderFilters(headers, rule.filters);
  const shares: Share[] = [];
  for (const ref of refs) {
    const p = weightOf(ref) / total;
    if (p === 0) continue;
    if ((ref.kind ?? 'Service') !== 'Service' || !['', 'core'].includes(ref.group ?? '')) {
      failures.push(`${where}: backend ${ref.group}/${ref.kind} ${ref.name} is not a Service`);
      continue;
    }
    const ns = ref.namespace ?? namespaceOf(route);
    if (ns !== namespaceOf(route) && !granted(index, route.kind, namespaceOf(route), ns, ref.name)) {
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
    shares.push(...resolve(svc, p, applyRequestHeaderFilters(ruleHeaders, ref.filters)));
  }
  return shares;
}

function compareRoutes(a: SimObject, b: SimObject): number {
  const ta = (a.metadata as any).creationTimestamp ?? '';
  const tb = (b.metadata as any).creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${namespaceOf(a)}/${a.metadata.name}`;
  const kb = `${namespaceOf(b)}/${b.metadata.name}`;
  return ka === kb ? 0 : ka < kb ? -1 : 1;
}

function attachedTo(p: any, routeNs: string, svc: SimService, port: number | undefined): boolean {
  return p.kind === 'Service' && ['', 'core', undefined].includes(p.group) && p.name === svc.name &&
    (p.namespace ?? routeNs) === svc.namespace && (p.port === undefined || port === undefined || p.port === port);
}

function result(index: ManifestIndex, shares: Share[], failures: string[], extra: { waypoint?: string; bypassed?: string }): AmbientSimResult {
  const merged = new Map<string, { deployment: number; headers: Record<string, string>; probability: number }>();
  for (const s of shares) {
    const headers = Object.fromEntries(Object.entries(s.headers).sort(([a], [b]) => (a < b ? -1 : 1)));
    const key = `${String(s.deployment).padStart(6, '0')} ${JSON.stringify(headers)}`;
    const m = merged.get(key);
    if (m) m.probability += s.probability;
    else merged.set(key, { deployment: s.deployment, headers, probability: s.probability });
  }
  const outcomes: AmbientOutcome[] = [...merged.keys()].sort().map((k) => {
    const m = merged.get(k)!;
    const d = index.deployments[m.deployment];
    return { deployment: d.name, namespace: d.namespace, version: d.podLabels.version, podLabels: d.podLabels, probability: round(m.probability), requestHeaders: m.headers };
  });
  const routed = shares.reduce((a, s) => a + s.probability, 0);
  return { outcomes, failed: round(1 - routed), failures, ...(extra.waypoint ? { waypoint: extra.waypoint } : {}), ...(extra.bypassed ? { bypassed: extra.bypassed } : {}) };
}

interface MeshShares {
  readonly shares: Share[];
  readonly waypoint?: string;
  readonly bypassed?: string;
  readonly failure?: string;
}

/** Traffic addressed to `svc` from the mesh, scaled by `probability`: the waypoint's routes, or straight to the pods. */
function meshShares(index: ManifestIndex, svc: SimService, req: SimRequest, headers: Record<string, string>, probability: number, options: AmbientSimOptions, failures: string[]): MeshShares {
  const { waypoint, why } = waypointFor(index, svc, options);
  if (!waypoint) return { shares: spread(index, svc, probability, headers, failures), bypassed: why };
  const direct: Resolver = (s, p, h) => spread(index, s, probability * p, h, failures);
  const kind = req.protocol === 'tcp' ? 'TCPRoute' : 'HTTPRoute';
  const forService = index.all.filter((r) => gw(r, kind) && (r.spec?.parentRefs ?? []).some((p: any) => attachedTo(p, namespaceOf(r), svc, req.port)));
  const callerNs = req.sourceNamespace ?? svc.namespace;
  const consumer = forService.filter((r) => namespaceOf(r) === callerNs);
  const routes = (consumer.length > 0 ? consumer : forService.filter((r) => namespaceOf(r) === svc.namespace)).sort(compareRoutes);
  if (routes.length === 0) return { shares: spread(index, svc, probability, headers, failures), waypoint };
  if (kind === 'TCPRoute') {
    const rule = (routes[0].spec?.rules ?? [])[0];
    if (!rule) return { shares: [], waypoint, failure: `TCPRoute ${namespaceOf(routes[0])}/${routes[0].metadata.name} has no rules` };
    return { shares: backendShares(index, routes[0], rule, headers, failures, direct), waypoint };
  }
  const hit = firstMatch(routes, matchContext(req, headers));
  if (!hit) return { shares: [], waypoint, failure: `no rule of ${routes.map((r) => `HTTPRoute ${namespaceOf(r)}/${r.metadata.name}`).join(', ')} matches the request (HTTP 404)` };
  return { shares: backendShares(index, hit.route, hit.rule, headers, failures, direct), waypoint };
}

/** The rule of `routes` that decides a request: Gateway API precedence over all their matches, then route, rule and match order. */
function firstMatch(routes: readonly SimObject[], ctx: GatewayApiMatchContext): { route: SimObject; rule: any } | undefined {
  const candidates: { route: SimObject; rule: any; match: any; ruleIndex: number; matchIndex: number }[] = [];
  for (const route of routes) {
    (route.spec?.rules ?? []).forEach((rule: any, ruleIndex: number) => {
      const matches: any[] = rule.matches && rule.matches.length > 0 ? rule.matches : [{}];
      matches.forEach((match, matchIndex) => candidates.push({ route, rule, match, ruleIndex, matchIndex }));
    });
  }
  candidates.sort((a, b) => compareMatchPrecedence(a.match, b.match) || compareRoutes(a.route, b.route) || a.ruleIndex - b.ruleIndex || a.matchIndex - b.matchIndex);
  return candidates.find((c) => httpMatchHolds(c.match, ctx));
}

function ingressUsesWaypoint(index: ManifestIndex, svc: SimService, options: AmbientSimOptions): boolean {
  const own = serviceLabels(index, svc)[INGRESS_USE_WAYPOINT_LABEL];
  const value = own ?? namespaceLabels(index, svc.namespace, options)[INGRESS_USE_WAYPOINT_LABEL];
  return String(value).toLowerCase() === 'true';
}

/**
 * A request through an ingress Gateway (Gateway API, e.g. class `istio`): the HTTPRoutes attached to
 * its listener for the host decide; a backend Service labelled `istio.io/ingress-use-waypoint: "true"`
 * (or in a namespace so labelled) hands its share to its waypoint (`meshShares`), any other backend
 * goes straight to its pods.
 */
function ingressShares(index: ManifestIndex, req: SimRequest, headers: Record<string, string>, options: AmbientSimOptions): AmbientSimResult {
  const ref = req.gateway!;
  const gateway = index.all.find((g) => gw(g, 'Gateway') && (ref.includes('/') ? `${namespaceOf(g)}/${g.metadata.name}` === ref : g.metadata.name === ref));
  if (!gateway) return { outcomes: [], failed: 1, failures: [`gateway ${ref} is not among the manifests`] };
  const gwNs = namespaceOf(gateway);
  const listeners: any[] = (gateway.spec?.listeners ?? []).filter((l: any) => ['HTTP', 'HTTPS'].includes(String(l.protocol).toUpperCase()) &&
    (req.port === undefined || l.port === req.port) && (l.hostname === undefined || hostnameMatches(l.hostname, req.host)));
  if (listeners.length === 0) return { outcomes: [], failed: 1, failures: [`gateway ${gwNs}/${gateway.metadata.name} has no HTTP listener for host ${req.host}`] };
  const routes = index.all.filter((r) => {
    if (!gw(r, 'HTTPRoute')) return false;
    const routeNs = namespaceOf(r);
    const attached = listeners.some((l) => listenerAdmits(l, gwNs, routeNs, namespaceLabels(index, routeNs, options)) && (r.spec?.parentRefs ?? []).some((p: any) =>
      (p.kind ?? 'Gateway') === 'Gateway' && p.name === gateway.metadata.name && (p.namespace ?? routeNs) === gwNs &&
      (p.sectionName === undefined || p.sectionName === l.name) && (p.port === undefined || p.port === l.port)));
    const hostnames: string[] = r.spec?.hostnames ?? [];
    return attached && (hostnames.length === 0 || hostnames.some((h) => hostnameMatches(h, req.host)));
  }).sort(compareRoutes);
  if (routes.length === 0) return { outcomes: [], failed: 1, failures: [`no HTTPRoute attached to gateway ${gwNs}/${gateway.metadata.name} accepts host ${req.host}`] };
  const hit = firstMatch(routes, matchContext(req, headers));
  if (!hit) return { outcomes: [], failed: 1, failures: [`no rule of the HTTPRoutes of gateway ${gwNs}/${gateway.metadata.name} matches the request (HTTP 404)`] };
  const failures: string[] = [];
  const waypoints = new Set<string>();
  const viaWaypoint: Resolver = (svc, p, h) => {
    if (!ingressUsesWaypoint(index, svc, options)) return spread(index, svc, p, h, failures);
    const m = meshShares(index, svc, { ...req, gateway: undefined, host: `${svc.name}.${svc.namespace}`, sourceNamespace: svc.namespace }, h, p, options, failures);
    if (m.waypoint) waypoints.add(m.waypoint);
    if (m.failure) failures.push(m.failure);
    return m.shares;
  };
  return result(index, backendShares(index, hit.route, hit.rule, headers, failures, viaWaypoint), failures, { waypoint: [...waypoints].sort().join(', ') || undefined });
}

/** Simulates one request in ambient mode (see the module comment): exact shares per Deployment, with the headers each pod receives. */
export function simulateAmbient(manifests: readonly any[] | ManifestIndex, req: SimRequest, options: AmbientSimOptions = {}): AmbientSimResult {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  const headers = requestHeaders(req);
  if (req.gateway) return ingressShares(index, req, headers, options);
  const svc = resolveService(index, req.host, req.sourceNamespace);
  if (!svc) return { outcomes: [], failed: 1, failures: [`no Service is named by host ${req.host}`] };
  const failures: string[] = [];
  const m = meshShares(index, svc, req, headers, 1, options, failures);
  if (m.failure) return { outcomes: [], failed: 1, failures: [m.failure], ...(m.waypoint ? { waypoint: m.waypoint } : {}) };
  return result(index, m.shares, failures, { waypoint: m.waypoint, bypassed: m.bypassed });
}

/**
 * True when ambient objects decide the request (for a provider reader's `decides`): a mesh request
 * to a Service that a working waypoint serves, or an ingress request through a Gateway API Gateway
 * whose attached HTTPRoutes send to a Service that hands ingress traffic to its waypoint.
 */
export function decidedByAmbient(manifests: readonly any[] | ManifestIndex, req: SimRequest, options: AmbientSimOptions = {}): boolean {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  const served = (svc: SimService | undefined) => svc !== undefined && waypointFor(index, svc, options).waypoint !== undefined;
  if (!req.gateway) return served(resolveService(index, req.host, req.sourceNamespace));
  const ref = req.gateway;
  const gateway = index.all.find((g) => gw(g, 'Gateway') && (ref.includes('/') ? `${namespaceOf(g)}/${g.metadata.name}` === ref : g.metadata.name === ref));
  if (!gateway) return false;
  return index.all.some((r) => gw(r, 'HTTPRoute') && (r.spec?.parentRefs ?? []).some((p: any) => (p.kind ?? 'Gateway') === 'Gateway' && p.name === gateway.metadata.name && (p.namespace ?? namespaceOf(r)) === namespaceOf(gateway)) &&
    (r.spec?.rules ?? []).some((rule: any) => (rule.backendRefs ?? []).some((b: any) => {
      const svc = index.services.find((s) => s.name === b.name && s.namespace === (b.namespace ?? namespaceOf(r)));
      return svc !== undefined && ingressUsesWaypoint(index, svc, options) && served(svc);
    })));
}
