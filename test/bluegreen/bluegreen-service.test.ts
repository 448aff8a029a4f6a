import { Chart } from 'cdk8s';
import { BlueGreenService, BlueGreenServiceProps, MeshRouting, shareByVersion, SimRequest, simulate, standardLabels, Traffic } from '../../lib';
import { expectValidManifests } from '../support/schema';
import { find, ofKind, synthChart, synthEveryStage } from '../support/synth';

const NS = { namespace: 'shop' };
const base: BlueGreenServiceProps = {
  name: 'shop',
  blue: { name: 'v1', image: 'example/shop:1.0.0' },
  green: { name: 'v2', image: 'example/shop:2.0.0' },
  replicas: 3,
  // Every action, and `switch` twice: preview -> switch -> rollback -> switch-again -> finalize.
  stages: ['preview', 'switch', 'rollback', { name: 'switch-again', action: 'switch' }, 'finalize'],
  stage: 'preview',
};
const STAGES = ['preview', 'switch', 'rollback', 'switch-again', 'finalize'];
const define = (props: Partial<BlueGreenServiceProps> = {}) => (chart: Chart) => {
  new BlueGreenService(chart, 'shop', { ...base, ...props });
};
const withGateway: Partial<BlueGreenServiceProps> = { gateway: { name: 'shop-gateway', hosts: ['shop.example.com'] }, previewHost: 'preview.shop.example.com' };
const istio = synthEveryStage(define(withGateway), 'shop', STAGES, NS);
const selector = synthEveryStage(define({ traffic: Traffic.serviceSelector() }), 'shop', STAGES, NS);

const share = (m: any[], req: SimRequest) => shareByVersion(simulate(m, req));
const USERS: SimRequest = { host: 'shop', sourceNamespace: 'shop' };
const PREVIEW_HEADER: SimRequest = { ...USERS, headers: { 'x-preview': 'true' } };
const PREVIEW_SERVICE: SimRequest = { host: 'shop-preview', sourceNamespace: 'shop' };

/** Who serves users at each stage, in both modes: blue only; green only after switch; blue again after rollback. */
const USERS_GET: Record<string, Record<string, number>> = {
  'preview': { v1: 1 },
  'switch': { v2: 1 },
  'rollback': { v1: 1 },
  'switch-again': { v2: 1 },
  'finalize': { v2: 1 },
};

describe('BlueGreenService with Istio: who serves traffic at each stage', () => {
  test.each(STAGES)('stage %s: in-mesh user requests reach only the live version', (stage) => {
    expect(share(istio[stage], USERS)).toEqual(USERS_GET[stage]);
  });

  test.each(STAGES)('stage %s: requests through the gateway reach only the live version', (stage) => {
    expect(share(istio[stage], { host: 'shop.example.com', gateway: 'shop-gateway' })).toEqual(USERS_GET[stage]);
  });

  test.each(STAGES.slice(0, -1))('stage %s: the preview header, the preview host and the preview Service reach green', (stage) => {
    expect(share(istio[stage], PREVIEW_HEADER)).toEqual({ v2: 1 });
    expect(share(istio[stage], { host: 'preview.shop.example.com', gateway: 'shop-gateway' })).toEqual({ v2: 1 });
    expect(share(istio[stage], PREVIEW_SERVICE)).toEqual({ v2: 1 });
  });

  test('preview: testers reach green while users still get blue (the point of the stage)', () => {
    expect(share(istio.preview, USERS)).toEqual({ v1: 1 });
    expect(share(istio.preview, PREVIEW_HEADER)).toEqual({ v2: 1 });
    expect(share(istio.preview, { ...USERS, headers: { 'x-preview': 'false' } })).toEqual({ v1: 1 });
  });

  test('finalize: no blue Deployment or subset, no preview objects; the preview host is no longer served', () => {
    const m = istio.finalize;
    expect(ofKind(m, 'Deployment').map((d) => d.metadata.name)).toEqual(['shop-v2']);
    expect(find(m, 'DestinationRule', 'shop').spec.subsets.map((s: any) => s.name)).toEqual(['v2']);
    expect(ofKind(m, 'Service').map((s) => s.metadata.name)).toEqual(['shop']);
    expect(ofKind(m, 'VirtualService').map((s) => s.metadata.name)).toEqual(['shop']);
    expect(find(m, 'Gateway', 'shop-gateway').spec.servers[0].hosts).toEqual(['shop.example.com']);
    expect(simulate(m, { host: 'preview.shop.example.com', gateway: 'shop-gateway' }).failed).toBe(1);
    expect(share(m, PREVIEW_HEADER)).toEqual({ v2: 1 });
  });

  test.each(STAGES.slice(0, -1))('stage %s: blue and green both run at full replicas', (stage) => {
    expect(ofKind(istio[stage], 'Deployment').map((d) => [d.metadata.name, d.spec.replicas])).toEqual([['shop-v1', 3], ['shop-v2', 3]]);
  });

  test('the users route is 100/0 over the subsets, the preview header rule comes first', () => {
    const vs = find(istio.preview, 'VirtualService', 'shop');
    expect(vs.spec.http.map((h: any) => h.name)).toEqual(['preview', 'live']);
    expect(vs.spec.http[0].match).toEqual([{ headers: { 'x-preview': { exact: 'true' } } }]);
    expect(vs.spec.http[1].route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['v1', 100], ['v2', 0]]);
    expect(find(istio.switch, 'VirtualService', 'shop').spec.http[1].route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['v1', 0], ['v2', 100]]);
  });

  test.each(STAGES)('stage %s: every route names a subset of the DestinationRule, every subset selects one Deployment', (stage) => {
    const m = istio[stage];
    const subsets = find(m, 'DestinationRule', 'shop').spec.subsets;
    const names = new Set(subsets.map((s: any) => s.name));
    const dests = ofKind(m, 'VirtualService').flatMap((vs) => vs.spec.http.flatMap((h: any) => h.route.map((r: any) => r.destination)));
    expect(dests.length).toBeGreaterThan(0);
    for (const d of dests) {
      expect(names.has(d.subset)).toBe(true);
      expect(d.host).toBe('shop.shop.svc.cluster.local');
    }
    const service = find(m, 'Service', 'shop');
    for (const s of subsets) {
      const sel = { ...service.spec.selector, ...s.labels };
      const hits = ofKind(m, 'Deployment').filter((d) => Object.entries(sel).every(([k, v]) => d.spec.template.metadata.labels[k] === v));
      expect(hits.map((d) => d.metadata.name)).toEqual([`shop-${s.name}`]);
    }
  });

  test('without a preview host the Gateway serves the user hosts only; previewHeader: false drops the header rule', () => {
    const m = synthChart(define({ gateway: { name: 'shop-gateway', hosts: ['shop.example.com'] }, previewHeader: false }), NS);
    expect(ofKind(m, 'Gateway').map((g) => g.spec.servers[0].hosts)).toEqual([['shop.example.com']]);
    expect(ofKind(m, 'VirtualService').map((v) => v.metadata.name)).toEqual(['shop']);
    expect(share(m, PREVIEW_HEADER)).toEqual({ v1: 1 });
    expect(share(m, PREVIEW_SERVICE)).toEqual({ v2: 1 });
  });

  test('a custom preview header, and a gateway managed elsewhere', () => {
    const m = synthChart(define({
      previewHeader: { name: 'x-tester', value: 'qa' },
      gateway: { name: 'public', namespace: 'istio-system', hosts: ['shop.example.com'], external: true },
      previewHost: 'qa.shop.example.com',
    }), NS);
    expect(ofKind(m, 'Gateway')).toEqual([]);
    expect(find(m, 'VirtualService', 'shop-preview').spec.gateways).toEqual(['istio-system/public']);
    expect(share(m, { ...USERS, headers: { 'x-tester': 'qa' } })).toEqual({ v2: 1 });
    expect(share(m, PREVIEW_HEADER)).toEqual({ v1: 1 });
  });
});

describe('BlueGreenService with the Service selector (no mesh): who serves traffic at each stage', () => {
  test.each(STAGES)('stage %s: the Service selects only the live version, and the simulator agrees', (stage) => {
    const m = selector[stage];
    const live = USERS_GET[stage].v1 ? 'v1' : 'v2';
    expect(find(m, 'Service', 'shop').spec.selector).toEqual({ app: 'shop', version: live });
    expect(share(m, USERS)).toEqual(USERS_GET[stage]);
  });

  test.each(STAGES.slice(0, -1))('stage %s: the preview Service selects green only', (stage) => {
    expect(find(selector[stage], 'Service', 'shop-preview').spec.selector).toEqual({ app: 'shop', version: 'v2' });
    expect(share(selector[stage], PREVIEW_SERVICE)).toEqual({ v2: 1 });
  });

  test('no Istio objects and no sidecar at any stage; finalize removes blue and the preview Service', () => {
    for (const stage of STAGES) {
      expect(selector[stage].filter((o) => o.apiVersion.startsWith('networking.istio.io'))).toEqual([]);
      for (const d of ofKind(selector[stage], 'Deployment')) expect(d.spec.template.metadata.labels).toEqual({ app: 'shop', version: d.metadata.labels.version, ...standardLabels('shop', d.metadata.labels.version) });
    }
    expect(selector.finalize.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/shop', 'Deployment/shop-v2']);
  });

  test('the switch changes nothing but the Service selector (instant, and undone the same way)', () => {
    const diff = (a: any[], b: any[]) => a.map((o, i) => JSON.stringify(o) === JSON.stringify(b[i]) ? '' : `${o.kind}/${o.metadata.name}`).filter(Boolean);
    expect(diff(selector.preview, selector.switch)).toEqual(['Service/shop']);
    expect(diff(selector.switch, selector.rollback)).toEqual(['Service/shop']);
    expect(JSON.stringify(selector.rollback)).toBe(JSON.stringify(selector.preview));
  });
});

describe('BlueGreenService: plans, determinism, schema, objects', () => {
  test('the default plan is preview -> switch -> finalize', () => {
    let bg!: BlueGreenService;
    synthChart((chart) => { bg = new BlueGreenService(chart, 'shop', { ...base, stages: undefined }); }, NS);
    expect(bg.stageNames).toEqual(['preview', 'switch', 'finalize']);
  });

  test('every object of every stage of both modes validates against the Kubernetes and Istio schemas', () => {
    expectValidManifests([...STAGES.flatMap((s) => istio[s]), ...STAGES.flatMap((s) => selector[s])]);
  });

  test('each stage renders byte-identical output twice', () => {
    for (const stage of STAGES) {
      expect(JSON.stringify(synthChart(define(withGateway), NS, { 'test/shop': stage }))).toBe(JSON.stringify(istio[stage]));
      expect(JSON.stringify(synthChart(define({ traffic: Traffic.serviceSelector() }), NS, { 'test/shop': stage }))).toBe(JSON.stringify(selector[stage]));
    }
  });

  test.each(STAGES)('istio stage %s snapshot', (stage) => {
    expect(istio[stage]).toMatchSnapshot();
  });

  test.each(STAGES)('service-selector stage %s snapshot', (stage) => {
    expect(selector[stage]).toMatchSnapshot();
  });

  test('exposes the objects it creates', () => {
    let bg!: BlueGreenService;
    synthChart((chart) => { bg = new BlueGreenService(chart, 'shop', { ...base, ...withGateway, stage: 'switch' }); }, NS);
    expect(bg.action).toBe('switch');
    expect(bg.liveVersion).toBe('v2');
    expect(bg.traffic).toBe('istio');
    expect(bg.service?.name).toBe('shop');
    expect(bg.previewService?.name).toBe('shop-preview');
    expect(bg.blueDeployment?.name).toBe('shop-v1');
    expect(bg.greenDeployment?.name).toBe('shop-v2');
    expect(MeshRouting.of(bg.routing)?.virtualService.name).toBe('shop');
    expect(bg.previewRoute?.name).toBe('shop-preview');
    expect(bg.gateway?.name).toBe('shop-gateway');
    expect(bg.rules.map((r) => r.name)).toEqual(['preview', 'live']);
  });

  test('traffic is the kind of the provider that moves users, whichever Traffic it is', () => {
    const kinds: string[] = [];
    for (const traffic of [Traffic.istio(), Traffic.gatewayApi(), Traffic.serviceSelector(), Traffic.istioAmbient()]) {
      synthChart((chart) => { kinds.push(new BlueGreenService(chart, 'shop', { ...base, traffic }).traffic); }, NS);
    }
    expect(kinds).toEqual(['istio', 'gateway-api', 'service-selector', 'istio-ambient']);
  });
});

describe('BlueGreenService: rollout knobs on every Deployment', () => {
  test('defaults: readiness GET /health, maxSurge 25%, maxUnavailable 0, minReadySeconds 10, progressDeadlineSeconds 600, revisionHistoryLimit 5', () => {
    for (const d of [...ofKind(istio.preview, 'Deployment'), ...ofKind(selector.preview, 'Deployment')]) {
      expect(d.spec).toMatchObject({ minReadySeconds: 10, progressDeadlineSeconds: 600, revisionHistoryLimit: 5, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } });
      expect(d.spec.template.spec.containers[0].readinessProbe.httpGet).toMatchObject({ path: '/health', port: 80 });
    }
  });
  test('configurable', () => {
    const m = synthChart(define({ traffic: Traffic.serviceSelector(), maxSurge: 1, maxUnavailable: '10%', minReadySeconds: 20, progressDeadlineSeconds: 300, revisionHistoryLimit: 2, readiness: { path: '/ready' } }), NS);
    for (const d of ofKind(m, 'Deployment')) {
      expect(d.spec).toMatchObject({ minReadySeconds: 20, progressDeadlineSeconds: 300, revisionHistoryLimit: 2, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } } });
      expect(d.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/ready');
    }
  });
});
