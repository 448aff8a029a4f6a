import { Duration } from 'cdk8s';
import { Problem } from '../validation/problems';
import { prometheusDurationProblem } from './prometheus-duration';

/** Properties of `GoldenSignalAlerts`: the four golden signals of a service and when each alerts. */
export interface GoldenSignalAlertsProps {
  /** Alert when the application's request rate differs from its rate `trafficBaselineOffset` earlier by more than this percentage (above 0). */
  readonly maxTrafficSwingPercent: number;
  /** How far back the traffic baseline is taken (the same time of day one day earlier, by default). @default Duration.days(1) */
  readonly trafficBaselineOffset?: Duration;
  /** How long the swing must last before the alert fires. @default Duration.minutes(5) */
  readonly trafficSwingFor?: Duration;
  /** Alert when the watched version's share of 5xx responses is above this percentage (0..100). */
  readonly maxErrorRatePercent: number;
  /** How long the error rate must stay above the limit. @default Duration.minutes(3) (seed 000) */
  readonly errorRateFor?: Duration;
  /** Alert when the watched version's 99th-percentile response time is above this many milliseconds. */
  readonly maxP99LatencyMs: number;
  /** How long the p99 latency must stay above the limit. @default Duration.minutes(5) */
  readonly p99LatencyFor?: Duration;
  /** Alert when a node's available memory is below this percentage of its total (above 0, below 100). */
  readonly minNodeMemoryAvailablePercent: number;
  /** How long the memory must stay low. @default Duration.minutes(5) */
  readonly nodeMemoryFor?: Duration;
  /** The window request rates, error rates and percentiles are measured over (`rate(...[1m])`). @default Duration.minutes(1) (seed 000) */
  readonly window?: Duration;
}

/** `GoldenSignalAlertsProps` with every default applied. */
export interface ResolvedGoldenSignals {
  /** See `GoldenSignalAlertsProps.maxTrafficSwingPercent`. */
  readonly maxTrafficSwingPercent: number;
  /** See `GoldenSignalAlertsProps.trafficBaselineOffset`. */
  readonly trafficBaselineOffset: Duration;
  /** See `GoldenSignalAlertsProps.trafficSwingFor`. */
  readonly trafficSwingFor: Duration;
  /** See `GoldenSignalAlertsProps.maxErrorRatePercent`. */
  readonly maxErrorRatePercent: number;
  /** See `GoldenSignalAlertsProps.errorRateFor`. */
  readonly errorRateFor: Duration;
  /** See `GoldenSignalAlertsProps.maxP99LatencyMs`. */
  readonly maxP99LatencyMs: number;
  /** See `GoldenSignalAlertsProps.p99LatencyFor`. */
  readonly p99LatencyFor: Duration;
  /** See `GoldenSignalAlertsProps.minNodeMemoryAvailablePercent`. */
  readonly minNodeMemoryAvailablePercent: number;
  /** See `GoldenSignalAlertsProps.nodeMemoryFor`. */
  readonly nodeMemoryFor: Duration;
  /** See `GoldenSignalAlertsProps.window`. */
  readonly window: Duration;
}

/**
 * The golden-signal alerts of a rollout (traffic, errors, latency, saturation), beside the rollback
 * checks: `GoldenSignalAlerts.seed000()` is seed 000 §4.1, or declare your own limits.
 */
export class GoldenSignalAlerts {
  /**
   * Seed 000 §4.1 "golden signals": traffic swing of ±50%, error rate above 0.5% for 3 minutes,
   * p99 latency above 800 ms, node memory available below 20%, rates over 1 minute (the seed's `[1m]`).
   * The seed does not say what the traffic swing is measured against nor how long the latency and
   * memory conditions last: here the same time one day earlier, and 5 minutes.
   */
  public static seed000(): GoldenSignalAlerts {
    return new GoldenSignalAlerts({ maxTrafficSwingPercent: 50, maxErrorRatePercent: 0.5, errorRateFor: Duration.minutes(3), maxP99LatencyMs: 800, minNodeMemoryAvailablePercent: 20 });
  }

  /** The limits, defaults applied. */
  public readonly settings: ResolvedGoldenSignals;

  constructor(props: GoldenSignalAlertsProps) {
    this.settings = {
      maxTrafficSwingPercent: props.maxTrafficSwingPercent,
      trafficBaselineOffset: props.trafficBaselineOffset ?? Duration.days(1),
      trafficSwingFor: props.trafficSwingFor ?? Duration.minutes(5),
      maxErrorRatePercent: props.maxErrorRatePercent,
      errorRateFor: props.errorRateFor ?? Duration.minutes(3),
      maxP99LatencyMs: props.maxP99LatencyMs,
      p99LatencyFor: props.p99LatencyFor ?? Duration.minutes(5),
      minNodeMemoryAvailablePercent: props.minNodeMemoryAvailablePercent,
      nodeMemoryFor: props.nodeMemoryFor ?? Duration.minutes(5),
      window: props.window ?? Duration.minutes(1),
    };
  }
}

/** Problems of golden-signal limits: ranges and durations without a Prometheus spelling. */
export function goldenSignalProblems(g: ResolvedGoldenSignals): Problem[] {
  const problems: Problem[] = [];
  const fin = Number.isFinite;
  if (!(fin(g.maxTrafficSwingPercent) && g.maxTrafficSwingPercent > 0)) {
    problems.push({ message: `goldenSignals.maxTrafficSwingPercent ${g.maxTrafficSwingPercent} is not a percentage above 0.`, fix: 'use e.g. 50 (alert on a swing of more than ±50%).' });
  }
  if (!(fin(g.maxErrorRatePercent) && g.maxErrorRatePercent >= 0 && g.maxErrorRatePercent <= 100)) {
    problems.push({ message: `goldenSignals.maxErrorRatePercent ${g.maxErrorRatePercent} is not a percentage from 0 to 100.`, fix: 'use e.g. 0.5.' });
  }
  if (!(fin(g.maxP99LatencyMs) && g.maxP99LatencyMs > 0)) {
    problems.push({ message: `goldenSignals.maxP99LatencyMs ${g.maxP99LatencyMs} is not a positive number of milliseconds.`, fix: 'use e.g. 800.' });
  }
  if (!(fin(g.minNodeMemoryAvailablePercent) && g.minNodeMemoryAvailablePercent > 0 && g.minNodeMemoryAvailablePercent < 100)) {
    problems.push({ message: `goldenSignals.minNodeMemoryAvailablePercent ${g.minNodeMemoryAvailablePercent} is not a percentage above 0 and below 100.`, fix: 'use e.g. 20.' });
  }
  const durations: Array<[Duration, string, boolean]> = [
    [g.trafficBaselineOffset, 'goldenSignals.trafficBaselineOffset', true],
    [g.trafficSwingFor, 'goldenSignals.trafficSwingFor', false],
    [g.errorRateFor, 'goldenSignals.errorRateFor', false],
    [g.p99LatencyFor, 'goldenSignals.p99LatencyFor', false],
    [g.nodeMemoryFor, 'goldenSignals.nodeMemoryFor', false],
    [g.window, 'goldenSignals.window', true],
  ];
  for (const [d, what, positive] of durations) {
    const p = prometheusDurationProblem(d, what, positive);
    if (p) problems.push(p);
  }
  return problems;
}
