import { Chart } from 'cdk8s';
import { Progression,  BlueGreenService, CanaryService, CanaryServiceProps, PreStop, PullPolicy } from '../../lib';
import { referenceProblems } from '../support/references';
import { expectValidManifests } from '../support/schema';
import { find, ofKind, synthChart, synthEveryStage } from '../support/synth';
import { companionProblems, configMapsOf } from './companions';

const BASE: CanaryServiceProps = {
  name: 'shop',
  stable: { name: 'v1', image: 'example/shop:1.0.0' },
  canary: { name: 'v2', image: 'example/shop:2.0.0' },
  stages: [10, 50],
  stage: 'canary-10',
};
const canary = (props: Partial<CanaryServiceProps>) => (chart: Chart) => {
  new CanaryService(chart, 'shop', { ...BASE, ...props } as CanaryServiceProps);
};
const pod = (m: any[], version: string) => find(m, 'Deployment', `shop-${version}`).spec.template.spec;
const container = (m: any[], version: string) => pod(m, version).containers[0];

describe('resources merge with the defaults, field by field', () => {
  test('setting only cpu keeps the default memory request and limit', () => {
    const m = synthChart(canary({ resources: { cpu: { request: '250m', limit: '1' } } }));
    expect(container(m, 'v1').resources).toEqual({ limits: { cpu: '1', memory: '256Mi' }, requests: { cpu: '250m', memory: '128Mi' } });
  });

  test('a version merges over the construct: its memory limit, the construct\'s cpu', () => {
    const m = synthChart(canary({
      resources: { cpu: { request: '200m' } },
      canary: { ...BASE.canary, resources: { memory: { limit: '1Gi' } } },
    }));
    expect(container(m, 'v1').resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '200m', memory: '128Mi' } });
    expect(container(m, 'v2').resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '200m', memory: '128Mi' } });
  });

  test('quantities compare by value across units: 1024Mi is not above 1Gi, 1500m is above 1', () => {
    expect(() => synthChart(canary({ resources: { memory: { request: '1024Mi', limit: '1Gi' } } }))).not.toThrow();
    expect(() => synthChart(canary({ resources: { cpu: { request: '1500m', limit: '1' } } }))).toThrow(/cpu request 1500m of version "v1" is above its limit 1/);
  });
});

describe('defaults: what the YAML contains with no options', () => {
  const m = synthChart(canary({}));
  test('runAsUser and runAsGroup 65532 on the pod and the container, so runAsNonRoot never depends on the image', () => {
    expect(pod(m, 'v1').securityContext).toEqual({ fsGroupChangePolicy: 'Always', runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532 });
    expect(container(m, 'v1').securityContext).toEqual({
      allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true,
      runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('no token mounted, IfNotPresent, 30 s grace period, no preStop, no startup probe, no volumes', () => {
    const p = pod(m, 'v1');
    expect(p.automountServiceAccountToken).toBe(false);
    expect(p.terminationGracePeriodSeconds).toBe(30);
    expect(p.volumes).toBeUndefined();
    expect(container(m, 'v1').imagePullPolicy).toBe('IfNotPresent');
    expect(container(m, 'v1').lifecycle).toBeUndefined();
    expect(container(m, 'v1').startupProbe).toBeUndefined();
  });

  test('every workload object carries app.kubernetes.io labels; the Service has no version label', () => {
    const labels = (o: any) => o.metadata.labels;
    expect(labels(find(m, 'Service', 'shop'))).toEqual({ 'app': 'shop', 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/managed-by': 'cdk8s-progressive' });
    expect(labels(find(m, 'Deployment', 'shop-v2'))).toEqual({
      'app': 'shop', 'version': 'v2', 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/version': 'v2', 'app.kubernetes.io/managed-by': 'cdk8s-progressive',
    });
    expect(find(m, 'Deployment', 'shop-v2').spec.selector).toEqual({ matchLabels: { app: 'shop', version: 'v2' } });
  });
});

describe('every pod option renders as documented, and the result is schema-valid', () => {
  const m = synthChart(canary({
    command: ['/bin/shop'],
    args: ['--port', '80'],
    imagePullPolicy: PullPolicy.ALWAYS,
    imagePullSecrets: ['registry'],
    serviceAccountName: 'shop',
    automountServiceAccountToken: true,
    labels: { team: 'checkout' },
    annotations: { 'example.com/owner': 'checkout' },
    podAnnotations: { 'prometheus.io/scrape': 'true' },
    env: { LOG_LEVEL: 'info' },
    envValueFrom: {
      DB_PASSWORD: { secretKeyRef: { name: 'shop-db', key: 'password' } },
      POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
    },
    envFrom: [{ configMapRef: { name: 'shop-common' } }],
    volumes: [
      { name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '32Mi' } },
      { name: 'certs', secret: { secretName: 'shop-tls', defaultMode: 256 } },
      { name: 'data', persistentVolumeClaim: { claimName: 'shop-data' } },
      { name: 'bundle', projected: { sources: [{ configMap: { name: 'shop-common' } }, { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 600 } }] } },
    ],
    volumeMounts: [
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'certs', mountPath: '/etc/tls', readOnly: true },
      { name: 'data', mountPath: '/data' },
      { name: 'bundle', mountPath: '/var/run/bundle', readOnly: true },
    ],
    nodeSelector: { 'kubernetes.io/arch': 'arm64' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' }],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'shop' } } } }],
      },
    },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
    priorityClassName: 'high',
    terminationGracePeriodSeconds: 45,
    preStop: PreStop.execSleep(10),
    startup: { path: '/ready', failureThreshold: 60 },
    runAsUser: 1000,
    runAsGroup: 2000,
    fsGroup: 3000,
    canary: { ...BASE.canary, command: ['/bin/shop-v2'], env: { LOG_LEVEL: 'debug' }, envFrom: [{ secretRef: { name: 'shop-v2-keys' }, prefix: 'KEY_' }], podAnnotations: { 'example.com/canary': 'true' } },
  }));

  test('schema-valid, and every reference resolves', () => {
    expectValidManifests(m);
    expect(referenceProblems(m)).toEqual([]);
    expect(companionProblems(m, ['shop-common'])).toEqual([]);
  });

  test('container fields', () => {
    const c = container(m, 'v1');
    expect(c.command).toEqual(['/bin/shop']);
    expect(c.args).toEqual(['--port', '80']);
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'shop-db' } } },
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'shop-common' } }]);
    expect(c.volumeMounts.map((v: any) => v.mountPath)).toEqual(['/tmp', '/etc/tls', '/data', '/var/run/bundle']);
    expect(c.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '10'] } } });
    expect(c.startupProbe).toEqual({ failureThreshold: 60, httpGet: { path: '/ready', port: 80, scheme: 'HTTP' }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 5 });
    expect(c.securityContext).toMatchObject({ runAsUser: 1000, runAsGroup: 2000, runAsNonRoot: true });
  });

  test('pod fields', () => {
    const p = pod(m, 'v1');
    expect(p.imagePullSecrets).toEqual([{ name: 'registry' }]);
    expect(p.serviceAccountName).toBe('shop');
    expect(p.automountServiceAccountToken).toBe(true);
    expect(p.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(p.tolerations).toEqual([{ effect: 'NoSchedule', key: 'dedicated', operator: 'Equal', value: 'shop' }]);
    expect(p.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(100);
    expect(p.topologySpreadConstraints[0].labelSelector).toEqual({ matchLabels: { app: 'shop', version: 'v1' } });
    expect(p.priorityClassName).toBe('high');
    expect(p.terminationGracePeriodSeconds).toBe(45);
    expect(p.securityContext).toEqual({ fsGroup: 3000, fsGroupChangePolicy: 'Always', runAsGroup: 2000, runAsNonRoot: true, runAsUser: 1000 });
    expect(p.volumes.map((v: any) => v.name)).toEqual(['tmp', 'certs', 'data', 'bundle']);
  });

  test('labels on every object, annotations on the Deployment and the pods', () => {
    for (const o of m.filter((x) => x.kind === 'Deployment' || x.kind === 'Service')) expect(o.metadata.labels.team).toBe('checkout');
    const d = find(m, 'Deployment', 'shop-v1');
    expect(d.metadata.annotations).toEqual({ 'example.com/owner': 'checkout' });
    expect(d.spec.template.metadata.labels.team).toBe('checkout');
    expect(d.spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
  });

  test('version overrides: v2 has its own command, env value and envFrom, and an extra annotation; v1 is untouched', () => {
    const c = container(m, 'v2');
    expect(c.command).toEqual(['/bin/shop-v2']);
    expect(c.env.find((e: any) => e.name === 'LOG_LEVEL')).toEqual({ name: 'LOG_LEVEL', value: 'debug' });
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'shop-common' } }, { prefix: 'KEY_', secretRef: { name: 'shop-v2-keys' } }]);
    expect(find(m, 'Deployment', 'shop-v2').spec.template.metadata.annotations).toEqual({ 'example.com/canary': 'true', 'prometheus.io/scrape': 'true' });
    expect(container(m, 'v1').envFrom).toEqual([{ configMapRef: { name: 'shop-common' } }]);
  });
});

describe('podTemplate: the escape hatch reaches any pod field without JSON patches', () => {
  const m = synthChart(canary({
    podTemplate: {
      metadata: { labels: { tier: 'web' } },
      spec: {
        hostAliases: [{ ip: '10.0.0.1', hostnames: ['legacy.internal'] }],
        initContainers: [{ name: 'migrate', image: 'example/shop-migrate:1.0.0', args: ['up'] }],
        containers: [{ name: 'shop', workingDir: '/srv', ports: [{ name: 'metrics', containerPort: 9090 }] }],
        dnsConfig: { options: [{ name: 'ndots', value: '2' }] },
      },
    },
    canary: { ...BASE.canary, podTemplate: { spec: { containers: [{ name: 'shop', workingDir: '/srv/v2' }] } } },
  }));

  test('objects merge, named lists merge by name (the app container keeps every rendered field), other values replace', () => {
    const p = pod(m, 'v1');
    const c = p.containers[0];
    expect(p.containers).toHaveLength(1);
    expect(c.workingDir).toBe('/srv');
    expect(c.image).toBe('example/shop:1.0.0');
    expect(c.securityContext.runAsNonRoot).toBe(true);
    expect(c.ports).toEqual([{ containerPort: 80, name: 'http' }, { containerPort: 9090, name: 'metrics' }]);
    expect(p.initContainers).toEqual([{ args: ['up'], image: 'example/shop-migrate:1.0.0', name: 'migrate' }]);
    expect(p.hostAliases).toEqual([{ hostnames: ['legacy.internal'], ip: '10.0.0.1' }]);
    expect(find(m, 'Deployment', 'shop-v1').spec.template.metadata.labels.tier).toBe('web');
    expect(find(m, 'Deployment', 'shop-v1').spec.selector.matchLabels).toEqual({ app: 'shop', version: 'v1' });
  });

  test('a version\'s podTemplate applies after the construct\'s', () => {
    expect(container(m, 'v2').workingDir).toBe('/srv/v2');
    expect(pod(m, 'v2').initContainers).toHaveLength(1);
  });

  test('the keys stay sorted, like the rest of cdk8s output', () => {
    const keys = Object.keys(pod(m, 'v1'));
    expect(keys).toEqual([...keys].sort());
    expectValidManifests(m);
  });
});

describe('per-version configuration', () => {
  // A config-only release: the same image, a new version name and a different config.
  const configOnly = (chart: Chart) => new CanaryService(chart, 'shop', {
    ...BASE,
    stable: { name: 'v1', image: 'example/shop:1.0.0', config: { data: { CHECKOUT: 'old' } } },
    canary: { name: 'v1-new-checkout', image: 'example/shop:1.0.0', config: { data: { CHECKOUT: 'new' } }, secret: { name: 'shop-v1-new-checkout', mountPath: '/etc/secret' } },
  });
  const stages = synthEveryStage(configOnly, 'shop', ['canary-10', 'canary-50', 'promoted']);

  test('each version has <app>-<version>-config, used by its own pods only (envFrom by default)', () => {
    const m = stages['canary-10'];
    expect(ofKind(m, 'ConfigMap').map((c) => [c.metadata.name, c.data])).toEqual([['shop-v1-config', { CHECKOUT: 'old' }], ['shop-v1-new-checkout-config', { CHECKOUT: 'new' }]]);
    expect(container(m, 'v1').envFrom).toEqual([{ configMapRef: { name: 'shop-v1-config' } }]);
    expect(configMapsOf(find(m, 'Deployment', 'shop-v1-new-checkout'))).toEqual(['shop-v1-new-checkout-config']);
    expect(container(m, 'v1-new-checkout').volumeMounts).toEqual([{ mountPath: '/etc/secret', name: 'version-secret', readOnly: true }]);
    expect(pod(m, 'v1-new-checkout').volumes).toEqual([{ name: 'version-secret', secret: { secretName: 'shop-v1-new-checkout' } }]);
    expect(container(m, 'v1').image).toBe(container(m, 'v1-new-checkout').image);
    expectValidManifests(m);
    expect(companionProblems(m)).toEqual([]);
  });

  test('promotion removes the old version\'s ConfigMap with it', () => {
    expect(ofKind(stages.promoted, 'ConfigMap').map((c) => c.metadata.name)).toEqual(['shop-v1-new-checkout-config']);
    expect(companionProblems(stages.promoted)).toEqual([]);
  });
});

describe('autoscaling and disruption budgets per version', () => {
  test('an HPA per running version, spec.replicas omitted; CPU 80% when no target is given; memory when asked', () => {
    const m = synthChart(canary({
      autoscaling: { minReplicas: 2, maxReplicas: 8 },
      canary: { ...BASE.canary, autoscaling: { minReplicas: 1, maxReplicas: 8, memoryUtilization: 75 } },
    }));
    const hpa = find(m, 'HorizontalPodAutoscaler', 'shop-v1');
    expect(hpa.spec).toEqual({
      maxReplicas: 8, minReplicas: 2, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'shop-v1' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    expect(find(m, 'HorizontalPodAutoscaler', 'shop-v2').spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } }]);
    for (const d of ofKind(m, 'Deployment')) expect(d.spec.replicas).toBeUndefined();
    expectValidManifests(m);
    expect(companionProblems(m)).toEqual([]);
  });

  test('without autoscaling, replicas stay pinned and no HPA is emitted', () => {
    const m = synthChart(canary({ replicas: 3, disruptionBudget: { minAvailable: '50%' } }));
    expect(ofKind(m, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(find(m, 'Deployment', 'shop-v1').spec.replicas).toBe(3);
    expect(find(m, 'PodDisruptionBudget', 'shop-v1').spec).toEqual({ minAvailable: '50%', selector: { matchLabels: { app: 'shop', version: 'v1' } } });
  });

  test('blue-green: finalize keeps only green\'s HPA and PDB', () => {
    const define = (chart: Chart) => new BlueGreenService(chart, 'shop', {
      name: 'shop',
      blue: { name: 'v1', image: 'example/shop:1.0.0' },
      green: { name: 'v2', image: 'example/shop:2.0.0' },
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
      disruptionBudget: { maxUnavailable: 1 },
      preStop: PreStop.sleep(5),
      stage: 'preview',
    });
    const s = synthEveryStage(define, 'shop', ['preview', 'switch', 'finalize']);
    expect(ofKind(s.switch, 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).toEqual(['shop-v1', 'shop-v2']);
    expect(ofKind(s.finalize, 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).toEqual(['shop-v2']);
    expect(ofKind(s.finalize, 'PodDisruptionBudget').map((h) => h.metadata.name)).toEqual(['shop-v2']);
    expectValidManifests([...s.preview, ...s.switch, ...s.finalize]);
  });
});

describe('progression engines get the same pods', () => {
  test('an Argo Rollout template carries the typed pod options', () => {
    const m = synthChart(canary({
      progression: Progression.argoRollouts(),
      preStop: PreStop.sleep(5),
      volumes: [{ name: 'tmp', emptyDir: {} }],
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    }));
    const rollout = ofKind(m, 'Rollout')[0];
    const c = rollout.spec.template.spec.containers[0];
    expect(c.lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
    expect(rollout.spec.template.spec.volumes).toEqual([{ emptyDir: {}, name: 'tmp' }]);
    expect(c.securityContext.runAsUser).toBe(65532);
  });
});
