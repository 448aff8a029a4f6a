/**
 * The istio-ambient provider through the strategies: `traffic: Traffic.istioAmbient()` on
 * CanaryService, BlueGreenService, HeaderRoute, TcpCanary and MultiServiceRelease, read back through
 * the dispatching simulator (`simulate` must reach the ambient reader) and `plan`.
 */
import { App, Chart } from 'cdk8s';
import {
  BlueGreenService, CanaryService, cookie, HeaderRoute, IstioAmbientRouting, IstioInjection, MultiServiceRelease, planRollouts, RolloutNamespace,
  shareByVersion, simulate, TcpCanary, Traffic, TRAFFIC_PROVIDERS,
} from '../../../lib';
import { crossesVersions, simulateAmbientChain } from '../../../lib/providers/istio-ambient';
import { expectValidManifests } from '../../support/schema';
import { find, synthChart, synthErrors, synthEveryStage } from '../../support/synth';

const V1 = { name: 'v1', image: 'mritd/demo:1.0.0' };
const V2 = { name: 'v2', image: 'mritd/demo:2.0.0' };
const PROVIDERS = { istio: () => Traffic.istio(), 'istio-ambient': () => Traffic.istioAmbient({ createNamespace: true }) };
const CANARY_STAGES = ['canary-10', 'canary-50', 'promoted'];

function canary(traffic: Traffic, extra: object = {}) {
  return (chart: Chart) => new CanaryService(chart, 'demo4', { name: 'demo4', stable: V1, canary: V2, stages: [10, 50], stage: 'canary-10', traffic, ...extra });
}

describe('registration', () => {
  test('the ambient reader is asked before the Gateway API reader', () => {
    const kinds = TRAFFIC_PROVIDERS.map((p) => p.kind);
    expect(kinds.indexOf('istio-ambient')).toBeGreaterThan(-1);
    expect(kinds.indexOf('istio-ambient')).toBeLessThan(kinds.indexOf('gateway-api'));
  });
});

describe('CanaryService: the same shares with Istio and with ambient, at every stage', () => {
  for (const [kind, traffic] of Object.entries(PROVIDERS)) {
    test(`${kind}: mesh and gateway requests follow the stage weight`, () => {
      const stages = synthEveryStage(canary(traffic(), { gateway: { name: 'demo4-gateway', hosts: ['demo4.a.com'] } }), 'demo4', CANARY_STAGES);
      const want: Record<string, Record<string, number>> = { 'canary-10': { v1: 0.9, v2: 0.1 }, 'canary-50': { v1: 0.5, v2: 0.5 }, 'promoted': { v2: 1 } };
      for (const s of CANARY_STAGES) {
        expectValidManifests(stages[s]);
        expect(shareByVersion(simulate(stages[s], { host: 'demo4', sourceNamespace: 'test1' }))).toEqual(want[s]);
        expect(shareByVersion(simulate(stages[s], { host: 'demo4.a.com', gateway: 'test1/demo4-gateway' }))).toEqual(want[s]);
      }
    });
  }

  test('ambient: no sidecar, the Service uses the waypoint, the namespace is enrolled, the ambient reader decides', () => {
    const m = synthChart(canary(Traffic.istioAmbient({ createNamespace: true })));
    for (const d of m.filter((o) => o.kind === 'Deployment')) expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
    expect(find(m, 'Service', 'demo4').metadata.labels).toMatchObject({ 'istio.io/use-waypoint': 'waypoint', 'istio.io/ingress-use-waypoint': 'true' });
    expect(find(m, 'Namespace', 'test1').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(find(m, 'Gateway', 'waypoint').spec.gatewayClassName).toBe('istio-waypoint');
    // Only the ambient simulator reports the waypoint that handled the request.
    expect((simulate(m, { host: 'demo4', sourceNamespace: 'test1' }) as any).waypoint).toBe('test1/waypoint');
  });

  test('a Namespace in the app without the ambient label: the routes are bypassed, traffic spreads by replicas', () => {
    const m = synthChart((chart) => {
      new RolloutNamespace(chart, 'ns', { istioInjection: IstioInjection.NONE });
      canary(Traffic.istioAmbient())(chart);
    });
    const r: any = simulate(m, { host: 'demo4', sourceNamespace: 'test1' });
    expect(r.bypassed).toMatch(/not enrolled in ambient mode/);
    expect(shareByVersion(r)).toEqual({ v1: 0.5, v2: 0.5 });
    const enrolled = synthChart((chart) => {
      new RolloutNamespace(chart, 'ns', { istioInjection: IstioInjection.AMBIENT });
      canary(Traffic.istioAmbient())(chart);
    });
    expect(shareByVersion(simulate(enrolled, { host: 'demo4', sourceNamespace: 'test1' }))).toEqual({ v1: 0.9, v2: 0.1 });
  });

  test('a namespace and a waypoint managed outside the app are assumed to be in place', () => {
    const m = synthChart(canary(Traffic.istioAmbient({ waypoint: { name: 'shared', create: false } })));
    expect(m.some((o) => o.kind === 'Gateway' || o.kind === 'Namespace')).toBe(false);
    expect(find(m, 'Service', 'demo4').metadata.labels['istio.io/use-waypoint']).toBe('shared');
    expect(shareByVersion(simulate(m, { host: 'demo4', sourceNamespace: 'test1' }))).toEqual({ v1: 0.9, v2: 0.1 });
  });

  test('what ambient cannot express fails synth: ingress traffic only', () => {
    const errors = synthErrors(canary(Traffic.istioAmbient(), { gateway: { name: 'gw', hosts: ['demo4.a.com'], includeMesh: false } }));
    expect(errors.join('\n')).toMatch(/istio-ambient cannot route ingress traffic only \(ingress.includeMesh: false\)/);
  });

  test('IstioAmbientRouting.of gives typed access to the routing', () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'test1' });
    const c = canary(Traffic.istioAmbient())(chart);
    expect(IstioAmbientRouting.of(c.routing)?.providerKind).toBe('istio-ambient');
    expect(IstioAmbientRouting.of(c.routing)?.rendered.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Gateway/waypoint', 'Service/demo4-v1', 'Service/demo4-v2', 'HTTPRoute/demo4']);
  });
});

describe('BlueGreenService with ambient', () => {
  const define = (stage: string) => (chart: Chart) => new BlueGreenService(chart, 'shop', {
    name: 'shop', blue: V1, green: V2, stage,
    gateway: { name: 'shop-gateway', hosts: ['shop.example.com'] }, previewHost: 'preview.shop.example.com',
    traffic: Traffic.istioAmbient({ createNamespace: true }),
  });

  test('users stay on blue until switched; the preview header and the preview host reach green', () => {
    const before = synthChart(define('preview'));
    expectValidManifests(before);
    expect(shareByVersion(simulate(before, { host: 'shop', sourceNamespace: 'test1' }))).toEqual({ v1: 1 });
    expect(shareByVersion(simulate(before, { host: 'shop', sourceNamespace: 'test1', headers: { 'x-preview': 'true' } }))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(before, { host: 'shop.example.com', gateway: 'test1/shop-gateway' }))).toEqual({ v1: 1 });
    expect(shareByVersion(simulate(before, { host: 'preview.shop.example.com', gateway: 'test1/shop-gateway' }))).toEqual({ v2: 1 });
    const after = synthChart(define('switch'));
    expect(shareByVersion(simulate(after, { host: 'shop.example.com', gateway: 'test1/shop-gateway' }))).toEqual({ v2: 1 });
  });
});

describe('HeaderRoute with ambient', () => {
  const route = (headers: Record<string, any>) => (chart: Chart) => new HeaderRoute(chart, 'forecast', {
    name: 'forecast', versions: [V1, V2], stage: 'android',
    stages: [{ name: 'android', routes: [{ matches: [{ headers }], to: 'v2' }], default: 'v1' }],
    traffic: Traffic.istioAmbient({ createNamespace: true }),
  });

  test('an exact header goes to v2, everything else to v1', () => {
    const m = synthChart(route({ 'x-client': { exact: 'android' } }));
    expect(shareByVersion(simulate(m, { host: 'forecast', sourceNamespace: 'test1', headers: { 'x-client': 'android' } }))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(m, { host: 'forecast', sourceNamespace: 'test1' }))).toEqual({ v1: 1 });
  });

  test('a header prefix fails synth with the regex that means the same', () => {
    expect(synthErrors(route({ 'user-agent': { prefix: 'Android' } })).join('\n')).toMatch(/istio-ambient cannot match header "user-agent" by prefix "Android".*regex: 'Android\.\*'/);
  });
});

describe('TcpCanary with ambient', () => {
  test('TCP connections follow the stage weight (TCPRoute at the waypoint)', () => {
    const m = synthChart((chart) => new TcpCanary(chart, 'echo', { name: 'echo', stable: V1, canary: V2, port: 9000, stages: [20], stage: 'canary-20', traffic: Traffic.istioAmbient({ createNamespace: true }) }));
    expectValidManifests(m);
    expect(shareByVersion(simulate(m, { host: 'echo', sourceNamespace: 'test1', protocol: 'tcp', port: 9000 }))).toEqual({ v1: 0.8, v2: 0.2 });
  });
});

describe('MultiServiceRelease with ambient: pinned by the release header', () => {
  const define = (stage: string) => (chart: Chart) => new MultiServiceRelease(chart, 'release', {
    from: 'v1', to: 'v2',
    entry: { name: 'frontend', versions: [V1, V2], gateway: { name: 'gw', hosts: ['weather.example.com'] } },
    downstream: [{ name: 'forecast', versions: [V1, V2] }, { name: 'history', versions: [V1, V2] }],
    stages: [{ name: 'testers', matches: [cookie('user', 'tester')], weight: 20 }],
    stage,
    traffic: Traffic.istioAmbient({ createNamespace: true }),
  });

  test('one waypoint, no caller labels; 80% v1>v1>v1, 20% v2>v2>v2, testers all v2', () => {
    const m = synthChart(define('testers'));
    expectValidManifests(m);
    expect(m.filter((o) => o.kind === 'Gateway').map((o) => o.metadata.name)).toEqual(['waypoint', 'gw']);
    expect(m.filter((o) => o.kind === 'Namespace')).toHaveLength(1);
    expect(JSON.stringify(m)).not.toMatch(/sourceLabels/);
    const r = simulateAmbientChain(m, { host: 'frontend', sourceNamespace: 'test1' }, ['forecast', 'history']);
    expect(r.paths.map((p) => [p.hops.map((h) => h.version).join('>'), p.probability])).toEqual([['v1>v1>v1', 0.8], ['v2>v2>v2', 0.2]]);
    expect(r.paths.some(crossesVersions)).toBe(false);
    const testers = simulateAmbientChain(m, { host: 'frontend', sourceNamespace: 'test1', cookies: { user: 'tester' } }, ['forecast', 'history']);
    expect(testers.paths.map((p) => [p.hops.map((h) => h.version).join('>'), p.probability])).toEqual([['v2>v2>v2', 1]]);
    // Through the dispatching simulator: the downstream route matches the propagated header.
    expect(shareByVersion(simulate(m, { host: 'forecast', sourceNamespace: 'test1', headers: { 'x-release': 'v2' } }))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(m, { host: 'forecast', sourceNamespace: 'test1' }))).toEqual({ v1: 1 });
  });

  test('promoted: only v2 runs and serves everything', () => {
    const m = synthChart(define('promoted'));
    expect(shareByVersion(simulate(m, { host: 'weather.example.com', gateway: 'test1/gw' }))).toEqual({ v2: 1 });
  });
});

describe('plan shows ambient rollouts', () => {
  test('conditions come from the ambient routes and are simulated by the ambient reader', () => {
    const plans = planRollouts((app) => {
      const chart = new Chart(app, 'amb', { namespace: 'amb', disableResourceNameHashes: true });
      canary(Traffic.istioAmbient({ createNamespace: true }))(chart);
    });
    const p = plans.find((x) => x.path === 'amb/demo4')!;
    expect(p.conditions.map((c) => [c.label, c.api])).toEqual([['mesh -> demo4.amb.svc.cluster.local: any request', 'istio-ambient']]);
    expect(p.rows.map((r) => [r.stage, r.shares[0]])).toEqual([['canary-10', { v1: 0.9, v2: 0.1 }], ['canary-50', { v1: 0.5, v2: 0.5 }], ['promoted', { v2: 1 }]]);
  });

  test('an app whose own Namespace is not enrolled: plan shows the bypass (spread by replicas)', () => {
    const plans = planRollouts((app) => {
      const chart = new Chart(app, 'amb', { namespace: 'amb', disableResourceNameHashes: true });
      new RolloutNamespace(chart, 'ns');
      canary(Traffic.istioAmbient())(chart);
    });
    const p = plans.find((x) => x.path === 'amb/demo4')!;
    expect(p.rows.map((r) => r.shares[0])).toEqual([{ v1: 0.5, v2: 0.5 }, { v1: 0.5, v2: 0.5 }, { v2: 1 }]);
  });
});
