import { Chart } from 'cdk8s';
import { Progression,  CanaryService, CanaryServiceProps, IstioInjection, PodSecurityLevel, PreStop, RolloutNamespace, RolloutNamespaceProps } from '../../../lib';
import { CatalogueEntry, exact, propsExample, re } from '../catalogue';
import { VALID_CANARY } from './canary';

const BOTH = ['demo4/App/Deployment-v1', 'demo4/App/Deployment-v2'];
const CANARY = 'demo4/App/Deployment-v2';

/**
 * A CanaryService (`VALID_CANARY`) with workload options: `shared` on the construct (reported once per
 * Deployment, so twice at canary-10) or `version` on the canary version v2 (reported on its Deployment).
 */
function workloadEntry(id: string, source: string, over: { shared?: Record<string, unknown>; version?: Record<string, unknown>; props?: Record<string, unknown> }, message: string | RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  const canary = { ...VALID_CANARY.canary, ...over.version };
  const overrides = { ...over.shared, ...over.props, ...(over.version ? { canary } : {}) };
  return {
    id: `workload/${id}`,
    construct: 'workload options (every construct; here a CanaryService)',
    source,
    example: propsExample(overrides),
    define: (chart: Chart) => {
      new CanaryService(chart, 'demo4', { ...VALID_CANARY, ...overrides } as CanaryServiceProps);
    },
    path: over.shared ? BOTH : CANARY,
    count: over.shared ? 2 : 1,
    // `version "v*"` in a message stands for the version the Deployment runs.
    message: typeof message === 'string' ? new RegExp(`^${message.split('version "v*"').map(re).join(over.shared ? 'version "v[12]"' : 'version "v2"')}$`) : message,
    ...extra,
  };
}

function namespaceEntry(id: string, props: RolloutNamespaceProps, example: string, message: string | RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    id: `rollout-namespace/${id}`,
    construct: 'RolloutNamespace',
    source: 'lib/workload/rollout-namespace.ts',
    example,
    define: (chart: Chart) => {
      new RolloutNamespace(chart, 'ns', props);
    },
    path: 'ns',
    message: typeof message === 'string' ? exact(message) : message,
    ...extra,
  };
}

const RES = 'lib/workload/resources.ts';
const POD = 'lib/workload/pod-render.ts';
const HPA = 'lib/scaling/autoscaling.ts';
const PDB = 'lib/scaling/disruption-budget.ts';
const APP = 'lib/workload/versioned-app.ts';

export const WORKLOAD_ENTRIES: CatalogueEntry[] = [
  workloadEntry('request-above-limit', RES, { version: { resources: { cpu: { request: '1' } } } }, 'cpu request 1 of version "v*" is above its limit 500m, which the API server rejects. Fix: raise the cpu limit to at least the request, or lower the request (an unset field keeps its default: cpu 100m request, 500m limit).'),
  workloadEntry('bad-quantity', RES, { shared: { resources: { memory: { limit: '256MB' } } } }, 'memory limit "256MB" of version "v*" is not a positive Kubernetes quantity. Fix: use a quantity such as \'256Mi\' or \'1Gi\'.'),
  workloadEntry('run-as-root', POD, { shared: { runAsUser: 0 } }, 'runAsUser 0 of version "v*" is root; restricted pod security only admits non-root containers. Fix: use a non-zero UID, e.g. the default 65532, or the UID the image\'s USER names (101 for nginx-unprivileged).'),
  workloadEntry('bad-group', POD, { shared: { fsGroup: -1 } }, 'fsGroup -1 of version "v*" is not a valid GID. Fix: use a whole number of 0 or more, e.g. 65532.'),
  workloadEntry('duplicate-volume', POD, { shared: { volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'tmp', emptyDir: {} }] } }, 'volume name "tmp" of version "v*" is used by two volumes. Fix: give every volume a distinct name.'),
  workloadEntry('volume-sources', POD, { shared: { volumes: [{ name: 'data' }] } }, 'volume "data" of version "v*" has no source. Fix: give it exactly one of emptyDir, configMap, secret, persistentVolumeClaim, projected (other sources through podTemplate).'),
  workloadEntry('volume-name', POD, { shared: { volumes: [{ name: 'Tmp', emptyDir: {} }], volumeMounts: [{ name: 'Tmp', mountPath: '/tmp' }] } }, 'volume name "Tmp" is not a valid DNS-1123 label. Fix: use 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "forecast-v2").', { rule: 'checkDnsLabel' }),
  workloadEntry('mount-undeclared-volume', POD, { shared: { volumes: [{ name: 'tmp', emptyDir: {} }], volumeMounts: [{ name: 'cache', mountPath: '/var/cache/nginx' }] } }, 'volume mount "cache" at /var/cache/nginx of version "v*" names no volume of the pod (volumes: tmp). Fix: declare a volume named "cache" in volumes, or correct the mount\'s name.'),
  workloadEntry('mount-path-relative', POD, { shared: { volumes: [{ name: 'tmp', emptyDir: {} }], volumeMounts: [{ name: 'tmp', mountPath: 'tmp' }] } }, 'volume mount "tmp" path "tmp" of version "v*" is not absolute. Fix: use an absolute path such as /tmp.'),
  workloadEntry('duplicate-mount-path', POD, { shared: { volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }], volumeMounts: [{ name: 'a', mountPath: '/tmp' }, { name: 'b', mountPath: '/tmp' }] } }, 'two volume mounts of version "v*" use the path /tmp. Fix: mount each volume at its own path.'),
  workloadEntry('env-twice', POD, { shared: { env: { DB_PASSWORD: 'x' }, envValueFrom: { DB_PASSWORD: { secretKeyRef: { name: 'db', key: 'password' } } } } }, 'environment variable DB_PASSWORD of version "v*" is set both in env and in envValueFrom. Fix: set it in one of them.'),
  workloadEntry('env-value-from-sources', POD, { shared: { envValueFrom: { DB_PASSWORD: {} } } }, 'envValueFrom DB_PASSWORD of version "v*" has 0 sources. Fix: give it exactly one of configMapKeyRef, secretKeyRef, fieldRef.'),
  workloadEntry('reserved-label', POD, { shared: { labels: { version: 'stable' } } }, 'label "version" of version "v*" is set by the library (the Service, the Deployment and the DestinationRule subsets select on it). Fix: remove "version" from labels and podTemplate.metadata.labels; use another key for your own label.'),
  workloadEntry('grace-period', POD, { shared: { terminationGracePeriodSeconds: -5 } }, 'terminationGracePeriodSeconds -5 of version "v*" is not a whole number of 0 or more. Fix: use whole seconds, e.g. 30.'),
  workloadEntry('pre-stop-too-long', POD, { shared: { preStop: PreStop.sleep(30) } }, 'preStop sleep of 30s of version "v*" is not a whole number of seconds from 1 to below terminationGracePeriodSeconds (30s): the kubelet kills the container when the grace period ends, before the app could drain. Fix: sleep a few seconds (5 is usual) and keep terminationGracePeriodSeconds above the sleep plus the app\'s shutdown time.'),
  workloadEntry('empty-dir-size', POD, { shared: { volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64MB' } }], volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] } },
    'emptyDir sizeLimit "64MB" of volume "tmp" of version "v*" is not a positive Kubernetes quantity. Fix: use a quantity such as \'64Mi\' or \'1Gi\'.'),
  workloadEntry('toleration-exists-with-value', POD, { shared: { tolerations: [{ key: 'dedicated', operator: 'Exists', value: 'shop', effect: 'NoSchedule' }] } },
    'toleration of taint "dedicated" of version "v*" has operator Exists and value "shop", which the API server rejects. Fix: drop the value (Exists matches any value), or use operator: \'Equal\'.'),
  workloadEntry('topology-spread', POD, { shared: { topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'Never' }] } },
    'topology spread constraint on topology.kubernetes.io/zone of version "v*" has maxSkew 0 and whenUnsatisfiable "Never". Fix: use a maxSkew of 1 or more and whenUnsatisfiable \'DoNotSchedule\' (a hard rule) or \'ScheduleAnyway\' (a preference).'),
  workloadEntry('service-account-name', POD, { shared: { serviceAccountName: 'Shop_SA' } }, 'serviceAccountName "Shop_SA" is not a valid DNS-1123 subdomain. Fix: use lower-case letters, digits, "-" and ".", at most 253 characters, each dot-separated part starting and ending with a letter or digit.', { rule: 'checkDnsSubdomain' }),
  workloadEntry('hpa-min', HPA, { version: { autoscaling: { minReplicas: 0, maxReplicas: 3 } } }, 'autoscaling minReplicas 0 of version "v*" is not an integer of at least 1. Fix: use minReplicas: 1 or more (an HPA cannot scale to zero).'),
  workloadEntry('hpa-max', HPA, { version: { autoscaling: { minReplicas: 1, maxReplicas: 0 } } }, 'autoscaling maxReplicas 0 of version "v*" is not an integer of at least 1. Fix: use a whole number of pods, at least minReplicas.'),
  workloadEntry('hpa-min-above-max', HPA, { version: { autoscaling: { minReplicas: 4, maxReplicas: 2 } } }, 'autoscaling minReplicas 4 of version "v*" is above maxReplicas 2. Fix: make maxReplicas at least minReplicas.'),
  workloadEntry('hpa-utilization', HPA, { version: { autoscaling: { minReplicas: 1, maxReplicas: 3, cpuUtilization: 0 } } }, 'autoscaling cpuUtilization 0 of version "v*" is not a positive whole percentage. Fix: use a percentage of the request such as 70 (values above 100 scale only once pods use more than they request).'),
  workloadEntry('pdb-both', PDB, { version: { disruptionBudget: { minAvailable: 1, maxUnavailable: 1 } } }, 'disruptionBudget of version "v*" sets both minAvailable and maxUnavailable. Fix: set exactly one, e.g. { maxUnavailable: 1 } or { minAvailable: \'50%\' }.'),
  workloadEntry('pdb-malformed', PDB, { version: { replicas: 2, disruptionBudget: { maxUnavailable: '150%' } } }, 'disruptionBudget maxUnavailable "150%" of version "v*" is neither a whole number of pods nor a percentage from 0% to 100%. Fix: use a count such as 1 or a percentage such as \'50%\'.'),
  workloadEntry('pdb-never-met', PDB, { version: { replicas: 2, disruptionBudget: { minAvailable: 3 } } }, 'disruptionBudget minAvailable 3 of version "v*" can never be met: the version runs 2 pod(s) (its replicas, or its autoscaling minReplicas). Fix: lower minAvailable below 2, or run more pods.'),
  workloadEntry('pdb-blocks-evictions', PDB, { version: { disruptionBudget: { minAvailable: 1 } } }, 'disruptionBudget minAvailable 1 of version "v*" allows no eviction of its 1 pod(s), so every node drain and cluster upgrade hangs on them. Fix: allow at least one disruption: e.g. maxUnavailable: 1, and run 2 or more pods to stay available during a drain.'),
  workloadEntry('hpa-with-replica-split', APP, { props: { trafficSplit: 'replicas', totalReplicas: 4, replicaRounding: 'exact', stages: [25, 50], stage: 'canary-25' }, version: { autoscaling: { minReplicas: 1, maxReplicas: 4 } } }, 'autoscaling is set for version "v*", but this canary splits traffic by replica counts (trafficSplit \'replicas\'): an HPA would change the pod counts, and with them the share of requests each version gets. Fix: remove autoscaling (size the stages with totalReplicas), or use trafficSplit: \'istio\', where weights do not depend on pod counts.'),
  workloadEntry('replicas-and-autoscaling', APP, { version: { replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 6 } } }, 'version "v*" sets both replicas (3) and autoscaling: the HorizontalPodAutoscaler owns the pod count, so the Deployment renders no replicas. Fix: remove replicas, and set the bounds with autoscaling.minReplicas and maxReplicas.'),
  {
    ...workloadEntry('scaling-with-engine', 'lib/workload/versioned-deployment.ts', { props: { progression: Progression.flagger() }, version: { autoscaling: { minReplicas: 2, maxReplicas: 6 } } }, 'version "v*" sets autoscaling (a HorizontalPodAutoscaler), but its pods are built outside VersionedApp (a progression engine such as Flagger or Argo Rollouts, or a bare VersionedDeployment), so nothing would create that object. Fix: remove it from this version, or release with progression: \'manual\' (the staged constructs create them per version).'),
    path: 'demo4/Flagger/Deployment',
  },
  {
    ...namespaceEntry('no-name', {}, "new RolloutNamespace(chart, 'ns') in a chart without a namespace", 'the namespace has no name and the chart has no namespace. Fix: set name, or give the chart a namespace (new Chart(app, id, { namespace: \'shop\' })).'),
    define: (chart: Chart) => {
      new RolloutNamespace(new Chart(chart, 'inner'), 'ns');
    },
    path: 'inner/ns',
  },
  namespaceEntry('name-not-dns-label', { name: 'Shop' }, "new RolloutNamespace(chart, 'ns', { name: 'Shop' })", 'namespace name "Shop" is not a valid DNS-1123 label. Fix: use 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "forecast-v2").', { rule: 'checkDnsLabel' }),
  namespaceEntry('bad-pod-security-version', { name: 'shop', podSecurityVersion: '1.30' }, "new RolloutNamespace(chart, 'ns', { name: 'shop', podSecurityVersion: '1.30' })", 'podSecurityVersion "1.30" is neither "latest" nor a Kubernetes minor version. Fix: use \'latest\' or a version such as \'v1.30\'.'),
  namespaceEntry('istio-init-under-restricted', { name: 'shop', istioInjection: IstioInjection.sidecarWithInitContainer(), podSecurity: PodSecurityLevel.RESTRICTED },
    "new RolloutNamespace(chart, 'ns', { name: 'shop', istioInjection: IstioInjection.sidecarWithInitContainer() })", 'IstioInjection.sidecarWithInitContainer() adds the istio-init container to every pod, which needs the NET_ADMIN and NET_RAW capabilities that pod security level "restricted" forbids, so no pod of the namespace would be admitted. Fix: install Istio CNI and use IstioInjection.sidecarWithCni(), or use IstioInjection.AMBIENT; only PodSecurityLevel.PRIVILEGED admits istio-init.'),
];
