import { Duration } from 'cdk8s';

/** Seconds of a duration, or undefined when it is not a whole, positive number of seconds. */
export function wholeSeconds(d: Duration): number | undefined {
  const s = d.toSeconds({ integral: false });
  return Number.isInteger(s) && s > 0 ? s : undefined;
}
