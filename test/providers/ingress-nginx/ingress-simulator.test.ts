/**
 * Meaning tests of the ingress-nginx simulator: which version serves which request, following the
 * controller's canary rules (header before cookie before weight, always/never, value vs pattern,
 * weight total, one canary per host/path), on rendered objects and on hand-written Ingresses.
 */
import { App, Chart } from 'cdk8s';
import { buildIngressNginxExample, INGRESS_NGINX_EXAMPLE_STAGES } from '../../../examples/ingress-nginx/ingress-nginx';
import { CANARY_ANNOTATIONS, simulateIngressNginx } from '../../../lib/providers/ingress-nginx';
import { MeshRouting } from '../../../lib/providers/istio/mesh-routing';
import { shareByVersion, simulate, SimRequest } from '../../../lib';
import { VersionedApp } from '../../../lib/workload/versioned-app';

const HOST = 'product.example.com';

function example(stage: string): any[] {
  const app = new App();
  return buildIngressNginxExample(app, 'example', stage).toJson();
}

function share(manifests: any[], req: Partial<SimRequest>): Record<string, number> {
  return shareByVersion(simulateIngressNginx(manifests, { host: HOST, ...req }));
}

/** Deployments v1 (3 pods) and v2 (1 pod), their Services, a main Ingress and a canary Ingress with `annotations`. */
function handWritten(annotations: Record<string, string>, canary: Partial<{ path: string; pathType: string; host: string; className: string }> = {}): any[] {
  const app = new App();
  const chart = new Chart(app, 'hand', { namespace: 'shop' });
  new VersionedApp(chart, 'App', { app: 'product', versions: [{ name: 'v1', image: 'example/product:1.0.0', replicas: 3 }, { name: 'v2', image: 'example/product:2.0.0', replicas: 1 }] });
  const svc = (v: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `product-${v}`, namespace: 'shop' }, spec: { selector: { app: 'product', version: v }, ports: [{ port: 80 }] } });
  const ingress = (name: string, v: string, ann: Record<string, string>, o: typeof canary = {}) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'shop', annotations: ann },
    spec: {
      ingressClassName: o.className ?? 'nginx',
      rules: [{ host: o.host ?? HOST, http: { paths: [{ path: o.path ?? '/', pathType: o.pathType ?? 'Prefix', backend: { service: { name: `product-${v}`, port: { number: 80 } } } }] } }],
    },
  });
  return [...chart.toJson(), svc('v1'), svc('v2'), ingress('product', 'v1', {}), ingress('product-canary', 'v2', { [CANARY_ANNOTATIONS.canary]: 'true', ...annotations }, canary)];
}

describe('seed 000 §2.1: cookie A/B test', () => {
  const m = example('ab-test');
  test('the A/B group (cookie canary=always) gets v2, in any position of the Cookie header', () => {
    expect(share(m, { cookies: { canary: 'always' } })).toEqual({ v2: 1 });
    expect(share(m, { headers: { cookie: 'session=abc; canary=always' } })).toEqual({ v2: 1 });
  });
  test('everybody else, opted out or with another value, gets v1', () => {
    expect(share(m, {})).toEqual({ v1: 1 });
    expect(share(m, { cookies: { canary: 'never' } })).toEqual({ v1: 1 });
    expect(share(m, { cookies: { canary: 'yes' } })).toEqual({ v1: 1 });
    expect(share(m, { cookies: { xcanary: 'always' } })).toEqual({ v1: 1 });
  });
});

describe('seed 000 §2.2 at canary-10: premium header, the A/B cookie, 10% of the rest', () => {
  const m = example('canary-10');
  test('premium users get v2, even with the cookie canary=never (header before cookie)', () => {
    expect(share(m, { headers: { 'x-user-tier': 'premium' } })).toEqual({ v2: 1 });
    expect(share(m, { headers: { 'X-User-Tier': 'premium' }, cookies: { canary: 'never' } })).toEqual({ v2: 1 });
  });
  test('another tier falls through to the cookie, then the weight', () => {
    expect(share(m, { headers: { 'x-user-tier': 'basic' }, cookies: { canary: 'always' } })).toEqual({ v2: 1 });
    expect(share(m, { headers: { 'x-user-tier': 'basic' }, cookies: { canary: 'never' } })).toEqual({ v1: 1 });
    expect(share(m, { headers: { 'x-user-tier': 'basic' } })).toEqual({ v1: 0.9, v2: 0.1 });
    expect(share(m, {})).toEqual({ v1: 0.9, v2: 0.1 });
  });
  test('the result names the Ingresses and what decided', () => {
    const r = simulateIngressNginx(m, { host: HOST, cookies: { canary: 'always' } });
    expect([r.ingress, r.canaryIngress, r.decidedBy, r.failed]).toEqual(['product/product', 'product/product-canary', 'cookie', 0]);
  });
});

describe('the same route model means the same thing in Istio and in ingress-nginx', () => {
  const requests: Partial<SimRequest>[] = [
    {}, { cookies: { canary: 'always' } }, { cookies: { canary: 'never' } }, { cookies: { canary: 'x' } },
    { headers: { 'x-user-tier': 'premium' } }, { headers: { 'x-user-tier': 'premium' }, cookies: { canary: 'never' } },
    { headers: { 'x-user-tier': 'gold' }, cookies: { canary: 'always' } }, { headers: { cookie: 'a=1; canary=always; b=2' } },
  ];
  test.each(Object.keys(INGRESS_NGINX_EXAMPLE_STAGES))('stage %s', (stage) => {
    const nginx = example(stage);
    const app = new App();
    const chart = new Chart(app, 'istio', { namespace: 'shop' });
    new VersionedApp(chart, 'App', { app: 'product', versions: [{ name: 'v1', image: 'example/product:1.0.0', replicas: 3 }, { name: 'v2', image: 'example/product:2.0.0', replicas: 1 }] });
    new MeshRouting(chart, 'Routing', { service: 'product', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }], http: INGRESS_NGINX_EXAMPLE_STAGES[stage] });
    const istio = chart.toJson();
    for (const req of requests) {
      expect([req, share(nginx, req)]).toEqual([req, shareByVersion(simulate(istio, { host: 'product', ...req }))]);
    }
  });
});

describe('canary-by-header', () => {
  const plain = handWritten({ [CANARY_ANNOTATIONS.byHeader]: 'x-canary', [CANARY_ANNOTATIONS.byCookie]: 'canary', [CANARY_ANNOTATIONS.weight]: '50' });
  test('without a value: always -> canary, never -> stable before the cookie and the weight, other values fall through', () => {
    expect(share(plain, { headers: { 'x-canary': 'always' } })).toEqual({ v2: 1 });
    expect(share(plain, { headers: { 'x-canary': 'never' } })).toEqual({ v1: 1 });
    expect(share(plain, { headers: { 'x-canary': 'never' }, cookies: { canary: 'always' } })).toEqual({ v1: 1 });
    expect(share(plain, { headers: { 'x-canary': 'maybe' }, cookies: { canary: 'always' } })).toEqual({ v2: 1 });
    expect(share(plain, { headers: { 'x-canary': 'maybe' } })).toEqual({ v1: 0.5, v2: 0.5 });
  });
  test('nginx ignores request headers with "_" (x_canary is not x-canary)', () => {
    expect(share(plain, { headers: { x_canary: 'always' } })).toEqual({ v1: 0.5, v2: 0.5 });
  });
  test('with a value: only that value -> canary; always and never are plain values that fall through', () => {
    const m = handWritten({ [CANARY_ANNOTATIONS.byHeader]: 'x-canary', [CANARY_ANNOTATIONS.byHeaderValue]: 'beta', [CANARY_ANNOTATIONS.weight]: '10' });
    expect(share(m, { headers: { 'x-canary': 'beta' } })).toEqual({ v2: 1 });
    expect(share(m, { headers: { 'x-canary': 'always' } })).toEqual({ v1: 0.9, v2: 0.1 });
    expect(share(m, { headers: { 'x-canary': 'never' } })).toEqual({ v1: 0.9, v2: 0.1 });
  });
  test('a value wins over a pattern; a pattern is an unanchored search', () => {
    const both = handWritten({ [CANARY_ANNOTATIONS.byHeader]: 'user-agent', [CANARY_ANNOTATIONS.byHeaderValue]: 'bot', [CANARY_ANNOTATIONS.byHeaderPattern]: 'Chrome' });
    expect(share(both, { headers: { 'user-agent': 'Mozilla/5.0 Chrome/120' } })).toEqual({ v1: 1 });
    const pattern = handWritten({ [CANARY_ANNOTATIONS.byHeader]: 'user-agent', [CANARY_ANNOTATIONS.byHeaderPattern]: 'Chrome' });
    expect(share(pattern, { headers: { 'user-agent': 'Mozilla/5.0 Chrome/120' } })).toEqual({ v2: 1 });
    const anchored = handWritten({ [CANARY_ANNOTATIONS.byHeader]: 'user-agent', [CANARY_ANNOTATIONS.byHeaderPattern]: '^(?:Chrome)$' });
    expect(share(anchored, { headers: { 'user-agent': 'Mozilla/5.0 Chrome/120' } })).toEqual({ v1: 1 });
  });
  test('a value the controller\'s validation rejects is dropped (a space is not allowed)', () => {
    const m = handWritten({ [CANARY_ANNOTATIONS.byHeader]: 'x-canary', [CANARY_ANNOTATIONS.byHeaderValue]: 'beta testers' });
    expect(share(m, { headers: { 'x-canary': 'beta testers' } })).toEqual({ v1: 1 });
    expect(share(m, { headers: { 'x-canary': 'always' } })).toEqual({ v2: 1 });
  });
});

describe('canary-weight', () => {
  test.each([[0, { v1: 1 }], [10, { v1: 0.9, v2: 0.1 }], [50, { v1: 0.5, v2: 0.5 }], [100, { v2: 1 }]])('weight %d', (w, expected) => {
    expect(share(handWritten({ [CANARY_ANNOTATIONS.weight]: String(w) }), {})).toEqual(expected);
  });
  test('canary-weight-total is used when above 100', () => {
    expect(share(handWritten({ [CANARY_ANNOTATIONS.weight]: '5', [CANARY_ANNOTATIONS.weightTotal]: '1000' }), {})).toEqual({ v1: 0.995, v2: 0.005 });
    expect(share(handWritten({ [CANARY_ANNOTATIONS.weight]: '5', [CANARY_ANNOTATIONS.weightTotal]: '50' }), {})).toEqual({ v1: 0.95, v2: 0.05 });
  });
  test('without canary: "true" the annotations do nothing and the Ingress is a second main Ingress (refused)', () => {
    const m = handWritten({ [CANARY_ANNOTATIONS.canary]: 'false', [CANARY_ANNOTATIONS.weight]: '100' });
    const r = simulateIngressNginx(m, { host: HOST });
    expect(r.failed).toBe(1);
    expect(r.failures[0]).toMatch(/defined by 2 Ingresses/);
  });
});

describe('where the canary Ingress applies', () => {
  test('only with the same host, path and pathType as the main Ingress', () => {
    expect(share(handWritten({ [CANARY_ANNOTATIONS.weight]: '100' }, { path: '/api' }), {})).toEqual({ v1: 1 });
    expect(share(handWritten({ [CANARY_ANNOTATIONS.weight]: '100' }, { pathType: 'Exact' }), {})).toEqual({ v1: 1 });
    expect(share(handWritten({ [CANARY_ANNOTATIONS.weight]: '100' }, { host: 'other.example.com' }), {})).toEqual({ v1: 1 });
    expect(share(handWritten({ [CANARY_ANNOTATIONS.weight]: '100' }, { className: 'other' }), {})).toEqual({ v1: 1 });
  });
  test('two canaries for one host/path are refused', () => {
    const m = handWritten({ [CANARY_ANNOTATIONS.weight]: '100' });
    const second = { ...m[m.length - 1], metadata: { ...m[m.length - 1].metadata, name: 'product-canary-2' } };
    const r = simulateIngressNginx([...m, second], { host: HOST });
    expect(r.failed).toBe(1);
    expect(r.failures[0]).toMatch(/2 canary Ingresses/);
  });
  test('an unknown host or path is a failure (404)', () => {
    expect(share(handWritten({}), { host: 'nope.example.com' })).toEqual({ failed: 1 });
    const exact = handWritten({}, {});
    exact[exact.length - 2].spec.rules[0].http.paths[0] = { ...exact[exact.length - 2].spec.rules[0].http.paths[0], path: '/api', pathType: 'Prefix' };
    expect(shareByVersion(simulateIngressNginx(exact, { host: HOST, path: '/apix' }))).toEqual({ failed: 1 });
    expect(shareByVersion(simulateIngressNginx(exact, { host: HOST, path: '/api/x' }))).toEqual({ v1: 1 });
  });
});
