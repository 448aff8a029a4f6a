import { Chart } from 'cdk8s';
import { GatewayApiRouting, GatewayApiRoutingProps, headerPrefix, HeaderRoute, RouteRule, TcpCanary, Traffic, VersionedApp } from '../../../lib';
import { CatalogueEntry, exact, literal } from '../catalogue';
import { oneStage, VALID_HEADER_ROUTE } from './header-route';
import { VALID_TCP } from './tcp';

const VERSIONS = [{ name: 'v1', image: 'mritd/demo:1.0.0' }, { name: 'v2', image: 'mritd/demo:2.0.0' }];
const SUBSETS = VERSIONS.map((v) => ({ name: v.name, labels: { version: v.name } }));
const split = (v2: number) => [{ version: 'v1', weight: 100 - v2 }, { version: 'v2', weight: v2 }];
const headerRule = (name: string, value: string): RouteRule => ({ matches: [{ headers: { [name]: { exact: value } } }], split: split(100) });

/**
 * The Gateway API routing of one service (what every strategy builds with `traffic: Traffic.gatewayApi()`):
 * `GatewayApiRouting` for service `demo4` with versions v1 and v2 and the given props.
 */
function gatewayApiEntry(
  id: string,
  source: string,
  props: Partial<GatewayApiRoutingProps>,
  message: RegExp,
  extra: Partial<CatalogueEntry> = {},
  shown?: string,
): CatalogueEntry {
  return {
    id: `gateway-api/${id}`,
    construct: 'GatewayApiRouting (any strategy with traffic: Traffic.gatewayApi())',
    source,
    example: shown ?? Object.entries(props).map(([k, v]) => `${k}: ${literal(v)}`).join(', '),
    define: (chart: Chart) => {
      new VersionedApp(chart, 'App', { app: 'demo4', versions: VERSIONS, protocol: props.tcp ? 'tcp' : undefined });
      new GatewayApiRouting(chart, 'Routing', { service: 'demo4', subsets: SUBSETS, ...props });
    },
    path: 'Routing',
    message,
    ...extra,
  };
}

const RULES = 'lib/providers/gateway-api/route-problems.ts';
const ROUTING = 'lib/providers/gateway-api/gateway-api-routing.ts';
const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

export const GATEWAY_API_ENTRIES: CatalogueEntry[] = [
  gatewayApiEntry('source-labels', RULES, { http: [{ matches: [{ sourceLabels: { app: 'frontend', version: 'v2' } }], split: split(100) }, { split: split(0) }] },
    exact('HTTP route, rule 1 matches on the labels of the calling workload (sourceLabels {"app":"frontend","version":"v2"}), which cannot be expressed in the Gateway API: HTTPRoute and TCPRoute have no condition on the caller. Fix: keep traffic: Traffic.istio() for this routing, or give the callers their own namespace and route them with a consumer HTTPRoute there.')),
  gatewayApiEntry('port-condition', RULES, { http: [{ matches: [{ port: 8080 }], split: split(100) }, { split: split(0) }] },
    exact('HTTP route, rule 1 matches on destination port 8080, which a Gateway API route match cannot express (a route attaches to a port through its parentRef). Fix: drop the port condition and set the Service port of the routing instead, or keep traffic: Traffic.istio().')),
  gatewayApiEntry('http-condition-on-tcp-rule', RULES, { tcp: [{ matches: [{ headers: { 'x-canary': { exact: '1' } } }], split: split(0) }] },
    exact('TCP route, rule 1 has header or path conditions, which TCP routing cannot have. Fix: remove the HTTP conditions from the TCP rule.')),
  gatewayApiEntry('header-prefix', RULES, { http: [{ matches: [{ headers: { 'user-agent': { prefix: 'Mozilla/5.0 (iPhone' } } }], split: split(100) }, { split: split(0) }] },
    exact('HTTP route, rule 1: header "user-agent" prefix "Mozilla/5.0 (iPhone" cannot be expressed in the Gateway API, which has no prefix header match (only Exact and RegularExpression). Fix: match the header with { regex: \'Mozilla/5\\.0 \\(iPhone.*\' } (RE2 full match, same meaning) or { exact: ... }.')),
  gatewayApiEntry('header-name-not-a-token', RULES, { http: [{ matches: [{ headers: { 'x canary': { exact: '1' } } }], split: split(100) }, { split: split(0) }] },
    exact('HTTP route, rule 1: header name "x canary" is not an HTTP token, which the Gateway API rejects. Fix: use letters, digits and !#$%&\'*+-.^_`|~ only.')),
  gatewayApiEntry('uri-prefix', RULES, { http: [{ matches: [{ uri: { prefix: '/api' } }], split: split(100) }, { split: split(0) }] },
    exact('HTTP route, rule 1: uri prefix "/api" has no Gateway API equivalent: PathPrefix matches whole path segments ("/api" and "/api/x", not "/apix"), Istio\'s prefix matches any string prefix. Fix: match the path with { exact: ... } or { regex: ... } instead (note that Istio ranks regex paths below prefix paths), or keep traffic: Traffic.istio().')),
  gatewayApiEntry('relative-exact-path', RULES, { http: [{ matches: [{ uri: { exact: 'login' } }], split: split(100) }, { split: split(0) }] },
    exact('HTTP route, rule 1: uri exact "login" does not start with "/". Fix: write an absolute path such as "/login".')),
  gatewayApiEntry('too-many-headers-in-a-match', RULES,
    { http: [{ matches: [{ headers: Object.fromEntries(many(17, (i) => [`x-h${i}`, { exact: '1' }])) }], split: split(100) }, { split: split(0) }] },
    exact('HTTP route, rule 1 has 17 header conditions; the Gateway API allows 16. Fix: combine conditions into fewer headers.'), {},
    "http: [{ matches: [{ headers: { 'x-h0': { exact: '1' }, ... 'x-h16': { exact: '1' } } }], split: ... }, { split: ... }] (17 headers)"),
  gatewayApiEntry('rule-name-not-dns-label', RULES, { http: [{ name: 'Canary_Users', split: split(10) }] },
    exact('HTTP route, rule "Canary_Users": the rule name "Canary_Users" is not a valid DNS-1123 label. Gateway API rule names are DNS-1123 labels. Fix: use 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "forecast-v2").'),
    { rule: 'checkDnsLabel' }),
  gatewayApiEntry('too-many-matches-in-a-rule', RULES,
    { http: [{ matches: many(65, (i) => ({ headers: { 'x-n': { exact: String(i) } } })), split: split(100) }, { split: split(0) }] },
    exact('HTTP route, rule 1 has 65 matches; the Gateway API allows 64 per rule. Fix: split the rule in two with the same split.'), {},
    "http: [{ matches: [{ headers: { 'x-n': { exact: '0' } } }, ... 65 matches], split: ... }, { split: ... }]"),
  {
    ...gatewayApiEntry('too-many-backends', RULES, {},
      exact('HTTP route, rule 1 splits traffic over 17 versions; the Gateway API allows 16 backends per rule. Fix: route to at most 16 versions per rule.'), {},
      "subsets: v1 ... v17, http: [{ split: [{ version: 'v1', weight: 4 }, { version: 'v2', weight: 6 }, ... { version: 'v17', weight: 6 }] }]"),
    define: (chart: Chart) => {
      const versions = many(17, (i) => ({ name: `v${i + 1}`, image: `mritd/demo:${i + 1}.0.0` }));
      new VersionedApp(chart, 'App', { app: 'demo4', versions });
      new GatewayApiRouting(chart, 'Routing', {
        service: 'demo4',
        subsets: versions.map((v) => ({ name: v.name, labels: { version: v.name } })),
        http: [{ split: versions.map((v, i) => ({ version: v.name, weight: i === 0 ? 4 : 6 })) }],
      });
    },
  },
  gatewayApiEntry('too-many-rules', RULES, { http: [...many(16, (i) => headerRule('x-n', String(i))), { split: split(0) }] },
    exact('HTTP route has 17 rules; an HTTPRoute allows 16. Fix: merge rules that send traffic to the same split.'), {},
    "http: 16 rules [{ matches: [{ headers: { 'x-n': { exact: '<i>' } } }], split: ... }] and a default rule"),
  gatewayApiEntry('more-than-one-tcp-rule', RULES, { tcp: [{ matches: [{ gateways: ['mesh'] }], split: split(0) }, { split: split(100) }] },
    exact('TCP route has 2 TCP rules; a TCPRoute (gateway.networking.k8s.io/v1) has exactly one rule and no match conditions. Fix: use one TCP rule with the weighted split, or keep traffic: Traffic.istio().')),
  gatewayApiEntry('rule-order-changed-by-precedence', RULES,
    { http: [headerRule('x-a', '1'), { matches: [{ headers: { 'x-b': { exact: '2' }, 'x-c': { exact: '3' } } }], split: split(0) }, { split: split(0) }] },
    exact('HTTP route (mesh), rule 2 is more specific than rule 1 that comes before it, so in the Gateway API it wins for requests that match both (matches are ordered by exact path, longest path prefix, method and number of header matches, not by position), while the route model sends them to the earlier rule. Fix: give the earlier rule at least the same conditions (e.g. the same headers), make the two rules exclusive (different exact values of one header), or keep traffic: Traffic.istio().')),

  gatewayApiEntry('version-without-service', ROUTING, { subsets: [SUBSETS[0]], http: [{ split: split(10) }] },
    exact('HTTP route, rule 1 routes to version "v2", which has no version Service (it does not run at this stage). Fix: route to one of the running versions (v1) or run "v2".')),
  gatewayApiEntry('gateway-without-hosts', ROUTING, { http: [{ split: split(10) }], gateway: { name: 'web', hosts: [] } },
    exact('the gateway has no hosts. Fix: list the external hosts, e.g. [\'demo4.a.com\'], or [\'*\'].')),
  gatewayApiEntry('gateway-selector', ROUTING, { http: [{ split: split(10) }], gateway: { name: 'web', hosts: ['a.example.com'], selector: { istio: 'ingressgateway' } } },
    exact('gateway.selector {"istio":"ingressgateway"} cannot be expressed in the Gateway API: a Gateway of class "istio" gets a gateway deployment of its own instead of selecting existing gateway pods. Fix: remove gateway.selector, or keep traffic: Traffic.istio() to use the existing ingress gateway pods.')),
  {
    ...gatewayApiEntry('gateway-namespace-without-chart-namespace', ROUTING, { http: [{ split: split(10) }], gateway: { name: 'shared', namespace: 'istio-system', hosts: ['*'] } },
      exact('the Gateway is created in namespace "istio-system" but the routes have no namespace, so the Gateway cannot admit exactly their namespace. Fix: set the namespace of the chart.')),
    // A chart without a namespace: the Routing is built in a chart of its own.
    define: (chart: Chart) => {
      const bare = new Chart(chart, 'bare');
      new VersionedApp(bare, 'App', { app: 'demo4', versions: VERSIONS });
      new GatewayApiRouting(bare, 'Routing', { service: 'demo4', subsets: SUBSETS, http: [{ split: split(10) }], gateway: { name: 'shared', namespace: 'istio-system', hosts: ['*'] } });
    },
    path: 'bare/Routing',
  },
  gatewayApiEntry('gateway-with-too-many-hosts', ROUTING, { http: [{ split: split(10) }], gateway: { name: 'web', hosts: many(17, (i) => `h${i}.example.com`) } },
    exact('the gateway has 17 hosts; a Gateway API route allows 16 hostnames. Fix: use a wildcard host such as "*.a.com".'), {},
    "http: [{ split: ... }], gateway: { name: 'web', hosts: ['h0.example.com', ... 'h16.example.com'] }"),

  // Through the strategies: the same checks, reported on the strategy's routing.
  {
    id: 'gateway-api/header-route-header-prefix',
    construct: 'HeaderRoute with traffic: Traffic.gatewayApi()',
    source: RULES,
    example: "traffic: Traffic.gatewayApi(), routes: [{ matches: [headerPrefix('user-agent', 'Mozilla/5.0')], to: 'v2' }]",
    define: (chart: Chart) => {
      new HeaderRoute(chart, 'forecast', {
        ...VALID_HEADER_ROUTE,
        traffic: Traffic.gatewayApi(),
        ...oneStage({ name: 's', routes: [{ matches: [headerPrefix('user-agent', 'Mozilla/5.0')], to: 'v2' }], default: 'v1' }),
      });
    },
    path: 'forecast/Routing',
    message: exact('HTTP route, rule 1: header "user-agent" prefix "Mozilla/5.0" cannot be expressed in the Gateway API, which has no prefix header match (only Exact and RegularExpression). Fix: match the header with { regex: \'Mozilla/5\\.0.*\' } (RE2 full match, same meaning) or { exact: ... }.'),
  },
  {
    id: 'gateway-api/header-route-inactive-stage',
    construct: 'HeaderRoute with traffic: Traffic.gatewayApi()',
    source: RULES,
    example: "traffic: Traffic.gatewayApi(), stages: [{ name: 'chrome', ... }, { name: 'iphone', routes: [{ matches: [headerPrefix('user-agent', 'Mozilla/5.0 (iPhone')], to: 'v2' }], default: 'v1' }], stage: 'chrome'",
    define: (chart: Chart) => {
      new HeaderRoute(chart, 'forecast', {
        ...VALID_HEADER_ROUTE,
        traffic: Traffic.gatewayApi(),
        stages: [...VALID_HEADER_ROUTE.stages, { name: 'iphone', routes: [{ matches: [headerPrefix('user-agent', 'Mozilla/5.0 (iPhone')], to: 'v2' }], default: 'v1' }],
      });
    },
    path: 'forecast',
    message: exact('stage "iphone", HTTP route, rule 1: header "user-agent" prefix "Mozilla/5.0 (iPhone" cannot be expressed in the Gateway API, which has no prefix header match (only Exact and RegularExpression). Fix: match the header with { regex: \'Mozilla/5\\.0 \\(iPhone.*\' } (RE2 full match, same meaning) or { exact: ... }.'),
  },
  {
    id: 'gateway-api/tcp-canary-gateway-selector',
    construct: 'TcpCanary with traffic: Traffic.gatewayApi()',
    source: ROUTING,
    example: "traffic: Traffic.gatewayApi(), gateway: { name: 'tcp-echo-gateway', selector: { istio: 'ingressgateway' } }",
    define: (chart: Chart) => {
      new TcpCanary(chart, 'tcp-echo', { ...VALID_TCP, traffic: Traffic.gatewayApi(), gateway: { name: 'tcp-echo-gateway', selector: { istio: 'ingressgateway' } } });
    },
    path: 'tcp-echo/Routing',
    message: exact('gateway.selector {"istio":"ingressgateway"} cannot be expressed in the Gateway API: a Gateway of class "istio" gets a gateway deployment of its own instead of selecting existing gateway pods. Fix: remove gateway.selector, or keep traffic: Traffic.istio() to use the existing ingress gateway pods.'),
  },
];
