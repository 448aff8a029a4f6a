import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, createVirtualService, IngressGateway, IngressGatewayProps, MeshRouting, RouteRule, Traffic } from '../../../lib';
import { CatalogueEntry, exact, literal, propsExample } from '../catalogue';
import { VALID_CANARY } from './canary';

const SUBSETS = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];

/** A MeshRouting (DestinationRule + VirtualService for service `demo4`, subsets v1 and v2) with the given rules. */
function routingEntry(id: string, source: string, rules: { http?: RouteRule[]; tcp?: RouteRule[] }, message: RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    id: `mesh-routing/${id}`,
    construct: 'MeshRouting',
    source,
    example: Object.entries(rules).map(([k, v]) => `${k}: ${literal(v)}`).join(', '),
    define: (chart: Chart) => {
      new MeshRouting(chart, 'routing', { service: 'demo4', subsets: SUBSETS, ...rules });
    },
    path: 'routing',
    message,
    ...extra,
  };
}

const v = (version: string, weight: number) => ({ version, weight });

/** Route rules (lib/routing/route-problems.ts): reachable through MeshRouting, which every strategy uses. */
export const ROUTING_ENTRIES: CatalogueEntry[] = [
  routingEntry('rule-without-destination', 'lib/routing/route-problems.ts', { http: [{ split: [] }] },
    /^route, rule 1 sends traffic nowhere\. Fix: give the rule at least one version with a weight\.$/),
  routingEntry('weight-out-of-range', 'lib/routing/route-problems.ts', { http: [{ split: [v('v1', 110), v('v2', -10)] }] },
    /^route, rule 1: weight of version "v[12]" (110|-10) is not an integer between 0 and 100\. Fix: use a whole percentage from 0 to 100\.$/, { count: 2, rule: 'checkWeight' }),
  routingEntry('unknown-subset', 'lib/routing/route-problems.ts', { http: [{ split: [v('v3', 100)] }] },
    /^route, rule 1 routes to version "v3", which no DestinationRule subset defines\. Fix: route to one of the declared versions \(v1, v2\) or declare "v3"\.$/),
  routingEntry('weights-not-100', 'lib/routing/route-problems.ts', { http: [{ split: [v('v1', 60), v('v2', 30)] }] },
    /^route, rule 1: the weights sum to 90 \(60 \+ 30\), not 100\. Fix: make the weights of one route add up to exactly 100\.$/, { rule: 'checkWeightSum' }),
  routingEntry('version-twice-in-rule', 'lib/routing/route-problems.ts', { http: [{ split: [v('v1', 50), v('v1', 50)] }] },
    /^route, rule 1 lists version "v1" twice\. Fix: list each version once per rule\.$/),
  routingEntry('header-regex-not-re2', 'lib/routing/route-problems.ts',
    { http: [{ name: 'testers', matches: [{ headers: { cookie: { regex: '^(?=.*user=test).*$' } } }], split: [v('v2', 100)] }, { split: [v('v1', 100)] }] },
    /^route, rule "testers": header "cookie" regex \/\^\(\?=\.\*user=test\)\.\*\$\/ is not a valid RE2 regular expression \(.+\)\. Fix: Envoy uses RE2: remove lookahead\/lookbehind and backreferences, and escape metacharacters\.$/, { rule: 'checkRe2' }),
  routingEntry('uri-regex-not-re2', 'lib/routing/route-problems.ts',
    { http: [{ matches: [{ uri: { regex: '/api/(\\d+)/\\1' } }], split: [v('v2', 100)] }, { split: [v('v1', 100)] }] },
    /^route, rule 1: uri regex \/\/api\/\(\\d\+\)\/\\1\/ is not a valid RE2 regular expression \(.+\)\. Fix: Envoy uses RE2: .+$/, { rule: 'checkRe2' }),
  routingEntry('shadowed-rule', 'lib/routing/route-problems.ts',
    { http: [{ split: [v('v1', 100)] }, { name: 'testers', matches: [{ headers: { 'x-canary': { exact: 'true' } } }], split: [v('v2', 100)] }] },
    /^route, rule 1 matches every request, so the 1 rule\(s\) after it can never match \(shadowed\)\. Fix: put the catch-all rule last, or give it a match condition\.$/),
  routingEntry('tcp-rule-with-header-match', 'lib/routing/route-problems.ts',
    { tcp: [{ matches: [{ headers: { 'x-canary': { exact: 'true' } } }], split: [v('v2', 100)] }] },
    /^tcp route, rule 1 has a header condition, but a TCP connection carries no headers or path, so a TCP route cannot match it\. Fix: match TCP rules on port, sourceLabels or gateways only, or route this traffic with HTTP rules\.$/),
];

/** A shared IngressGateway (lib/providers/ingress-gateway.ts). */
export const INGRESS_GATEWAY_ENTRIES: CatalogueEntry[] = [
  {
    id: 'ingress-gateway/route-host-not-served',
    construct: 'IngressGateway',
    source: 'lib/providers/ingress-gateway.ts',
    example: "gw = new IngressGateway(chart, 'gw', { name: 'shop-gateway', hosts: ['shop.example.com'] }); gateway: gw.routeOptions({ hosts: ['admin.example.com'] })",
    define: (chart: Chart) => {
      const gw = new IngressGateway(chart, 'gw', { name: 'shop-gateway', hosts: ['shop.example.com'] });
      new CanaryService(chart, 'demo4', { ...VALID_CANARY, gateway: gw.routeOptions({ hosts: ['admin.example.com'] }) });
    },
    path: 'gw',
    message: /^route host "admin\.example\.com" is not served by gateway test1\/shop-gateway \(hosts: shop\.example\.com\), so no request for it reaches the route\. Fix: use one of the gateway's hosts, or add "admin\.example\.com" to the gateway's hosts\.$/,
  },
  {
    id: 'ingress-gateway/no-hosts',
    construct: 'IngressGateway',
    source: 'lib/providers/core/gateway.ts',
    example: "new IngressGateway(chart, 'gw', { name: 'shop-gateway', hosts: [] })",
    define: (chart: Chart) => {
      new IngressGateway(chart, 'gw', { name: 'shop-gateway', hosts: [] });
    },
    path: 'gw',
    message: /^the gateway has no hosts\. Fix: list the hosts it serves, e\.g\. \['weather\.example\.com'\], or \['\*'\]\.$/,
  },
  {
    id: 'ingress-gateway/namespace-not-dns-label',
    construct: 'IngressGateway',
    source: 'lib/providers/ingress-gateway.ts',
    example: "new IngressGateway(chart, 'gw', { name: 'shop-gateway', namespace: 'Istio_System' })",
    define: (chart: Chart) => {
      new IngressGateway(chart, 'gw', { name: 'shop-gateway', namespace: 'Istio_System' });
    },
    path: 'gw',
    message: /^gateway namespace "Istio_System" is not a valid DNS-1123 label\. Fix: use 1-63 lower-case letters.+$/,
    rule: 'checkDnsLabel',
  },
  ...([
    ['name-not-dns-label', { name: 'Shop Gateway' }, 'checkDnsLabel',
      /^gateway name "Shop Gateway" is not a valid DNS-1123 label\. Fix: use 1-63 lower-case letters.+$/],
    ['port-out-of-range', { port: 0 }, 'checkPort', /^gateway port 0 is out of range\. Fix: use an integer port between 1 and 65535\.$/],
    ['host-not-dns-name', { hosts: ['shop..example.com'] }, 'checkHostName',
      /^gateway host "shop\.\.example\.com" is not a valid host name\. Fix: use a DNS name such as "demo4\.a\.com", a wildcard such as "\*\.a\.com", or "\*"\.$/],
  ] as Array<[string, Record<string, unknown>, string, RegExp]>).map(([id, props, rule, message]): CatalogueEntry => ({
    id: `ingress-gateway/${id}`,
    construct: 'IngressGateway',
    source: id === 'selector-with-gateway-api' ? 'lib/providers/gateway-api/provider.ts' : 'lib/providers/ingress-gateway.ts',
    rule,
    example: `new IngressGateway(chart, 'gw', { ${propsExample({ name: 'shop-gateway', ...props })} })`,
    define: (chart: Chart) => {
      new IngressGateway(chart, 'gw', { name: 'shop-gateway', ...props } as IngressGatewayProps);
    },
    path: 'gw',
    message,
  })),
  ...([
    ['selector-with-gateway-api', { traffic: Traffic.gatewayApi(), selector: { istio: 'ingressgateway' } },
      /^selector \{"istio":"ingressgateway"\} cannot be expressed in the Gateway API: a Gateway of class "istio" gets a gateway deployment of its own instead of selecting existing gateway pods\. Fix: remove selector, or use traffic: Traffic\.istio\(\) to keep the existing ingress gateway pods\.$/],
  ] as Array<[string, Record<string, unknown>, RegExp]>).map(([id, props, message]): CatalogueEntry => ({
    id: `ingress-gateway/${id}`,
    construct: 'IngressGateway',
    source: id === 'selector-with-gateway-api' ? 'lib/providers/gateway-api/provider.ts' : 'lib/providers/ingress-gateway.ts',
    example: `new IngressGateway(chart, 'gw', { name: 'shop-gateway', ${propsExample(props)} })`,
    define: (chart: Chart) => {
      new IngressGateway(chart, 'gw', { name: 'shop-gateway', ...props } as IngressGatewayProps);
    },
    path: 'gw',
    message,
  })),
];

/** App-level checks (lib/app/app-checks.ts): mistakes that involve several constructs. */
export const APP_ENTRIES: CatalogueEntry[] = [
  {
    id: 'app/same-service-name',
    construct: 'CanaryService x 2',
    source: 'lib/app/app-checks.ts',
    example: "two CanaryServices (ids 'shop' and 'shop-next') both with name: 'shop' in namespace test1",
    define: (chart: Chart) => {
      new CanaryService(chart, 'shop', { ...VALID_CANARY, name: 'shop' });
      new CanaryService(chart, 'shop-next', { ...VALID_CANARY, name: 'shop' });
    },
    path: 'shop-next',
    message: /^Service "shop" in namespace "test1" is also created by test\/shop: two constructs claim the same Service name\. Fix: give each application its own name, or put them in different namespaces\.$/,
  },
  {
    id: 'app/same-host',
    construct: 'CanaryService x 2',
    source: 'lib/app/app-checks.ts',
    example: "cart: gateway { name: 'shop-gateway', hosts: ['shop.example.com'] }; checkout: gateway { name: 'shop-gateway', hosts: ['shop.example.com'], create: false }",
    define: (chart: Chart) => {
      new CanaryService(chart, 'cart', { ...VALID_CANARY, name: 'cart', gateway: { name: 'shop-gateway', hosts: ['shop.example.com'] } });
      new CanaryService(chart, 'checkout', { ...VALID_CANARY, name: 'checkout', gateway: { name: 'shop-gateway', hosts: ['shop.example.com'], create: false } });
    },
    path: 'checkout',
    message: /^host "shop\.example\.com" on gateway test1\/shop-gateway and the mesh is claimed by VirtualService "checkout" and by VirtualService "cart" of test\/cart: which rules apply would depend on Istio's merge order\. Fix: serve each host from one construct: .+$/,
  },
  {
    id: 'app/gateway-created-twice',
    construct: 'CanaryService x 2',
    source: 'lib/app/app-checks.ts',
    example: "cart: gateway { name: 'shop-gateway', hosts: ['cart.example.com'] }; checkout: gateway { name: 'shop-gateway', hosts: ['checkout.example.com'] }",
    define: (chart: Chart) => {
      new CanaryService(chart, 'cart', { ...VALID_CANARY, name: 'cart', gateway: { name: 'shop-gateway', hosts: ['cart.example.com'] } });
      new CanaryService(chart, 'checkout', { ...VALID_CANARY, name: 'checkout', gateway: { name: 'shop-gateway', hosts: ['checkout.example.com'] } });
    },
    path: 'checkout',
    message: /^Gateway "shop-gateway" in namespace "test1" is also created by test\/cart, so one would overwrite the other\. Fix: create a shared Gateway once: set gateway\.create: false on every other construct that uses it .+$/,
  },
  {
    id: 'app/same-object-name',
    construct: 'CanaryService x 2',
    source: 'lib/app/app-checks.ts',
    example: "name: 'shop-api' with canary 'v2', and name: 'shop' with canary 'api-v2' (both make Deployment shop-api-v2)",
    define: (chart: Chart) => {
      new CanaryService(chart, 'shop-api', { ...VALID_CANARY, name: 'shop-api' });
      new CanaryService(chart, 'shop', { ...VALID_CANARY, name: 'shop', canary: { name: 'api-v2', image: 'mritd/demo:2.0.0' } });
    },
    path: 'shop',
    message: /^Deployment "shop-api-v2" in namespace "test1" is also created by test\/shop-api, so one would overwrite the other\. Fix: rename the application or the version of one of them so that the object names differ\.$/,
  },
  {
    id: 'app/same-host-gateway-api',
    construct: 'CanaryService x 2',
    source: 'lib/app/app-checks.ts',
    example: "traffic: Traffic.gatewayApi() on both; cart: gateway { name: 'shop-gateway', hosts: ['shop.example.com'] }; checkout: gateway { name: 'shop-gateway', hosts: ['shop.example.com'], create: false }",
    define: (chart: Chart) => {
      new CanaryService(chart, 'cart', { ...VALID_CANARY, name: 'cart', traffic: Traffic.gatewayApi(), gateway: { name: 'shop-gateway', hosts: ['shop.example.com'] } });
      new CanaryService(chart, 'checkout', { ...VALID_CANARY, name: 'checkout', traffic: Traffic.gatewayApi(), gateway: { name: 'shop-gateway', hosts: ['shop.example.com'], create: false } });
    },
    path: 'checkout',
    message: /^host "shop\.example\.com" on Gateway API gateway test1\/shop-gateway is claimed by HTTPRoute "checkout-ingress" and by HTTPRoute "cart-ingress" of test\/cart: the Gateway API merges their rules by match precedence and the older route wins ties, so which one serves a request would depend on creation order\. Fix: serve each host from one construct: give one of them another host, or route both versions from a single construct\.$/,
  },
  {
    id: 'app/gateway-api-gateway-created-twice',
    construct: 'CanaryService x 2',
    source: 'lib/app/app-checks.ts',
    example: "traffic: Traffic.gatewayApi() on both; cart: gateway { name: 'shop-gateway', hosts: ['cart.example.com'] }; checkout: gateway { name: 'shop-gateway', hosts: ['checkout.example.com'] }",
    define: (chart: Chart) => {
      new CanaryService(chart, 'cart', { ...VALID_CANARY, name: 'cart', traffic: Traffic.gatewayApi(), gateway: { name: 'shop-gateway', hosts: ['cart.example.com'] } });
      new CanaryService(chart, 'checkout', { ...VALID_CANARY, name: 'checkout', traffic: Traffic.gatewayApi(), gateway: { name: 'shop-gateway', hosts: ['checkout.example.com'] } });
    },
    path: 'checkout',
    message: /^Gateway "shop-gateway" in namespace "test1" is also created by test\/cart, so one would overwrite the other\. Fix: create a shared Gateway once: set gateway\.create: false on every other construct that uses it .+$/,
  },
  {
    id: 'app/gateway-not-in-app',
    construct: 'createVirtualService (any VirtualService in the app)',
    source: 'lib/app/app-checks.ts',
    example: "createVirtualService(scope, 'VirtualService', { name: 'legacy', hosts: ['legacy.example.com'], gateways: ['legacy-gateway'], ... }) with no Gateway legacy-gateway in the app",
    define: (chart: Chart) => {
      new CanaryService(chart, 'demo4', VALID_CANARY);
      createVirtualService(new Construct(chart, 'legacy'), 'VirtualService', {
        name: 'legacy',
        hosts: ['legacy.example.com'],
        gateways: ['legacy-gateway'],
        destinationHost: 'demo4',
        http: [{ split: [{ version: 'v1', weight: 100 }] }],
      });
    },
    path: 'legacy',
    message: exact('VirtualService "legacy" is bound to gateway "test1/legacy-gateway", which no Gateway in the app defines. Fix: reference a Gateway that a construct of this app creates (correct the name or namespace, or let this construct create it: remove gateway.create: false), or, if it is managed outside this app, say so: gateway.external: true (declareExternalGateway for hand-made routes).'),
  },
];
