import { Duration } from 'cdk8s';
import { Problem } from '../validation/problems';

/** Milliseconds per Prometheus duration unit, largest first (`y` and `w` are left out: `d` is enough). */
const UNITS: ReadonlyArray<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000], ['ms', 1]];

/** A Prometheus duration of the whole milliseconds `ms`: `3m`, `1m30s`, `1500ms` -> `1s500ms`, `0s`. */
export function prometheusDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}

/** Milliseconds of `d` when it is a whole number of milliseconds, 0 or more (positive when `positive`), else undefined. */
export function durationMillis(d: Duration, positive: boolean): number | undefined {
  const ms = d.toMilliseconds({ integral: false });
  return Number.isInteger(ms) && (positive ? ms > 0 : ms >= 0) ? ms : undefined;
}

/**
 * Problem of a duration that has no Prometheus spelling (`[0-9]+ms`, `s`, `m`, ... : whole
 * milliseconds): fractional, negative, not a number, or zero where `positive`.
 */
export function prometheusDurationProblem(d: Duration, what: string, positive: boolean): Problem | undefined {
  if (durationMillis(d, positive) !== undefined) return undefined;
  const ms = d.toMilliseconds({ integral: false });
  return {
    message: `${what} ${ms}ms is not a Prometheus duration (a whole number of milliseconds, ${positive ? 'above 0' : '0 or more'}).`,
    fix: `use e.g. Duration.minutes(${positive ? 1 : 3}).`,
  };
}
