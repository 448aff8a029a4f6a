import { RenderedStage } from '../rollout/render-stages';
import { declaredHold } from '../stages/stage-hold';

/**
 * The `diff --base` check of stage pacing: a pull request that moves the active stage more than one
 * step forward skips stages (and their holds). Whether the hold of the previous stage has elapsed
 * cannot be known offline, so the holds are shown for the reviewer.
 */

/** Stages a change skips, and the holds on the way. */
export interface StageSkip {
  /** Active stage before. */
  readonly from: string;
  /** Active stage after. */
  readonly to: string;
  /** The stages between them that were never active. */
  readonly skipped: readonly string[];
  /** Holds of the stages from `from` up to the last skipped one, as `stage hold` (only stages with a hold). */
  readonly holds: readonly string[];
}

/** `{ skipped }` when the active stage moves forward by more than one stage; `{}` otherwise. */
export function skipOf(before: string | undefined, after: string | undefined, stages: readonly string[], rendered: readonly RenderedStage[]): { skipped?: StageSkip } {
  if (!before || !after) return {};
  const from = stages.indexOf(before);
  const to = stages.indexOf(after);
  if (from < 0 || to < 0 || to - from <= 1) return {};
  const passed = stages.slice(from, to);
  const holds = passed.flatMap((name) => {
    const hold = declaredHold(rendered.find((s) => s.stage === name)?.manifests ?? []);
    return hold ? [`${name} ${hold}`] : [];
  });
  return { skipped: { from: before, to: after, skipped: stages.slice(from + 1, to), holds } };
}

/** `! skips stage(s) canary-10, canary-25 (holds: canary-5 1h, canary-10 1h)`. */
export function formatSkip(s: StageSkip): string {
  return `! skips stage(s) ${s.skipped.join(', ')} (${s.from} -> ${s.to}; holds: ${s.holds.length ? s.holds.join(', ') : 'none declared'})`;
}
