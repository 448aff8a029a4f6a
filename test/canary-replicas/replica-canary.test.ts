import { Chart } from 'cdk8s';
import { CanaryService, CanaryServiceProps, planStageReplicas, resolveCanaryStages, shareByVersion, simulate, standardLabels, Traffic } from '../../lib';
import { expectValidManifests } from '../support/schema';
import { find, ofKind, synthChart, synthEveryStage } from '../support/synth';

const NS = { namespace: 'rmh' };
const base: CanaryServiceProps = {
  name: 'nginx',
  stable: { name: 'v1', image: 'nginx:1.14.2' },
  canary: { name: 'v2', image: 'nginx:1.15.12' },
  stages: [0, 25, 50, 75, 100],
  stage: 'canary-25',
  traffic: Traffic.replicaRatio({ totalReplicas: 4, rounding: 'exact' }),
};
const STAGES = ['canary-0', 'canary-25', 'canary-50', 'canary-75', 'canary-100', 'promoted'];
const define = (props: Partial<CanaryServiceProps> = {}) => (chart: Chart) => {
  new CanaryService(chart, 'nginx', { ...base, ...props });
};
const everyStage = synthEveryStage(define(), 'nginx', STAGES, NS);
const USERS = { host: 'nginx', sourceNamespace: 'rmh' };
const replicasOf = (m: any[]) => Object.fromEntries(ofKind(m, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas]));

describe('CanaryService with trafficSplit replicas: the pods give the declared share', () => {
  const expected: Record<string, { replicas: Record<string, number>; share: Record<string, number> }> = {
    'canary-0': { replicas: { 'nginx-v1': 4, 'nginx-v2': 0 }, share: { v1: 1 } },
    'canary-25': { replicas: { 'nginx-v1': 3, 'nginx-v2': 1 }, share: { v1: 0.75, v2: 0.25 } },
    'canary-50': { replicas: { 'nginx-v1': 2, 'nginx-v2': 2 }, share: { v1: 0.5, v2: 0.5 } },
    'canary-75': { replicas: { 'nginx-v1': 1, 'nginx-v2': 3 }, share: { v1: 0.25, v2: 0.75 } },
    'canary-100': { replicas: { 'nginx-v1': 0, 'nginx-v2': 4 }, share: { v2: 1 } },
    'promoted': { replicas: { 'nginx-v2': 4 }, share: { v2: 1 } },
  };
  test.each(STAGES)('stage %s: replica counts out of 4, and the simulator\'s share through the Service', (stage) => {
    const m = everyStage[stage];
    expect(replicasOf(m)).toEqual(expected[stage].replicas);
    expect(shareByVersion(simulate(m, USERS))).toEqual(expected[stage].share);
  });

  test.each(STAGES)('stage %s: one Service selecting only app=nginx, every Deployment behind it, no Istio objects, no sidecar', (stage) => {
    const m = everyStage[stage];
    expect(ofKind(m, 'Service').map((s) => [s.metadata.name, s.spec.selector])).toEqual([['nginx', { app: 'nginx' }]]);
    for (const d of ofKind(m, 'Deployment')) {
      expect(d.spec.template.metadata.labels).toEqual({ app: 'nginx', version: d.metadata.labels.version, ...standardLabels('nginx', d.metadata.labels.version) });
    }
    expect(m.filter((o) => o.apiVersion.startsWith('networking.istio.io'))).toEqual([]);
  });

  test('the construct exposes the effective weight and the plan of every stage', () => {
    let canary!: CanaryService;
    synthChart((chart) => { canary = new CanaryService(chart, 'nginx', base); }, NS);
    expect(canary.trafficSplit).toBe('replicas');
    expect(canary.effectiveCanaryWeight).toBe(25);
    expect(canary.routing).toBeUndefined();
    expect(canary.rules).toEqual([]);
    expect(canary.replicaPlan?.map((p) => [p.stage, p.stableReplicas, p.canaryReplicas, p.effectiveCanaryWeight, p.exact])).toEqual([
      ['canary-0', 4, 0, 0, true], ['canary-25', 3, 1, 25, true], ['canary-50', 2, 2, 50, true],
      ['canary-75', 1, 3, 75, true], ['canary-100', 0, 4, 100, true], ['promoted', 0, 4, 100, true],
    ]);
  });

  test("'nearest' rounds to the closest pod count (half a pod to the stable version) and says what it serves", () => {
    let canary!: CanaryService;
    const stages = [30, 50];
    const m = synthChart((chart) => {
      canary = new CanaryService(chart, 'nginx', { ...base, traffic: Traffic.replicaRatio({ totalReplicas: 3, rounding: 'nearest' }), stages, stage: 'canary-30' });
    }, NS);
    expect(replicasOf(m)).toEqual({ 'nginx-v1': 2, 'nginx-v2': 1 });
    expect(canary.effectiveCanaryWeight).toBeCloseTo(100 / 3, 9);
    expect(shareByVersion(simulate(m, USERS))).toEqual({ v1: 0.666666667, v2: 0.333333333 });
    expect(canary.replicaPlan?.map((p) => [p.stage, p.canaryReplicas, p.exact])).toEqual([['canary-30', 1, false], ['canary-50', 1, false], ['promoted', 3, true]]);
  });

  test('the plan: pods add up to the total, nearest is off by at most half a pod (ties to stable), exact means no error', () => {
    for (const total of [1, 2, 3, 4, 7, 10]) {
      for (const weight of [0, 10, 33, 50, 90, 100]) {
        const [p] = planStageReplicas(resolveCanaryStages([weight], false), total);
        expect(p.stableReplicas + p.canaryReplicas).toBe(total);
        const errorTimes100 = 100 * p.canaryReplicas - weight * total; // (effective - declared) * total, in percent-pods
        expect(errorTimes100).toBeGreaterThanOrEqual(-50);
        expect(errorTimes100).toBeLessThan(50);
        expect(p.exact).toBe(errorTimes100 === 0);
      }
    }
  });

  test("trafficSplit defaults to 'istio' (weights by the VirtualService, sidecar injected)", () => {
    const m = synthChart(define({ traffic: undefined }), NS);
    expect(ofKind(m, 'VirtualService')).toHaveLength(1);
    expect(find(m, 'Deployment', 'nginx-v1').spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('true');
  });

  test('sidecar injection can still be asked for explicitly', () => {
    const m = synthChart(define({ sidecarInjection: true }), NS);
    expect(find(m, 'Deployment', 'nginx-v2').spec.template.metadata.labels['sidecar.istio.io/inject']).toBe('true');
  });
});

describe('CanaryService with trafficSplit replicas: schema, determinism, snapshots, rollout knobs', () => {
  test('every object of every stage validates against the Kubernetes schemas', () => {
    expectValidManifests(STAGES.flatMap((s) => everyStage[s]));
  });

  test('each stage renders byte-identical output twice', () => {
    for (const stage of STAGES) expect(JSON.stringify(synthChart(define(), NS, { 'test/nginx': stage }))).toBe(JSON.stringify(everyStage[stage]));
  });

  test.each(STAGES)('stage %s snapshot', (stage) => {
    expect(everyStage[stage]).toMatchSnapshot();
  });

  test('rollout knobs: rendered by default (readiness GET /health) and configurable', () => {
    for (const d of ofKind(everyStage['canary-25'], 'Deployment')) {
      expect(d.spec).toMatchObject({ minReadySeconds: 10, progressDeadlineSeconds: 600, revisionHistoryLimit: 5, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } });
      expect(d.spec.template.spec.containers[0].readinessProbe.httpGet).toMatchObject({ path: '/health', port: 80 });
    }
    const m = synthChart(define({ maxSurge: 2, maxUnavailable: 1, minReadySeconds: 15, progressDeadlineSeconds: 900, revisionHistoryLimit: 10, readiness: { path: '/' } }), NS);
    for (const d of ofKind(m, 'Deployment')) {
      expect(d.spec).toMatchObject({ minReadySeconds: 15, progressDeadlineSeconds: 900, revisionHistoryLimit: 10, strategy: { rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } } });
      expect(d.spec.template.spec.containers[0].readinessProbe.httpGet.path).toBe('/');
    }
  });
});
