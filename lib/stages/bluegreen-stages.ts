import { Problem } from '../validation/problems';

/**
 * What a blue-green stage does. Blue is the version serving users today, green the new one;
 * both run at full replicas until `finalize`.
 * - `preview`: users get blue; testers reach green through the preview Service (and, with Istio,
 *   the preview header and preview host).
 * - `switch`: every user request goes to green at once; blue keeps running for an instant rollback.
 * - `rollback`: every user request goes back to blue; green keeps running (and previewable) for analysis.
 * - `finalize`: blue's Deployment (and subset) is removed; green is the only version.
 */
export type BlueGreenAction = 'preview' | 'switch' | 'rollback' | 'finalize';

/** Every action, in the order of the happy path. */
export const BLUE_GREEN_ACTIONS: readonly BlueGreenAction[] = ['preview', 'switch', 'rollback', 'finalize'];

/** The default plan: preview green, switch users to it, remove blue. Add `rollback` when you need it. */
export const DEFAULT_BLUE_GREEN_STAGES: readonly BlueGreenAction[] = ['preview', 'switch', 'finalize'];

/** A named blue-green stage, for plans that use an action twice (`switch` again after a `rollback`). */
export interface BlueGreenStage {
  /** Unique stage name (DNS-1123 label), e.g. `switch-again`. */
  readonly name: string;
  /** What the stage does. */
  readonly action: BlueGreenAction;
}

/** A stage given as an action (named after it) or as a named stage. */
export type BlueGreenStageInput = BlueGreenAction | BlueGreenStage;

/** Turns stage inputs into named stages. */
export function resolveBlueGreenStages(inputs: readonly BlueGreenStageInput[]): BlueGreenStage[] {
  return inputs.map((s) => (typeof s === 'string' ? { name: s, action: s } : { name: s.name, action: s.action }));
}

/** Which version users get at a stage. */
export function usersOn(action: BlueGreenAction): 'blue' | 'green' {
  return action === 'switch' || action === 'finalize' ? 'green' : 'blue';
}

/**
 * Problems of a blue-green plan. The plan must start by previewing green (so green is running and
 * ready before any user reaches it); a `rollback` must undo a `switch`; going from green back to
 * blue must be a `rollback`; `finalize` must follow a `switch` (users already on green) and be last.
 */
export function blueGreenStageProblems(stages: readonly BlueGreenStage[]): Problem[] {
  const problems: Problem[] = [];
  const known = stages.every((s) => BLUE_GREEN_ACTIONS.includes(s.action));
  stages.forEach((s) => {
    if (!BLUE_GREEN_ACTIONS.includes(s.action)) {
      problems.push({
        message: `stage "${s.name}" has action "${s.action}", which is not a blue-green action.`,
        fix: `use one of: ${BLUE_GREEN_ACTIONS.join(', ')}.`,
      });
    }
  });
  if (!known || stages.length === 0) return problems;
  const first = stages[0];
  if (first.action !== 'preview') {
    problems.push({
      message: `the first stage "${first.name}" is a ${first.action}, so users would reach green before it was ever deployed and previewed.`,
      fix: "start the plan with a 'preview' stage, e.g. ['preview', 'switch', 'finalize'].",
    });
  }
  stages.forEach((s, i) => {
    const prev = stages[i - 1];
    if (!prev) return;
    if (s.action === 'rollback' && prev.action !== 'switch') {
      problems.push({
        message: `stage "${s.name}" is a rollback, but users are already on blue after "${prev.name}" (${prev.action}).`,
        fix: "put the rollback right after a 'switch' stage, or remove it.",
      });
    }
    if (s.action === 'preview' && prev.action === 'switch') {
      problems.push({
        message: `stage "${s.name}" (preview) sends users from green back to blue right after "${prev.name}" (switch) without being a rollback.`,
        fix: `declare it as { name: '${s.name}', action: 'rollback' }.`,
      });
    }
    if (s.action === 'finalize' && prev.action !== 'switch') {
      problems.push({
        message: `stage "${s.name}" removes blue, but users are still on blue after "${prev.name}" (${prev.action}).`,
        fix: "put a 'switch' stage right before finalize (add { name: 'switch-again', action: 'switch' } after a rollback).",
      });
    }
  });
  stages.forEach((s, i) => {
    if (s.action === 'finalize' && i < stages.length - 1) {
      problems.push({
        message: `stage "${s.name}" (finalize) is followed by "${stages[i + 1].name}", but blue no longer exists after finalize.`,
        fix: 'make finalize the last stage.',
      });
    }
  });
  return problems;
}
