import { Construct } from 'constructs';
import { Canary, CanarySpecProvider, CanarySpecTargetRefKind, MetricTemplate } from '../../imports/flagger.app';
import { Gateway } from '../../imports/networking.istio.io';
import { IstioOptions } from '../providers/istio/api-version';
import { GatewayOptions } from '../providers/core/gateway';
import { Problem, reportProblem } from '../validation/problems';
import { checkPort } from '../validation/rules';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { VersionedDeployment } from '../workload/versioned-deployment';
import { analysisIterationsProblems } from './blue-green-plan';
import { flaggerMetrics, flaggerService, flaggerTargetDeployment } from './flagger-parts';
import { resolveThresholds, RollbackThresholds, thresholdProblems } from './thresholds';

/** Properties of `FlaggerBlueGreen`. */
export interface FlaggerBlueGreenProps extends WorkloadOptions, IstioOptions {
  /** Application name: the target Deployment, the Canary, the Services Flagger creates and the `app` label. */
  readonly name: string;
  /** The new version (green): the target Deployment runs it. */
  readonly version: VersionSpec;
  /** When to roll back (e.g. `ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS`); its interval is the analysis interval. */
  readonly thresholds: RollbackThresholds;
  /**
   * Checks (one per thresholds interval) green must pass, while users stay on the running version,
   * before Flagger switches every user to it (`analysis.iterations`).
   */
  readonly iterations: number;
  /** Port of the Services Flagger creates. @default 80 */
  readonly servicePort?: number;
  /** Traffic from outside the cluster: the Istio Gateway (created unless `create: false`) and hosts in the Canary's `service` block. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Prometheus that the metric templates query. @default 'http://prometheus.istio-system:9090' */
  readonly prometheusAddress?: string;
}

/**
 * A Flagger blue/green release: the target Deployment `<name>` running green, a `Canary` (provider
 * `istio`) whose analysis has `iterations` and no weights, so Flagger runs green beside the primary
 * (blue) with no user traffic, checks it `iterations` times against the thresholds (testers and load
 * tests reach it through the `<name>-canary` Service), then switches all users at once and scales
 * green's old copy down; a failed check rolls back. Flagger creates the `-primary` Deployment, the
 * Services `<name>`, `<name>-primary`, `<name>-canary`, the DestinationRules and the VirtualService.
 */
export class FlaggerBlueGreen extends Construct {
  /** The target Deployment (green). */
  public readonly deployment: VersionedDeployment;
  /** The Flagger Canary (blue/green analysis). */
  public readonly canary: Canary;
  /** Metric templates the Canary references. */
  public readonly metricTemplates: MetricTemplate[];
  /** The Istio Gateway, when this construct creates one. */
  public readonly gateway?: Gateway;

  constructor(scope: Construct, id: string, props: FlaggerBlueGreenProps) {
    super(scope, id);
    const problems: Problem[] = [...thresholdProblems(props.thresholds), ...analysisIterationsProblems(props.iterations, 'iterations')];
    const t = resolveThresholds(props.thresholds);
    const port = props.servicePort ?? 80;
    const p = checkPort(port, 'service port');
    if (p) problems.push(p);

    this.deployment = flaggerTargetDeployment(this, props.name, props.version, props);
    const { templates, metrics, interval } = flaggerMetrics(this, props.name, t, props.prometheusAddress);
    this.metricTemplates = templates;
    const routing = flaggerService(this, {
      name: props.name,
      port,
      containerPort: props.containerPort,
      portName: props.protocol,
      gateway: props.gateway,
      istioApiVersion: props.istioApiVersion,
    }, problems);
    this.gateway = routing.gateway;
    this.canary = new Canary(this, 'Canary', {
      metadata: { name: props.name },
      spec: {
        provider: CanarySpecProvider.ISTIO,
        targetRef: { apiVersion: 'apps/v1', kind: CanarySpecTargetRefKind.DEPLOYMENT, name: props.name },
        progressDeadlineSeconds: props.progressDeadlineSeconds ?? 600,
        service: routing.service,
        analysis: { interval, threshold: t.failedChecksBeforeRollback, iterations: props.iterations, metrics },
      },
    });
    problems.forEach((x) => reportProblem(this, x));
  }
}
