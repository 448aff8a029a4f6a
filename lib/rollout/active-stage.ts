import { IConstruct } from 'constructs';
import { parseStageEnv, readSetting, STAGE_ENV_VAR } from '../settings/env';
import { Problem } from '../validation/problems';
import { checkDnsLabel, firstDuplicate } from '../validation/rules';

/**
 * Context key holding a map `{ [constructPath]: stageName }`. The all-stages renderer sets it
 * on the App; it wins over the environment and the code.
 */
export const STAGE_OVERRIDES_CONTEXT = 'cdk8s-progressive:stage-overrides';

/**
 * Context key holding a stage position k: every rollout that has a k-th stage renders it (a rollout
 * with fewer stages keeps its own choice). The all-stages renderer sets it on the App, so it needs
 * no separate build to discover the construct paths. An entry of `STAGE_OVERRIDES_CONTEXT` wins over it.
 */
export const STAGE_INDEX_CONTEXT = 'cdk8s-progressive:stage-index';

/**
 * Environment variable holding a stage position k, read like `STAGE_INDEX_CONTEXT` (which wins over it):
 * `cdk8s-progressive synth --all-stages` runs the user's app once per position with it set.
 */
export const STAGE_POSITION_ENV_VAR = 'ROLLOUT_STAGE_POSITION';

/** The stage position from ROLLOUT_STAGE_POSITION: undefined when unset, NaN when it is not a whole number from 0. */
export function stagePositionFromEnv(value: string | undefined = readSetting(STAGE_POSITION_ENV_VAR)): number | undefined {
  if (value === undefined || value === '') return undefined;
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
}

/** Where the active stage came from, for messages. */
export type StageSource = 'code' | 'environment' | 'context';

/** The active stage of a rollout and where it was chosen. */
export interface ActiveStageChoice {
  /** The chosen stage name (may be unknown: see `problems`). */
  readonly name: string;
  /** Index of the stage in the plan, -1 if unknown. */
  readonly index: number;
  /** Who chose it. */
  readonly source: StageSource;
  /**
   * The choice of the code or ROLLOUT_STAGE that a context override (the stage renderer) replaced;
   * it is still checked, so rendering every stage fails where a plain synth would.
   * @default - nothing was overridden
   */
  readonly overridden?: { readonly name: string; readonly source: StageSource };
  /**
   * The value of ROLLOUT_STAGE_POSITION when it is not a stage position (reported as a problem).
   * @default - the variable is unset or valid
   */
  readonly invalidPosition?: string;
}

/**
 * Chooses the active stage of a rollout: context override, then ROLLOUT_STAGE, then the code.
 */
export function chooseActiveStage(scope: IConstruct, stageNames: readonly string[], declared: string): ActiveStageChoice {
  const overrides = scope.node.tryGetContext(STAGE_OVERRIDES_CONTEXT) as Record<string, string> | undefined;
  let name = declared;
  let source: StageSource = 'code';
  const env = parseStageEnv(readSetting(STAGE_ENV_VAR));
  // `node.path` is built from every scope on each call; look it up only when a per-rollout key exists.
  // (With no key, `byKey[path]` can only differ from `byKey[id]` if the path had no "/", i.e. equals the id.)
  const byPath = Object.keys(env.byKey).length > 0 ? env.byKey[scope.node.path] : undefined;
  const fromEnv = byPath ?? env.byKey[scope.node.id] ?? env.all;
  if (fromEnv !== undefined) {
    name = fromEnv;
    source = 'environment';
  }
  const own = { name, source };
  const fromEnvPosition = stagePositionFromEnv();
  const invalid = Number.isNaN(fromEnvPosition) ? { invalidPosition: readSetting(STAGE_POSITION_ENV_VAR) } : {};
  const position = (scope.node.tryGetContext(STAGE_INDEX_CONTEXT) as number | undefined) ?? (invalid.invalidPosition === undefined ? fromEnvPosition : undefined);
  if (position !== undefined && position >= 0 && position < stageNames.length) {
    name = stageNames[position];
    source = 'context';
  }
  if (overrides && overrides[scope.node.path] !== undefined) {
    name = overrides[scope.node.path];
    source = 'context';
  }
  const overridden = source === 'context' ? { overridden: own } : {};
  return { name, index: stageNames.indexOf(name), source, ...overridden, ...invalid };
}

function fromWhere(source: StageSource): string {
  return source === 'environment' ? ` (from ${STAGE_ENV_VAR})` : source === 'context' ? ' (from the stage renderer)' : '';
}

/** Problems of a stage list: empty, duplicate names, names that are not DNS-1123 labels, unknown active stage. */
export function stagePlanProblems(stageNames: readonly string[], active: ActiveStageChoice): Problem[] {
  const problems: Problem[] = [];
  if (stageNames.length === 0) {
    problems.push({ message: 'the rollout has no stages.', fix: 'declare at least one stage.' });
    return problems;
  }
  for (const n of stageNames) {
    const p = checkDnsLabel(n, 'stage name');
    if (p) problems.push(p);
  }
  const dup = firstDuplicate(stageNames);
  if (dup !== undefined) {
    problems.push({ message: `stage name "${dup}" is used more than once.`, fix: 'give every stage a unique name.' });
  }
  if (active.invalidPosition !== undefined) {
    problems.push({
      message: `${STAGE_POSITION_ENV_VAR}="${active.invalidPosition}" is not a stage position.`,
      fix: 'set it to a whole number from 0 (the position of the stage in each rollout\'s plan), or unset it.',
    });
  }
  const chosen = active.overridden && !stageNames.includes(active.overridden.name) ? [active.overridden] : [];
  if (active.index < 0) chosen.push(active);
  for (const c of chosen) {
    problems.push({
      message: `active stage "${c.name}"${fromWhere(c.source)} is not a stage of this rollout.`,
      fix: `use one of: ${stageNames.join(', ')}.`,
    });
  }
  return problems;
}
