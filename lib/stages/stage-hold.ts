import { ApiObject, Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Problem } from '../validation/problems';
import { wholeSeconds } from '../validation/whole-seconds';

/**
 * Stage pacing: a stage's minimum holding time (`hold: Duration.hours(1)`). The objects a held stage
 * renders carry it (`cdk8s-progressive.io/hold: 1h`, `cdk8s-progressive.io/stage: <name>`), Argo
 * Rollouts pauses that long after the stage's step, `plan` shows the timeline, and `diff --base`
 * flags a pull request that skips a stage (and shows the holds it skips).
 */

/** Annotation with the stage's minimum holding time, e.g. `1h`, `30m`, `1h30m`. */
export const HOLD_ANNOTATION = 'cdk8s-progressive.io/hold';
/** Annotation with the stage name (set with `HOLD_ANNOTATION`). */
export const STAGE_ANNOTATION = 'cdk8s-progressive.io/stage';

/** A hold as `1h`, `30m`, `1h30m`, `45s` (Go duration syntax, as Argo's `pause.duration` reads it). */
export function formatHold(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/** Problems of the holds of a plan: a hold that is not whole, positive seconds. */
export function holdProblems(stages: ReadonlyArray<{ readonly name: string; readonly hold?: Duration }>): Problem[] {
  const problems: Problem[] = [];
  for (const s of stages) {
    if (s.hold !== undefined && wholeSeconds(s.hold) === undefined) {
      problems.push({
        message: `hold of stage "${s.name}" (${s.hold.toMilliseconds()} ms) is not a whole, positive number of seconds.`,
        fix: 'use e.g. hold: Duration.hours(1), or remove it.',
      });
    }
  }
  return problems;
}

/** Adds the hold annotations to every object `scope` renders (only called for a stage with a hold). */
export function annotateHold(scope: IConstruct, stage: string, seconds: number): void {
  for (const c of scope.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    c.metadata.addAnnotation(HOLD_ANNOTATION, formatHold(seconds));
    c.metadata.addAnnotation(STAGE_ANNOTATION, stage);
  }
}

/** The hold a stage's rendered objects declare (`HOLD_ANNOTATION`), if any. */
export function declaredHold(manifests: readonly any[]): string | undefined {
  for (const m of manifests) {
    const h = m?.metadata?.annotations?.[HOLD_ANNOTATION];
    if (typeof h === 'string') return h;
  }
  return undefined;
}
