import { IConstruct } from 'constructs';

/**
 * A construct that renders one stage of a staged rollout.
 * Every strategy in this library (CanaryService, BlueGreenService, HeaderRoute, ...) implements it,
 * so tools can list the stages of every rollout in an app and render each one.
 */
export interface IRollout extends IConstruct {
  /** The names of all stages, in rollout order. */
  readonly stageNames: string[];
  /** The stage whose manifests this construct renders. */
  readonly activeStage: string;
}

const ROLLOUT_MARK = Symbol.for('cdk8s-progressive.rollout');

/** Marks a construct as a rollout, so `findRollouts` can find it. Called by every strategy construct. */
export function markAsRollout(rollout: IRollout): void {
  Object.defineProperty(rollout, ROLLOUT_MARK, { value: true, enumerable: false });
}

/** True when `c` is a rollout construct of this library. */
export function isRollout(c: IConstruct): c is IRollout {
  return (c as any)[ROLLOUT_MARK] === true;
}

/** Every rollout construct below `root`, in tree order. */
export function findRollouts(root: IConstruct): IRollout[] {
  return root.node.findAll().filter(isRollout);
}
