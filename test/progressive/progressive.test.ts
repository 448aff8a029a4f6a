/**
 * The same stage plan drives a manual, a Flagger and an Argo rollout; the rollback thresholds are
 * declared once and appear unchanged in both engines' objects; every object validates against the
 * engines' CRD schemas (Flagger v1.44.0, Argo Rollouts via @kubernetes-models/argo-rollouts).
 */
import { Chart, Duration } from 'cdk8s';
import { CanaryService } from '../../lib/canary/canary-service';
import { CanaryStageInput, resolveCanaryStages } from '../../lib/stages/canary-stages';
import {
  ArgoRollout, ArgoRolloutProps, FlaggerCanary, FlaggerCanaryProps, RollbackThresholds, ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS,
} from '../../lib/progressive';
import { VersionedDeployment } from '../../lib/workload/versioned-deployment';
import { validateManifests } from '../support/schema';
import { find, ofKind, synthChart, synthErrors } from '../support/synth';

// demo4 (seed 001, examples/demo4): the declared plan and workload.
const DEMO4_STAGES: CanaryStageInput[] = [10, 25, 50, 100];
const v2 = { name: 'v2', image: 'mritd/demo:2.0.0' };
const demo4Workload = {
  containerPort: 80,
  readiness: { path: '/', initialDelaySeconds: 30, timeoutSeconds: 5, periodSeconds: 10, failureThreshold: 5 },
  liveness: { path: '/', initialDelaySeconds: 30, timeoutSeconds: 5, periodSeconds: 10, failureThreshold: 5 },
};
const demo4Gateway = { name: 'demo4-gateway', hosts: ['demo4.a.com'], includeMesh: false };

const flaggerProps = (over: Partial<FlaggerCanaryProps> = {}): FlaggerCanaryProps => ({
  name: 'demo4', version: v2, stages: resolveCanaryStages(DEMO4_STAGES, true), thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS,
  gateway: demo4Gateway, ...demo4Workload, ...over,
});
const argoProps = (over: Partial<ArgoRolloutProps> = {}): ArgoRolloutProps => ({
  name: 'demo4', version: v2, stages: resolveCanaryStages(DEMO4_STAGES, true), thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS,
  gateway: demo4Gateway, ...demo4Workload, ...over,
});
const flagger = (over: Partial<FlaggerCanaryProps> = {}) => synthChart((c: Chart) => { new FlaggerCanary(c, 'demo4', flaggerProps(over)); });
const argo = (over: Partial<ArgoRolloutProps> = {}) => synthChart((c: Chart) => { new ArgoRollout(c, 'demo4', argoProps(over)); });
const flaggerErrors = (over: Partial<FlaggerCanaryProps>) => synthErrors((c: Chart) => { new FlaggerCanary(c, 'demo4', flaggerProps(over)); });
const argoErrors = (over: Partial<ArgoRolloutProps>) => synthErrors((c: Chart) => { new ArgoRollout(c, 'demo4', argoProps(over)); });

const F = flagger();
const A = argo();
const canaryOf = (m: any[]) => ofKind(m, 'Canary')[0];
const rolloutOf = (m: any[]) => ofKind(m, 'Rollout')[0];
const setWeights = (r: any) => r.spec.strategy.canary.steps.filter((s: any) => s.setWeight !== undefined).map((s: any) => s.setWeight);

test('the seed 000 preset holds the seed\'s numbers', () => {
  const t = ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS;
  expect([t.maxErrorRatePercent, t.errorRateWindow.toSeconds(), t.maxAverageLatencyMs, t.minSuccessRatePercent, t.interval.toSeconds(), t.failedChecksBeforeRollback])
    .toEqual([1, 120, 500, 99.9, 60, 1]);
});

test('Flagger Canary, MetricTemplates, Argo Rollout, AnalysisTemplate and the rest validate against their schemas', () => {
  const extra = [
    flagger({ abTest: { matches: [{ headers: { cookie: { regex: '^(.*?;)?(email=[^;]*@some-company-name.com)(;.*)?$' } } }], iterations: 10 }, stages: resolveCanaryStages([], true) }),
    argo({ headerRoute: { matches: [{ headers: { 'x-canary': { exact: 'true' } } }] }, stages: resolveCanaryStages([0, 5, 20], false), stepPause: 'manual' }),
    flagger({ thresholds: { ...ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, maxP99LatencyMs: 800 }, gateway: undefined }),
  ].flat();
  expect(validateManifests([...F, ...A, ...extra])).toEqual([]);
});

describe('the same plan drives a manual, a Flagger and an Argo rollout', () => {
  test('stage weights = Flagger stepWeights = Argo setWeight steps', () => {
    let manual: number[] = [];
    synthChart((c: Chart) => {
      const cs = new CanaryService(c, 'demo4', { name: 'demo4', stable: { name: 'v1', image: 'mritd/demo:1.0.0' }, canary: v2, stages: DEMO4_STAGES, stage: 'canary-10' });
      manual = cs.stages.filter((s) => !s.promoted).map((s) => s.canaryWeight);
    });
    expect(manual).toEqual([10, 25, 50, 100]);
    expect(canaryOf(F).spec.analysis.stepWeights).toEqual(manual);
    expect(canaryOf(F).spec.analysis.maxWeight).toBe(100);
    expect(setWeights(rolloutOf(A))).toEqual(manual);
  });

  test('seed 000 progression (5% first, then steps): each weight step is followed by a pause of one check interval', () => {
    const r = rolloutOf(argo({ stages: resolveCanaryStages([5, 20, 50], true) }));
    expect(r.spec.strategy.canary.steps).toEqual([
      { setWeight: 5 }, { pause: { duration: '1m' } },
      { setWeight: 20 }, { pause: { duration: '1m' } },
      { setWeight: 50 }, { pause: { duration: '1m' } },
    ]);
    expect(canaryOf(flagger({ stages: resolveCanaryStages([5, 20, 50], true) })).spec.analysis).toMatchObject({ interval: '1m', stepWeights: [5, 20, 50], maxWeight: 50 });
  });

  test('a 0 % stage runs the new pods without traffic in Argo, and is Flagger\'s own starting point', () => {
    const stages = resolveCanaryStages([0, 10], true);
    expect(rolloutOf(argo({ stages })).spec.strategy.canary.steps).toEqual([
      { setCanaryScale: { replicas: 1 } }, { setWeight: 0 }, { pause: { duration: '1m' } },
      { setCanaryScale: { matchTrafficWeight: true } }, { setWeight: 10 }, { pause: { duration: '1m' } },
    ]);
    expect(rolloutOf(argo({ stages })).spec.strategy.canary.analysis.startingStep).toBe(4);
    expect(canaryOf(flagger({ stages })).spec.analysis.stepWeights).toEqual([10]);
  });

  test('without the promoted stage Argo stops at an indefinite pause', () => {
    const steps = rolloutOf(argo({ stages: resolveCanaryStages([10, 50], false) })).spec.strategy.canary.steps;
    expect(steps[steps.length - 1]).toEqual({ pause: {} });
    expect(steps).toHaveLength(4);
  });
});

describe('thresholds equal the declared ones in both engines', () => {
  test('Flagger: success rate (built-in), error rate and average latency (templates), threshold and interval', () => {
    const a = canaryOf(F).spec.analysis;
    expect(a.threshold).toBe(1);
    expect(a.interval).toBe('1m');
    expect(a.metrics).toEqual([
      { name: 'request-success-rate', interval: '1m', thresholdRange: { min: 99.9 } },
      { name: 'error-rate', interval: '1m', templateRef: { name: 'demo4-error-rate' }, thresholdRange: { max: 1 } },
      { name: 'average-latency', interval: '1m', templateRef: { name: 'demo4-average-latency' }, thresholdRange: { max: 500 } },
    ]);
    const q = (n: string) => find(F, 'MetricTemplate', n).spec.query as string;
    expect(q('demo4-error-rate')).toMatch(/^min_over_time\(\(100 - sum\(rate\(istio_requests_total\{reporter="destination",destination_workload_namespace="\{\{ namespace \}\}",destination_workload="\{\{ target \}\}",response_code!~"5\.\."\}\[1m\]\)\) \/ sum\(rate\(istio_requests_total\{.*\}\[1m\]\)\) \* 100\)\[2m:30s\]\)$/);
    expect(q('demo4-average-latency')).toMatch(/istio_request_duration_milliseconds_sum\{.*\}\[1m\]\)\) \/ sum\(rate\(istio_request_duration_milliseconds_count/);
  });

  test('Argo: one background analysis with the same numbers, windows and failure limit', () => {
    const t = find(A, 'AnalysisTemplate', 'demo4-rollback-checks');
    expect(t.spec.metrics.map((m: any) => [m.name, m.successCondition, m.interval, m.failureLimit])).toEqual([
      ['error-rate', 'result[0] <= 1', '1m', 0],
      ['average-latency', 'result[0] <= 500', '1m', 0],
      ['success-rate', 'result[0] >= 99.9', '1m', 0],
    ]);
    expect(t.spec.metrics[0].provider.prometheus.query).toMatch(/destination_canonical_revision="\{\{args.revision\}\}".*\[2m:30s\]\)$/);
    const analysis = rolloutOf(A).spec.strategy.canary.analysis;
    expect(analysis.templates).toEqual([{ templateName: 'demo4-rollback-checks' }]);
    expect(analysis.args).toEqual([
      { name: 'namespace', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'service', value: 'demo4' },
      { name: 'revision', value: 'v2' },
    ]);
    expect(t.spec.args.map((a: any) => a.name)).toEqual(analysis.args.map((a: any) => a.name));
  });

  test('custom thresholds: 3 failed checks, 30 s interval, 90 s window, a P99 ceiling', () => {
    const thresholds: RollbackThresholds = {
      maxErrorRatePercent: 2.5, errorRateWindow: Duration.seconds(90), maxAverageLatencyMs: 300, minSuccessRatePercent: 99,
      interval: Duration.seconds(30), failedChecksBeforeRollback: 3, maxP99LatencyMs: 800,
    };
    const a = canaryOf(flagger({ thresholds })).spec.analysis;
    expect([a.threshold, a.interval]).toEqual([3, '30s']);
    expect(a.metrics.map((m: any) => [m.name, m.thresholdRange])).toEqual([
      ['request-success-rate', { min: 99 }], ['error-rate', { max: 2.5 }], ['average-latency', { max: 300 }], ['request-duration', { max: 800 }],
    ]);
    const m = find(argo({ thresholds }), 'AnalysisTemplate', 'demo4-rollback-checks').spec.metrics;
    expect(m.map((x: any) => [x.name, x.successCondition, x.failureLimit, x.interval])).toEqual([
      ['error-rate', 'result[0] <= 2.5', 2, '30s'], ['average-latency', 'result[0] <= 300', 2, '30s'],
      ['success-rate', 'result[0] >= 99', 2, '30s'], ['p99-latency', 'result[0] <= 800', 2, '30s'],
    ]);
    expect(m[0].provider.prometheus.query).toMatch(/\[30s\]\)\) \* 100\)\[90s:30s\]\)$/);
  });
});

describe('Flagger objects', () => {
  test('the target Deployment is <name> with the single selector label app, and no Service or routing is emitted', () => {
    const d = find(F, 'Deployment', 'demo4');
    expect(d.spec.selector).toEqual({ matchLabels: { app: 'demo4' } });
    expect(d.spec.template.metadata.labels).toMatchObject({ app: 'demo4', version: 'v2' });
    expect(d.spec.template.spec.containers[0].image).toBe('mritd/demo:2.0.0');
    expect(F.map((o) => o.kind).sort()).toEqual(['Canary', 'Deployment', 'Gateway', 'MetricTemplate', 'MetricTemplate']);
    expect(canaryOf(F).spec.targetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'demo4' });
  });

  test('the Istio service block names the gateway and hosts (plus mesh and the service when includeMesh)', () => {
    expect(canaryOf(F).spec.service).toEqual({ port: 80, targetPort: 80, portName: 'http', gateways: ['demo4-gateway'], hosts: ['demo4.a.com'] });
    const mesh = canaryOf(flagger({ gateway: { name: 'gw', namespace: 'istio-system', hosts: ['a.com'], external: true } })).spec.service;
    expect([mesh.gateways, mesh.hosts]).toEqual([['istio-system/gw', 'mesh'], ['a.com', 'demo4']]);
  });

  test('A/B testing: header matches and iterations instead of weights', () => {
    const a = canaryOf(flagger({ abTest: { matches: [{ headers: { 'x-canary': { exact: 'insider' } } }, { headers: { cookie: { regex: '.*canary=always.*' } } }], iterations: 10 }, stages: resolveCanaryStages([], true) })).spec.analysis;
    expect(a.iterations).toBe(10);
    expect(a.match).toEqual([{ headers: { 'x-canary': { exact: 'insider' } } }, { headers: { cookie: { regex: '.*canary=always.*' } } }]);
    expect(a.stepWeights).toBeUndefined();
  });
});

describe('Argo objects', () => {
  test('every reference resolves: VirtualService route, DestinationRule subsets, Service, AnalysisTemplate', () => {
    const istio = rolloutOf(A).spec.strategy.canary.trafficRouting.istio;
    const vs = find(A, 'VirtualService', istio.virtualService.name);
    expect(vs.spec.http.map((h: any) => h.name)).toEqual(istio.virtualService.routes);
    expect(vs.spec.http[0].route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['stable', 100], ['canary', 0]]);
    expect(vs.spec.gateways).toEqual(['demo4-gateway']);
    const dr = find(A, 'DestinationRule', istio.destinationRule.name);
    expect(dr.spec.subsets.map((s: any) => s.name)).toEqual([istio.destinationRule.stableSubsetName, istio.destinationRule.canarySubsetName]);
    expect(find(A, 'Service', 'demo4').spec.selector).toEqual({ app: 'demo4' });
    expect(rolloutOf(A).spec.selector).toEqual({ matchLabels: { app: 'demo4' } });
  });

  test('the Rollout runs exactly the pods the workload module renders (secure defaults, probes, resources)', () => {
    const deployment = synthChart((c: Chart) => { new VersionedDeployment(c, 'd', { app: 'demo4', version: v2, ...demo4Workload }); })[0];
    expect(rolloutOf(A).spec.template).toEqual(deployment.spec.template);
    expect(rolloutOf(A).spec.template.spec.containers[0].readinessProbe.httpGet).toEqual({ path: '/', port: 80, scheme: 'HTTP' });
  });

  test('header route: setHeaderRoute before the weights, a managed route, analysis from that step', () => {
    const r = rolloutOf(argo({ headerRoute: { matches: [{ headers: { 'x-canary': { exact: 'true' } } }, { headers: { 'user-agent': { regex: '.*Android.*' } } }] } }));
    const c = r.spec.strategy.canary;
    expect(c.trafficRouting.managedRoutes).toEqual([{ name: 'header-route' }]);
    expect(c.steps.slice(0, 4)).toEqual([
      { setCanaryScale: { replicas: 1 } },
      { setHeaderRoute: { name: 'header-route', match: [{ headerName: 'x-canary', headerValue: { exact: 'true' } }, { headerName: 'user-agent', headerValue: { regex: '.*Android.*' } }] } },
      { pause: { duration: '1m' } },
      { setCanaryScale: { matchTrafficWeight: true } },
    ]);
    expect(c.analysis.startingStep).toBe(1);
  });
});

describe('errors', () => {
  const only = (errors: string[], re: RegExp) => {
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\[test\/demo4\] /);
    expect(errors[0]).toMatch(re);
  };

  test('a manual rollback stage cannot drive an engine', () => {
    const stages = resolveCanaryStages([10, 50, { name: 'back-to-10', canaryWeight: 10, rollback: true }], true);
    only(flaggerErrors({ stages }), /stage "back-to-10" is a manual rollback step, which Flagger cannot run/);
    only(argoErrors({ stages }), /stage "back-to-10" is a manual rollback step, which Argo Rollouts cannot run/);
  });

  test('a stage that does not raise the weight', () => {
    only(argoErrors({ stages: resolveCanaryStages([10, { name: 'hold', canaryWeight: 10 }], true) }), /stage "hold" keeps the canary weight at 10 \(previous stage: 10\)/);
  });

  test('a plan without traffic to the new version', () => {
    only(flaggerErrors({ stages: resolveCanaryStages([0], true) }), /the plan has no stage that sends traffic to the new version/);
  });

  test('Flagger cannot stop before promotion', () => {
    only(flaggerErrors({ stages: resolveCanaryStages([10, 50], false) }), /the plan does not end with the promoted stage, but Flagger always promotes/);
  });

  test('A/B test with weighted stages', () => {
    only(flaggerErrors({ abTest: { matches: [{ headers: { a: { exact: '1' } } }], iterations: 5 } }), /abTest and the weighted stages 10, 25, 50, 100 cannot both drive Flagger/);
  });

  test('A/B test conditions Flagger cannot express', () => {
    only(flaggerErrors({ abTest: { matches: [{ uri: { prefix: '/beta' } }], iterations: 5 }, stages: resolveCanaryStages([], true) }), /abTest match 1 uses uri, which Flagger cannot express there/);
  });

  test('A/B iterations', () => {
    only(flaggerErrors({ abTest: { matches: [{ headers: { a: { exact: '1' } } }], iterations: 0 }, stages: resolveCanaryStages([], true) }), /abTest.iterations 0 is not a whole number of at least 1/);
  });

  test('an Argo header route with two headers in one condition', () => {
    only(argoErrors({ headerRoute: { matches: [{ headers: { a: { exact: '1' }, b: { exact: '2' } } }] } }), /headerRoute match 1 uses 2 headers at once \(Argo ORs its conditions, one header each\)/);
  });

  test('a step pause that is not whole seconds', () => {
    only(argoErrors({ stepPause: Duration.millis(1500) }), /stepPause 1.5s is not a whole, positive number of seconds/);
  });

  const bad = (over: Partial<RollbackThresholds>) => flaggerErrors({ thresholds: { ...ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, ...over } });
  test.each([
    ['maxErrorRatePercent', { maxErrorRatePercent: 101 }, /thresholds.maxErrorRatePercent 101 is not a percentage from 0 to 100/],
    ['minSuccessRatePercent', { minSuccessRatePercent: 0 }, /thresholds.minSuccessRatePercent 0 is not a percentage above 0 and up to 100/],
    ['maxAverageLatencyMs', { maxAverageLatencyMs: -5 }, /thresholds.maxAverageLatencyMs -5 is not a positive number of milliseconds/],
    ['maxP99LatencyMs', { maxP99LatencyMs: 0 }, /thresholds.maxP99LatencyMs 0 is not a positive number of milliseconds/],
    ['failedChecksBeforeRollback', { failedChecksBeforeRollback: 0 }, /thresholds.failedChecksBeforeRollback 0 is not a whole number of at least 1/],
    ['interval', { interval: Duration.millis(500) }, /thresholds.interval 0.5s is not a whole, positive number of seconds/],
    ['errorRateWindow', { errorRateWindow: Duration.millis(2500) }, /thresholds.errorRateWindow 2.5s is not a whole, positive number of seconds/],
    ['errorRateWindow shorter than interval', { errorRateWindow: Duration.seconds(30) }, /thresholds.errorRateWindow 30s is shorter than thresholds.interval 1m/],
  ] as [string, Partial<RollbackThresholds>, RegExp][])('thresholds: %s', (_name, over, re) => {
    only(bad(over), re);
  });
});

test('the engine objects are byte-identical for the same input', () => {
  expect(JSON.stringify(argo())).toBe(JSON.stringify(A));
  expect(JSON.stringify(flagger())).toBe(JSON.stringify(F));
});
