/**
 * The Istio ambient provider end to end: rendered objects pass schema validation, and the ambient
 * simulator (waypoint semantics) sends each request where each stage says: canary weights, header
 * and cookie matches, blue-green preview and switch, and what happens without a waypoint.
 */
import { Chart } from 'cdk8s';
import { cookie, headerExact, shareByVersion } from '../../../lib';
import { decidedByAmbient, renderAmbientRouting, simulateAmbient } from '../../../lib/providers/istio-ambient';
import { validateManifests } from '../../support/schema';
import { find, synthChart } from '../../support/synth';
import { ambientService, split } from './fixture';

const NS = { namespace: 'shop' };
const canary = (v2: number, extra = {}) => synthChart((c: Chart) => { ambientService(c, 'demo4', [{ split: split(v2) }], { createNamespace: true, ...extra }); }, NS);
const share = (m: any[], req: any = {}, options = {}) => shareByVersion(simulateAmbient(m, { host: 'demo4', ...req }, options));

describe('rendering', () => {
  test('waypoint, version Services, an HTTPRoute on the Service, the labels; all schema-valid', () => {
    const m = canary(5);
    expect(validateManifests(m)).toEqual([]);
    expect(find(m, 'Gateway', 'waypoint')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: 'shop', labels: { 'istio.io/waypoint-for': 'service' } },
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', allowedRoutes: { namespaces: { from: 'Same' } } }] },
    });
    expect(find(m, 'Service', 'demo4').metadata.labels).toEqual({ 'app': 'demo4', 'app.kubernetes.io/managed-by': 'cdk8s-progressive', 'app.kubernetes.io/name': 'demo4', 'istio.io/use-waypoint': 'waypoint' });
    expect(find(m, 'Service', 'demo4-v2').spec.selector).toEqual({ app: 'demo4', version: 'v2' });
    expect(find(m, 'Service', 'demo4-v2').metadata.labels['istio.io/use-waypoint']).toBeUndefined();
    const route = find(m, 'HTTPRoute', 'demo4');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'demo4' }]);
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'demo4-v1', port: 80, weight: 95 }, { name: 'demo4-v2', port: 80, weight: 5 }]);
    expect(find(m, 'Namespace', 'shop').metadata).toEqual({ name: 'shop', labels: { 'istio.io/dataplane-mode': 'ambient' } });
  });

  test('no pod carries the sidecar injection label; the provider reports pod and namespace needs as data', () => {
    const m = canary(5);
    for (const d of m.filter((o) => o.kind === 'Deployment')) expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
    const r = renderAmbientRouting({ service: 'demo4', versions: [{ name: 'v1', labels: { version: 'v1' } }], http: [{ split: split(0) }], waypoint: { name: 'waypoint' } });
    expect({ podLabels: r.podLabels, sidecarInjection: r.sidecarInjection, namespaceLabels: r.namespaceLabels, serviceLabels: r.serviceLabels }).toEqual({
      podLabels: {}, sidecarInjection: false, namespaceLabels: { 'istio.io/dataplane-mode': 'ambient' }, serviceLabels: { 'istio.io/use-waypoint': 'waypoint' },
    });
  });

  test('the same input gives byte-identical output', () => {
    expect(JSON.stringify(canary(50))).toBe(JSON.stringify(canary(50)));
  });

  test('an existing waypoint in another namespace: no Gateway emitted, the Service names its namespace', () => {
    const m = canary(5, { waypoint: { name: 'shared', namespace: 'mesh', create: false } });
    expect(m.some((o) => o.kind === 'Gateway')).toBe(false);
    expect(find(m, 'Service', 'demo4').metadata.labels).toEqual({ 'app': 'demo4', 'app.kubernetes.io/managed-by': 'cdk8s-progressive', 'app.kubernetes.io/name': 'demo4', 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'mesh' });
    expect(share(m, {}, { existingWaypoints: ['mesh/shared'] })).toEqual({ v1: 0.95, v2: 0.05 });
  });

  test('a created waypoint in another namespace admits exactly the Service namespace, and serves it', () => {
    const m = canary(50, { waypoint: { name: 'shared', namespace: 'mesh' } });
    expect(validateManifests(m)).toEqual([]);
    expect(find(m, 'Gateway', 'shared').spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } } });
    const r = simulateAmbient(m, { host: 'demo4' });
    expect(r.waypoint).toBe('mesh/shared');
    expect(shareByVersion(r)).toEqual({ v1: 0.5, v2: 0.5 });
  });

  test('ingressUseWaypoint labels the Service for Istio ingress gateways', () => {
    expect(find(canary(5, { ingressUseWaypoint: true }), 'Service', 'demo4').metadata.labels['istio.io/ingress-use-waypoint']).toBe('true');
  });

  test('TCP: a TCPRoute on the Service with the weighted split, served by the waypoint', () => {
    const m = synthChart((c: Chart) => { ambientService(c, 'echo', [], { tcp: [{ split: split(20) }], createNamespace: true, protocol: 'tcp' }); }, NS);
    expect(validateManifests(m)).toEqual([]);
    expect(find(m, 'TCPRoute', 'echo').spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'echo' }]);
    expect(shareByVersion(simulateAmbient(m, { host: 'echo', protocol: 'tcp' }))).toEqual({ v1: 0.8, v2: 0.2 });
  });
});

describe('simulation with waypoint semantics', () => {
  test.each([[0, { v1: 1 }], [5, { v1: 0.95, v2: 0.05 }], [50, { v1: 0.5, v2: 0.5 }], [100, { v2: 1 }]])('canary %i%%: exact shares at the waypoint', (w, expected) => {
    const m = canary(w as number);
    const r = simulateAmbient(m, { host: 'demo4' });
    expect(r.waypoint).toBe('shop/waypoint');
    expect(shareByVersion(r)).toEqual(expected);
  });

  test('header and cookie matches send exactly those requests to v2', () => {
    const m = synthChart((c: Chart) => {
      ambientService(c, 'demo4', [
        { matches: [headerExact('x-canary', 'always')], split: split(100) },
        { matches: [cookie('user', 'tester')], split: split(100) },
        { split: split(0) },
      ], { createNamespace: true });
    }, NS);
    expect(validateManifests(m)).toEqual([]);
    expect(share(m, { headers: { 'X-Canary': 'always' } })).toEqual({ v2: 1 });
    expect(share(m, { headers: { 'x-canary': 'sometimes' } })).toEqual({ v1: 1 });
    expect(share(m, { cookies: { session: 'abc', user: 'tester' } })).toEqual({ v2: 1 });
    expect(share(m, { cookies: { user: 'tester2' } })).toEqual({ v1: 1 });
    expect(share(m)).toEqual({ v1: 1 });
  });

  test('blue-green: preview sends the preview header to green only; the switch sends everyone to green', () => {
    const stage = (switched: boolean) => synthChart((c: Chart) => {
      ambientService(c, 'shop', switched ? [{ split: [{ version: 'green', weight: 100 }] }] : [
        { matches: [headerExact('x-preview', 'green')], split: [{ version: 'green', weight: 100 }] },
        { split: [{ version: 'blue', weight: 100 }] },
      ], { createNamespace: true }, ['blue', 'green']);
    }, NS);
    const preview = stage(false);
    const switched = stage(true);
    expect(validateManifests([...preview, ...switched])).toEqual([]);
    const s = (m: any[], req: any = {}) => shareByVersion(simulateAmbient(m, { host: 'shop', ...req }));
    expect(s(preview, { headers: { 'x-preview': 'green' } })).toEqual({ green: 1 });
    expect(s(preview)).toEqual({ blue: 1 });
    expect(s(switched)).toEqual({ green: 1 });
    expect(s(switched, { headers: { 'x-preview': 'green' } })).toEqual({ green: 1 });
  });

  describe('without a working waypoint, ztunnel ignores the HTTPRoute and spreads over the Service pods', () => {
    const m = canary(5);
    const without = (f: (o: any) => any) => m.map((o) => f(JSON.parse(JSON.stringify(o))));

    test('the namespace is not enrolled in ambient mode', () => {
      const r = simulateAmbient(m.filter((o) => o.kind !== 'Namespace'), { host: 'demo4' });
      expect(r.bypassed).toBe('namespace shop is not enrolled in ambient mode (no istio.io/dataplane-mode: ambient label)');
      expect(shareByVersion(r)).toEqual({ v1: 0.5, v2: 0.5 });
    });

    test('the namespace is enrolled outside the manifests: the waypoint applies', () => {
      const r = simulateAmbient(m.filter((o) => o.kind !== 'Namespace'), { host: 'demo4' }, { namespaceLabels: { shop: { 'istio.io/dataplane-mode': 'ambient' } } });
      expect(shareByVersion(r)).toEqual({ v1: 0.95, v2: 0.05 });
    });

    test('the Service has no use-waypoint label', () => {
      const objs = without((o) => { if (o.kind === 'Service' && o.metadata.name === 'demo4') delete o.metadata.labels['istio.io/use-waypoint']; return o; });
      const r = simulateAmbient(objs, { host: 'demo4' });
      expect(r.bypassed).toMatch(/names a waypoint/);
      expect(shareByVersion(r)).toEqual({ v1: 0.5, v2: 0.5 });
    });

    test('a namespace-level use-waypoint label is enough', () => {
      const objs = without((o) => {
        if (o.kind === 'Service' && o.metadata.name === 'demo4') delete o.metadata.labels['istio.io/use-waypoint'];
        if (o.kind === 'Namespace') o.metadata.labels['istio.io/use-waypoint'] = 'waypoint';
        return o;
      });
      expect(share(objs)).toEqual({ v1: 0.95, v2: 0.05 });
    });

    test('use-waypoint: none on the Service overrides the namespace', () => {
      const objs = without((o) => {
        if (o.kind === 'Service' && o.metadata.name === 'demo4') o.metadata.labels['istio.io/use-waypoint'] = 'none';
        if (o.kind === 'Namespace') o.metadata.labels['istio.io/use-waypoint'] = 'waypoint';
        return o;
      });
      expect(share(objs)).toEqual({ v1: 0.5, v2: 0.5 });
    });

    test('the waypoint Gateway is missing, of another class, or for workloads only', () => {
      expect(simulateAmbient(m.filter((o) => o.kind !== 'Gateway'), { host: 'demo4' }).bypassed).toBe('waypoint shop/waypoint (named by istio.io/use-waypoint) is not among the manifests');
      const cls = without((o) => { if (o.kind === 'Gateway') o.spec.gatewayClassName = 'istio'; return o; });
      expect(simulateAmbient(cls, { host: 'demo4' }).bypassed).toMatch(/has class "istio"/);
      const wl = without((o) => { if (o.kind === 'Gateway') o.metadata.labels['istio.io/waypoint-for'] = 'workload'; return o; });
      expect(share(wl)).toEqual({ v1: 0.5, v2: 0.5 });
    });
  });

  test('a waypoint with no route for the Service forwards to the Service pods', () => {
    const m = canary(5).filter((o) => o.kind !== 'HTTPRoute');
    const r = simulateAmbient(m, { host: 'demo4' });
    expect(r.waypoint).toBe('shop/waypoint');
    expect(shareByVersion(r)).toEqual({ v1: 0.5, v2: 0.5 });
  });
});

describe('ingress through the waypoint', () => {
  const ingress = { name: 'demo4-gateway', hosts: ['demo4.a.com'] };
  const stage = (http: any[], extra = {}) => synthChart((c: Chart) => { ambientService(c, 'demo4', http, { createNamespace: true, ingress, ...extra }); }, NS);
  const viaGateway = (m: any[], req: any = {}) => simulateAmbient(m, { host: 'demo4.a.com', gateway: 'shop/demo4-gateway', ...req });

  test('an ingress Gateway and one HTTPRoute to the Service; the Service is labelled ingress-use-waypoint', () => {
    const m = stage([{ split: split(5) }]);
    expect(validateManifests(m)).toEqual([]);
    expect(find(m, 'Gateway', 'demo4-gateway').spec).toEqual({ gatewayClassName: 'istio', listeners: [{ name: 'http-80', port: 80, protocol: 'HTTP', hostname: 'demo4.a.com' }] });
    expect(find(m, 'HTTPRoute', 'demo4-ingress').spec).toEqual({ parentRefs: [{ name: 'demo4-gateway' }], hostnames: ['demo4.a.com'], rules: [{ backendRefs: [{ name: 'demo4', port: 80 }] }] });
    expect(find(m, 'Service', 'demo4').metadata.labels['istio.io/ingress-use-waypoint']).toBe('true');
  });

  test.each([[0, { v1: 1 }], [5, { v1: 0.95, v2: 0.05 }], [100, { v2: 1 }]])('canary %i%%: ingress traffic gets the waypoint split', (w, expected) => {
    const r = viaGateway(stage([{ split: split(w as number) }]));
    expect(r.waypoint).toBe('shop/waypoint');
    expect(shareByVersion(r)).toEqual(expected);
  });

  test('header matches apply to ingress traffic; other hosts are refused', () => {
    const m = stage([{ matches: [headerExact('x-canary', '1')], split: split(100) }, { split: split(0) }]);
    expect(shareByVersion(viaGateway(m, { headers: { 'x-canary': '1' } }))).toEqual({ v2: 1 });
    expect(shareByVersion(viaGateway(m))).toEqual({ v1: 1 });
    expect(viaGateway(m, { host: 'other.a.com' }).failures).toEqual(['gateway shop/demo4-gateway has no HTTP listener for host other.a.com']);
  });

  test('without ingress-use-waypoint the ingress gateway goes straight to the pods (round-robin)', () => {
    const m = stage([{ split: split(5) }], { ingressUseWaypoint: false });
    expect(shareByVersion(viaGateway(m))).toEqual({ v1: 0.5, v2: 0.5 });
  });

  test('a preview host routed to a version Service reaches that version only, past the waypoint', () => {
    const m = [...stage([{ split: split(0) }]), {
      apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'demo4-preview', namespace: 'shop' },
      spec: { parentRefs: [{ name: 'demo4-gateway' }], hostnames: ['preview.a.com'], rules: [{ backendRefs: [{ name: 'demo4-v2', port: 80 }] }] },
    }];
    const gw = find(m, 'Gateway', 'demo4-gateway');
    gw.spec.listeners.push({ name: 'http-80-2', port: 80, protocol: 'HTTP', hostname: 'preview.a.com' });
    expect(shareByVersion(viaGateway(m, { host: 'preview.a.com' }))).toEqual({ v2: 1 });
  });
});

test('decidedByAmbient: mesh requests to a waypoint-served Service, and ingress requests handed to a waypoint', () => {
  const mesh = canary(5);
  expect(decidedByAmbient(mesh, { host: 'demo4' })).toBe(true);
  expect(decidedByAmbient(mesh.filter((o) => o.kind !== 'Namespace'), { host: 'demo4' })).toBe(false);
  const withIngress = (ingressUseWaypoint: boolean) => synthChart((c: Chart) => {
    ambientService(c, 'demo4', [{ split: split(5) }], { createNamespace: true, ingress: { name: 'gw', hosts: ['demo4.a.com'] }, ingressUseWaypoint });
  }, NS);
  expect(decidedByAmbient(withIngress(true), { host: 'demo4.a.com', gateway: 'shop/gw' })).toBe(true);
  expect(decidedByAmbient(withIngress(false), { host: 'demo4.a.com', gateway: 'shop/gw' })).toBe(false);
});
