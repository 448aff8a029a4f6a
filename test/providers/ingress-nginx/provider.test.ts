/**
 * The ingress-nginx provider wired into the strategies (`traffic: Traffic.ingressNginx()`): which
 * version serves which request at each stage, through the dispatching simulator (`simulate` must
 * reach the nginx reader) and through `plan`; schema validation of the Ingresses; and the refusals
 * of what canary annotations cannot express.
 */
import { App, Chart } from 'cdk8s';
import {
  BlueGreenService, CanaryService, cookie, HeaderRoute, headerExact, headerRegex, IngressNginxRouting, planRollouts,
  shareByVersion, simulate, TcpCanary, Traffic,
} from '../../../lib';
import { expectValidManifests } from '../../support/schema';
import { find, ofKind, synthChart, synthErrors } from '../../support/synth';

const HOST = 'demo4.example.com';
const gateway = { name: 'demo4', hosts: [HOST] };
const canaryProps = {
  name: 'demo4',
  stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
  canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
  stages: [{ name: 'canary-10', canaryWeight: 10 }, { name: 'canary-50', canaryWeight: 50 }],
  gateway,
  traffic: Traffic.ingressNginx(),
};

function canaryAt(stage: string): any[] {
  return synthChart((c) => { new CanaryService(c, 'demo4', { ...canaryProps, stage }); });
}

describe('CanaryService with Traffic.ingressNginx()', () => {
  test('each stage sends its weight to the canary through ingress-nginx (simulate dispatches to the nginx reader)', () => {
    for (const [stage, v2] of [['canary-10', 0.1], ['canary-50', 0.5], ['promoted', 1]] as const) {
      const m = canaryAt(stage);
      const shares = shareByVersion(simulate(m, { host: HOST, path: '/', gateway: 'ingress-nginx' }));
      expect(shares.v2 ?? 0).toBeCloseTo(v2);
      expect(shares.v1 ?? 0).toBeCloseTo(1 - v2);
      // Without naming the gateway too: the Ingress host decides.
      expect(shareByVersion(simulate(m, { host: HOST, path: '/' })).v2 ?? 0).toBeCloseTo(v2);
    }
  });

  test('renders a main and a canary Ingress and a Service per version that pass schema validation; pods have no sidecar', () => {
    const m = canaryAt('canary-10');
    expectValidManifests(m);
    expect(find(m, 'Ingress', 'demo4').spec.rules[0].http.paths[0].backend.service.name).toBe('demo4-v1');
    const canary = find(m, 'Ingress', 'demo4-canary');
    expect(canary.metadata.annotations['nginx.ingress.kubernetes.io/canary-weight']).toBe('10');
    expect(canary.spec.rules[0].http.paths[0].backend.service.name).toBe('demo4-v2');
    expect(ofKind(m, 'VirtualService')).toHaveLength(0);
    for (const d of ofKind(m, 'Deployment')) expect(d.spec.template.metadata.annotations?.['sidecar.istio.io/inject'] ?? 'false').toBe('false');
  });

  test('the promoted stage keeps only the canary version behind the main Ingress', () => {
    const m = canaryAt('promoted');
    expect(find(m, 'Ingress', 'demo4').spec.rules[0].http.paths[0].backend.service.name).toBe('demo4-v2');
    expect(ofKind(m, 'Ingress')).toHaveLength(1);
  });

  test('an ingress class other than nginx is rendered and read back', () => {
    const m = synthChart((c) => { new CanaryService(c, 'demo4', { ...canaryProps, traffic: Traffic.ingressNginx({ ingressClassName: 'edge' }), stage: 'canary-10' }); });
    expect(find(m, 'Ingress', 'demo4').spec.ingressClassName).toBe('edge');
    const routing = new IngressNginxRouting(new Chart(new App(), 'x'), 'r', { service: 'a', hosts: [HOST], versions: [{ name: 'v1' }], stable: 'v1', rules: [{ split: [{ version: 'v1', weight: 100 }] }] });
    expect(IngressNginxRouting.of(routing)).toBe(routing);
  });

  test('plan (planRollouts) shows the share of every stage through the nginx reader', () => {
    const plans = planRollouts((app) => {
      const chart = new Chart(app, 'test', { namespace: 'test1' });
      new CanaryService(chart, 'demo4', { ...canaryProps, stage: 'canary-10' });
    });
    expect(plans).toHaveLength(1);
    const col = plans[0].conditions.findIndex((c) => c.api === 'ingress-nginx');
    expect(col).toBeGreaterThanOrEqual(0);
    const byStage = Object.fromEntries(plans[0].rows.map((r) => [r.stage, r.shares[col]]));
    expect(byStage['canary-10'].v2).toBeCloseTo(0.1);
    expect(byStage['canary-50'].v2).toBeCloseTo(0.5);
    expect(byStage.promoted.v2).toBeCloseTo(1);
  });
});

describe('HeaderRoute with Traffic.ingressNginx() (seed 000 cookie A/B)', () => {
  const define = (stage: string) => (c: Chart) => {
    new HeaderRoute(c, 'product', {
      name: 'product',
      versions: [{ name: 'v1', image: 'example/product:1.0.0' }, { name: 'v2', image: 'example/product:2.0.0' }],
      stages: [
        { name: 'ab-test', routes: [{ name: 'ab-group', matches: [cookie('canary', 'always')], to: 'v2' }], default: 'v1' },
        {
          name: 'canary-10',
          routes: [
            { name: 'premium', matches: [headerExact('x-user-tier', 'premium')], to: 'v2' },
            { name: 'ab-group', matches: [cookie('canary', 'always')], to: 'v2' },
            { name: 'opted-out', matches: [cookie('canary', 'never')], to: 'v1' },
          ],
          default: { v1: 90, v2: 10 },
        },
      ],
      stage,
      gateway: { name: 'product', hosts: ['product.example.com'] },
      traffic: Traffic.ingressNginx(),
    });
  };
  const req = (extra: object = {}) => ({ host: 'product.example.com', path: '/', ...extra });

  test('ab-test: the cookie always reaches v2, everybody else v1', () => {
    const m = synthChart(define('ab-test'));
    expectValidManifests(m);
    expect(shareByVersion(simulate(m, req({ cookies: { canary: 'always' } })))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(m, req({ cookies: { canary: 'never' } })))).toEqual({ v1: 1 });
    expect(shareByVersion(simulate(m, req()))).toEqual({ v1: 1 });
  });

  test('canary-10: premium header and A/B cookie reach v2, opted-out v1, 10% of the rest v2', () => {
    const m = synthChart(define('canary-10'));
    expect(shareByVersion(simulate(m, req({ headers: { 'x-user-tier': 'premium' } })))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(m, req({ cookies: { canary: 'always' } })))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(m, req({ cookies: { canary: 'never' } })))).toEqual({ v1: 1 });
    expect(shareByVersion(simulate(m, req())).v2).toBeCloseTo(0.1);
  });

  test('a header regex becomes an anchored canary-by-header-pattern', () => {
    const m = synthChart((c) => {
      new HeaderRoute(c, 'product', {
        name: 'product',
        versions: [{ name: 'v1', image: 'example/product:1.0.0' }, { name: 'v2', image: 'example/product:2.0.0' }],
        stages: [{ name: 'chrome', routes: [{ matches: [headerRegex('user-agent', '.*Chrome/.*')], to: 'v2' }], default: 'v1' }],
        stage: 'chrome',
        gateway: { name: 'product', hosts: ['product.example.com'] },
        traffic: Traffic.ingressNginx(),
      });
    });
    expect(shareByVersion(simulate(m, req({ headers: { 'user-agent': 'Mozilla Chrome/120' } })))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(m, req({ headers: { 'user-agent': 'curl/8' } })))).toEqual({ v1: 1 });
  });
});

describe('what ingress-nginx cannot express fails synth', () => {
  const versions3 = [{ name: 'v1', image: 'a:1.0.0' }, { name: 'v2', image: 'a:2.0.0' }, { name: 'v3', image: 'a:3.0.0' }];
  const route = (stage: any, extra: object = {}) => (c: Chart) => {
    new HeaderRoute(c, 'demo4', { name: 'demo4', versions: versions3, stages: [stage], stage: stage.name, gateway, traffic: Traffic.ingressNginx(), ...extra });
  };

  test('two canaries', () => {
    const errors = synthErrors(route({ name: 's', default: { v1: 80, v2: 10, v3: 10 } }));
    expect(errors.join('\n')).toMatch(/more than one version besides the stable "v1"/);
  });

  test('a weighted split inside a header match', () => {
    const errors = synthErrors(route({ name: 's', running: ['v1', 'v2'], routes: [{ matches: [headerExact('x-canary', 'on')], to: { v1: 50, v2: 50 } }], default: 'v1' }));
    expect(errors.join('\n')).toMatch(/canary-by-header or canary-by-cookie match sends 100%/);
  });

  test('sourceLabels', () => {
    const errors = synthErrors(route({ name: 's', running: ['v1', 'v2'], routes: [{ matches: [{ sourceLabels: { app: 'frontend' } }], to: 'v2' }], default: 'v1' }));
    expect(errors.join('\n')).toMatch(/cannot match the calling workload/);
  });

  test('TcpCanary refuses', () => {
    const errors = synthErrors((c) => {
      new TcpCanary(c, 'echo', {
        name: 'echo', port: 9000,
        stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2' },
        canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.3' },
        stages: [{ name: 'canary-10', canaryWeight: 10 }], stage: 'canary-10',
        traffic: Traffic.ingressNginx(),
      } as any);
    });
    expect(errors.join('\n')).toMatch(/ingress-nginx/);
  });

  test('BlueGreenService refuses', () => {
    const errors = synthErrors((c) => {
      new BlueGreenService(c, 'shop', { name: 'shop', blue: { name: 'v1', image: 'a:1.0.0' }, green: { name: 'v2', image: 'a:2.0.0' }, stage: 'preview', traffic: Traffic.ingressNginx() });
    });
    expect(errors.join('\n')).toMatch(/ingress-nginx/);
  });

  test('no gateway (mesh only) has no host to serve', () => {
    const errors = synthErrors((c) => { new CanaryService(c, 'demo4', { ...canaryProps, gateway: undefined, stage: 'canary-10' }); });
    expect(errors.join('\n')).toMatch(/without a host/);
  });
});
