/**
 * The Gateway API simulator on hand-written objects: matching, precedence, weights, backend
 * resolution, attachment rules and GAMMA mesh routing, as the Gateway API v1.6 spec (and Istio where
 * the spec leaves it open) defines them.
 */
import { simulateGatewayApi } from '../../lib/providers/gateway-api/simulator';
import { shareByVersion } from '../../lib/simulator/simulator';

const NS = 'shop';
const deployment = (version: string, replicas = 1, ns = NS) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${version}`, namespace: ns },
  spec: { replicas, template: { metadata: { labels: { app: 'web', version } } } },
});
const service = (name: string, selector: Record<string, string>, ns = NS, port = 80) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports: [{ port }] },
});
const base = [
  deployment('v1', 2), deployment('v2'), deployment('v3'),
  service('web', { app: 'web' }),
  service('web-v1', { app: 'web', version: 'v1' }), service('web-v2', { app: 'web', version: 'v2' }), service('web-v3', { app: 'web', version: 'v3' }),
];
const gateway = (listeners: any[], name = 'gw', ns = NS) => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name, namespace: ns }, spec: { gatewayClassName: 'istio', listeners },
});
const http = { name: 'http', port: 80, protocol: 'HTTP' };
const to = (v: string, weight?: number) => ({ name: `web-${v}`, port: 80, ...(weight !== undefined ? { weight } : {}) });
const route = (name: string, rules: any[], extra: any = {}, meta: any = {}) => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: NS, ...meta },
  spec: { parentRefs: [{ name: 'gw' }], rules, ...extra },
});
const hdr = (name: string, value: string, type = 'Exact') => ({ name, value, type });
const sim = (objs: any[], req: any) => shareByVersion(simulateGatewayApi(objs, { host: 'shop.example.com', gateway: 'gw', ...req }));

describe('matching and precedence', () => {
  test('a match with more header conditions wins over an earlier rule with fewer', () => {
    const objs = [...base, gateway([http]), route('r', [
      { matches: [{ headers: [hdr('x-a', '1')] }], backendRefs: [to('v1')] },
      { matches: [{ headers: [hdr('x-a', '1'), hdr('x-b', '1')] }], backendRefs: [to('v2')] },
    ])];
    expect(sim(objs, { headers: { 'x-a': '1', 'x-b': '1' } })).toEqual({ v2: 1 });
    expect(sim(objs, { headers: { 'x-a': '1' } })).toEqual({ v1: 1 });
  });

  test('exact path beats a longer prefix; a longer prefix beats a shorter one; prefixes match whole segments', () => {
    const objs = [...base, gateway([http]), route('r', [
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [to('v1')] },
      { matches: [{ path: { type: 'PathPrefix', value: '/api/' } }], backendRefs: [to('v2')] },
      { matches: [{ path: { type: 'Exact', value: '/a' } }], backendRefs: [to('v3')] },
    ])];
    expect(sim(objs, { path: '/api/orders?x=1' })).toEqual({ v2: 1 });
    expect(sim(objs, { path: '/api' })).toEqual({ v2: 1 });
    expect(sim(objs, { path: '/apis' })).toEqual({ v1: 1 });
    expect(sim(objs, { path: '/a' })).toEqual({ v3: 1 });
  });

  test('prefix paths outrank regex paths (Istio), and a regex is a full match', () => {
    const objs = [...base, gateway([http]), route('r', [
      { matches: [{ path: { type: 'RegularExpression', value: '/api/.*' } }], backendRefs: [to('v2')] },
      { backendRefs: [to('v1')] },
    ])];
    expect(sim(objs, { path: '/api/x' })).toEqual({ v1: 1 });
  });

  test('regex header match is a full match; header names are case-insensitive; missing header never matches', () => {
    const objs = [...base, gateway([http]), route('r', [
      { matches: [{ headers: [hdr('User-Agent', 'Chrome', 'RegularExpression')] }], backendRefs: [to('v2')] },
      { backendRefs: [to('v1')] },
    ])];
    expect(sim(objs, { headers: { 'user-agent': 'Mozilla Chrome/120' } })).toEqual({ v1: 1 });
    expect(sim(objs, { headers: { 'USER-AGENT': 'Chrome' } })).toEqual({ v2: 1 });
    expect(sim(objs, {})).toEqual({ v1: 1 });
  });

  test('method and query conditions', () => {
    const objs = [...base, gateway([http]), route('r', [
      { matches: [{ method: 'POST' }], backendRefs: [to('v2')] },
      { matches: [{ queryParams: [{ name: 'beta', value: 'on' }] }], backendRefs: [to('v3')] },
      { backendRefs: [to('v1')] },
    ])];
    expect(sim(objs, { headers: { ':method': 'post' } })).toEqual({ v2: 1 });
    expect(sim(objs, { path: '/x?beta=on' })).toEqual({ v3: 1 });
    expect(sim(objs, { path: '/x?beta=off' })).toEqual({ v1: 1 });
  });

  test('ties across routes: the oldest route, then namespace/name; the more specific hostname first', () => {
    const r = (name: string, v: string, meta: any = {}, extra: any = {}) => route(name, [{ backendRefs: [to(v)] }], extra, meta);
    expect(sim([...base, gateway([http]), r('b', 'v1'), r('a', 'v2')], {})).toEqual({ v2: 1 });
    expect(sim([...base, gateway([http]), r('b', 'v1', { creationTimestamp: '2024-01-01T00:00:00Z' }), r('a', 'v2', { creationTimestamp: '2025-01-01T00:00:00Z' })], {})).toEqual({ v1: 1 });
    expect(sim([...base, gateway([http]), r('a', 'v1', {}, { hostnames: ['*.example.com'] }), r('b', 'v2', {}, { hostnames: ['shop.example.com'] })], {})).toEqual({ v2: 1 });
  });

  test('no matching rule is a 404', () => {
    const r = simulateGatewayApi([...base, gateway([http]), route('r', [{ matches: [{ headers: [hdr('x', '1')] }], backendRefs: [to('v1')] }])], { host: 'a', gateway: 'gw' });
    expect(r.failed).toBe(1);
    expect(r.failures[0]).toMatch(/HTTP 404/);
  });
});

describe('backends', () => {
  test('weights are relative to their sum, and each Service spreads over its pods by replicas', () => {
    const objs = [...base, gateway([http]), route('r', [{ backendRefs: [to('v1', 1), to('v2', 3)] }])];
    expect(sim(objs, {})).toEqual({ v1: 0.25, v2: 0.75 });
    const all = [...base, gateway([http]), route('r', [{ backendRefs: [{ name: 'web', port: 80 }] }])];
    expect(sim(all, {})).toEqual({ v1: 0.5, v2: 0.25, v3: 0.25 });
  });

  test('the share of a missing backend and a zero-weight rule fail (HTTP 500)', () => {
    const objs = [...base, gateway([http]), route('r', [{ backendRefs: [to('v1', 1), { name: 'nope', port: 80, weight: 1 }] }])];
    expect(sim(objs, {})).toEqual({ v1: 0.5, failed: 0.5 });
    expect(sim([...base, gateway([http]), route('r', [{ backendRefs: [to('v1', 0)] }])], {})).toEqual({ failed: 1 });
    expect(sim([...base, gateway([http]), route('r', [{ backendRefs: [{ name: 'web-v1', port: 8080 }] }])], {})).toEqual({ failed: 1 });
  });

  test('a backend in another namespace needs a ReferenceGrant', () => {
    const other = [deployment('v9', 1, 'legacy'), service('old', { app: 'web', version: 'v9' }, 'legacy')];
    const objs = [...base, ...other, gateway([http]), route('r', [{ backendRefs: [{ name: 'old', namespace: 'legacy', port: 80 }] }])];
    expect(sim(objs, {})).toEqual({ failed: 1 });
    const grant = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'g', namespace: 'legacy' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: NS }], to: [{ group: '', kind: 'Service' }] },
    };
    expect(sim([...objs, grant], {})).toEqual({ v9: 1 });
  });
});

describe('attachment', () => {
  test('listener hostname, port and protocol must fit the request', () => {
    const objs = [...base, gateway([{ ...http, hostname: 'shop.example.com' }]), route('r', [{ backendRefs: [to('v1')] }])];
    expect(sim(objs, {})).toEqual({ v1: 1 });
    expect(simulateGatewayApi(objs, { host: 'other.example.com', gateway: 'gw' }).failed).toBe(1);
    expect(simulateGatewayApi(objs, { host: 'shop.example.com', gateway: 'gw', port: 8080 }).failed).toBe(1);
  });

  test('routes from another namespace attach only when allowedRoutes admits them', () => {
    const foreign = { ...route('r', [{ backendRefs: [to('v1')] }]), metadata: { name: 'r', namespace: NS } };
    foreign.spec.parentRefs = [{ name: 'gw', namespace: 'infra' } as any];
    const same = gateway([http], 'gw', 'infra');
    expect(simulateGatewayApi([...base, same, foreign], { host: 'a', gateway: 'infra/gw' }).failed).toBe(1);
    const selector = gateway([{ ...http, allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': NS } } } } }], 'gw', 'infra');
    expect(shareByVersion(simulateGatewayApi([...base, selector, foreign], { host: 'a', gateway: 'infra/gw' }))).toEqual({ v1: 1 });
  });

  test('a sectionName binds a route to one listener', () => {
    const objs = [...base, gateway([{ ...http, name: 'a', hostname: 'a.com' }, { ...http, name: 'b', hostname: 'b.com' }]),
      route('r', [{ backendRefs: [to('v1')] }], { parentRefs: [{ name: 'gw', sectionName: 'a' }] })];
    expect(shareByVersion(simulateGatewayApi(objs, { host: 'a.com', gateway: 'gw' }))).toEqual({ v1: 1 });
    expect(simulateGatewayApi(objs, { host: 'b.com', gateway: 'gw' }).failed).toBe(1);
  });
});

describe('mesh (GAMMA)', () => {
  const meshRoute = (name: string, ns: string, v: string) => ({
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: ns },
    spec: { parentRefs: [{ group: '', kind: 'Service', name: 'web', namespace: NS }], rules: [{ backendRefs: [{ name: `web-${v}`, namespace: NS, port: 80 }] }] },
  });

  test('a route whose parent is the Service routes in-cluster calls; without one the Service selector decides', () => {
    expect(shareByVersion(simulateGatewayApi([...base, meshRoute('p', NS, 'v2')], { host: 'web' }))).toEqual({ v2: 1 });
    expect(shareByVersion(simulateGatewayApi(base, { host: 'web.shop.svc.cluster.local' }))).toEqual({ v1: 0.5, v2: 0.25, v3: 0.25 });
  });

  test("a consumer route in the caller's namespace wins over the producer route", () => {
    const grant = {
      apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'g', namespace: NS },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'client' }], to: [{ group: '', kind: 'Service' }] },
    };
    const objs = [...base, grant, meshRoute('p', NS, 'v2'), meshRoute('c', 'client', 'v3')];
    expect(shareByVersion(simulateGatewayApi(objs, { host: 'web.shop', sourceNamespace: 'client' }))).toEqual({ v3: 1 });
    expect(shareByVersion(simulateGatewayApi(objs, { host: 'web.shop', sourceNamespace: 'other' }))).toEqual({ v2: 1 });
  });
});
