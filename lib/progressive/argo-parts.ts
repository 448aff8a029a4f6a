import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AnalysisTemplate,
  AnalysisTemplateSpecMetrics,
  AnalysisTemplateSpecMetricsCount,
  AnalysisTemplateSpecMetricsFailureLimit,
  Rollout,
  RolloutSpec,
  toJson_RolloutSpec,
} from '../../imports/argoproj.io';
import { CountOrPercent, VersionSpec, WorkloadOptions } from '../workload/options';
import { APP_LABEL } from '../workload/versioned-deployment';
import { DEFAULT_PROMETHEUS_ADDRESS } from './flagger-parts';
import { podTemplateOf } from './pod-template';
import { rollbackQueries } from './promql';
import { formatDuration, ResolvedThresholds } from './thresholds';

/**
 * The pieces every Argo Rollouts resource set of this library shares (canary and blue-green):
 * the rollback AnalysisTemplate with its arguments, and the Rollout object itself.
 */

/** Name of the rollback AnalysisTemplate of an application: `<name>-rollback-checks`. */
export function rollbackTemplateName(name: string): string {
  return `${name}-rollback-checks`;
}

/** Options of `createRollbackAnalysisTemplate`. */
export interface RollbackAnalysisOptions {
  /** Application name; the template is `<name>-rollback-checks`. */
  readonly name: string;
  /** The resolved thresholds. */
  readonly thresholds: ResolvedThresholds;
  /** Prometheus the checks query. @default 'http://prometheus.istio-system:9090' */
  readonly prometheusAddress?: string;
  /**
   * Measurements per metric. Background analysis (canary) runs until the rollout ends and needs
   * none; a blue-green pre- or post-promotion analysis must end, so it takes a count.
   * @default - until the rollout ends
   */
  readonly count?: number;
}

/**
 * The AnalysisTemplate `<name>-rollback-checks`: the thresholds as Prometheus metrics over the new
 * version's series (`destination_canonical_revision`, the pods' version label), one measurement per
 * interval after one interval, failing after `failedChecksBeforeRollback` failed measurements.
 */
export function createRollbackAnalysisTemplate(scope: Construct, id: string, options: RollbackAnalysisOptions): AnalysisTemplate {
  const t = options.thresholds;
  const queries = rollbackQueries(
    'destination_workload_namespace="{{args.namespace}}",destination_canonical_service="{{args.service}}",destination_canonical_revision="{{args.revision}}"',
    t,
  );
  const interval = formatDuration(t.intervalSeconds);
  const provider = (query: string) => ({ prometheus: { address: options.prometheusAddress ?? DEFAULT_PROMETHEUS_ADDRESS, query } });
  const metric = (name: string, successCondition: string, query: string): AnalysisTemplateSpecMetrics => ({
    name,
    interval,
    initialDelay: interval,
    ...(options.count !== undefined ? { count: AnalysisTemplateSpecMetricsCount.fromNumber(options.count) } : {}),
    failureLimit: AnalysisTemplateSpecMetricsFailureLimit.fromNumber(t.failedChecksBeforeRollback - 1),
    successCondition,
    provider: provider(query),
  });
  return new AnalysisTemplate(scope, id, {
    metadata: { name: rollbackTemplateName(options.name) },
    spec: {
      args: [{ name: 'namespace' }, { name: 'service' }, { name: 'revision' }],
      metrics: [
        metric('error-rate', `result[0] <= ${t.maxErrorRatePercent}`, queries.errorRatePercent),
        metric('average-latency', `result[0] <= ${t.maxAverageLatencyMs}`, queries.averageLatencyMs),
        metric('success-rate', `result[0] >= ${t.minSuccessRatePercent}`, queries.successRatePercent),
        ...(t.maxP99LatencyMs !== undefined ? [metric('p99-latency', `result[0] <= ${t.maxP99LatencyMs}`, queries.p99LatencyMs)] : []),
      ],
    },
  });
}

/** The arguments a Rollout passes to the rollback template: its namespace, the application, the new version. */
export function rollbackAnalysisArgs(name: string, version: string) {
  return [
    { name: 'namespace', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: 'service', value: name },
    { name: 'revision', value: version },
  ];
}

/** An int-or-string knob of the generated types from a count or a percentage. */
export function countOrPercent<T>(v: CountOrPercent, cls: { fromNumber(n: number): T; fromString(s: string): T }): T {
  return typeof v === 'number' ? cls.fromNumber(v) : cls.fromString(v);
}

/** The fields every Rollout of this library sets, from the workload options: replicas, history, readiness, deadline, selector. */
export function rolloutBaseSpec(name: string, version: VersionSpec, workload: WorkloadOptions): Omit<RolloutSpec, 'strategy'> & { replicas: number } {
  return {
    replicas: version.replicas ?? workload.replicas ?? 1,
    revisionHistoryLimit: workload.revisionHistoryLimit ?? 5,
    minReadySeconds: workload.minReadySeconds ?? 10,
    progressDeadlineSeconds: workload.progressDeadlineSeconds ?? 600,
    selector: { matchLabels: { [APP_LABEL]: name } },
  };
}

/**
 * The Rollout object (`argoproj.io/v1alpha1`) with the pods `VersionedDeployment` would run. A plain
 * ApiObject: its spec is typed with the generated `RolloutSpec`, but the generated Rollout class
 * re-maps its spec through typed converters, which would drop IntOrString and Quantity values of a
 * pod template given as JSON.
 */
export function createRolloutObject(scope: Construct, id: string, name: string, version: VersionSpec, workload: WorkloadOptions, spec: RolloutSpec): ApiObject {
  return new ApiObject(scope, id, {
    ...Rollout.GVK,
    metadata: { name, labels: { [APP_LABEL]: name } },
    spec: { ...toJson_RolloutSpec(spec), template: podTemplateOf({ ...workload, app: name, version }) },
  });
}
