import { Construct } from 'constructs';
import { ensureAppChecks } from '../app/app-checks';
import { chartNamespaceProblems } from '../validation/chart-namespace';
import { reportProblem, reportProblems } from '../validation/problems';
import { chooseActiveStage, stagePlanProblems } from './active-stage';
import { IRollout, markAsRollout } from '../app/rollout';
import { registerStageReport } from './stage-report';

/** The one thing every stage has: a name. */
export interface NamedStage {
  /** Unique DNS-1123 label naming the stage, e.g. `canary-25`. */
  readonly name: string;
}

/**
 * Base of every strategy construct: holds the ordered stage plan, picks the active stage
 * (code, `ROLLOUT_STAGE`, or the all-stages renderer) and reports plan problems.
 * Subclasses render `this.active` (undefined when the plan is invalid; then they render nothing).
 */
export abstract class StagedRollout<S extends NamedStage> extends Construct implements IRollout {
  /** The names of all stages, in rollout order. */
  public readonly stageNames: string[];
  /** The stage whose manifests this construct renders. */
  public readonly activeStage: string;
  /** Index of the active stage in the plan (-1 when it is not a stage of the plan). */
  public readonly activeStageIndex: number;
  /** All stages, in order. */
  public readonly stages: readonly S[];

  protected constructor(scope: Construct, id: string, stages: readonly S[], declaredStage: string) {
    super(scope, id);
    markAsRollout(this);
    ensureAppChecks(this);
    registerStageReport(this);
    this.stages = stages;
    this.stageNames = stages.map((s) => s.name);
    const choice = chooseActiveStage(this, this.stageNames, declaredStage);
    this.activeStage = choice.name;
    this.activeStageIndex = choice.index;
    reportProblems(this, stagePlanProblems(this.stageNames, choice));
    reportProblems(this, chartNamespaceProblems(this));
  }

  /** The active stage, or undefined when the plan or the choice is invalid. */
  protected get active(): S | undefined {
    return this.activeStageIndex >= 0 ? this.stages[this.activeStageIndex] : undefined;
  }

  /** Records a problem on this construct (reported at synth with its path). */
  protected problem(message: string, fix: string): void {
    reportProblem(this, { message, fix });
  }
}
