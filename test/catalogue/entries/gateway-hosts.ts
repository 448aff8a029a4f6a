import { Chart } from 'cdk8s';
import { BlueGreenService, CanaryService, IngressGateway, MeshRouting, Traffic } from '../../../lib';
import { CatalogueEntry, exact } from '../catalogue';
import { VALID_BLUE_GREEN } from './bluegreen';
import { VALID_CANARY } from './canary';

const COVERAGE = 'lib/app/gateway-hosts.ts';
const HOSTS = 'lib/providers/core/gateway-hosts.ts';
const BINDINGS = 'lib/routing/match-bindings.ts';
const SUBSETS = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];

/** A CanaryService `demo4` whose gateway is `gateway`. */
function gatewayEntry(id: string, gateway: Record<string, unknown> | ((chart: Chart) => Record<string, unknown>), example: string, message: RegExp): CatalogueEntry {
  return {
    id: `gateway/${id}`,
    construct: 'CanaryService (any construct taking GatewayOptions)',
    source: HOSTS,
    example,
    define: (chart: Chart) => {
      new CanaryService(chart, 'demo4', { ...VALID_CANARY, gateway: (typeof gateway === 'function' ? gateway(chart) : gateway) as any });
    },
    path: 'demo4/Routing',
    message,
  };
}

/**
 * Gateway hosts (issue 11): a route host the app's Gateway does not serve (IST0132), hosts a
 * VirtualService may not list together, the explicit external gateway, and where a match applies.
 */
export const GATEWAY_HOST_ENTRIES: CatalogueEntry[] = [
  {
    id: 'app/route-host-not-in-gateway',
    construct: 'CanaryService x 2',
    source: COVERAGE,
    example: "orders: gateway { name: 'store-gateway', hosts: ['orders.example.com'] }; payments: gateway { name: 'store-gateway', hosts: ['payments.example.com'], create: false }",
    define: (chart: Chart) => {
      new CanaryService(chart, 'orders', { ...VALID_CANARY, name: 'orders', gateway: { name: 'store-gateway', hosts: ['orders.example.com'], includeMesh: false } });
      new CanaryService(chart, 'payments', { ...VALID_CANARY, name: 'payments', gateway: { name: 'store-gateway', hosts: ['payments.example.com'], create: false, includeMesh: false } });
    },
    path: 'payments',
    message: exact('VirtualService "payments" serves host "payments.example.com" through gateway "test1/store-gateway", but that Gateway (created by test/orders) does not list it (its hosts: orders.example.com), so the ingress answers requests for "payments.example.com" with 404 (Istio IST0132). Fix: list "payments.example.com" on the Gateway where it is created (test/orders): create a shared Gateway once as an IngressGateway that lists every host, pass gw.routeOptions({ hosts: [...] }) to each construct that uses it, or use a host that gateway serves.'),
  },
  {
    id: 'app/preview-host-not-in-shared-gateway',
    construct: 'IngressGateway + BlueGreenService',
    source: COVERAGE,
    example: "gw = new IngressGateway(chart, 'gw', { name: 'shop-gateway', hosts: ['bg.example.com'] }); shop: gateway: gw.routeOptions(), previewHost: 'preview.bg.example.com'",
    define: (chart: Chart) => {
      const gw = new IngressGateway(chart, 'gw', { name: 'shop-gateway', hosts: ['bg.example.com'] });
      new BlueGreenService(chart, 'shop', { ...VALID_BLUE_GREEN, gateway: gw.routeOptions(), previewHost: 'preview.bg.example.com' });
    },
    path: 'shop',
    message: exact('VirtualService "shop-preview" serves host "preview.bg.example.com" through gateway "test1/shop-gateway", but that Gateway (created by test/gw) does not list it (its hosts: bg.example.com), so the ingress answers requests for "preview.bg.example.com" with 404 (Istio IST0132). Fix: list "preview.bg.example.com" on the Gateway where it is created (test/gw): create a shared Gateway once as an IngressGateway that lists every host, pass gw.routeOptions({ hosts: [...] }) to each construct that uses it, or use a host that gateway serves.'),
  },
  {
    id: 'app/create-false-gateway-not-in-app',
    construct: 'CanaryService',
    source: 'lib/app/app-checks.ts',
    example: "gateway: { name: 'weather-gatway', namespace: 'istio-system', hosts: ['typo.example.com'], create: false } (a typo, or a Gateway managed outside the app?)",
    define: (chart: Chart) => {
      new CanaryService(chart, 'demo4', { ...VALID_CANARY, gateway: { name: 'weather-gatway', namespace: 'istio-system', hosts: ['typo.example.com'], create: false } });
    },
    path: 'demo4',
    message: exact('VirtualService "demo4" is bound to gateway "istio-system/weather-gatway", which no Gateway in the app defines. Fix: reference a Gateway that a construct of this app creates (correct the name or namespace, or let this construct create it: remove gateway.create: false), or, if it is managed outside this app, say so: gateway.external: true (declareExternalGateway for hand-made routes).'),
  },
  {
    id: 'app/create-false-gateway-not-in-app-gateway-api',
    construct: 'CanaryService (Traffic.gatewayApi())',
    source: 'lib/app/app-checks.ts',
    example: "traffic: Traffic.gatewayApi(), gateway: { name: 'weather-gatway', namespace: 'istio-system', hosts: ['typo.example.com'], create: false } (a typo, or a Gateway managed outside the app?)",
    define: (chart: Chart) => {
      new CanaryService(chart, 'demo4', { ...VALID_CANARY, traffic: Traffic.gatewayApi(), gateway: { name: 'weather-gatway', namespace: 'istio-system', hosts: ['typo.example.com'], create: false } });
    },
    path: 'demo4',
    message: /^HTTPRoute "demo4-ingress" is bound to gateway "istio-system\/weather-gatway", which no Gateway in the app defines( \(similar Gateways in the app: [^)]*\))?\. Fix: reference a Gateway that a construct of this app creates \(correct the name or namespace, or let this construct create it: remove gateway\.create: false\), or, if it is managed outside this app, say so: gateway\.external: true \(declareExternalGateway for hand-made routes\)\.$/,
  },
  gatewayEntry('host-twice', { name: 'demo4-gateway', hosts: ['twice.example.com', 'twice.example.com'] },
    "gateway: { name: 'demo4-gateway', hosts: ['twice.example.com', 'twice.example.com'] }", exact('gateway host "twice.example.com" is listed twice. Fix: list each host once.')),
  gatewayEntry('wildcard-covers-host', { name: 'demo4-gateway', hosts: ['*.wild.example.com', 'demo4.wild.example.com'] },
    "gateway: { name: 'demo4-gateway', hosts: ['*.wild.example.com', 'demo4.wild.example.com'] }", exact('gateway hosts "*.wild.example.com" and "demo4.wild.example.com" overlap: "*.wild.example.com" already covers "demo4.wild.example.com", and Istio refuses a VirtualService whose hosts overlap. Fix: keep only "*.wild.example.com", or list the named hosts without the wildcard.')),
  gatewayEntry('service-host-among-gateway-hosts', (chart) => ({ name: 'demo4-gateway', hosts: ['svc.example.com', `demo4.${chart.namespace}.svc.cluster.local`] }),
    "gateway: { name: 'demo4-gateway', hosts: ['svc.example.com', 'demo4.test1.svc.cluster.local'] } (chart namespace test1)", exact("gateway host \"demo4.test1.svc.cluster.local\" is the Service's own host, which the route already serves on the mesh, so the VirtualService would list it twice (Istio refuses duplicate hosts). Fix: remove the Service host from gateway.hosts and list the external hosts only (the mesh route serves the Service host).")),
  gatewayEntry('wildcard-covers-service-host', { name: 'demo4-gateway', hosts: ['*.svc.cluster.local'] },
    "gateway: { name: 'demo4-gateway', hosts: ['*.svc.cluster.local'] } with includeMesh (the default)", exact('gateway host "*.svc.cluster.local" covers the Service host "demo4.test1.svc.cluster.local", which the route also serves on the mesh, and Istio refuses a VirtualService whose hosts overlap. Fix: name the external hosts, or set includeMesh: false.')),
  { ...gatewayEntry('external-and-create', { name: 'weather-gateway', namespace: 'istio-system', hosts: ['ext.example.com'], external: true, create: true },
    "gateway: { name: 'weather-gateway', namespace: 'istio-system', hosts: ['ext.example.com'], external: true, create: true }", exact('gateway.external is true, which says the Gateway is managed outside this app, but gateway.create is true, which says this construct creates it. Fix: remove create (an external Gateway is never created here), or remove external to create the Gateway here.')), path: 'demo4' },
  {
    id: 'gateway/external-and-create-blue-green',
    construct: 'BlueGreenService (renders its own Gateway)',
    source: HOSTS,
    example: "gateway: { name: 'shop-gateway', hosts: ['shop.example.com'], external: true, create: true }",
    define: (chart: Chart) => {
      new BlueGreenService(chart, 'shop', { ...VALID_BLUE_GREEN, gateway: { name: 'shop-gateway', hosts: ['shop.example.com'], external: true, create: true } });
    },
    path: 'shop',
    message: exact('gateway.external is true, which says the Gateway is managed outside this app, but gateway.create is true, which says this construct creates it. Fix: remove create (an external Gateway is never created here), or remove external to create the Gateway here.'),
  },
  {
    id: 'mesh-routing/match-gateway-not-a-reference',
    construct: 'MeshRouting',
    source: BINDINGS,
    example: "http: [{ matches: [{ gateways: ['istio-system/Weather_Gateway'] }], split: [{ version: 'v2', weight: 100 }] }, { split: [{ version: 'v1', weight: 100 }] }]",
    define: (chart: Chart) => {
      new MeshRouting(chart, 'routing', {
        service: 'demo4', subsets: SUBSETS,
        http: [{ matches: [{ gateways: ['istio-system/Weather_Gateway'] }], split: [{ version: 'v2', weight: 100 }] }, { split: [{ version: 'v1', weight: 100 }] }],
      });
    },
    path: 'routing',
    message: exact('route, rule 1: match gateway "istio-system/Weather_Gateway" is not a gateway reference. Fix: name a gateway as "mesh", "<name>" or "<namespace>/<name>" (lower-case DNS labels), e.g. "istio-system/weather-gateway".'),
  },
  {
    id: 'mesh-routing/match-port-out-of-range',
    construct: 'MeshRouting',
    source: BINDINGS,
    example: "tcp: [{ matches: [{ port: 70000 }], split: [{ version: 'v1', weight: 100 }] }]",
    define: (chart: Chart) => {
      new MeshRouting(chart, 'routing', { service: 'demo4', subsets: SUBSETS, tcp: [{ matches: [{ port: 70000 }], split: [{ version: 'v1', weight: 100 }] }] });
    },
    path: 'routing',
    message: exact('route, rule 1: match port 70000 is out of range. Fix: use an integer port between 1 and 65535.'),
  },
];
