import { Duration } from 'cdk8s';
import { Problem } from '../validation/problems';
import { checkWeight } from '../validation/rules';
import { StickySession } from './sticky-session';
import { stageTechniqueProblems, stageShare } from './stage-techniques';
import { canaryWeightOf, StageVersionWeight, usesVersionWeights, versionWeightsShapeProblems, VersionWeightsStage } from './version-weights';

/** A named stage of a canary: the percentage of traffic the canary version gets. */
export interface CanaryStage {
  /** Stage name (DNS-1123 label), e.g. `canary-25`. */
  readonly name: string;
  /** Percent of traffic sent to the canary version, 0..100; the stable version gets the rest. */
  readonly canaryWeight: number;
  /** Marks a stage whose weight is lower than the previous stage's as an intended rollback. @default false */
  readonly rollback?: boolean;
  /**
   * The total `canaryWeight` is out of (1000 for 0.1% steps: `{ canaryWeight: 1, weightTotal: 1000 }`);
   * the stable version gets `weightTotal - canaryWeight`. @default 100
   */
  readonly weightTotal?: number;
  /**
   * Percent of the requests also copied to the canary (a shadow stage, e.g. `{ name: 'shadow-10',
   * canaryWeight: 0, mirror: 10 }`): the responses users get still come from the weighted split;
   * the copies' responses are discarded. @default - no mirroring
   */
  readonly mirror?: number;
  /**
   * Sticky canary sessions: the canary's responses set a cookie, and requests carrying it go to the
   * canary. A later `rollback: true` stage sends them back to stable and expires the cookie.
   * @default - no stickiness (every request is split by weight)
   */
  readonly sticky?: StickySession;
  /**
   * Minimum holding time of the stage before the next one (whole seconds): recorded on the objects
   * as `cdk8s-progressive.io/hold`, Argo Rollouts' pause after the step, shown by `plan`.
   * @default - no minimum
   */
  readonly hold?: Duration;
}

/**
 * A stage given as a bare canary weight (named `canary-<weight>`), as a named stage, or as a named
 * stage with a weight per version (`VersionWeightsStage`, for more than two versions).
 */
export type CanaryStageInput = number | CanaryStage | VersionWeightsStage;

/** Name of the final stage that removes the old version. */
export const PROMOTED_STAGE = 'promoted';

/** A normalized canary stage. `promoted` is the final stage where the stable version is gone. */
export interface ResolvedCanaryStage extends CanaryStage {
  /** True for the final stage: all traffic to the canary, stable Deployment and subset removed. */
  readonly promoted: boolean;
  /** The weight of every version (a `VersionWeightsStage`); `canaryWeight` is then the canary's. @default - none (stable and canary only) */
  readonly versionWeights?: readonly StageVersionWeight[];
}

/**
 * Turns stage inputs into named stages, appending the `promoted` stage unless disabled. A
 * `versionWeights` stage gets the weight of `canary` (the canary's name) as its `canaryWeight`.
 */
export function resolveCanaryStages(inputs: readonly CanaryStageInput[], promote: boolean, canary?: string): ResolvedCanaryStage[] {
  const stages: ResolvedCanaryStage[] = inputs.map((s) => {
    if (typeof s === 'number') return { name: `canary-${s}`, canaryWeight: s, promoted: false };
    const given = s as Partial<CanaryStage> & Partial<VersionWeightsStage> & { name: string };
    if (!usesVersionWeights(given) || given.canaryWeight !== undefined) return { ...(s as CanaryStage), promoted: false };
    const weights = Array.isArray(given.versionWeights) ? given.versionWeights : [];
    return { ...given, canaryWeight: canaryWeightOf(weights, canary), promoted: false };
  });
  if (promote && inputs.length > 0) stages.push({ name: PROMOTED_STAGE, canaryWeight: 100, promoted: true });
  return stages;
}

/** Problems of a canary plan: weights out of range, and weights going back without `rollback: true`. */
export function canaryStageProblems(stages: readonly ResolvedCanaryStage[]): Problem[] {
  const problems: Problem[] = [];
  stages.forEach((s, i) => {
    // Weights per version are checked as a list (and against the versions by the construct); the canary's weight is derived.
    const perVersion = usesVersionWeights(s);
    const technique = perVersion ? [...versionWeightsShapeProblems(s), ...stageTechniqueProblems({ ...s, canaryWeight: 0, mirror: undefined })] : stageTechniqueProblems(s);
    problems.push(...technique);
    const p = !perVersion && s.weightTotal === undefined ? checkWeight(s.canaryWeight, `canary weight of stage "${s.name}"`) : undefined;
    if (p) problems.push(p);
    const prev = stages[i - 1];
    // An out-of-range weight is reported above; comparing it with its neighbour would report it twice.
    const bad = (x: ResolvedCanaryStage) => usesVersionWeights(x)
      ? versionWeightsShapeProblems(x).length > 0 || stageShare(x) === undefined
      : stageShare(x) === undefined || (x.weightTotal === undefined && checkWeight(x.canaryWeight, 'weight') !== undefined);
    const comparable = prev && !p && technique.length === 0 && !bad(prev);
    if (comparable && stageShare(s)! < stageShare(prev)! && !s.rollback) {
      problems.push({
        message: `stage "${s.name}" lowers the canary weight from ${prev.canaryWeight} to ${s.canaryWeight} without being marked as a rollback.`,
        fix: perVersion
          ? `order the stages by increasing canary weight, or add rollback: true to stage "${s.name}".`
          : `order the stages by increasing weight, or declare the stage as { name: '${s.name}', canaryWeight: ${s.canaryWeight}, rollback: true }.`,
      });
    }
  });
  return problems;
}
