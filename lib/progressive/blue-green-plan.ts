import { BlueGreenAction, BlueGreenStage } from '../stages/bluegreen-stages';
import { Problem } from '../validation/problems';

/** The one blue-green plan an engine runs: preview green, switch users to it, remove blue. */
export const ENGINE_BLUE_GREEN_ACTIONS: readonly BlueGreenAction[] = ['preview', 'switch', 'finalize'];

/**
 * Why a blue-green plan (already valid for the manual construct) cannot drive an engine. An engine
 * runs exactly `preview` (green analysed while users stay on blue), `switch` (users moved to green;
 * Argo Rollouts analyses green again with blue still running) and `finalize` (blue removed): it rolls
 * back by itself, switches once, and always removes the old version.
 */
export function blueGreenEnginePlanProblems(stages: readonly BlueGreenStage[], engine: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<BlueGreenAction>();
  for (const s of stages) {
    if (s.action === 'rollback') {
      problems.push({
        message: `stage "${s.name}" is a manual rollback, which ${engine} cannot run: it switches users back to blue by itself when a check fails.`,
        fix: `remove the rollback stage for ${engine} (e.g. stages: ['preview', 'switch', 'finalize']), or keep progression: Progression.manual().`,
      });
      continue;
    }
    if (seen.has(s.action)) {
      problems.push({
        message: `stage "${s.name}" repeats the action ${s.action}, but ${engine} runs one preview, one switch and one finalize.`,
        fix: `use stages: ['preview', 'switch', 'finalize'] with ${engine}, or keep progression: Progression.manual().`,
      });
    }
    seen.add(s.action);
  }
  const missing = ENGINE_BLUE_GREEN_ACTIONS.filter((a) => !seen.has(a));
  if (missing.length > 0) {
    problems.push({
      message: `the plan has no ${missing.join(' and no ')} stage, but ${engine} always analyses green, switches users to it and then removes blue.`,
      fix: `use stages: ['preview', 'switch', 'finalize'] with ${engine}, or keep progression: Progression.manual().`,
    });
  }
  return problems;
}

/** Problems of the number of checks green must pass in an engine's blue-green analysis. */
export function analysisIterationsProblems(iterations: number, what: string): Problem[] {
  if (Number.isInteger(iterations) && iterations >= 1) return [];
  return [{ message: `${what} ${iterations} is not a whole number of at least 1.`, fix: `use e.g. ${what}: 10 (ten checks, one per thresholds interval).` }];
}
