import { PROMOTED_STAGE } from '../stages/canary-stages';
import { matchProblems } from '../routing/match-helpers';
import { RequestMatch } from '../routing/route-model';
import { Problem } from '../validation/problems';
import { checkRe2, checkWeight } from '../validation/rules';

/** One stage of a `MultiServiceRelease`; it applies to every service of the release at once. */
export interface MultiServiceStage {
  /** Stage name (DNS-1123 label), e.g. `testers`. */
  readonly name: string;
  /**
   * Entry requests matching any of these conditions (e.g. `cookie('user', 'tester')`) go to the new
   * version of the entry service, and from there to the new version of every downstream service.
   * @default - none
   */
  readonly matches?: readonly RequestMatch[];
  /** Percent of the other entry requests that go to the new versions, 0..100. @default 0 */
  readonly weight?: number;
  /** Marks a stage whose weight is lower than the previous stage's as an intended rollback. @default false */
  readonly rollback?: boolean;
}

/** A normalized stage; `promoted` is the final stage where only the new versions run. */
export interface ResolvedMultiServiceStage extends MultiServiceStage {
  /** Percent of the unmatched entry requests going to the new versions. */
  readonly weight: number;
  /** True for the final stage: every request to the new versions, the old Deployments and subsets removed. */
  readonly promoted: boolean;
}

/** Normalizes the stages, appending the `promoted` stage unless disabled. */
export function resolveMultiServiceStages(stages: readonly MultiServiceStage[], promote: boolean): ResolvedMultiServiceStage[] {
  const out: ResolvedMultiServiceStage[] = stages.map((s) => ({ ...s, weight: s.weight ?? 0, promoted: false }));
  if (promote && stages.length > 0) out.push({ name: PROMOTED_STAGE, weight: 100, promoted: true });
  return out;
}

/**
 * Problems of every stage: weights out of range, weights going back without `rollback: true`, and
 * request conditions Istio rejects (header names, cookies, RE2).
 */
export function multiServiceStageProblems(stages: readonly ResolvedMultiServiceStage[]): Problem[] {
  const problems: Problem[] = [];
  stages.forEach((s, n) => {
    const p = checkWeight(s.weight, `weight of stage "${s.name}"`);
    if (p) problems.push(p);
    const prev = stages[n - 1];
    // An out-of-range weight is reported above; comparing it with its neighbour would report it twice.
    if (prev && !p && !checkWeight(prev.weight, 'previous weight') && s.weight < prev.weight && !s.rollback) {
      problems.push({
        message: `stage "${s.name}" lowers the weight of the new versions from ${prev.weight} to ${s.weight} without being marked as a rollback.`,
        fix: `order the stages by increasing weight, or declare the stage as { name: '${s.name}', weight: ${s.weight}, rollback: true }.`,
      });
    }
    (s.matches ?? []).forEach((m, i) => {
      const where = `stage "${s.name}", condition ${i + 1}`;
      problems.push(...matchProblems(m, where));
      for (const [h, sm] of Object.entries(m.headers ?? {})) {
        const p = 'regex' in sm ? checkRe2(sm.regex, `${where}: header "${h}" regex`) : undefined;
        if (p) problems.push(p);
      }
    });
  });
  return problems;
}
