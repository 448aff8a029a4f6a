import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { chartName, FLEET_WEIGHTS, hasGateway, serviceName, SERVICES_PER_CHART } from './fleet';

/**
 * The benchmark baseline: the same objects as `defineFleet(n)` renders at every stage, written as
 * bare cdk8s `ApiObject`s from object literals: no cdk8s-plus, no validation, no stage model,
 * no routing model. `synth-bench` checks that both emit identical JSON before timing them.
 */

/** One stage of one service, as the baseline renders it. */
export interface BaselineStage {
  readonly rolloutPath: string;
  readonly index: number;
  readonly stage: string;
  readonly manifests: any[];
}

const STAGES = [...FLEET_WEIGHTS.map((w) => `canary-${w}`), 'promoted'];

function probe(initialDelaySeconds: number, failureThreshold: number) {
  return { failureThreshold, httpGet: { path: '/health', port: 80, scheme: 'HTTP' }, initialDelaySeconds, periodSeconds: 10, timeoutSeconds: 5 };
}

function deployment(name: string, ns: string, version: string, image: string) {
  const labels = { app: name, version };
  const standard = { 'app.kubernetes.io/managed-by': 'cdk8s-progressive', 'app.kubernetes.io/name': name, 'app.kubernetes.io/version': version };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { labels: { app: name, ...standard, version }, name: `${name}-${version}`, namespace: ns },
    spec: {
      minReadySeconds: 10,
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: labels },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 }, type: 'RollingUpdate' },
      template: {
        metadata: { labels: { 'app': name, ...standard, 'sidecar.istio.io/inject': 'true', version } },
        spec: {
          automountServiceAccountToken: false,
          containers: [{
            image,
            imagePullPolicy: 'IfNotPresent',
            livenessProbe: probe(30, 5),
            name,
            ports: [{ containerPort: 80, name: 'http' }],
            readinessProbe: probe(5, 3),
            resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
            securityContext: {
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              privileged: false,
              readOnlyRootFilesystem: true,
              runAsGroup: 65532,
              runAsNonRoot: true,
              runAsUser: 65532,
              seccompProfile: { type: 'RuntimeDefault' },
            },
          }],
          dnsPolicy: 'ClusterFirst',
          hostNetwork: false,
          restartPolicy: 'Always',
          securityContext: { fsGroupChangePolicy: 'Always', runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532 },
          setHostnameAsFQDN: false,
          terminationGracePeriodSeconds: 30,
        },
      },
    },
  };
}

/** Adds service `i` at stage position `k` to `chart` as bare ApiObjects. */
function addService(chart: Chart, i: number, k: number): ApiObject[] {
  const name = serviceName(i);
  const ns = chartName(i);
  const host = `${name}.${ns}.svc.cluster.local`;
  const promoted = k === FLEET_WEIGHTS.length;
  const weight = promoted ? 100 : FLEET_WEIGHTS[k];
  const versions = promoted ? ['v2'] : ['v1', 'v2'];
  const scope = new Construct(chart, name);
  const out: ApiObject[] = [];
  const add = (id: string, json: any) => out.push(new ApiObject(scope, id, json));
  add('Service', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { labels: { 'app': name, 'app.kubernetes.io/managed-by': 'cdk8s-progressive', 'app.kubernetes.io/name': name }, name, namespace: ns },
    spec: { externalIPs: [], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: name }, type: 'ClusterIP' },
  });
  for (const v of versions) add(`Deployment-${v}`, deployment(name, ns, v, `registry.example.com/${name}:${v === 'v1' ? '1.0.0' : '1.1.0'}`));
  add('DestinationRule', {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace: ns },
    spec: { host, subsets: versions.map((v) => ({ labels: { version: v }, name: v })) },
  });
  const gw = hasGateway(i);
  if (gw) {
    add('Gateway', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: `${name}-gateway`, namespace: ns },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ hosts: [`${name}.example.com`], port: { name: 'http-80', number: 80, protocol: 'HTTP' } }] },
    });
  }
  const route = promoted
    ? [{ destination: { host, subset: 'v2' }, weight: 100 }]
    : [{ destination: { host, subset: 'v1' }, weight: 100 - weight }, { destination: { host, subset: 'v2' }, weight }];
  add('VirtualService', {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: ns },
    spec: {
      ...(gw ? { gateways: [`${name}-gateway`, 'mesh'] } : {}),
      hosts: gw ? [`${name}.example.com`, host] : [host],
      http: [{ route }],
    },
  });
  return out;
}

/** Renders every stage of `n` services with bare ApiObjects, one app per stage position. */
export function renderBaseline(n: number): BaselineStage[] {
  const rendered: BaselineStage[] = [];
  for (let k = 0; k < STAGES.length; k++) {
    const app = new App({ outdir: 'dist' });
    let chart: Chart | undefined;
    for (let i = 0; i < n; i++) {
      if (i % SERVICES_PER_CHART === 0) chart = new Chart(app, chartName(i), { namespace: chartName(i), disableResourceNameHashes: true });
      const objects = addService(chart!, i, k);
      rendered.push({ rolloutPath: `${chartName(i)}/${serviceName(i)}`, index: k, stage: STAGES[k], manifests: objects.map((o) => o.toJson()) });
    }
  }
  rendered.sort((a, b) => (a.rolloutPath === b.rolloutPath ? a.index - b.index : a.rolloutPath < b.rolloutPath ? -1 : 1));
  return rendered;
}
