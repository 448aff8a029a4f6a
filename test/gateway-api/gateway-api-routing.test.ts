/**
 * GatewayApiRouting: the objects it renders (checked for meaning with the Gateway API simulator and
 * for validity against the v1.6.1 schemas), and one test per error message.
 */
import { Chart } from 'cdk8s';
import { GatewayApiRouting, GatewayApiRoutingProps } from '../../lib/providers/gateway-api';
import { MeshRouting } from '../../lib/providers/istio/mesh-routing';
import { IngressDescription } from '../../lib/app/gateway-conflicts';
import { RouteRule } from '../../lib/routing/route-model';
import { simulateGatewayApi } from '../../lib/providers/gateway-api/simulator';
import { shareByVersion, simulate } from '../../lib/simulator/simulator';
import { VersionedApp } from '../../lib/workload/versioned-app';
import { validateManifests } from '../support/schema';
import { find, ofKind, synthChart, synthErrors } from '../support/synth';

const versions = [{ name: 'v1', image: 'mritd/demo:1.0.0' }, { name: 'v2', image: 'mritd/demo:2.0.0' }];
const subsets = versions.map((v) => ({ name: v.name, labels: { version: v.name } }));
const split = (v2: number) => [{ version: 'v1', weight: 100 - v2 }, { version: 'v2', weight: v2 }];

function routing(props: Partial<GatewayApiRoutingProps>, chartNamespace: string | null = 'test1') {
  const define = (chart: Chart) => {
    new VersionedApp(chart, 'App', { app: 'demo4', versions, protocol: props.tcp ? 'tcp' : undefined, containerPort: props.targetPort });
    new GatewayApiRouting(chart, 'Routing', { service: 'demo4', subsets, ...props });
  };
  const chartProps = { namespace: chartNamespace ?? undefined };
  return { manifests: () => synthChart(define, chartProps), errors: () => synthErrors(define, chartProps) };
}

describe('rendered objects', () => {
  let all: any[] = [];
  afterAll(() => {
    // every object rendered by this block, validated in one batch
    expect(validateManifests(all)).toEqual([]);
  });
  const keep = (m: any[]) => {
    all = all.concat(m);
    return m;
  };

  test('header rule: HTTPRoute with Exact/RegularExpression header matches, weighted backendRefs to the version Services', () => {
    const m = keep(routing({
      http: [
        { name: 'testers', matches: [{ headers: { 'x-canary': { exact: 'true' } } }, { headers: { cookie: { regex: '.*tester.*' } } }], split: split(100) },
        { split: split(20) },
      ],
    }).manifests());
    const route = find(m, 'HTTPRoute', 'demo4');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'demo4' }]);
    expect(route.spec.rules[0]).toEqual({
      name: 'testers',
      matches: [
        { headers: [{ name: 'x-canary', type: 'Exact', value: 'true' }] },
        { headers: [{ name: 'cookie', type: 'RegularExpression', value: '.*tester.*' }] },
      ],
      backendRefs: [{ name: 'demo4-v1', port: 80, weight: 0 }, { name: 'demo4-v2', port: 80, weight: 100 }],
    });
    expect(ofKind(m, 'Service').map((s) => [s.metadata.name, s.spec.selector])).toEqual([
      ['demo4', { app: 'demo4' }],
      ['demo4-v1', { app: 'demo4', version: 'v1' }],
      ['demo4-v2', { app: 'demo4', version: 'v2' }],
    ]);
    const share = (headers: Record<string, string>) => shareByVersion(simulateGatewayApi(m, { host: 'demo4', headers }));
    expect(share({ 'X-Canary': 'true' })).toEqual({ v2: 1 });
    expect(share({ cookie: 'a=1; user=tester' })).toEqual({ v2: 1 });
    expect(share({})).toEqual({ v1: 0.8, v2: 0.2 });
  });

  test('north-south: a Gateway of class istio with one listener per host, and an HTTPRoute <service>-ingress with the hosts', () => {
    const m = keep(routing({ http: [{ split: split(10) }], gateway: { name: 'web', hosts: ['a.example.com', '*.b.example.com'], includeMesh: false } }).manifests());
    const gw = ofKind(m, 'Gateway')[0];
    expect(gw.spec).toEqual({
      gatewayClassName: 'istio',
      listeners: [
        { name: 'http-80-1', port: 80, protocol: 'HTTP', hostname: 'a.example.com' },
        { name: 'http-80-2', port: 80, protocol: 'HTTP', hostname: '*.b.example.com' },
      ],
    });
    const route = find(m, 'HTTPRoute', 'demo4-ingress');
    expect(route.spec.parentRefs).toEqual([{ name: 'web' }]);
    expect(route.spec.hostnames).toEqual(['a.example.com', '*.b.example.com']);
    expect(ofKind(m, 'HTTPRoute')).toHaveLength(1);
    expect(shareByVersion(simulateGatewayApi(m, { host: 'x.b.example.com', gateway: 'web' }))).toEqual({ v1: 0.9, v2: 0.1 });
    expect(simulateGatewayApi(m, { host: 'c.example.com', gateway: 'web' }).failed).toBe(1);
  });

  test('a Gateway in another namespace admits exactly the routes namespace, and the route names it', () => {
    const m = keep(routing({ http: [{ split: split(10) }], gateway: { name: 'shared', namespace: 'istio-system', hosts: ['*'] } }).manifests());
    const gw = ofKind(m, 'Gateway')[0];
    expect(gw.metadata.namespace).toBe('istio-system');
    expect(gw.spec.listeners).toEqual([{
      name: 'http-80', port: 80, protocol: 'HTTP',
      allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'test1' } } } },
    }]);
    const route = find(m, 'HTTPRoute', 'demo4-ingress');
    expect(route.spec.parentRefs).toEqual([{ name: 'shared', namespace: 'istio-system' }]);
    expect(route.spec.hostnames).toBeUndefined();
    expect(shareByVersion(simulateGatewayApi(m, { host: 'anything.example.com', gateway: 'istio-system/shared' }))).toEqual({ v1: 0.9, v2: 0.1 });
    // the mesh route exists too (includeMesh defaults to true)
    expect(shareByVersion(simulateGatewayApi(m, { host: 'demo4' }))).toEqual({ v1: 0.9, v2: 0.1 });
  });

  test('match gateways: a rule bound to the mesh only is left out of the ingress route', () => {
    const m = keep(routing({
      http: [
        { matches: [{ headers: { 'x-debug': { exact: '1' } }, gateways: ['mesh'] }], split: split(100) },
        { split: split(0) },
      ],
      gateway: { name: 'web', hosts: ['a.example.com'] },
    }).manifests());
    expect(find(m, 'HTTPRoute', 'demo4').spec.rules).toHaveLength(2);
    expect(find(m, 'HTTPRoute', 'demo4-ingress').spec.rules).toHaveLength(1);
    expect(shareByVersion(simulateGatewayApi(m, { host: 'demo4', headers: { 'x-debug': '1' } }))).toEqual({ v2: 1 });
    expect(shareByVersion(simulateGatewayApi(m, { host: 'a.example.com', gateway: 'web', headers: { 'x-debug': '1' } }))).toEqual({ v1: 1 });
  });

  test('TCP: a TCPRoute v1 (one weighted rule) for the mesh and a TCP listener; same shares as the Istio TCP routing', () => {
    const tcp: RouteRule[] = [{ split: split(30) }];
    const props = { tcp, destinationPort: 9000, targetPort: 9000, gateway: { name: 'tcp-gw', hosts: ['tcp.example.com'], port: 31400 }, gatewayProtocol: 'TCP' as const };
    const m = keep(routing(props).manifests());
    const routes = ofKind(m, 'TCPRoute');
    expect(routes.map((r) => [r.apiVersion, r.metadata.name, r.spec.parentRefs])).toEqual([
      ['gateway.networking.k8s.io/v1', 'demo4', [{ group: '', kind: 'Service', name: 'demo4' }]],
      ['gateway.networking.k8s.io/v1', 'demo4-ingress', [{ name: 'tcp-gw' }]],
    ]);
    expect(routes[0].spec.rules).toEqual([{ backendRefs: [{ name: 'demo4-v1', port: 9000, weight: 70 }, { name: 'demo4-v2', port: 9000, weight: 30 }] }]);
    expect(ofKind(m, 'Gateway')[0].spec.listeners).toEqual([{ name: 'tcp-31400', port: 31400, protocol: 'TCP' }]);
    const istio = synthChart((chart) => {
      // Istio's demo profile ingress exposes 31400.
      IngressDescription.describe(chart, IngressDescription.demoProfile());
      new VersionedApp(chart, 'App', { app: 'demo4', versions, protocol: 'tcp', containerPort: 9000, servicePort: 9000 });
      new MeshRouting(chart, 'Routing', { service: 'demo4', subsets, tcp, destinationPort: 9000, gateway: props.gateway, gatewayProtocol: 'TCP' });
    });
    for (const req of [{ host: 'demo4', protocol: 'tcp' as const, port: 9000 }, { host: 'tcp.example.com', gateway: 'tcp-gw', protocol: 'tcp' as const, port: 31400 }]) {
      expect(shareByVersion(simulateGatewayApi(m, req))).toEqual({ v1: 0.7, v2: 0.3 });
      expect(shareByVersion(simulate(istio, req))).toEqual({ v1: 0.7, v2: 0.3 });
    }
  });

  test('TCP v1alpha2 for older clusters', () => {
    const m = keep(routing({ tcp: [{ split: split(30) }], tcpRouteApiVersion: 'v1alpha2' }).manifests());
    expect(ofKind(m, 'TCPRoute').map((r) => r.apiVersion)).toEqual(['gateway.networking.k8s.io/v1alpha2']);
  });

  test('the output is byte-identical for the same input', () => {
    const r = routing({ http: [{ matches: [{ headers: { b: { exact: '1' }, a: { regex: 'x.*' } } }], split: split(100) }, { split: split(5) }] });
    expect(JSON.stringify(r.manifests())).toBe(JSON.stringify(r.manifests()));
    expect(find(r.manifests(), 'HTTPRoute', 'demo4').spec.rules[0].matches[0].headers.map((h: any) => h.name)).toEqual(['a', 'b']);
  });
});

describe('what the Gateway API cannot express fails synth with a message naming it', () => {
  const errorsOf = (props: Partial<GatewayApiRoutingProps>, ns: string | null = 'test1') => routing(props, ns).errors();
  const one = (props: Partial<GatewayApiRoutingProps>, re: RegExp, ns: string | null = 'test1') => {
    const errors = errorsOf(props, ns);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[test\/Routing\] /);
    expect(errors[0]).toMatch(re);
  };

  test('sourceLabels', () => {
    one({ http: [{ matches: [{ sourceLabels: { app: 'frontend', version: 'v2' } }], split: split(100) }, { split: split(0) }] },
      /matches on the labels of the calling workload \(sourceLabels \{"app":"frontend","version":"v2"\}\), which cannot be expressed in the Gateway API.*Fix: keep traffic: Traffic.istio()/);
  });

  test('header prefix', () => {
    one({ http: [{ matches: [{ headers: { 'user-agent': { prefix: 'Mozilla/5.0 (iPhone' } } }], split: split(100) }, { split: split(0) }] },
      /header "user-agent" prefix "Mozilla\/5.0 \(iPhone" cannot be expressed in the Gateway API, which has no prefix header match.*Fix: match the header with \{ regex: 'Mozilla\/5\\.0 \\\(iPhone\.\*' \}/);
  });

  test('uri prefix other than /', () => {
    one({ http: [{ matches: [{ uri: { prefix: '/api' } }], split: split(100) }, { split: split(0) }] },
      /uri prefix "\/api" has no Gateway API equivalent: PathPrefix matches whole path segments/);
  });

  test('relative exact path', () => {
    one({ http: [{ matches: [{ uri: { exact: 'login' } }], split: split(100) }, { split: split(0) }] }, /uri exact "login" does not start with "\/"/);
  });

  test('port condition', () => {
    one({ http: [{ matches: [{ port: 8080 }], split: split(100) }, { split: split(0) }] }, /matches on destination port 8080, which a Gateway API route match cannot express/);
  });

  test('a rule order the Gateway API precedence would change', () => {
    one({
      http: [
        { matches: [{ headers: { 'x-a': { exact: '1' } } }], split: split(0) },
        // Not covered by rule 1 (that would be a shadowed match in both APIs), but more specific.
        { matches: [{ headers: { 'x-b': { exact: '2' }, 'x-c': { exact: '3' } } }], split: split(100) },
        { split: split(0) },
      ],
    }, /HTTP route \(mesh\), rule 2 is more specific than rule 1 that comes before it/);
  });

  test('exclusive rules are accepted whatever their order', () => {
    expect(errorsOf({
      http: [
        { matches: [{ headers: { 'x-a': { exact: '1' } } }], split: split(0) },
        { matches: [{ headers: { 'x-a': { exact: '2' }, 'x-b': { exact: '2' } } }], split: split(100) },
        { split: split(0) },
      ],
    })).toEqual([]);
  });

  test('gateway selector', () => {
    one({ http: [{ split: split(0) }], gateway: { name: 'web', hosts: ['a.com'], selector: { istio: 'ingressgateway' } } },
      /gateway.selector \{"istio":"ingressgateway"\} cannot be expressed in the Gateway API/);
  });

  test('more than one TCP rule', () => {
    one({ tcp: [{ matches: [{ gateways: ['mesh'] }], split: split(0) }, { split: split(100) }] }, /has 2 TCP rules; a TCPRoute \(gateway.networking.k8s.io\/v1\) has exactly one rule/);
  });

  test('HTTP conditions on a TCP rule', () => {
    one({ tcp: [{ matches: [{ headers: { a: { exact: '1' } } }], split: split(0) }] }, /TCP route, rule 1 has header or path conditions, which TCP routing cannot have/);
  });

  test('a version without a Service at this stage', () => {
    const errors = errorsOf({ subsets: [subsets[0]], http: [{ split: split(10) }] });
    expect(errors).toEqual([expect.stringMatching(/HTTP route, rule 1 routes to version "v2", which has no version Service \(it does not run at this stage\)/)]);
  });

  test('a rule name that is not a DNS label', () => {
    one({ http: [{ name: 'Canary_Users', split: split(10) }] }, /rule name "Canary_Users" is not a valid DNS-1123 label. Gateway API rule names are DNS-1123 labels/);
  });

  test('a gateway in another namespace when the chart has none', () => {
    one({ http: [{ split: split(10) }], gateway: { name: 'shared', namespace: 'istio-system', hosts: ['*'] } },
      /the Gateway is created in namespace "istio-system" but the routes have no namespace/, null);
  });

  test('a header name the Gateway API rejects', () => {
    one({ http: [{ matches: [{ headers: { 'x canary': { exact: '1' } } }], split: split(100) }, { split: split(0) }] }, /header name "x canary" is not an HTTP token/);
  });

  test('too many rules for one HTTPRoute', () => {
    const rules: RouteRule[] = Array.from({ length: 16 }, (_, i) => ({ matches: [{ headers: { 'x-n': { exact: String(i) } } }], split: split(100) }));
    one({ http: [...rules, { split: split(0) }] }, /HTTP route has 17 rules; an HTTPRoute allows 16/);
  });

  test('all errors are reported together', () => {
    const errors = errorsOf({
      http: [{ matches: [{ sourceLabels: { a: 'b' }, headers: { x: { prefix: 'y' } } }], split: split(100) }, { split: split(0) }],
      gateway: { name: 'web', hosts: ['a.com'], selector: { a: 'b' } },
    });
    expect(errors.length).toBe(3);
  });
});
