/**
 * `progression` on CanaryService and BlueGreenService: the demo4 and weather examples (and the
 * blue-green example) emit a Flagger Canary and an Argo Rollout whose steps are the declared stages
 * and whose thresholds are the declared ones; every object validates against the engines' CRD
 * schemas; the engine plan is refused where an engine cannot run it (one test per message).
 */
import { App, Chart } from 'cdk8s';
import { Progression,  ArgoBlueGreenRollout, BlueGreenService, BlueGreenServiceProps, CanaryService, CanaryServiceProps, collectValidationErrors, ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, FlaggerBlueGreen, RollbackThresholds, STAGE_OVERRIDES_CONTEXT, Traffic } from '../../lib';
import { Demo4Chart } from '../../examples/demo4/demo4';
import { BlueGreenEngineChart } from '../../examples/progressive/progressive';
import { FORECAST_ROLLBACK_THRESHOLDS, WeatherForecastCanaryChart } from '../../examples/weather/weather';
import { validateManifests } from '../support/schema';
import { find, ofKind, synthChart, synthErrors } from '../support/synth';

type Engine = 'flagger' | 'argo-rollouts';
const ENGINES: Engine[] = ['flagger', 'argo-rollouts'];

/** Builds a chart in a fresh app (optionally at a stage), checks it is valid, returns its objects. */
function synth<C extends Chart>(make: (app: App) => C, stage?: Record<string, string>): { chart: C; objects: any[] } {
  const app = new App();
  if (stage) app.node.setContext(STAGE_OVERRIDES_CONTEXT, stage);
  const chart = make(app);
  expect(collectValidationErrors(app)).toEqual([]);
  return { chart, objects: chart.toJson() };
}

const demo4 = Object.fromEntries(ENGINES.map((e) => [e, synth((app) => new Demo4Chart(app, `demo4-${e}`, { namespace: `test1-${e}`, progression: e }))]));
const weather = Object.fromEntries(ENGINES.map((e) => [e, synth((app) => new WeatherForecastCanaryChart(app, `weather-forecast-${e}`, { namespace: `weather-${e}`, progression: e }))]));
const blueGreen = Object.fromEntries(ENGINES.map((e) => [e, synth((app) => new BlueGreenEngineChart(app, `blue-green-${e}`, { progression: e }))]));

const canaryOf = (m: any[]) => ofKind(m, 'Canary')[0];
const rolloutOf = (m: any[]) => ofKind(m, 'Rollout')[0];
const setWeights = (r: any) => r.spec.strategy.canary.steps.filter((s: any) => s.setWeight !== undefined).map((s: any) => s.setWeight);
const templateOf = (m: any[]) => ofKind(m, 'AnalysisTemplate')[0];
const metricOf = (t: any, name: string) => t.spec.metrics.find((x: any) => x.name === name);

/** What the declared thresholds must become in Flagger's analysis. */
function flaggerThresholds(t: RollbackThresholds, interval: string) {
  return {
    interval,
    threshold: t.failedChecksBeforeRollback ?? 1,
    metrics: [
      { name: 'request-success-rate', interval, thresholdRange: { min: t.minSuccessRatePercent } },
      { name: 'error-rate', interval, templateRef: { name: expect.stringMatching(/-error-rate$/) }, thresholdRange: { max: t.maxErrorRatePercent } },
      { name: 'average-latency', interval, templateRef: { name: expect.stringMatching(/-average-latency$/) }, thresholdRange: { max: t.maxAverageLatencyMs } },
      ...(t.maxP99LatencyMs !== undefined ? [{ name: 'request-duration', interval, thresholdRange: { max: t.maxP99LatencyMs } }] : []),
    ],
  };
}

/** What the declared thresholds must become in the Argo AnalysisTemplate. */
function argoConditions(t: RollbackThresholds) {
  return [
    ['error-rate', `result[0] <= ${t.maxErrorRatePercent}`],
    ['average-latency', `result[0] <= ${t.maxAverageLatencyMs}`],
    ['success-rate', `result[0] >= ${t.minSuccessRatePercent}`],
    ...(t.maxP99LatencyMs !== undefined ? [['p99-latency', `result[0] <= ${t.maxP99LatencyMs}`]] : []),
  ];
}

test('every object of the engine examples validates against the Flagger, Argo Rollouts, Istio and Kubernetes schemas', () => {
  const all = [demo4, weather, blueGreen].flatMap((x) => ENGINES.flatMap((e) => x[e].objects));
  expect(validateManifests(all)).toEqual([]);
});

describe.each([
  ['demo4 (seed 001)', demo4, 'demo4', ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, '1m', '[2m:30s]'],
  ['weather forecast (seed 002 §2)', weather, 'forecast', FORECAST_ROLLBACK_THRESHOLDS, '30s', '[3m:30s]'],
] as const)('%s', (_label, example, app, thresholds, interval, window) => {
  const declared = (e: Engine) => (example[e].chart as any)[app === 'demo4' ? 'canary' : 'forecast'] as CanaryService;

  test('the manual example declares these stages and thresholds', () => {
    for (const e of ENGINES) {
      expect(declared(e).progression.kind).toBe(e);
      expect(declared(e).stages.length).toBeGreaterThan(2);
    }
  });

  test('Flagger: one stepWeight per declared stage weight, maxWeight the last, promotion from the promoted stage', () => {
    const cs = declared('flagger');
    const weights = cs.stages.filter((s) => !s.promoted).map((s) => s.canaryWeight);
    expect(cs.stages[cs.stages.length - 1].promoted).toBe(true);
    const c = canaryOf(example.flagger.objects);
    expect(c.spec.provider).toBe('istio');
    expect(c.spec.analysis.stepWeights).toEqual(weights);
    expect(c.spec.analysis.maxWeight).toBe(weights[weights.length - 1]);
    expect(cs.flaggerCanary?.plan.steps.map((s) => s.stage)).toEqual(cs.stageNames);
  });

  test('Flagger: the thresholds are the declared ones', () => {
    const c = canaryOf(example.flagger.objects);
    expect(c.spec.analysis).toMatchObject(flaggerThresholds(thresholds, interval));
    expect(c.spec.analysis.metrics).toHaveLength(flaggerThresholds(thresholds, interval).metrics.length);
    expect(find(example.flagger.objects, 'MetricTemplate', `${app}-error-rate`).spec.query).toContain(window);
  });

  test('Flagger: only the target Deployment, the Canary and its templates (and the Gateway): Flagger owns the Services and routing', () => {
    const kinds = example.flagger.objects.map((o) => o.kind);
    expect(kinds.filter((k) => !['Deployment', 'Canary', 'MetricTemplate', 'Gateway'].includes(k))).toEqual([]);
    expect(ofKind(example.flagger.objects, 'Deployment').map((d) => [d.metadata.name, d.spec.template.spec.containers[0].image])).toEqual([[app, expect.stringMatching(/:2\.0\.0$/)]]);
  });

  test('Argo: one setWeight and one pause of one interval per declared stage weight', () => {
    const cs = declared('argo-rollouts');
    const weights = cs.stages.filter((s) => !s.promoted).map((s) => s.canaryWeight);
    const r = rolloutOf(example['argo-rollouts'].objects);
    expect(setWeights(r)).toEqual(weights);
    expect(r.spec.strategy.canary.steps).toEqual(weights.flatMap((w) => [{ setWeight: w }, { pause: { duration: interval } }]));
    expect(r.spec.template.spec.containers[0].image).toMatch(/:2\.0\.0$/);
  });

  test('Argo: the thresholds are the declared ones', () => {
    const t = templateOf(example['argo-rollouts'].objects);
    expect(t.spec.metrics.map((m: any) => [m.name, m.successCondition])).toEqual(argoConditions(thresholds));
    for (const m of t.spec.metrics) expect([m.interval, m.failureLimit, m.count]).toEqual([interval, (thresholds.failedChecksBeforeRollback ?? 1) - 1, undefined]);
    expect(metricOf(t, 'error-rate').provider.prometheus.query).toContain(window);
    expect(rolloutOf(example['argo-rollouts'].objects).spec.strategy.canary.analysis.templates).toEqual([{ templateName: `${app}-rollback-checks` }]);
  });

  test('the output does not depend on the active stage: the engine moves through the stages', () => {
    for (const e of ENGINES) {
      const first = declared(e).stageNames[0];
      const last = declared(e).stageNames[declared(e).stageNames.length - 1];
      const id = (example[e].chart as Chart).node.id;
      const make = (app: App): Chart => (id.startsWith('demo4')
        ? new Demo4Chart(app, id, { namespace: `test1-${e}`, progression: e })
        : new WeatherForecastCanaryChart(app, id, { namespace: `weather-${e}`, progression: e }));
      const path = `${id}/${declared(e).node.id}`;
      expect(JSON.stringify(synth(make, { [path]: last }).objects)).toBe(JSON.stringify(synth(make, { [path]: first }).objects));
    }
  });
});

describe('blue-green example run by an engine', () => {
  test('Flagger: a blue/green Canary (analysis.iterations, no weights, provider istio) for green', () => {
    const m = blueGreen.flagger.objects;
    const c = canaryOf(m);
    expect(c.spec.provider).toBe('istio');
    expect(c.spec.analysis).toMatchObject({ iterations: 5, ...flaggerThresholds(ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, '1m') });
    expect(c.spec.analysis.stepWeights).toBeUndefined();
    expect(c.spec.analysis.maxWeight).toBeUndefined();
    expect(c.spec.analysis.match).toBeUndefined();
    expect(c.spec.service).toEqual({ port: 80, targetPort: 80, portName: 'http', gateways: ['web-gateway', 'mesh'], hosts: ['web-flagger.example.com', 'web'] });
    expect(ofKind(m, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas, d.spec.template.spec.containers[0].image])).toEqual([['web', 2, 'mritd/demo:2.0.0']]);
    expect(m.map((o) => o.kind).filter((k) => k === 'Service' || k === 'VirtualService' || k === 'DestinationRule')).toEqual([]);
  });

  test('Argo Rollouts: blueGreen with active and preview Services, manual promotion, the rollback checks before and after the switch', () => {
    const m = blueGreen['argo-rollouts'].objects;
    const bg = rolloutOf(m).spec.strategy.blueGreen;
    const args = [
      { name: 'namespace', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'service', value: 'web' },
      { name: 'revision', value: 'v2' },
    ];
    expect(bg).toEqual({
      activeService: 'web',
      previewService: 'web-preview',
      autoPromotionEnabled: false,
      prePromotionAnalysis: { templates: [{ templateName: 'web-rollback-checks' }], args },
      postPromotionAnalysis: { templates: [{ templateName: 'web-rollback-checks' }], args },
    });
    expect(rolloutOf(m).spec.strategy.canary).toBeUndefined();
    // Both analyses must end: every metric counts its checks.
    const t = templateOf(m);
    expect(t.metadata.name).toBe('web-rollback-checks');
    expect(t.spec.metrics.map((x: any) => [x.name, x.successCondition, x.count, x.interval])).toEqual(argoConditions(ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS).map(([n, c]) => [n, c, 5, '1m']));
    for (const name of ['web', 'web-preview']) expect(find(m, 'Service', name).spec.selector).toEqual({ app: 'web' });
  });

  test('Argo Rollouts: the Istio routing goes to the Services Argo switches (no subsets), the preview host and header to the preview Service', () => {
    const m = blueGreen['argo-rollouts'].objects;
    const vs = find(m, 'VirtualService', 'web');
    expect(vs.spec).toEqual({
      hosts: ['web-argo-rollouts.example.com', 'web.blue-green-argo-rollouts.svc.cluster.local'],
      gateways: ['web-gateway', 'mesh'],
      http: [
        { name: 'preview', match: [{ headers: { 'x-preview': { exact: 'true' } } }], route: [{ destination: { host: 'web-preview.blue-green-argo-rollouts.svc.cluster.local' }, weight: 100 }] },
        { name: 'active', route: [{ destination: { host: 'web.blue-green-argo-rollouts.svc.cluster.local' }, weight: 100 }] },
      ],
    });
    expect(find(m, 'VirtualService', 'web-preview').spec).toEqual({
      hosts: ['preview.web-argo-rollouts.example.com'],
      gateways: ['web-gateway'],
      http: [{ name: 'preview', route: [{ destination: { host: 'web-preview.blue-green-argo-rollouts.svc.cluster.local' }, weight: 100 }] }],
    });
    expect(find(m, 'Gateway', 'web-gateway').spec.servers[0].hosts).toEqual(['web-argo-rollouts.example.com', 'preview.web-argo-rollouts.example.com']);
    expect(ofKind(m, 'DestinationRule')).toEqual([]);
  });

  test('the construct exposes the engine objects; blue is validated but not emitted', () => {
    const flagger = blueGreen.flagger.chart.web;
    expect([flagger.flaggerBlueGreen?.canary.name, flagger.service, flagger.previewService, flagger.blueDeployment, flagger.routing]).toEqual(['web', undefined, undefined, undefined, undefined]);
    const argo = blueGreen['argo-rollouts'].chart.web;
    expect([argo.argoRollout?.rollout.name, argo.service?.name, argo.previewService?.name, argo.rules]).toEqual(['web', 'web', 'web-preview', []]);
    const bad = synthErrors((c) => new BlueGreenService(c, 'web', { ...BG, progression: Progression.flagger(), blue: { name: 'v1', image: 'mritd/demo' } }));
    expect(bad).toEqual([expect.stringMatching(/^\[test\/web\/App\] image of version "v1" .*/)]);
  });
});

// ---- errors: one test per message ----

const CANARY: CanaryServiceProps = {
  name: 'demo4',
  stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
  canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
  stages: [10, 50, 100],
  stage: 'canary-10',
};
const BG: BlueGreenServiceProps = {
  name: 'web',
  blue: { name: 'v1', image: 'mritd/demo:1.0.0' },
  green: { name: 'v2', image: 'mritd/demo:2.0.0' },
  stage: 'preview',
};
const canaryErrors = (over: Partial<CanaryServiceProps>) => synthErrors((c) => new CanaryService(c, 'demo4', { ...CANARY, ...over }));
const bgErrors = (over: Partial<BlueGreenServiceProps>) => synthErrors((c) => new BlueGreenService(c, 'web', { ...BG, ...over }));

describe('CanaryService progression errors', () => {
  test('an unknown progression', () => {
    expect(canaryErrors({ progression: 'spinnaker' as any })).toEqual([
      '[test/demo4] progression "spinnaker" is not a Progression. Fix: use Progression.manual() (a pull request per stage), Progression.flagger() (a Flagger Canary) or Progression.argoRollouts() (an Argo Rollout).',
    ]);
  });

  test('an engine with a replica split', () => {
    expect(canaryErrors({ progression: Progression.flagger(), traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' })})).toEqual([
      "[test/demo4] progression 'flagger' shifts traffic with weighted Istio routes, but traffic is Traffic.replicaRatio() (weights by pod counts, no mesh). Fix: use traffic: Traffic.istio() with Flagger, or keep progression: Progression.manual() for a replica-ratio canary.",
    ]);
  });

  test('an engine with Gateway API traffic', () => {
    expect(canaryErrors({ progression: Progression.argoRollouts(), traffic: Traffic.gatewayApi() })).toEqual([
      expect.stringMatching(/^\[test\/demo4\] progression 'argo-rollouts' emits .*Istio routing \(provider istio\), but traffic 'gateway-api' asks for Gateway API objects\. Fix: set traffic: Traffic\.istio\(\) on this construct/),
    ]);
  });

  test('the engine refuses a plan it cannot run (a manual rollback stage), on the engine construct', () => {
    const errors = canaryErrors({ progression: Progression.flagger(), stages: [10, 50, { name: 'back-to-10', canaryWeight: 10, rollback: true }, 100] });
    expect(errors).toEqual([expect.stringMatching(/^\[test\/demo4\/Flagger\] stage "back-to-10" is a manual rollback step, which Flagger cannot run/)]);
  });

  test('thresholds are validated by the engine', () => {
    const errors = canaryErrors({ progression: Progression.argoRollouts({ thresholds: { ...ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, minSuccessRatePercent: 120 } }) });
    expect(errors).toEqual([expect.stringMatching(/^\[test\/demo4\/ArgoRollout\] thresholds\.minSuccessRatePercent 120 is not a percentage/)]);
  });

  test('Progression.manual() renders the same output as no progression', () => {
    const plain = synthChart((c) => { new CanaryService(c, 'demo4', CANARY); });
    const manual = synthChart((c) => { new CanaryService(c, 'demo4', { ...CANARY, progression: Progression.manual() }); });
    expect(JSON.stringify(manual)).toBe(JSON.stringify(plain));
  });

  test('analysisIterations is a blue-green option: a canary refuses it', () => {
    expect(canaryErrors({ progression: Progression.flagger({ analysisIterations: 5 }) })).toEqual([
      "[test/demo4] analysisIterations 5 is a blue-green option, but a canary's engine checks once per stage step. Fix: remove analysisIterations from the progression; the stages (and thresholds.interval) set how long the canary is checked.",
    ]);
  });
});

describe('BlueGreenService progression errors', () => {
  test('a rollback stage', () => {
    expect(bgErrors({ progression: Progression.argoRollouts(), stages: ['preview', 'switch', 'rollback', { name: 'switch-again', action: 'switch' }, 'finalize'] })).toEqual([
      "[test/web] stage \"rollback\" is a manual rollback, which Argo Rollouts cannot run: it switches users back to blue by itself when a check fails. Fix: remove the rollback stage for Argo Rollouts (e.g. stages: ['preview', 'switch', 'finalize']), or keep progression: Progression.manual().",
      "[test/web] stage \"switch-again\" repeats the action switch, but Argo Rollouts runs one preview, one switch and one finalize. Fix: use stages: ['preview', 'switch', 'finalize'] with Argo Rollouts, or keep progression: Progression.manual().",
    ]);
  });

  test('a plan that never removes blue', () => {
    expect(bgErrors({ progression: Progression.flagger(), stages: ['preview', 'switch'] })).toEqual([
      "[test/web] the plan has no finalize stage, but Flagger always analyses green, switches users to it and then removes blue. Fix: use stages: ['preview', 'switch', 'finalize'] with Flagger, or keep progression: Progression.manual().",
    ]);
  });

  test('analysisIterations that is not a whole number', () => {
    expect(bgErrors({ progression: Progression.flagger({ analysisIterations: 0 }) })).toEqual([
      '[test/web] analysisIterations 0 is not a whole number of at least 1. Fix: use e.g. analysisIterations: 10 (ten checks, one per thresholds interval).',
    ]);
  });

  test('an engine with the Service-selector switch (no mesh, no metrics)', () => {
    expect(bgErrors({ progression: Progression.argoRollouts(), traffic: Traffic.serviceSelector() })).toEqual([
      "[test/web] progression 'argo-rollouts' checks green with Istio's metrics (istio_requests_total, reported by the sidecars), which traffic 'service-selector' (no mesh) does not produce. Fix: use traffic: Traffic.istio() with Argo Rollouts, or keep progression: Progression.manual().",
    ]);
  });

  test('an engine with Gateway API traffic', () => {
    expect(bgErrors({ progression: Progression.flagger(), traffic: Traffic.gatewayApi() })).toEqual([
      "[test/web] progression 'flagger' emits Flagger's Istio routing, but traffic 'gateway-api' asks for Gateway API objects. Fix: set traffic: Traffic.istio() on this construct, or keep progression: Progression.manual() to render Gateway API routes for every stage.",
    ]);
  });

  test.each([
    ['previewHeader', { previewHeader: { name: 'x-preview', value: 'true' } }, 'Flagger routes every user request to the primary during the analysis and has no preview header in a blue/green'],
    ['previewHost', { previewHost: 'preview.web.example.com', gateway: { name: 'web-gateway', hosts: ['web.example.com'] as string[] } }, 'Flagger creates the routing (VirtualService) itself'],
    ['previewServiceName', { previewServiceName: 'web-green' }, 'Flagger names the Service of the new version `<name>-canary`'],
  ] as const)('%s with Flagger', (what, over, why) => {
    expect(bgErrors({ progression: Progression.flagger(), ...over })).toEqual([
      `[test/web] ${what} cannot be used with progression 'flagger': ${why}. Fix: remove ${what} (testers reach green through the Service <name>-canary), or use progression: Progression.argoRollouts() or Progression.manual().`,
    ]);
  });

  test('an unknown progression', () => {
    expect(bgErrors({ progression: 'flux' as any })).toEqual([expect.stringMatching(/^\[test\/web\] progression "flux" is not a Progression\./)]);
  });
});

describe('engine constructs used directly', () => {
  test('FlaggerBlueGreen: iterations below 1', () => {
    expect(synthErrors((c) => new FlaggerBlueGreen(c, 'web', { name: 'web', version: BG.green, thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, iterations: 2.5 }))).toEqual([
      '[test/web] iterations 2.5 is not a whole number of at least 1. Fix: use e.g. iterations: 10 (ten checks, one per thresholds interval).',
    ]);
  });

  test('ArgoBlueGreenRollout: a preview host without a gateway, and a preview header that is not a header name', () => {
    expect(synthErrors((c) => new ArgoBlueGreenRollout(c, 'web', {
      name: 'web', version: BG.green, thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, checks: 3, previewHost: 'preview.web.example.com', previewHeader: { name: 'X Preview', value: '1' },
    }))).toEqual([
      '[test/web] previewHost "preview.web.example.com" needs a gateway: it is an external host served by an Istio Gateway. Fix: set gateway, or remove previewHost and use the preview Service.',
      '[test/web] previewHeader name "X Preview" is not a lower-case HTTP header name. Fix: use lower-case letters, digits and "-", e.g. "x-preview".',
    ]);
  });

  test('ArgoBlueGreenRollout: checks below 1', () => {
    expect(synthErrors((c) => new ArgoBlueGreenRollout(c, 'web', { name: 'web', version: BG.green, thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, checks: 0 }))).toEqual([
      '[test/web] checks 0 is not a whole number of at least 1. Fix: use e.g. checks: 10 (ten checks, one per thresholds interval).',
    ]);
  });
});
