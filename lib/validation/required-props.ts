import { Construct } from 'constructs';
import { formatProblem, Problem } from './problems';

/**
 * The guard a public construct calls as the first line of its constructor, before `super()`: from
 * JavaScript (or with `as any`) a required prop can be missing, and the constructor would then fail
 * with a raw `TypeError` (`Cannot read properties of undefined`) that names no construct. This names
 * the construct path and every missing prop at once.
 *
 * It throws (there is no construct yet to report on, and the constructor could not go on), with the
 * same `[path] message Fix: ...` line synth validation prints.
 */

/** The problem of props that lack required props (undefined or null), or undefined when none is missing. */
export function missingPropsProblem(construct: string, props: unknown, required: readonly string[]): Problem | undefined {
  const given = props !== null && typeof props === 'object' ? props as Record<string, unknown> : undefined;
  const missing = required.filter((name) => given?.[name] === undefined || given?.[name] === null);
  if (missing.length === 0) return undefined;
  const list = missing.map((m) => `"${m}"`).join(', ');
  return {
    message: given
      ? `${construct} is missing the required prop${missing.length > 1 ? 's' : ''} ${list}.`
      : `${construct} was given no props object (${props === null ? 'null' : typeof props}), so it is missing the required props ${list}.`,
    fix: `pass ${missing.join(', ')} in the props of new ${construct}(scope, id, { ... }) (TypeScript reports this at compile time).`,
  };
}

/**
 * Throws an error naming the construct path (`<scope path>/<id>`) and every required prop missing from
 * `props`. `construct` is the class name, e.g. `CanaryService`.
 */
export function requireProps(scope: Construct, id: string, construct: string, props: unknown, required: readonly string[]): void {
  const problem = missingPropsProblem(construct, props, required);
  if (!problem) return;
  const parent = scope?.node?.path;
  throw new Error(`[${parent ? `${parent}/${id}` : id}] ${formatProblem(problem)}`);
}
