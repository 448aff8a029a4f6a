import { withEnv as withEnvVars } from '../support/env';
/**
 * The `traffic` option of the strategies: how the API is chosen (code, context, ROLLOUT_TRAFFIC),
 * what each strategy exposes with `gateway-api`, the errors of the option (one test per message),
 * and `simulate()` choosing the Gateway API rules only for requests Gateway API objects decide.
 */
import { App, Chart } from 'cdk8s';
import { BlueGreenService, CanaryService, chooseTrafficApi, collectValidationErrors, GatewayApiRouting, headerPrefix, HeaderRoute, IngressGateway, MeshRouting, MultiServiceRelease, renderStageRouting, shareByVersion, simulate, simulateGatewayApi, TcpCanary, Traffic, TRAFFIC_CONTEXT, TRAFFIC_ENV_VAR, VersionedApp } from '../../lib';
import { synthChart, synthErrors } from '../support/synth';
import { trafficOf } from '../support/traffic';

/** Runs `f` with ROLLOUT_TRAFFIC set to `value` (unset when undefined). */
const withEnv = <T>(value: string | undefined, f: () => T): T => withEnvVars({ [TRAFFIC_ENV_VAR]: value }, f);

const v1 = { name: 'v1', image: 'mritd/demo:1.0.0' };
const v2 = { name: 'v2', image: 'mritd/demo:2.0.0' };

/** A canary in chart `test` (namespace test1), with the app context set first. */
function canaryIn(context: unknown, traffic?: 'istio' | 'gateway-api'): { app: App; canary: CanaryService } {
  const app = new App();
  if (context !== undefined) app.node.setContext(TRAFFIC_CONTEXT, context);
  const chart = new Chart(app, 'test', { namespace: 'test1' });
  const canary = new CanaryService(chart, 'demo4', { name: 'demo4', stable: v1, canary: v2, stages: [10, 100], stage: 'canary-10', ...(traffic ? { traffic: trafficOf(traffic) } : {}) });
  return { app, canary };
}

describe('choosing the traffic API', () => {
  test('default istio; ROLLOUT_TRAFFIC; the context wins over it; the prop wins over both', () => {
    withEnv(undefined, () => expect(canaryIn(undefined).canary.traffic).toBe('istio'));
    withEnv('gateway-api', () => {
      expect(canaryIn(undefined).canary.traffic).toBe('gateway-api');
      expect(canaryIn('istio').canary.traffic).toBe('istio');
      expect(canaryIn(undefined, 'istio').canary.traffic).toBe('istio');
    });
    withEnv(undefined, () => expect(canaryIn('gateway-api', 'istio').canary.traffic).toBe('istio'));
  });

  test('per construct, by id or path, in the environment (ROLLOUT_STAGE syntax) and in a context map', () => {
    withEnv('demo4=gateway-api', () => expect(canaryIn(undefined).canary.traffic).toBe('gateway-api'));
    withEnv('test/demo4=gateway-api,other=istio', () => expect(canaryIn(undefined).canary.traffic).toBe('gateway-api'));
    withEnv('other=gateway-api', () => expect(canaryIn(undefined).canary.traffic).toBe('istio'));
    withEnv(undefined, () => {
      expect(canaryIn({ 'test/demo4': 'gateway-api' }).canary.traffic).toBe('gateway-api');
      expect(canaryIn({ other: 'gateway-api' }).canary.traffic).toBe('istio');
    });
  });

  test('chooseTrafficApi reports where the choice came from', () => {
    const app = new App();
    app.node.setContext(TRAFFIC_CONTEXT, 'gateway-api');
    const c = new Chart(app, 'c');
    expect(chooseTrafficApi(c, 'istio')).toEqual({ traffic: 'istio', source: 'code' });
    expect(chooseTrafficApi(c, undefined)).toEqual({ traffic: 'gateway-api', source: 'context' });
    withEnv('gateway-api', () => expect(chooseTrafficApi(new Chart(new App(), 'd'), undefined)).toEqual({ traffic: 'gateway-api', source: 'environment' }));
    withEnv(undefined, () => expect(chooseTrafficApi(new Chart(new App(), 'd'), undefined)).toEqual({ traffic: 'istio', source: 'default' }));
  });
});

describe('strategies with traffic gateway-api', () => {
  test('CanaryService: gatewayApiRouting instead of routing; the Service <name> stays; no Istio objects', () => {
    let canary!: CanaryService;
    const m = synthChart((c) => { canary = new CanaryService(c, 'demo4', { name: 'demo4', stable: v1, canary: v2, stages: [10, 100], stage: 'canary-10', traffic: Traffic.gatewayApi(), servicePort: 8080, containerPort: 9090 }); });
    expect([canary.traffic, MeshRouting.of(canary.routing), GatewayApiRouting.of(canary.routing)?.meshRoute?.name]).toEqual(['gateway-api', undefined, 'demo4']);
    expect(m.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/demo4', 'Deployment/demo4-v1', 'Deployment/demo4-v2', 'Service/demo4-v1', 'Service/demo4-v2', 'HTTPRoute/demo4']);
    // The version Services use the construct's ports; the route's backendRefs the Service port.
    expect(m.find((o) => o.kind === 'Service' && o.metadata.name === 'demo4-v2').spec.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 9090 }]);
    expect(m.find((o) => o.kind === 'HTTPRoute').spec.rules[0].backendRefs).toEqual([{ name: 'demo4-v1', port: 8080, weight: 90 }, { name: 'demo4-v2', port: 8080, weight: 10 }]);
    expect(shareByVersion(simulate(m, { host: 'demo4', sourceNamespace: 'test1' }))).toEqual({ v1: 0.9, v2: 0.1 });
  });

  test('HeaderRoute: the content rules as HTTPRoute matches', () => {
    let route!: HeaderRoute;
    const m = synthChart((c) => {
      route = new HeaderRoute(c, 'forecast', {
        name: 'forecast', versions: [v1, v2], traffic: Traffic.gatewayApi(),
        stages: [{ name: 'testers', routes: [{ matches: [{ headers: { 'x-tester': { exact: 'yes' } } }], to: 'v2' }], default: 'v1' }], stage: 'testers',
      });
    });
    expect([MeshRouting.of(route.routing), GatewayApiRouting.of(route.routing)?.meshRoute?.name]).toEqual([undefined, 'forecast']);
    expect(shareByVersion(simulate(m, { host: 'forecast', sourceNamespace: 'test1', headers: { 'x-tester': 'yes' } }))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(m, { host: 'forecast', sourceNamespace: 'test1' }))).toEqual({ v1: 1 });
  });

  test('TcpCanary: TCPRoutes on the gateway listener (and the Service with includeMesh), no port conditions', () => {
    let tcp!: TcpCanary;
    const m = synthChart((c) => {
      tcp = new TcpCanary(c, 'tcp-echo', {
        name: 'tcp-echo', port: 9000, stable: v1, canary: v2, stages: [20, 100], stage: 'canary-20', traffic: Traffic.gatewayApi(),
        gateway: { name: 'tcp-echo-gateway', hosts: ['tcp-echo.example.com'], includeMesh: true },
      });
    });
    expect(tcp.rules).toEqual([{ split: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] }]);
    expect(GatewayApiRouting.of(tcp.routing)?.tcpRoutes.map((r) => r.name)).toEqual(['tcp-echo', 'tcp-echo-ingress']);
    expect(shareByVersion(simulate(m, { host: 'tcp-echo', sourceNamespace: 'test1', protocol: 'tcp', port: 9000 }))).toEqual({ v1: 0.8, v2: 0.2 });
    expect(shareByVersion(simulate(m, { host: 'x', gateway: 'tcp-echo-gateway', protocol: 'tcp', port: 31400 }))).toEqual({ v1: 0.8, v2: 0.2 });
  });

  test('IngressGateway: a Gateway API Gateway, one listener per host, routes of every namespace admitted', () => {
    const m = synthChart((c) => { new IngressGateway(c, 'gw', { name: 'shop-gateway', namespace: 'istio-system', hosts: ['a.example.com', 'b.example.com'], traffic: Traffic.gatewayApi() }); });
    expect(m).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'shop-gateway', namespace: 'istio-system' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [
          { name: 'http-80-1', hostname: 'a.example.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'http-80-2', hostname: 'b.example.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        ],
      },
    }]);
  });

  test('BlueGreenService: a Gateway API Gateway of its own serving the preview host too', () => {
    let bg!: BlueGreenService;
    const m = synthChart((c) => {
      bg = new BlueGreenService(c, 'shop', {
        name: 'shop', blue: v1, green: v2, stage: 'preview', traffic: Traffic.gatewayApi(),
        gateway: { name: 'shop-gateway', hosts: ['shop.example.com'], namespace: 'gateways' }, previewHost: 'preview.shop.example.com',
      });
    });
    expect([MeshRouting.of(bg.routing), GatewayApiRouting.of(bg.routing)?.ingressRoute?.name, bg.previewRoute?.kind, bg.previewRoute?.name]).toEqual([undefined, 'shop-ingress', 'HTTPRoute', 'shop-preview']);
    const gateway = m.find((o) => o.kind === 'Gateway');
    expect(gateway.metadata).toEqual({ name: 'shop-gateway', namespace: 'gateways' });
    expect(gateway.spec.listeners.map((l: any) => [l.hostname, l.allowedRoutes])).toEqual([
      ['shop.example.com', { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'test1' } } } }],
      ['preview.shop.example.com', { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'test1' } } } }],
    ]);
    expect(shareByVersion(simulate(m, { host: 'preview.shop.example.com', gateway: 'gateways/shop-gateway' }))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(m, { host: 'shop.example.com', gateway: 'gateways/shop-gateway' }))).toEqual({ v1: 1 });
  });
});

describe('errors of the traffic option', () => {
  test('an unknown traffic API in code, in ROLLOUT_TRAFFIC and in the context', () => {
    const fix = "Fix: use one of 'istio', 'istio-ambient', 'gateway-api', 'ingress-nginx', 'service-selector' (the registered traffic providers, each with its default options), or set traffic in code for other options (e.g. Traffic.replicaRatio({ totalReplicas, rounding })).";
    const errs = (context?: string) => {
      const { app } = canaryIn(context);
      return collectValidationErrors(app);
    };
    withEnv(undefined, () => expect(synthErrors((c) => new CanaryService(c, 'demo4', { name: 'demo4', stable: v1, canary: v2, stages: [10], stage: 'canary-10', traffic: 'linkerd' as any })))
      .toEqual([`[test/demo4] traffic "linkerd" is not a traffic API this library renders. ${fix}`]));
    withEnv('gatway-api', () => expect(errs()).toEqual([`[test/demo4] traffic "gatway-api" (from ROLLOUT_TRAFFIC) is not a traffic API this library renders. ${fix}`]));
    withEnv(undefined, () => expect(errs('ambient')).toEqual([`[test/demo4] traffic "ambient" (from the context key cdk8s-progressive:traffic) is not a traffic API this library renders. ${fix}`]));
  });

  test('BlueGreenService: an unknown traffic mode in code lists all three; from ROLLOUT_TRAFFIC the registered providers', () => {
    const bg = () => synthErrors((c) => new BlueGreenService(c, 'shop', { name: 'shop', blue: v1, green: v2, stage: 'preview' }));
    withEnv('selector', () => expect(bg()).toEqual([expect.stringMatching(/^\[test\/shop\] traffic "selector" \(from ROLLOUT_TRAFFIC\) is not a traffic API this library renders\. Fix: use one of 'istio', 'istio-ambient', 'gateway-api', 'ingress-nginx', 'service-selector' \(/)]));
    withEnv(undefined, () => expect(synthErrors((c) => new BlueGreenService(c, 'shop', { name: 'shop', blue: v1, green: v2, stage: 'preview', traffic: 'nginx' as any }))).toEqual([
      "[test/shop] traffic \"nginx\" is not a traffic mode this construct knows. Fix: use 'istio' (VirtualService over subsets), 'gateway-api' (HTTPRoutes over a Service per version) or 'service-selector' (plain Kubernetes Service selector).",
    ]));
  });

  test('BlueGreenService with gateway-api: TCP, and a preview host without a gateway', () => {
    const errs = synthErrors((c) => new BlueGreenService(c, 'shop', { name: 'shop', blue: v1, green: v2, stage: 'preview', traffic: Traffic.gatewayApi(), protocol: 'tcp', previewHost: 'preview.shop.example.com' }));
    expect(errs).toEqual([
      "[test/shop] protocol 'tcp' cannot be routed by traffic 'gateway-api': BlueGreenService switches HTTP routes, which never apply to a TCP port. Fix: use traffic: Traffic.serviceSelector() (the selector switch works for any protocol), or an HTTP protocol.",
      expect.stringMatching(/^\[test\/shop\] previewHost "preview\.shop\.example\.com" needs a gateway: it is an external host served by a Gateway\. Fix: /),
    ]);
  });

  test('what the Gateway API cannot express fails on the strategy\'s routing (a header prefix)', () => {
    const errs = synthErrors((c) => new HeaderRoute(c, 'forecast', {
      name: 'forecast', versions: [v1, v2], traffic: Traffic.gatewayApi(),
      stages: [{ name: 'mozilla', routes: [{ matches: [headerPrefix('user-agent', 'Mozilla/5.0')], to: 'v2' }], default: 'v1' }], stage: 'mozilla',
    }));
    expect(errs).toEqual([expect.stringMatching(/^\[test\/forecast\/Routing\] HTTP route, rule 1: header "user-agent" prefix "Mozilla\/5\.0" cannot be expressed in the Gateway API.* Fix: match the header with \{ regex: 'Mozilla\/5\\\.0\.\*' \}/)]);
  });

  test('MultiServiceRelease with traffic gateway-api set in code: sourceLabels cannot be expressed', () => {
    const errs = synthErrors((c) => new MultiServiceRelease(c, 'release', {
      from: 'v1', to: 'v2', traffic: Traffic.gatewayApi(),
      entry: { name: 'frontend', versions: [v1, v2] },
      downstream: [{ name: 'forecast', versions: [v1, v2] }],
      stages: [{ name: 'half', weight: 50 }],
      stage: 'half',
    }));
    expect(errs).toEqual([
      "[test/release] traffic 'gateway-api' cannot render this release: its downstream services route calls by the caller's version (Istio sourceLabels app: <caller>, version: v2), and sourceLabels cannot be expressed in the Gateway API, whose HTTPRoute has no condition on the calling workload. Fix: set traffic: Traffic.istio() on this MultiServiceRelease (a traffic prop set in code wins over ROLLOUT_TRAFFIC), or release the services one at a time with CanaryService or HeaderRoute.",
    ]);
  });

  test('TcpCanary with gateway-api: a gateway selector cannot be expressed', () => {
    const errs = synthErrors((c) => new TcpCanary(c, 'tcp-echo', {
      name: 'tcp-echo', port: 9000, stable: v1, canary: v2, stages: [20], stage: 'canary-20', traffic: Traffic.gatewayApi(), gateway: { name: 'tcp-echo-gateway', selector: { istio: 'ingressgateway' } },
    }));
    expect(errs).toEqual([expect.stringMatching(/^\[test\/tcp-echo\/Routing\] gateway\.selector \{"istio":"ingressgateway"\} cannot be expressed in the Gateway API/)]);
  });
});

describe('simulate() picks the rules of the objects that decide the request', () => {
  const build = (define: (c: Chart) => void) => synthChart(define);
  const subsets = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];
  /** The same app routed 90/10 by Istio and 50/50 by Gateway API objects, both present. */
  const mixed = build((c) => {
    new VersionedApp(c, 'App', { app: 'demo4', versions: [v1, v2] });
    renderStageRouting(c, 'Istio', Traffic.istio().provider, { service: 'demo4', versions: subsets, http: [{ split: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] }], gateway: { name: 'istio-gw', hosts: ['demo4.a.com'] } });
    renderStageRouting(c, 'GatewayApi', Traffic.gatewayApi().provider, { service: 'demo4', versions: subsets, http: [{ split: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] }], gateway: { name: 'gwapi-gw', hosts: ['demo4.a.com'] } });
  });

  test('a request through a Gateway API Gateway follows the HTTPRoutes; through an Istio Gateway the VirtualService', () => {
    expect(shareByVersion(simulate(mixed, { host: 'demo4.a.com', gateway: 'gwapi-gw' }))).toEqual({ v1: 0.5, v2: 0.5 });
    expect(shareByVersion(simulate(mixed, { host: 'demo4.a.com', gateway: 'test1/gwapi-gw' }))).toEqual({ v1: 0.5, v2: 0.5 });
    expect(shareByVersion(simulate(mixed, { host: 'demo4.a.com', gateway: 'istio-gw' }))).toEqual({ v1: 0.9, v2: 0.1 });
    expect(simulate(mixed, { host: 'demo4.a.com', gateway: 'istio-gw' }).rule).toBeDefined();
  });

  test('from the mesh a VirtualService for the host wins; without one the HTTPRoute on the Service decides', () => {
    expect(shareByVersion(simulate(mixed, { host: 'demo4', sourceNamespace: 'test1' }))).toEqual({ v1: 0.9, v2: 0.1 });
    const gatewayApiOnly = mixed.filter((o) => !o.apiVersion.startsWith('networking.istio.io/'));
    expect(simulate(gatewayApiOnly, { host: 'demo4', sourceNamespace: 'test1' })).toEqual(simulateGatewayApi(gatewayApiOnly, { host: 'demo4', sourceNamespace: 'test1' }));
    expect(shareByVersion(simulate(gatewayApiOnly, { host: 'demo4', sourceNamespace: 'test1' }))).toEqual({ v1: 0.5, v2: 0.5 });
  });

  test('without any route, mesh traffic still follows the Service selector, and an unknown gateway still fails', () => {
    const plain = build((c) => { new VersionedApp(c, 'App', { app: 'demo4', versions: [v1, v2] }); });
    expect(shareByVersion(simulate(plain, { host: 'demo4', sourceNamespace: 'test1' }))).toEqual({ v1: 0.5, v2: 0.5 });
    expect(simulate(plain, { host: 'demo4.a.com', gateway: 'nowhere' }).failures).toEqual(['gateway default/nowhere is not among the manifests']);
  });
});
