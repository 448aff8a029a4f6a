import { Problem } from '../validation/problems';

/**
 * Who moves a rollout through its stages.
 * - `manual`: the library renders the active stage; a pull request moves `stage` (the GitOps way).
 * - `flagger`: a Flagger `Canary` whose analysis steps are the declared stages; Flagger moves
 *   through them on a timer and rolls back when a threshold is crossed.
 * - `argo-rollouts`: an Argo Rollouts `Rollout` whose steps are the declared stages, with an
 *   `AnalysisTemplate` that rolls back when a threshold is crossed.
 */
export type Progression = 'manual' | 'flagger' | 'argo-rollouts';

/** A progression run by an engine in the cluster. */
export type EngineProgression = Exclude<Progression, 'manual'>;

/** Every progression, the default first. */
export const PROGRESSIONS: readonly Progression[] = ['manual', 'flagger', 'argo-rollouts'];

/** True for the progressions an engine runs. */
export function isEngineProgression(p: string): p is EngineProgression {
  return p === 'flagger' || p === 'argo-rollouts';
}

/** The engine's name, for messages: `Flagger`, `Argo Rollouts`. */
export function engineName(p: EngineProgression): string {
  return p === 'flagger' ? 'Flagger' : 'Argo Rollouts';
}

/** The problem of a value that is not a progression (empty when it is one). */
export function progressionProblems(value: string): Problem[] {
  if ((PROGRESSIONS as readonly string[]).includes(value)) return [];
  return [{
    message: `progression "${value}" is not a progression this library knows.`,
    fix: "use 'manual' (a pull request per stage), 'flagger' (a Flagger Canary) or 'argo-rollouts' (an Argo Rollout).",
  }];
}
