import { rollbackQueries } from '../progressive/promql';
import { formatDuration, ResolvedThresholds } from '../progressive/thresholds';
import { durationMillis, prometheusDuration } from './prometheus-duration';
import { ResolvedGoldenSignals } from './golden-signals';
import { WatchedRollout } from './watched-rollout';

/** One alerting rule, in the shape of both a Prometheus rules file and a PrometheusRule. */
export interface AlertRule {
  /** Alert name, e.g. `RollbackErrorRateHigh`. */
  readonly alert: string;
  /** PromQL expression; every series it returns is a firing alert. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires. @default - fires at the first evaluation */
  readonly for?: string;
  /** `rollout`, `version`, `stage`, `severity`. */
  readonly labels: Readonly<Record<string, string>>;
  /** `summary`, `description` and `runbook_action` (what to roll back, and how). */
  readonly annotations: Readonly<Record<string, string>>;
}

/** A group of alerting rules evaluated together. */
export interface AlertGroup {
  /** Group name, unique in the file. */
  readonly name: string;
  /** Evaluation interval. @default - Prometheus' global evaluation interval */
  readonly interval?: string;
  /** The rules. */
  readonly rules: readonly AlertRule[];
}

/** Severity of the rollback checks: the release should be rolled back now. */
export const ROLLBACK_SEVERITY = 'critical';
/** Severity of the golden-signal alerts: look, and roll back if the new version is the cause. */
export const GOLDEN_SIGNAL_SEVERITY = 'warning';

/** The Istio series of the application (every version), from the destination sidecar. */
export function appSelector(w: WatchedRollout): string {
  const ns = w.namespace ? `destination_workload_namespace="${w.namespace}",` : '';
  return `${ns}destination_canonical_service="${w.app}"`;
}

/** The Istio series of the watched version: its Deployment (`destination_workload`). */
export function versionSelector(w: WatchedRollout): string {
  const ns = w.namespace ? `destination_workload_namespace="${w.namespace}",` : '';
  return `${ns}destination_workload="${w.deployment}"`;
}

/** What to do when an alert of the watched version fires. */
export function rollbackAction(w: WatchedRollout): string {
  const back = w.otherVersions.length > 0 ? ` (back towards ${w.otherVersions.join(', ')})` : '';
  if (w.previousStage) {
    return `Roll back ${w.app} ${w.version}${back}: set the rollout's stage from "${w.stage}" to the previous stage "${w.previousStage}" in a pull request and apply it (to render it once: ROLLOUT_STAGE=${w.rolloutId}=${w.previousStage}).`;
  }
  return `Roll back ${w.app} ${w.version}${back}: "${w.stage}" is the first stage, so revert the pull request that started the release of ${w.version} and apply it.`;
}

function labels(w: WatchedRollout, severity: string): Record<string, string> {
  return { rollout: w.app, version: w.version, stage: w.stage, severity };
}

function rule(alert: string, expr: string, forMs: number, l: Record<string, string>, summary: string, description: string, action: string): AlertRule {
  return {
    alert,
    expr,
    ...(forMs > 0 ? { for: prometheusDuration(forMs) } : {}),
    labels: { ...l },
    annotations: { summary, description, runbook_action: action },
  };
}

/**
 * The rollback checks as alerts: the same PromQL (`rollbackQueries`) and numbers as the Flagger and
 * Argo Rollouts emitters, for the watched version's Deployment. The group is evaluated every
 * `interval`; `failedChecksBeforeRollback` failed checks in a row become `for: (n - 1) * interval`.
 */
export function rollbackAlertGroup(w: WatchedRollout, t: ResolvedThresholds): AlertGroup {
  const q = rollbackQueries(versionSelector(w), t);
  const forMs = (t.failedChecksBeforeRollback - 1) * t.intervalSeconds * 1000;
  const l = labels(w, ROLLBACK_SEVERITY);
  const action = rollbackAction(w);
  const who = `${w.app} ${w.version} at stage ${w.stage}`;
  const win = formatDuration(t.intervalSeconds);
  const rules: AlertRule[] = [
    rule('RollbackErrorRateHigh', `${q.errorRatePercent} > ${t.maxErrorRatePercent}`, forMs, l,
      `${who}: error rate above ${t.maxErrorRatePercent}% for ${formatDuration(t.errorRateWindowSeconds)}`,
      `The share of 5xx responses of ${w.deployment} stayed above ${t.maxErrorRatePercent}% for ${formatDuration(t.errorRateWindowSeconds)} (lowest value: {{ $value }}%).`, action),
    rule('RollbackAverageLatencyHigh', `${q.averageLatencyMs} > ${t.maxAverageLatencyMs}`, forMs, l,
      `${who}: average latency above ${t.maxAverageLatencyMs} ms`,
      `The average response time of ${w.deployment} over ${win} is {{ $value }} ms (limit ${t.maxAverageLatencyMs} ms).`, action),
    rule('RollbackSuccessRateLow', `${q.successRatePercent} < ${t.minSuccessRatePercent}`, forMs, l,
      `${who}: success rate below ${t.minSuccessRatePercent}%`,
      `The share of non-5xx responses of ${w.deployment} over ${win} is {{ $value }}% (limit ${t.minSuccessRatePercent}%).`, action),
  ];
  if (t.maxP99LatencyMs !== undefined) {
    rules.push(rule('RollbackP99LatencyHigh', `${q.p99LatencyMs} > ${t.maxP99LatencyMs}`, forMs, l,
      `${who}: p99 latency above ${t.maxP99LatencyMs} ms`,
      `The 99th-percentile response time of ${w.deployment} over ${win} is {{ $value }} ms (limit ${t.maxP99LatencyMs} ms).`, action));
  }
  return { name: `${w.app}-rollback`, interval: formatDuration(t.intervalSeconds), rules };
}

/**
 * Seed 000 §4.1's golden signals as alerts: traffic of the application (every version) against its
 * baseline, error rate and p99 latency of the watched version (the PromQL of `rollbackQueries` over
 * `window`), and node memory (node-exporter's `node_memory_*`, every node).
 */
export function goldenSignalAlertGroup(w: WatchedRollout, g: ResolvedGoldenSignals): AlertGroup {
  const windowS = (durationMillis(g.window, true) ?? 60_000) / 1000;
  const win = prometheusDuration(windowS * 1000);
  const asThresholds: ResolvedThresholds = {
    maxErrorRatePercent: g.maxErrorRatePercent, errorRateWindowSeconds: windowS, maxAverageLatencyMs: 1, minSuccessRatePercent: 100,
    intervalSeconds: windowS, failedChecksBeforeRollback: 1, maxP99LatencyMs: g.maxP99LatencyMs,
  };
  const q = rollbackQueries(versionSelector(w), asThresholds);
  const ms = (d: typeof g.window) => durationMillis(d, false) ?? 0;
  const offset = prometheusDuration(durationMillis(g.trafficBaselineOffset, true) ?? 86_400_000);
  const requests = `sum(rate(istio_requests_total{reporter="destination",${appSelector(w)}}[${win}]`;
  const l = labels(w, GOLDEN_SIGNAL_SEVERITY);
  const action = rollbackAction(w);
  const who = `${w.app} ${w.version} at stage ${w.stage}`;
  return {
    name: `${w.app}-golden-signals`,
    rules: [
      rule('GoldenTrafficSwing', `abs(${requests})) / ${requests} offset ${offset})) - 1) * 100 > ${g.maxTrafficSwingPercent}`, ms(g.trafficSwingFor), l,
        `${w.app} at stage ${w.stage}: request rate changed by more than ${g.maxTrafficSwingPercent}% from ${offset} earlier`,
        `The request rate of ${w.app} (every version) differs from its rate ${offset} earlier by {{ $value }}%.`,
        `Check whether the release caused it (compare the versions' request rates). ${action}`),
      rule('GoldenErrorRateHigh', `100 - ${q.successRatePercent} > ${g.maxErrorRatePercent}`, ms(g.errorRateFor), l,
        `${who}: error rate above ${g.maxErrorRatePercent}%`,
        `The share of 5xx responses of ${w.deployment} over ${win} is {{ $value }}% (limit ${g.maxErrorRatePercent}%).`, action),
      rule('GoldenP99LatencyHigh', `${q.p99LatencyMs} > ${g.maxP99LatencyMs}`, ms(g.p99LatencyFor), l,
        `${who}: p99 latency above ${g.maxP99LatencyMs} ms`,
        `The 99th-percentile response time of ${w.deployment} over ${win} is {{ $value }} ms (limit ${g.maxP99LatencyMs} ms).`, action),
      rule('GoldenNodeMemoryLow', `node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes * 100 < ${g.minNodeMemoryAvailablePercent}`, ms(g.nodeMemoryFor), l,
        `node {{ $labels.instance }}: available memory below ${g.minNodeMemoryAvailablePercent}% during the release of ${w.app} ${w.version}`,
        `Node {{ $labels.instance }} has {{ $value }}% of its memory available (limit ${g.minNodeMemoryAvailablePercent}%).`,
        `Check what uses the memory; if the pods of ${w.deployment} do, roll back. ${action}`),
    ],
  };
}
