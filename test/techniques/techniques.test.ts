import { Chart, Duration } from 'cdk8s';
import { CanaryService, CanaryServiceProps, simulate, SimResult, Traffic } from '../../lib';
import { expectValidManifests } from '../support/schema';
import { synthErrors, synthEveryStage } from '../support/synth';

const base: CanaryServiceProps = {
  name: 'forecast',
  stable: { name: 'v1', image: 'weather/forecast:1.0.0' },
  canary: { name: 'v2', image: 'weather/forecast:2.0.0' },
  stages: [
    { name: 'shadow-10', canaryWeight: 0, mirror: 10 },
    { name: 'canary-0-1', canaryWeight: 1, weightTotal: 1000 },
    { name: 'sticky-10', canaryWeight: 10, sticky: { cookieName: 'forecast-canary', maxAge: Duration.minutes(30) } },
    { name: 'back-to-0', canaryWeight: 0, rollback: true },
    50,
  ],
  stage: 'shadow-10',
};
const STAGES = ['shadow-10', 'canary-0-1', 'sticky-10', 'back-to-0', 'canary-50', 'promoted'];
const PROVIDERS: Record<string, Traffic> = { istio: Traffic.istio(), 'gateway-api': Traffic.gatewayApi() };

/** Share of the served traffic, and of the copies, by version label. */
function byVersion(outcomes: SimResult['outcomes'] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of outcomes ?? []) out[o.version ?? '?'] = (out[o.version ?? '?'] ?? 0) + o.probability;
  return out;
}

describe.each(Object.keys(PROVIDERS))('release techniques with traffic %s', (kind) => {
  const define = (chart: Chart) => { new CanaryService(chart, 'forecast', { ...base, traffic: PROVIDERS[kind] }); };
  const stages = synthEveryStage(define, 'forecast', STAGES, { namespace: 'weather' });
  const req = { host: 'forecast', sourceNamespace: 'weather' };

  test.each(STAGES)('stage %s passes schema validation', (stage) => {
    expectValidManifests(stages[stage]);
  });

  test('a 10% mirror: stable serves 100%, and 10% of the requests are copied to the canary', () => {
    const r = simulate(stages['shadow-10'], req);
    expect(byVersion(r.outcomes)).toEqual({ v1: 1 });
    expect(byVersion(r.mirrored)).toEqual({ v2: 0.1 });
    expect(r.failed).toBe(0);
  });

  test('a 0.1% step: 1 of 1000 requests reaches the canary', () => {
    const r = simulate(stages['canary-0-1'], req);
    expect(byVersion(r.outcomes)).toEqual({ v1: 0.999, v2: 0.001 });
    expect(r.mirrored).toBeUndefined();
  });

  test('a sticky user: the canary sets the cookie, and a request carrying it stays on the canary', () => {
    const sticky = stages['sticky-10'];
    const first = simulate(sticky, req);
    expect(byVersion(first.outcomes)).toEqual({ v1: 0.9, v2: 0.1 });
    const canary = first.outcomes.find((o) => o.version === 'v2')!;
    expect(canary.setCookie).toBe('forecast-canary=v2; Max-Age=1800; Path=/');
    expect(first.outcomes.find((o) => o.version === 'v1')!.setCookie).toBeUndefined();
    // The browser sends the cookie back: every later request of that user goes to the canary.
    const cookie = canary.setCookie!.split(';')[0].split('=');
    for (let i = 0; i < 3; i++) {
      const next = simulate(sticky, { ...req, cookies: { session: 'abc', [cookie[0]]: cookie[1] } });
      expect(byVersion(next.outcomes)).toEqual({ v2: 1 });
    }
    // Other cookies do not pin anyone.
    expect(byVersion(simulate(sticky, { ...req, cookies: { 'forecast-canary': 'v1' } }).outcomes)).toEqual({ v1: 0.9, v2: 0.1 });
  });

  test('the rollback stage sends sticky users back to stable and expires their cookie', () => {
    const r = simulate(stages['back-to-0'], { ...req, cookies: { 'forecast-canary': 'v2' } });
    expect(byVersion(r.outcomes)).toEqual({ v1: 1 });
    expect(r.outcomes[0].setCookie).toBe('forecast-canary=; Max-Age=0; Path=/');
    expect(byVersion(simulate(stages['back-to-0'], req).outcomes)).toEqual({ v1: 1 });
  });

  test('plain stages render as before: no mirror, no cookie', () => {
    const r = simulate(stages['canary-50'], req);
    expect(byVersion(r.outcomes)).toEqual({ v1: 0.5, v2: 0.5 });
    expect(r.outcomes.every((o) => o.setCookie === undefined)).toBe(true);
  });
});

describe('misuse fails synth', () => {
  const errors = (props: Partial<CanaryServiceProps>) => synthErrors((chart) => { new CanaryService(chart, 'forecast', { ...base, ...props }); });
  test('mirror on a provider without mirroring', () => {
    expect(errors({ traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' }), stages: [{ name: 'shadow-10', canaryWeight: 0, mirror: 10 }, 10] }))
      .toEqual([expect.stringMatching(/stage "shadow-10" uses request mirroring, which trafficSplit 'replicas' cannot express/)]);
  });
  test('a sticky stage on a provider that cannot set response headers', () => {
    expect(errors({ traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' }), stages: [{ name: 's', canaryWeight: 10, sticky: {} }], stage: 's' }))
      .toEqual([expect.stringMatching(/stage "s" uses routing rules, header regex conditions and response headers \(sticky session cookies\), which trafficSplit 'replicas' cannot express/)]);
  });
  test('a weight outside its declared total', () => {
    expect(errors({ stages: [{ name: 'fine', canaryWeight: 1001, weightTotal: 1000 }], stage: 'fine' }))
      .toEqual([expect.stringMatching(/canary weight of stage "fine" 1001 is not an integer between 0 and its weightTotal 1000/)]);
  });
});
