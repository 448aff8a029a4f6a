import { gatewayApiRuleProblems, routeOrderProblems } from '../gateway-api/route-problems';
import { RenderedRules } from '../gateway-api/route-rules';
import { checkHeaderName } from '../../routing/match-helpers';
import { RequestMatch, RouteRule, StringMatch } from '../../routing/route-model';
import { routeProblems } from '../../routing/route-problems';
import { Problem } from '../../validation/problems';
import { checkDnsLabel, checkHostName, checkPort } from '../../validation/rules';
import { AmbientIngressOptions } from './ambient-ingress';
import { WaypointOptions } from './waypoint';

/**
 * What the Istio ambient provider cannot express, and mistakes in its own options. Ambient routes
 * are Gateway API HTTPRoutes (TCPRoutes) served by a waypoint, so everything the Gateway API cannot
 * say is refused here too (reusing lib/gateway-api's checks, reworded to name the provider), plus
 * what waypoints drop: conditions on the calling workload (istio/istio#51565).
 */

/** The provider name every message starts with. */
export const AMBIENT_PROVIDER = 'istio-ambient';

/** Headers the release pinning must not use: HTTP/2 pseudo-headers and headers proxies or HTTP itself own. */
const RESERVED_HEADERS = ['host', 'cookie', 'content-length', 'transfer-encoding', 'connection', 'te', 'upgrade', 'baggage', 'traceparent', 'tracestate'];

function ruleLabel(where: string, rule: RouteRule, i: number): string {
  return `${where}, rule ${rule.name ? `"${rule.name}"` : i + 1}`;
}

function isPrefix(m: StringMatch): m is { readonly prefix: string } {
  return 'prefix' in m;
}

function escapeRe2(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The problems of one match that only ambient words (the rest goes to the Gateway API checks). */
function ambientMatchProblems(m: RequestMatch, label: string, protocol: 'http' | 'tcp', ingressRefs: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  if (m.sourceLabels && Object.keys(m.sourceLabels).length > 0) {
    problems.push({
      message: `${AMBIENT_PROVIDER} cannot match on the labels of the calling workload (${label}: sourceLabels ${JSON.stringify(m.sourceLabels)}): a waypoint drops sourceLabels conditions (istio/istio#51565) and an HTTPRoute has no condition on the caller.`,
      fix: "pin the release with a request header instead: set releaseHeader: 'x-release' so each version of the entry service receives \"x-release: <version>\" and downstream routes match it (pinByReleaseHeader converts caller-label rules); the application must copy the header onto its outgoing calls (docs/istio-ambient.md).",
    });
  }
  if (m.port !== undefined) {
    problems.push({
      message: `${AMBIENT_PROVIDER} cannot match on destination port ${m.port} (${label}): an HTTPRoute match has no port condition, it attaches to a port through its parentRef.`,
      fix: 'drop the port condition and set the Service port of the routing instead.',
    });
  }
  // The waypoint serves mesh traffic and, with an ingress, the ingress gateway's traffic too: a
  // match may name both, but not a gateway alone (the waypoint cannot tell where a request entered).
  const gateways = m.gateways ?? [];
  const bound = gateways.filter((g) => g !== 'mesh');
  if (bound.length > 0 && (!gateways.includes('mesh') || bound.some((g) => !ingressRefs.includes(g)))) {
    problems.push({
      message: `${AMBIENT_PROVIDER} cannot bind ${label} to gateway ${bound.map((g) => `"${g}"`).join(', ')}${gateways.includes('mesh') ? ' (with "mesh")' : ' only'}: the waypoint applies one set of rules to mesh traffic and to the traffic of its ingress gateway, and cannot tell where a request entered.`,
      fix: 'remove the gateways condition (every rule then applies to mesh and ingress traffic alike), or keep the rule for mesh traffic only with gateways: ["mesh"].',
    });
  }
  if (protocol === 'http') {
    for (const [name, sm] of Object.entries(m.headers ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!isPrefix(sm)) continue;
      problems.push({
        message: `${AMBIENT_PROVIDER} cannot match header "${name}" by prefix "${sm.prefix}" (${label}): HTTPRoute header matches are Exact or RegularExpression only.`,
        fix: `match the header with { regex: '${escapeRe2(sm.prefix)}.*' } (RE2 full match, same meaning) or { exact: ... }.`,
      });
    }
  }
  return problems;
}

/** The match without what `ambientMatchProblems` already reported, for the Gateway API checks. */
function withoutAmbientConditions(m: RequestMatch): RequestMatch {
  const headers = Object.fromEntries(Object.entries(m.headers ?? {}).filter(([, sm]) => !isPrefix(sm)));
  return {
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(m.uri ? { uri: m.uri } : {}),
  };
}

function withoutAmbientRules(rules: readonly RouteRule[]): RouteRule[] {
  return rules.map((r) => ({ ...r, ...(r.matches ? { matches: r.matches.map(withoutAmbientConditions) } : {}) }));
}

/** A Gateway API problem reworded for this provider: the message names it, and the fix no longer suggests the sidecar provider. */
function reworded(p: Problem): Problem {
  return { message: `${AMBIENT_PROVIDER}: ${p.message}`, fix: p.fix.replace(/,? or keep traffic: Traffic\.istio\(\)(?: for this routing)?(?=\.$)/, '') };
}

/** Input of `ambientRuleProblems`. */
export interface AmbientRuleCheck {
  /** HTTP rules of the stage. @default - none */
  readonly http?: readonly RouteRule[];
  /** TCP rules of the stage. @default - none */
  readonly tcp?: readonly RouteRule[];
  /** The versions with a version Service at this stage. */
  readonly versions: readonly string[];
  /** Spellings of the ingress gateway (`name`, `namespace/name`), when there is one. @default - none */
  readonly ingressRefs?: readonly string[];
}

/**
 * Problems of the route model for ambient: weights and versions (the shared route checks), caller
 * labels, ports, gateway bindings and header prefixes (ambient's own messages), then the Gateway
 * API checks (limits, rule names, path prefixes, header names) on what is left.
 */
export function ambientRuleProblems(input: AmbientRuleCheck): Problem[] {
  const http = input.http ?? [];
  const tcp = input.tcp ?? [];
  const referenced = [...http, ...tcp].flatMap((r) => r.split.map((s) => s.version));
  const problems: Problem[] = [
    ...routeProblems(http, [...input.versions, ...referenced], 'HTTP route'),
    ...routeProblems(tcp, [...input.versions, ...referenced], 'TCP route'),
  ];
  const unknown = new Set<string>();
  for (const r of [...http, ...tcp]) for (const s of r.split) if (!input.versions.includes(s.version)) unknown.add(s.version);
  for (const v of unknown) {
    problems.push({
      message: `${AMBIENT_PROVIDER} routes to version "${v}", which has no version Service (it does not run at this stage).`,
      fix: `route to one of the running versions (${input.versions.join(', ')}) or run "${v}".`,
    });
  }
  http.forEach((r, i) => (r.matches ?? []).forEach((m) => problems.push(...ambientMatchProblems(m, ruleLabel('HTTP route', r, i), 'http', input.ingressRefs ?? []))));
  tcp.forEach((r, i) => (r.matches ?? []).forEach((m) => problems.push(...ambientMatchProblems(m, ruleLabel('TCP route', r, i), 'tcp', input.ingressRefs ?? []))));
  problems.push(
    ...gatewayApiRuleProblems(withoutAmbientRules(http), 'HTTP route', 'http').map(reworded),
    ...gatewayApiRuleProblems(withoutAmbientRules(tcp), 'TCP route', 'tcp').map(reworded),
  );
  return problems;
}

/** Problems of the rendered HTTPRoute rules whose Gateway API precedence differs from the route model's order. */
export function ambientOrderProblems(rendered: RenderedRules, source: readonly RouteRule[]): Problem[] {
  return routeOrderProblems(rendered, source, 'HTTP route').map(reworded);
}

/** Input of `ambientOptionProblems`. */
export interface AmbientOptionCheck {
  /** The waypoint. */
  readonly waypoint: WaypointOptions;
  /** Namespace of the routes. @default - none (the chart has no namespace) */
  readonly namespace?: string;
  /** Release header name, when release pinning is on. @default - none */
  readonly releaseHeader?: string;
  /** Whether there are TCP rules. @default false */
  readonly hasTcp?: boolean;
  /** Service port. @default 80 */
  readonly port?: number;
  /** Whether the Namespace object is to be emitted. @default false */
  readonly createNamespace?: boolean;
  /** The ingress gateway. @default - none */
  readonly ingress?: AmbientIngressOptions;
}

/** Problems of the provider's own options: the waypoint name and namespace, the release header, the port. */
export function ambientOptionProblems(input: AmbientOptionCheck): Problem[] {
  const problems = [
    checkDnsLabel(input.waypoint.name, 'waypoint name'),
    input.waypoint.namespace !== undefined ? checkDnsLabel(input.waypoint.namespace, 'waypoint namespace') : undefined,
    checkPort(input.port ?? 80, 'destination port'),
  ].filter((p): p is Problem => p !== undefined);
  const w = input.waypoint;
  if (w.namespace && w.namespace !== input.namespace && !input.namespace && (w.create ?? true)) {
    problems.push({
      message: `${AMBIENT_PROVIDER} creates the waypoint "${w.name}" in namespace "${w.namespace}" but the routes have no namespace, so the waypoint cannot admit exactly the Service's namespace.`,
      fix: 'set the namespace of the chart, or create the waypoint in the Service\'s namespace (leave waypoint.namespace unset).',
    });
  }
  if (input.createNamespace && !input.namespace) {
    problems.push({
      message: `${AMBIENT_PROVIDER} is asked to create the namespace (createNamespace: true) but the routes have no namespace.`,
      fix: 'set the namespace of the chart, or leave createNamespace unset and label the namespace istio.io/dataplane-mode=ambient yourself.',
    });
  }
  if (input.ingress) problems.push(...ingressProblems(input.ingress, input.namespace, input.hasTcp ?? false));
  const h = input.releaseHeader;
  if (h !== undefined) {
    const bad = checkHeaderName(h, 'release header');
    if (bad) problems.push(bad);
    else if (h.startsWith(':') || RESERVED_HEADERS.includes(h)) {
      problems.push({
        message: `${AMBIENT_PROVIDER} cannot pin the release with header "${h}": the waypoint sets it on every request it routes, which would overwrite a header that HTTP, the proxies or tracing own.`,
        fix: "use a header of your own, e.g. 'x-release'.",
      });
    }
    if (input.hasTcp) {
      problems.push({
        message: `${AMBIENT_PROVIDER} cannot pin TCP connections with release header "${h}": a TCPRoute carries no headers.`,
        fix: 'remove releaseHeader from the TCP routing (TCP connections of a release cannot be pinned), or route HTTP.',
      });
    }
  }
  return problems;
}

function ingressProblems(ingress: AmbientIngressOptions, namespace: string | undefined, hasTcp: boolean): Problem[] {
  const problems = [
    checkDnsLabel(ingress.name, 'gateway name'),
    checkPort(ingress.port ?? 80, 'gateway port'),
    ...ingress.hosts.map((h) => checkHostName(h, 'gateway host')),
  ].filter((p): p is Problem => p !== undefined);
  if (ingress.hosts.length === 0) problems.push({ message: `${AMBIENT_PROVIDER}: the ingress gateway "${ingress.name}" has no hosts.`, fix: "list the external hosts, e.g. ['demo4.a.com'], or ['*']." });
  if (ingress.hosts.length > 16) {
    problems.push({ message: `${AMBIENT_PROVIDER}: the ingress gateway has ${ingress.hosts.length} hosts; an HTTPRoute allows 16 hostnames.`, fix: 'use a wildcard host such as "*.a.com".' });
  }
  if (ingress.selector) {
    problems.push({
      message: `${AMBIENT_PROVIDER} cannot select existing gateway pods (ingress.selector ${JSON.stringify(ingress.selector)}): its ingress is a Gateway API Gateway, for which Istio deploys a gateway of its own.`,
      fix: 'remove ingress.selector.',
    });
  }
  if (ingress.includeMesh === false) {
    problems.push({
      message: `${AMBIENT_PROVIDER} cannot route ingress traffic only (ingress.includeMesh: false): the waypoint that applies the routes to ingress traffic applies them to every mesh caller of the Service too.`,
      fix: 'remove includeMesh: false (mesh callers then get the same routing), or route ingress traffic with another provider.',
    });
  }
  if (ingress.namespace && !namespace && (ingress.create ?? true)) {
    problems.push({
      message: `${AMBIENT_PROVIDER} creates the ingress gateway "${ingress.name}" in namespace "${ingress.namespace}" but the routes have no namespace, so the Gateway cannot admit exactly their namespace.`,
      fix: 'set the namespace of the chart.',
    });
  }
  if (hasTcp) {
    problems.push({
      message: `${AMBIENT_PROVIDER} has no TCP ingress: the ingress gateway hands HTTP requests to the waypoint; TCP connections through it would bypass the TCPRoute.`,
      fix: 'remove the ingress from the TCP routing (mesh TCP traffic is routed by the waypoint), or route TCP ingress with another provider.',
    });
  }
  return problems;
}
