import { ResolvedCanaryStage } from '../stages/canary-stages';
import { Problem } from '../validation/problems';
import { wholeSeconds } from '../validation/whole-seconds';

/** One step an engine runs, derived from one declared stage. */
export interface EngineStep {
  /** The declared stage it comes from. */
  readonly stage: string;
  /** `weight`: send `canaryWeight` percent to the new version; `promote`: make the new version the stable one. */
  readonly kind: 'weight' | 'promote';
  /** Percent of traffic on the new version during the step (100 for `promote`). */
  readonly canaryWeight: number;
  /** The stage's minimum holding time in seconds (`hold`). @default - none (the engine's own step pause) */
  readonly holdSeconds?: number;
}

/** The steps of a stage plan, and why the plan cannot drive an engine (empty when it can). */
export interface EnginePlan {
  /** Steps in order: weights, then (if declared) the promotion. */
  readonly steps: EngineStep[];
  /** Weights of the `weight` steps, in order. */
  readonly weights: number[];
  /** True when the plan ends with the `promoted` stage. */
  readonly promotes: boolean;
  /** Problems that stop the plan from driving an engine. */
  readonly problems: Problem[];
}

/**
 * Turns the stage plan the manual constructs use (`resolveCanaryStages`) into engine steps, so the
 * same plan drives a manual, a Flagger and an Argo rollout: every stage with a weight becomes a
 * step with that weight, the final `promoted` stage the promotion. An engine only moves forward and
 * rolls back on its own, so a stage marked `rollback`, or a weight that does not increase, has no
 * engine equivalent and is reported. Leading 0 % stages (new version running, no traffic) are kept.
 */
export function enginePlan(stages: readonly ResolvedCanaryStage[], engine: string): EnginePlan {
  const problems: Problem[] = [];
  const steps: EngineStep[] = [];
  let last = -1;
  for (const s of stages) {
    if (s.promoted) {
      steps.push({ stage: s.name, kind: 'promote', canaryWeight: 100 });
      continue;
    }
    if (s.rollback) {
      problems.push({
        message: `stage "${s.name}" is a manual rollback step, which ${engine} cannot run: it rolls back by itself when a threshold is crossed.`,
        fix: `remove the rollback stage from the plan given to ${engine}, or keep progression: Progression.manual().`,
      });
      continue;
    }
    if (s.canaryWeight === 0 && last <= 0) {
      steps.push({ stage: s.name, kind: 'weight', canaryWeight: 0, ...held(s) });
      last = 0;
      continue;
    }
    if (s.canaryWeight <= last) {
      problems.push({
        message: `stage "${s.name}" keeps the canary weight at ${s.canaryWeight} (previous stage: ${last}); every ${engine} step must send more traffic to the new version than the one before.`,
        fix: 'remove the stage or give it a higher weight.',
      });
      continue;
    }
    steps.push({ stage: s.name, kind: 'weight', canaryWeight: s.canaryWeight, ...held(s) });
    last = s.canaryWeight;
  }
  const weightSteps = steps.filter((s) => s.kind === 'weight');
  if (!weightSteps.some((s) => s.canaryWeight > 0) && problems.length === 0) {
    problems.push({ message: `the plan has no stage that sends traffic to the new version, so ${engine} has nothing to analyse.`, fix: 'declare at least one stage with a weight above 0, e.g. stages: [5, 20, 50].' });
  }
  return {
    steps,
    weights: weightSteps.map((s) => s.canaryWeight),
    promotes: steps.some((s) => s.kind === 'promote'),
    problems,
  };
}

function held(s: ResolvedCanaryStage): { holdSeconds?: number } {
  const seconds = s.hold ? wholeSeconds(s.hold) : undefined;
  return seconds !== undefined ? { holdSeconds: seconds } : {};
}
