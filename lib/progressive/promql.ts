import { formatDuration, ResolvedThresholds } from './thresholds';

/**
 * PromQL of the rollback checks over Istio's standard metrics, reported by the destination sidecar
 * (`reporter="destination"`). `selector` picks the new version's series, e.g.
 * `destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"` (Flagger)
 * or `...destination_canonical_revision="{{args.revision}}"` (Argo Rollouts).
 */
export interface RollbackQueries {
  /** Percent of 5xx responses, the minimum over the error-rate window of the per-interval rate: above the limit means "for the whole window". */
  readonly errorRatePercent: string;
  /** Average response time in ms over one interval. */
  readonly averageLatencyMs: string;
  /** Percent of non-5xx responses over one interval. */
  readonly successRatePercent: string;
  /** 99th-percentile response time in ms over one interval. */
  readonly p99LatencyMs: string;
}

/** Subquery resolution of the error-rate window: the interval, at most 30 s. */
export function errorRateResolutionSeconds(t: ResolvedThresholds): number {
  return Math.min(30, t.intervalSeconds);
}

/** The rollback checks as PromQL for one series selector. */
export function rollbackQueries(selector: string, t: ResolvedThresholds): RollbackQueries {
  const w = formatDuration(t.intervalSeconds);
  const sel = `reporter="destination",${selector}`;
  const ok = `sum(rate(istio_requests_total{${sel},response_code!~"5.."}[${w}]))`;
  const all = `sum(rate(istio_requests_total{${sel}}[${w}]))`;
  const success = `${ok} / ${all} * 100`;
  return {
    errorRatePercent: `min_over_time((100 - ${success})[${formatDuration(t.errorRateWindowSeconds)}:${formatDuration(errorRateResolutionSeconds(t))}])`,
    averageLatencyMs: `sum(rate(istio_request_duration_milliseconds_sum{${sel}}[${w}])) / sum(rate(istio_request_duration_milliseconds_count{${sel}}[${w}]))`,
    successRatePercent: success,
    p99LatencyMs: `histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{${sel}}[${w}])) by (le))`,
  };
}
