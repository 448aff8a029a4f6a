import { Duration } from 'cdk8s';
import { Problem } from '../validation/problems';
import { wholeSeconds } from '../validation/whole-seconds';

/**
 * When an automated rollout must roll back, declared once and translated to every engine
 * (Flagger `Canary` metrics, Argo Rollouts `AnalysisTemplate`). Every check is about the NEW version
 * only, measured from Istio's standard metrics (`istio_requests_total`,
 * `istio_request_duration_milliseconds`, reported by the destination sidecar).
 * Any failing check counts; `failedChecksBeforeRollback` failed checks roll the release back.
 */
export interface RollbackThresholds {
  /**
   * Roll back when the share of the new version's responses that are 5xx is above this percentage
   * (0..100) during the whole `errorRateWindow`.
   */
  readonly maxErrorRatePercent: number;
  /**
   * How long the error rate must stay above `maxErrorRatePercent` before it counts: the error rate,
   * measured over `interval`-long windows, is above the limit at every point of this window
   * (Prometheus `min_over_time` subquery). At least `interval`.
   */
  readonly errorRateWindow: Duration;
  /** Roll back when the new version's average response time over one `interval` is above this many milliseconds. */
  readonly maxAverageLatencyMs: number;
  /** Roll back when the share of the new version's responses that are not 5xx, over one `interval`, is below this percentage (0..100). */
  readonly minSuccessRatePercent: number;
  /** How often the checks run, and the window each one (but the error rate) is measured over. Whole seconds or minutes. */
  readonly interval: Duration;
  /** Failed checks before rolling back: 1 rolls back at the first failed check. @default 1 */
  readonly failedChecksBeforeRollback?: number;
  /**
   * Also roll back when the new version's 99th-percentile response time over one `interval` is above
   * this many milliseconds (Flagger's built-in `request-duration`). @default - no percentile check
   */
  readonly maxP99LatencyMs?: number;
}

/**
 * Seed 000's rollback rule ("roll back at once when any condition holds: error rate above 1% for
 * 2 minutes, average latency above 500 ms, success rate of key transactions below 99.9%"), checked
 * every minute. The success rate is measured over all requests of the new version: Istio's standard
 * metrics carry no request path, so "key transactions" cannot be singled out.
 */
export const ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS: RollbackThresholds = {
  maxErrorRatePercent: 1,
  errorRateWindow: Duration.minutes(2),
  maxAverageLatencyMs: 500,
  minSuccessRatePercent: 99.9,
  interval: Duration.minutes(1),
  failedChecksBeforeRollback: 1,
};

/** A duration for messages, in seconds: `0.5s`, `90s`. */
export function describeDuration(d: Duration): string {
  return `${d.toMilliseconds({ integral: false }) / 1000}s`;
}

/** A duration as engines write it: `2m` when a whole number of minutes, else `90s`. */
export function formatDuration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

function percent(value: number, what: string, lowOpen: boolean): Problem | undefined {
  const ok = Number.isFinite(value) && (lowOpen ? value > 0 : value >= 0) && value <= 100;
  if (ok) return undefined;
  return { message: `${what} ${value} is not a percentage ${lowOpen ? 'above 0 and up to' : 'from 0 to'} 100.`, fix: `use a number such as ${lowOpen ? '99.9' : '1'}.` };
}

/** Problems of a thresholds declaration: ranges, whole-second durations, a window no shorter than the interval. */
export function thresholdProblems(t: RollbackThresholds): Problem[] {
  const problems: (Problem | undefined)[] = [
    percent(t.maxErrorRatePercent, 'thresholds.maxErrorRatePercent', false),
    percent(t.minSuccessRatePercent, 'thresholds.minSuccessRatePercent', true),
  ];
  if (!(Number.isFinite(t.maxAverageLatencyMs) && t.maxAverageLatencyMs > 0)) {
    problems.push({ message: `thresholds.maxAverageLatencyMs ${t.maxAverageLatencyMs} is not a positive number of milliseconds.`, fix: 'use a latency such as 500.' });
  }
  if (t.maxP99LatencyMs !== undefined && !(Number.isFinite(t.maxP99LatencyMs) && t.maxP99LatencyMs > 0)) {
    problems.push({ message: `thresholds.maxP99LatencyMs ${t.maxP99LatencyMs} is not a positive number of milliseconds.`, fix: 'use a latency such as 1000, or leave it out.' });
  }
  const checks = t.failedChecksBeforeRollback ?? 1;
  if (!(Number.isInteger(checks) && checks >= 1)) {
    problems.push({ message: `thresholds.failedChecksBeforeRollback ${checks} is not a whole number of at least 1.`, fix: 'use 1 to roll back at the first failed check.' });
  }
  const interval = wholeSeconds(t.interval);
  const window = wholeSeconds(t.errorRateWindow);
  if (interval === undefined) {
    problems.push({ message: `thresholds.interval ${describeDuration(t.interval)} is not a whole, positive number of seconds.`, fix: 'use e.g. Duration.minutes(1).' });
  }
  if (window === undefined) {
    problems.push({ message: `thresholds.errorRateWindow ${describeDuration(t.errorRateWindow)} is not a whole, positive number of seconds.`, fix: 'use e.g. Duration.minutes(2).' });
  }
  if (interval !== undefined && window !== undefined && window < interval) {
    problems.push({
      message: `thresholds.errorRateWindow ${formatDuration(window)} is shorter than thresholds.interval ${formatDuration(interval)}, so no check could see it.`,
      fix: 'make the error-rate window at least one interval long.',
    });
  }
  return problems.filter((p): p is Problem => p !== undefined);
}

/** Thresholds with every duration in seconds and every default applied (valid input assumed). */
export interface ResolvedThresholds {
  /** See `RollbackThresholds.maxErrorRatePercent`. */
  readonly maxErrorRatePercent: number;
  /** `errorRateWindow` in seconds. */
  readonly errorRateWindowSeconds: number;
  /** See `RollbackThresholds.maxAverageLatencyMs`. */
  readonly maxAverageLatencyMs: number;
  /** See `RollbackThresholds.minSuccessRatePercent`. */
  readonly minSuccessRatePercent: number;
  /** `interval` in seconds. */
  readonly intervalSeconds: number;
  /** See `RollbackThresholds.failedChecksBeforeRollback`. */
  readonly failedChecksBeforeRollback: number;
  /** See `RollbackThresholds.maxP99LatencyMs`. @default - no percentile check */
  readonly maxP99LatencyMs?: number;
}

/** Resolves durations and defaults (falls back to 60 s for an invalid duration, which `thresholdProblems` reports). */
export function resolveThresholds(t: RollbackThresholds): ResolvedThresholds {
  const interval = wholeSeconds(t.interval) ?? 60;
  return {
    maxErrorRatePercent: t.maxErrorRatePercent,
    errorRateWindowSeconds: wholeSeconds(t.errorRateWindow) ?? interval,
    maxAverageLatencyMs: t.maxAverageLatencyMs,
    minSuccessRatePercent: t.minSuccessRatePercent,
    intervalSeconds: interval,
    failedChecksBeforeRollback: t.failedChecksBeforeRollback ?? 1,
    ...(t.maxP99LatencyMs !== undefined ? { maxP99LatencyMs: t.maxP99LatencyMs } : {}),
  };
}
