import { Chart } from 'cdk8s';
import { CanaryService, CanaryServiceProps, MeshRouting, Traffic, shareByVersion, simulate } from '../../lib';
import { expectValidManifests } from '../support/schema';
import { find, ofKind, synthChart, synthEveryStage } from '../support/synth';

const base: CanaryServiceProps = {
  name: 'forecast',
  stable: { name: 'v1', image: 'weather/forecast:1.0.0' },
  canary: { name: 'v2', image: 'weather/forecast:2.0.0' },
  stages: [0, 5, 25, 50, 100],
  stage: 'canary-5',
};
const STAGES = ['canary-0', 'canary-5', 'canary-25', 'canary-50', 'canary-100', 'promoted'];
const define = (props: Partial<CanaryServiceProps> = {}) => (chart: Chart) => {
  new CanaryService(chart, 'forecast', { ...base, ...props });
};
const everyStage = synthEveryStage(define(), 'forecast', STAGES, { namespace: 'weather' });

describe('CanaryService: who serves traffic at each stage', () => {
  const expected: Record<string, Record<string, number>> = {
    'canary-0': { v1: 1 },
    'canary-5': { v1: 0.95, v2: 0.05 },
    'canary-25': { v1: 0.75, v2: 0.25 },
    'canary-50': { v1: 0.5, v2: 0.5 },
    'canary-100': { v2: 1 },
    'promoted': { v2: 1 },
  };
  test.each(STAGES)('stage %s: in-mesh requests reach versions with the declared probabilities', (stage) => {
    const share = shareByVersion(simulate(everyStage[stage], { host: 'forecast', sourceNamespace: 'weather' }));
    expect(share).toEqual(expected[stage]);
  });

  test.each(STAGES)('stage %s: VirtualService weights per subset sum to 100', (stage) => {
    const vs = find(everyStage[stage], 'VirtualService', 'forecast');
    const weights = vs.spec.http[0].route.map((r: any) => r.weight);
    expect(weights.reduce((a: number, b: number) => a + b, 0)).toBe(100);
  });

  test('stages before promotion run both versions; promotion removes the old Deployment and subset', () => {
    for (const stage of STAGES.slice(0, -1)) {
      expect(ofKind(everyStage[stage], 'Deployment').map((d) => d.metadata.name)).toEqual(['forecast-v1', 'forecast-v2']);
    }
    const promoted = everyStage.promoted;
    expect(ofKind(promoted, 'Deployment').map((d) => d.metadata.name)).toEqual(['forecast-v2']);
    expect(find(promoted, 'DestinationRule', 'forecast').spec.subsets.map((s: any) => s.name)).toEqual(['v2']);
    expect(find(promoted, 'VirtualService', 'forecast').spec.http[0].route).toEqual([
      { destination: { host: 'forecast.weather.svc.cluster.local', subset: 'v2' }, weight: 100 },
    ]);
  });

  test.each(STAGES)('stage %s: every VirtualService destination names a subset the DestinationRule defines', (stage) => {
    const m = everyStage[stage];
    const subsets = new Set(find(m, 'DestinationRule', 'forecast').spec.subsets.map((s: any) => s.name));
    const dests = find(m, 'VirtualService', 'forecast').spec.http.flatMap((h: any) => h.route.map((r: any) => r.destination.subset));
    expect(dests.length).toBeGreaterThan(0);
    for (const d of dests) expect(subsets.has(d)).toBe(true);
  });

  test.each(STAGES)('stage %s: each subset selects the pods of exactly one Deployment, and the Service selects every version', (stage) => {
    const m = everyStage[stage];
    const deployments = ofKind(m, 'Deployment');
    const podLabels = (d: any) => d.spec.template.metadata.labels;
    const selects = (sel: Record<string, string>, labels: Record<string, string>) => Object.entries(sel).every(([k, v]) => labels[k] === v);
    const service = find(m, 'Service', 'forecast');
    for (const s of find(m, 'DestinationRule', 'forecast').spec.subsets) {
      const sel = { ...service.spec.selector, ...s.labels };
      expect(deployments.filter((d) => selects(sel, podLabels(d))).map((d) => d.metadata.name)).toEqual([`forecast-${s.name}`]);
    }
    for (const d of deployments) {
      expect(selects(service.spec.selector, podLabels(d))).toBe(true);
      expect(selects(d.spec.selector.matchLabels, podLabels(d))).toBe(true);
    }
  });

  test('every object of every stage validates against the Kubernetes and Istio schemas', () => {
    expectValidManifests(STAGES.flatMap((s) => everyStage[s]));
  });

  test('each stage renders byte-identical output twice', () => {
    for (const stage of STAGES) {
      const again = synthChart(define(), { namespace: 'weather' }, { 'test/forecast': stage });
      expect(JSON.stringify(again)).toBe(JSON.stringify(everyStage[stage]));
    }
  });

  test.each(STAGES)('stage %s snapshot', (stage) => {
    expect(everyStage[stage]).toMatchSnapshot();
  });
});

describe('CanaryService: workload defaults and options', () => {
  const m = synthChart(define(), { namespace: 'weather' });
  const d = find(m, 'Deployment', 'forecast-v2');
  const pod = d.spec.template;
  const c = pod.spec.containers[0];

  test('pods carry app/version labels and ask for the Istio sidecar', () => {
    expect(pod.metadata.labels).toEqual({
      'app': 'forecast', 'version': 'v2', 'sidecar.istio.io/inject': 'true',
      'app.kubernetes.io/name': 'forecast', 'app.kubernetes.io/version': 'v2', 'app.kubernetes.io/managed-by': 'cdk8s-progressive',
    });
  });
  test('restricted pod security: non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp', () => {
    expect(c.securityContext).toMatchObject({
      runAsNonRoot: true, allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
  });
  test('resource requests and limits are set', () => {
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
  });
  test('readiness on /health and liveness by default; rolling-update knobs rendered', () => {
    expect(c.readinessProbe.httpGet).toMatchObject({ path: '/health', port: 80 });
    expect(c.livenessProbe.httpGet).toMatchObject({ path: '/health', port: 80 });
    expect(d.spec).toMatchObject({ minReadySeconds: 10, progressDeadlineSeconds: 600, revisionHistoryLimit: 5, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } });
  });
  test('replicas, env, ports, probes and knobs are configurable, per version too', () => {
    const m2 = synthChart(define({
      replicas: 3, containerPort: 8080, env: { LOG: 'info' }, readiness: { path: '/ready' }, liveness: false,
      maxSurge: 1, maxUnavailable: '10%', minReadySeconds: 5, progressDeadlineSeconds: 120, revisionHistoryLimit: 2,
      canary: { name: 'v2', image: 'weather/forecast:2.0.0', replicas: 1, env: { FEATURE: 'on' } },
    }), { namespace: 'weather' });
    const v1 = find(m2, 'Deployment', 'forecast-v1');
    const v2 = find(m2, 'Deployment', 'forecast-v2');
    expect(v1.spec.replicas).toBe(3);
    expect(v2.spec.replicas).toBe(1);
    const c2 = v2.spec.template.spec.containers[0];
    expect(c2.env).toEqual([{ name: 'FEATURE', value: 'on' }, { name: 'LOG', value: 'info' }]);
    expect(c2.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(c2.readinessProbe.httpGet).toMatchObject({ path: '/ready', port: 8080 });
    expect(c2.livenessProbe).toBeUndefined();
    expect(v2.spec).toMatchObject({ minReadySeconds: 5, progressDeadlineSeconds: 120, revisionHistoryLimit: 2, strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: '10%' } } });
    expect(find(m2, 'Service', 'forecast').spec.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }]);
  });
  test('Traffic.istio({ apiVersion: v1beta1 }) for clusters older than Istio 1.22', () => {
    const m3 = synthChart(define({ traffic: Traffic.istio({ apiVersion: 'v1beta1' }) }), { namespace: 'weather' });
    const istio = m3.filter((o) => o.apiVersion.startsWith('networking.istio.io'));
    expect(istio.map((o) => o.apiVersion)).toEqual(['networking.istio.io/v1beta1', 'networking.istio.io/v1beta1']);
    expectValidManifests(m3);
  });
  test('named stages and promote: false', () => {
    const m4 = synthChart(define({ stages: [{ name: 'smoke', canaryWeight: 1 }, { name: 'half', canaryWeight: 50 }], stage: 'half', promote: false }), { namespace: 'weather' });
    expect(shareByVersion(simulate(m4, { host: 'forecast', sourceNamespace: 'weather' }))).toEqual({ v1: 0.5, v2: 0.5 });
  });
  test('exposes the objects it creates for patching', () => {
    let canary!: CanaryService;
    synthChart((chart) => { canary = new CanaryService(chart, 'forecast', base); }, { namespace: 'weather' });
    expect(canary.stageNames).toEqual(STAGES);
    expect(canary.activeStage).toBe('canary-5');
    expect(MeshRouting.of(canary.routing)?.virtualService.name).toBe('forecast');
    expect(MeshRouting.of(canary.routing)?.destinationRule.name).toBe('forecast');
    expect(Object.keys(canary.app.deployments)).toEqual(['v1', 'v2']);
    expect(canary.app.service?.name).toBe('forecast');
  });
});

describe('CanaryService with a gateway', () => {
  const props = { gateway: { name: 'forecast-gateway', hosts: ['forecast.example.com'] } };
  const m = synthChart(define(props), { namespace: 'weather' });
  test('by default the VirtualService binds both the gateway and the mesh, so in-cluster callers get the same weights', () => {
    const vs = find(m, 'VirtualService', 'forecast');
    expect(vs.spec.gateways).toEqual(['forecast-gateway', 'mesh']);
    expect(vs.spec.hosts).toEqual(['forecast.example.com', 'forecast.weather.svc.cluster.local']);
    expect(shareByVersion(simulate(m, { host: 'forecast.example.com', gateway: 'forecast-gateway' }))).toEqual({ v1: 0.95, v2: 0.05 });
    expect(shareByVersion(simulate(m, { host: 'forecast', sourceNamespace: 'weather' }))).toEqual({ v1: 0.95, v2: 0.05 });
  });
  test('a host the gateway does not serve is not routed', () => {
    const r = simulate(m, { host: 'other.example.com', gateway: 'forecast-gateway' });
    expect(r.failed).toBe(1);
  });
  test('a gateway in another namespace is referenced as <namespace>/<name>', () => {
    const m2 = synthChart(define({ gateway: { name: 'weather-gateway', namespace: 'istio-system', hosts: ['weather.example.com'], external: true } }), { namespace: 'weather' });
    expect(find(m2, 'VirtualService', 'forecast').spec.gateways).toEqual(['istio-system/weather-gateway', 'mesh']);
    expect(ofKind(m2, 'Gateway')).toEqual([]);
  });
});
