import { Chart, Duration } from 'cdk8s';
import { ArgoRollout, CanaryService, CanaryServiceProps, formatPlans, formatSkip, skipOf, planRollouts, Progression, simulate, SimResult, Traffic } from '../../lib';
import { expectValidManifests } from '../support/schema';
import { synthErrors, synthEveryStage } from '../support/synth';

const base: CanaryServiceProps = {
  name: 'forecast',
  stable: { name: 'v1', image: 'weather/forecast:1.0.0' },
  canary: { name: 'v2', image: 'weather/forecast:2.0.0' },
  stages: [
    { name: 'shadow-10', canaryWeight: 0, mirror: 10 },
    { name: 'canary-0-1', canaryWeight: 1, weightTotal: 1000, hold: Duration.hours(1) },
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
  test.each([
    ['istio-ambient', Traffic.istioAmbient()],
    ['ingress-nginx', Traffic.ingressNginx()],
  ])('mirror and sticky stages on %s (which renders neither) fail synth in every stage', (_kind, traffic) => {
    const found = errors({
      traffic,
      gateway: { name: 'forecast-gateway', hosts: ['forecast.example.com'] },
      stages: [{ name: 'shadow-10', canaryWeight: 0, mirror: 10 }, { name: 'sticky-10', canaryWeight: 10, sticky: {} }, 50],
      stage: 'canary-50',
    });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/stage "shadow-10" uses request mirroring, which .* cannot render/),
      expect.stringMatching(/stage "sticky-10" uses sticky session cookies \(response headers\), which .* cannot render/),
    ]));
  });
  test('a weight outside its declared total', () => {
    expect(errors({ stages: [{ name: 'fine', canaryWeight: 1001, weightTotal: 1000 }], stage: 'fine' }))
      .toEqual([expect.stringMatching(/canary weight of stage "fine" 1001 is not an integer between 0 and its weightTotal 1000/)]);
  });
});

describe('plan shows the techniques', () => {
  const define = (app: any) => {
    const chart = new Chart(app, 'weather', { namespace: 'weather' });
    new CanaryService(chart, 'forecast', base);
  };
  const plan = planRollouts(define)[0];
  test('mirrored copies apart from the served shares, the sticky request class, the fine step', () => {
    const text = formatPlans([plan]);
    expect(text).toContain('| 00 shadow-10 (active) | v1 100% (+ copies: v2 10%) |');
    expect(text).toContain('| 01 canary-0-1 (hold 1h) | v1 99.9%, v2 0.1% |');
    expect(text).toContain('- timeline: earliest start of each stage after the first (holds only; stages without a hold count 0): shadow-10 +0, canary-0-1 +0, sticky-10 +1h, back-to-0 +1h, canary-50 +1h, promoted +1h');
    expect(text).toContain('v1 90%, v2 10% (Set-Cookie from v2)');
    const sticky = plan.conditions.findIndex((c) => /forecast-canary/.test(c.label));
    expect(sticky).toBeGreaterThanOrEqual(0);
    expect(plan.rows.find((r) => r.stage === 'sticky-10')!.shares[sticky]).toEqual({ v2: 1 });
    expect(plan.rows.find((r) => r.stage === 'back-to-0')!.shares[sticky]).toEqual({ v1: 1 });
  });
});

describe('stage pacing (hold)', () => {
  const stages = synthEveryStage((chart) => { new CanaryService(chart, 'forecast', base); }, 'forecast', STAGES, { namespace: 'weather' });
  test('only the held stage\'s objects carry the hold and the stage name', () => {
    for (const o of stages['canary-0-1']) {
      expect(o.metadata.annotations).toEqual(expect.objectContaining({ 'cdk8s-progressive.io/hold': '1h', 'cdk8s-progressive.io/stage': 'canary-0-1' }));
    }
    for (const st of STAGES.filter((x) => x !== 'canary-0-1')) {
      expect(stages[st].some((o) => o.metadata.annotations?.['cdk8s-progressive.io/hold'])).toBe(false);
    }
  });
  test('Argo Rollouts pauses a held stage for its hold, other stages for the interval', () => {
    const manifests = synthEveryStage((chart) => {
      new CanaryService(chart, 'forecast', { ...base, progression: Progression.argoRollouts(), stages: [{ name: 'canary-5', canaryWeight: 5, hold: Duration.hours(2) }, 50] , stage: 'canary-5' });
    }, 'forecast', ['canary-5'], { namespace: 'weather' })['canary-5'];
    const rollout = manifests.find((o) => o.kind === 'Rollout');
    expect(rollout.spec.strategy.canary.steps.filter((s: any) => s.pause).map((s: any) => s.pause.duration)).toEqual(['2h', '1m']);
    void ArgoRollout;
  });
  test('a hold with Flagger (one interval for every stepWeight) fails synth', () => {
    expect(synthErrors((chart) => { new CanaryService(chart, 'forecast', { ...base, progression: Progression.flagger(), stages: [{ name: 'canary-5', canaryWeight: 5, hold: Duration.hours(2) }, 50], stage: 'canary-5' }); }))
      .toEqual([expect.stringMatching(/stage "canary-5" uses hold, which progression 'flagger' cannot render/)]);
  });
  test('diff --base flags a change that skips stages, with the holds on the way', () => {
    const rendered = STAGES.map((stage, index) => ({ rolloutPath: 'weather/forecast', rolloutDir: 'weather/forecast', index, stage, manifests: stages[stage] }));
    const skip = skipOf('shadow-10', 'sticky-10', STAGES, rendered).skipped!;
    expect(skip.skipped).toEqual(['canary-0-1']);
    expect(formatSkip(skip)).toBe('! skips stage(s) canary-0-1 (shadow-10 -> sticky-10; holds: canary-0-1 1h)');
    expect(skipOf('shadow-10', 'canary-0-1', STAGES, rendered)).toEqual({});
    expect(skipOf('canary-50', 'back-to-0', STAGES, rendered)).toEqual({});
  });
});
