/**
 * The same strategy means the same thing whichever provider renders it: a CanaryService (demo4,
 * seed 001) and a HeaderRoute (seed 000 cookie A/B plus a header) with `Traffic.istio()`,
 * `Traffic.gatewayApi()` and `Traffic.ingressNginx()` send every request entering through the
 * gateway to the same versions with the same probabilities, at every stage, through the
 * dispatching simulator (`simulate`), each output on its own.
 */
import { Chart } from 'cdk8s';
import { CanaryService, cookie, HeaderRoute, headerExact, shareByVersion, simulate, SimRequest, Traffic } from '../../../lib';
import { expectValidManifests } from '../../support/schema';
import { synthChart } from '../../support/synth';

// A gateway named like the nginx entry point, so one request reaches each provider's objects.
const gateway = { name: 'ingress-nginx', hosts: ['demo4.example.com'] };
const PROVIDERS: Array<[string, () => Traffic]> = [
  ['istio', () => Traffic.istio()],
  ['gateway-api', () => Traffic.gatewayApi()],
  ['ingress-nginx', () => Traffic.ingressNginx()],
];
const req = (extra: Partial<SimRequest> = {}): SimRequest => ({ host: 'demo4.example.com', path: '/', gateway: 'ingress-nginx', ...extra });
const round = (s: Record<string, number>) => Object.fromEntries(Object.entries(s).filter(([, p]) => p > 1e-9).map(([v, p]) => [v, Number(p.toFixed(6))]));

describe.each(PROVIDERS)('CanaryService with %s', (kind, traffic) => {
  const define = (c: Chart) => {
    new CanaryService(c, 'demo4', {
      name: 'demo4',
      stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
      canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
      stages: [10, 50, 100],
      stage: 'canary-10',
      gateway,
      traffic: traffic(),
    });
  };
  test.each([['canary-10', { v1: 0.9, v2: 0.1 }], ['canary-50', { v1: 0.5, v2: 0.5 }], ['canary-100', { v2: 1 }], ['promoted', { v2: 1 }]])('%s', (stage, expected) => {
    const m = synthChart(define, { namespace: 'test1' }, { 'test/demo4': stage });
    expectValidManifests(m);
    expect(round(shareByVersion(simulate(m, req())))).toEqual(expected);
    if (kind === 'ingress-nginx') expect(m.some((o) => o.kind === 'VirtualService' || o.kind === 'HTTPRoute')).toBe(false);
  });
});

describe.each(PROVIDERS)('HeaderRoute (cookie A/B and a header) with %s', (_kind, traffic) => {
  const define = (c: Chart) => {
    new HeaderRoute(c, 'demo4', {
      name: 'demo4',
      versions: [{ name: 'v1', image: 'mritd/demo:1.0.0' }, { name: 'v2', image: 'mritd/demo:2.0.0' }],
      stages: [
        { name: 'ab-test', routes: [{ matches: [cookie('canary', 'always')], to: 'v2' }], default: 'v1' },
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
      stage: 'ab-test',
      gateway,
      traffic: traffic(),
    });
  };
  const cases: Array<[string, Partial<SimRequest>, Record<string, Record<string, number>>]> = [
    ['no header or cookie', {}, { 'ab-test': { v1: 1 }, 'canary-10': { v1: 0.9, v2: 0.1 } }],
    ['cookie canary=always', { headers: { cookie: 'canary=always' } }, { 'ab-test': { v2: 1 }, 'canary-10': { v2: 1 } }],
    ['cookie canary=never', { headers: { cookie: 'canary=never' } }, { 'ab-test': { v1: 1 }, 'canary-10': { v1: 1 } }],
    ['premium tier', { headers: { 'x-user-tier': 'premium' } }, { 'ab-test': { v1: 1 }, 'canary-10': { v2: 1 } }],
  ];
  test.each(['ab-test', 'canary-10'])('%s', (stage) => {
    const m = synthChart(define, { namespace: 'test1' }, { 'test/demo4': stage });
    expectValidManifests(m);
    for (const [what, extra, expected] of cases) expect([what, round(shareByVersion(simulate(m, req(extra))))]).toEqual([what, expected[stage]]);
  });
});
