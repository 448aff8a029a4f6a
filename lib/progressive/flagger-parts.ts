import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { CanarySpecAnalysisMetrics, CanarySpecService, MetricTemplate, MetricTemplateSpecProviderType } from '../../imports/flagger.app';
import { Gateway } from '../../imports/networking.istio.io';
import { IstioApiVersion } from '../providers/istio/api-version';
import { createGateway } from '../providers/istio/gateway';
import { GatewayOptions } from '../providers/core/gateway';
import { gatewayCreatedHere } from '../providers/core/gateway-hosts';
import { Problem } from '../validation/problems';
import { checkDnsLabel, checkHostName, checkPort } from '../validation/rules';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { workloadOptions } from '../workload/versioned-app';
import { APP_LABEL, VersionedDeployment } from '../workload/versioned-deployment';
import { rollbackQueries } from './promql';
import { formatDuration, ResolvedThresholds } from './thresholds';

/**
 * The pieces every Flagger resource set of this library shares (weighted canary, A/B test,
 * blue/green): the target Deployment, the rollback metrics, and the `service` block with its
 * Istio Gateway. Each builder creates its objects in the scope it is given, in call order.
 */

/** Default Prometheus address: Istio's Prometheus add-on. */
export const DEFAULT_PROMETHEUS_ADDRESS = 'http://prometheus.istio-system:9090';

/**
 * The Deployment Flagger targets: `<name>`, the shared workload module's pods for `version`, with
 * the single selector label `app: <name>` Flagger requires (the pods keep their version label).
 */
export function flaggerTargetDeployment(scope: Construct, name: string, version: VersionSpec, workload: WorkloadOptions): VersionedDeployment {
  const deployment = new VersionedDeployment(scope, 'Deployment', {
    ...workloadOptions(workload),
    app: name,
    version,
    deploymentName: name,
  });
  ApiObject.of(deployment.deployment).addJsonPatch(JsonPatch.replace('/spec/selector/matchLabels', { [APP_LABEL]: name }));
  return deployment;
}

/** The rollback checks as Flagger metrics, and the MetricTemplates for the checks Flagger has no built-in for. */
export interface FlaggerMetrics {
  /** `<name>-error-rate` and `<name>-average-latency`. */
  readonly templates: MetricTemplate[];
  /** `analysis.metrics`. */
  readonly metrics: CanarySpecAnalysisMetrics[];
  /** `analysis.interval` (the thresholds' interval). */
  readonly interval: string;
}

/**
 * Translates the thresholds to Flagger: the built-in `request-success-rate` (min), MetricTemplates
 * for the error rate over its window and the average latency (max), and the built-in
 * `request-duration` (P99, max) when declared. Queries select the target workload.
 */
export function flaggerMetrics(scope: Construct, name: string, t: ResolvedThresholds, prometheusAddress: string | undefined): FlaggerMetrics {
  const templates: MetricTemplate[] = [];
  const queries = rollbackQueries('destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"', t);
  const provider = { type: MetricTemplateSpecProviderType.PROMETHEUS, address: prometheusAddress ?? DEFAULT_PROMETHEUS_ADDRESS };
  const template = (tid: string, templateName: string, query: string) => {
    const mt = new MetricTemplate(scope, tid, { metadata: { name: templateName }, spec: { provider, query } });
    templates.push(mt);
    return mt;
  };
  const interval = formatDuration(t.intervalSeconds);
  const errorRate = template('ErrorRateTemplate', `${name}-error-rate`, queries.errorRatePercent);
  const latency = template('AverageLatencyTemplate', `${name}-average-latency`, queries.averageLatencyMs);
  const metrics: CanarySpecAnalysisMetrics[] = [
    { name: 'request-success-rate', interval, thresholdRange: { min: t.minSuccessRatePercent } },
    { name: 'error-rate', interval, templateRef: { name: errorRate.name }, thresholdRange: { max: t.maxErrorRatePercent } },
    { name: 'average-latency', interval, templateRef: { name: latency.name }, thresholdRange: { max: t.maxAverageLatencyMs } },
    ...(t.maxP99LatencyMs !== undefined ? [{ name: 'request-duration', interval, thresholdRange: { max: t.maxP99LatencyMs } }] : []),
  ];
  return { templates, metrics, interval };
}

/** Inputs of `flaggerService`. */
export interface FlaggerServiceInput {
  /** Application name (the Service Flagger creates, and the mesh host). */
  readonly name: string;
  /** Service port. */
  readonly port: number;
  /** Container port. @default 80 */
  readonly containerPort?: number;
  /** Port name (the protocol). @default 'http' */
  readonly portName?: string;
  /** Istio Gateway and hosts. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Istio API version of a created Gateway. @default 'v1' */
  readonly istioApiVersion?: IstioApiVersion;
}

/** The Canary's `service` block and the Istio Gateway created for it. */
export interface FlaggerService {
  /** `spec.service`. */
  readonly service: CanarySpecService;
  /** The Istio Gateway, when created here. @default - none (no gateway, or `create: false`) */
  readonly gateway?: Gateway;
}

/**
 * The Canary's `service` block: port, target port, port name and, with a gateway, Istio `gateways`
 * and `hosts` (plus `mesh` and the service with `includeMesh`); creates the Istio Gateway unless
 * `create: false`. Gateway input problems are added to `problems`.
 */
export function flaggerService(scope: Construct, input: FlaggerServiceInput, problems: Problem[]): FlaggerService {
  const namespace = Chart.of(scope).namespace;
  const gw = input.gateway;
  let gatewayRefs: string[] | undefined;
  let hosts: string[] | undefined;
  let gateway: Gateway | undefined;
  if (gw) {
    for (const x of [checkDnsLabel(gw.name, 'gateway name'), checkPort(gw.port ?? 80, 'gateway port'), ...gw.hosts.map((h) => checkHostName(h, 'gateway host'))]) if (x) problems.push(x);
    if (gw.hosts.length === 0) problems.push({ message: 'the gateway has no hosts.', fix: "list the external hosts, e.g. ['demo4.a.com'], or ['*']." });
    const mesh = gw.includeMesh ?? true;
    const ref = gw.namespace && gw.namespace !== namespace ? `${gw.namespace}/${gw.name}` : gw.name;
    gatewayRefs = mesh ? [ref, 'mesh'] : [ref];
    hosts = mesh ? [...gw.hosts, input.name] : [...gw.hosts];
    if (gatewayCreatedHere(gw)) {
      gateway = createGateway(scope, 'Gateway', {
        name: gw.name,
        namespace: gw.namespace,
        selector: gw.selector,
        servers: [{ port: gw.port ?? 80, protocol: 'HTTP', hosts: gw.hosts }],
        apiVersion: input.istioApiVersion,
      });
    }
  }
  return {
    service: {
      port: input.port,
      targetPort: input.containerPort ?? 80,
      portName: input.portName ?? 'http',
      ...(gatewayRefs ? { gateways: gatewayRefs } : {}),
      ...(hosts ? { hosts } : {}),
    },
    gateway,
  };
}
