import { Problem } from '../validation/problems';
import { RollbackThresholds } from './thresholds';

/** The kind of a progression: `manual`, `flagger` or `argo-rollouts` (for messages and comparisons). */
export type ProgressionKind = 'manual' | 'flagger' | 'argo-rollouts';

/** A progression run by an engine in the cluster. */
export type EngineProgression = Exclude<ProgressionKind, 'manual'>;

/** Options every engine progression takes. */
export interface EngineProgressionOptions {
  /**
   * When the engine rolls the release back (error rate, latency, success rate and their windows),
   * translated to Flagger metrics or an Argo AnalysisTemplate.
   * @default ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS
   */
  readonly thresholds?: RollbackThresholds;
  /**
   * BlueGreenService only: checks (one per `thresholds.interval`) green must pass during the preview
   * (Flagger `analysis.iterations`; Argo: the count of the pre- and of the post-promotion analysis).
   * A canary's checks are its stages, so CanaryService refuses this option.
   * @default 10
   */
  readonly analysisIterations?: number;
}

/** Options of `Progression.flagger()`. */
export interface FlaggerProgressionOptions extends EngineProgressionOptions {}

/** Options of `Progression.argoRollouts()`. */
export interface ArgoRolloutsProgressionOptions extends EngineProgressionOptions {}

/**
 * Who moves a rollout through its stages.
 * - `Progression.manual()`: the library renders the active stage; a pull request moves `stage` (the GitOps way).
 * - `Progression.flagger({ thresholds })`: a Flagger `Canary` whose analysis steps are the declared stages;
 *   Flagger moves through them on a timer and rolls back when a threshold is crossed.
 * - `Progression.argoRollouts({ thresholds })`: an Argo Rollouts `Rollout` whose steps are the declared
 *   stages, with an `AnalysisTemplate` that rolls back when a threshold is crossed.
 *
 * Engines route with Istio: the construct's traffic must be `Traffic.istio()` (its `apiVersion` is
 * the engine's too).
 */
export class Progression {
  /** A pull request per stage: the construct renders the active stage. */
  public static manual(): Progression {
    return new Progression('manual', {});
  }

  /** A Flagger `Canary` runs the declared stages and rolls back on `thresholds`. */
  public static flagger(options: FlaggerProgressionOptions = {}): Progression {
    return new Progression('flagger', options);
  }

  /** An Argo Rollouts `Rollout` runs the declared stages and rolls back on `thresholds`. */
  public static argoRollouts(options: ArgoRolloutsProgressionOptions = {}): Progression {
    return new Progression('argo-rollouts', options);
  }

  /** Which progression: `manual`, `flagger` or `argo-rollouts`. */
  public readonly kind: ProgressionKind;
  /** The engine options (empty for `manual`). */
  public readonly options: EngineProgressionOptions;

  private constructor(kind: ProgressionKind, options: EngineProgressionOptions) {
    this.kind = kind;
    this.options = options;
  }

  /** The engine that runs the rollout, or undefined for `manual`. */
  public get engine(): EngineProgression | undefined {
    return this.kind === 'manual' ? undefined : this.kind;
  }
}

/** The engine of a progression value (undefined for manual and for a value that is not a `Progression`). */
export function engineOf(progression: unknown): EngineProgression | undefined {
  return progression instanceof Progression ? progression.engine : undefined;
}

/** The engine's name, for messages: `Flagger`, `Argo Rollouts`. */
export function engineName(p: EngineProgression): string {
  return p === 'flagger' ? 'Flagger' : 'Argo Rollouts';
}

/** The problem of a value that is not a `Progression` (a JavaScript caller passing a string; empty when it is one). */
export function progressionProblems(value: unknown): Problem[] {
  if (value instanceof Progression) return [];
  return [{
    message: `progression ${typeof value === 'string' ? `"${value}"` : String(value)} is not a Progression.`,
    fix: 'use Progression.manual() (a pull request per stage), Progression.flagger() (a Flagger Canary) or Progression.argoRollouts() (an Argo Rollout).',
  }];
}
