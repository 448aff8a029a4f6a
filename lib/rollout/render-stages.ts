import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';
import { collectValidationErrors } from '../validation/problems';
import { STAGE_OVERRIDES_CONTEXT } from './active-stage';
import { findRollouts, IRollout } from './rollout';

/** Environment variable that makes the example app (and `synthApp`) also render every stage. */
export const ALL_STAGES_ENV_VAR = 'ROLLOUT_ALL_STAGES';

/** One stage of one rollout, rendered. */
export interface RenderedStage {
  /** Construct path of the rollout. */
  readonly rolloutPath: string;
  /** Folder name of the rollout (its path with "/" replaced by "."). */
  readonly rolloutDir: string;
  /** Position of the stage in the plan, from 0. */
  readonly index: number;
  /** Stage name. */
  readonly stage: string;
  /** The manifests the rollout renders at this stage, in construct order. */
  readonly manifests: any[];
}

/** Options of `renderAllStages`. */
export interface RenderAllStagesOptions {
  /**
   * Folder to write to; each stage lands in `<outdir>/<rollout>/<NN>-<stage>/`, one file per object.
   * The folder is emptied first, so a removed stage leaves no stale files.
   * @default - nothing is written, the stages are only returned
   */
  readonly outdir?: string;
}

/** Builds a fresh app; the renderer calls it once per stage position. */
export type AppBuilder = (app: App) => void;

function newApp(define: AppBuilder, overrides: Record<string, string>): App {
  const app = new App({ outdir: path.join(process.cwd(), 'dist') });
  app.node.setContext(STAGE_OVERRIDES_CONTEXT, overrides);
  define(app);
  return app;
}

function manifestsOf(rollout: IConstruct): any[] {
  return rollout.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
}

function throwIfInvalid(app: App): void {
  const errors = collectValidationErrors(app);
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Renders every stage of every rollout in the app that `define` builds.
 *
 * The app is built once per stage position k (every rollout set to its k-th stage), so the cost
 * grows with the number of stages, not with rollouts x stages. Every build is validated as a whole.
 */
export function renderAllStages(define: AppBuilder, options: RenderAllStagesOptions = {}): RenderedStage[] {
  const base = newApp(define, {});
  const plans = findRollouts(base).map((r: IRollout) => ({ path: r.node.path, stages: r.stageNames }));
  const depth = Math.max(0, ...plans.map((p) => p.stages.length));
  const rendered: RenderedStage[] = [];
  for (let k = 0; k < depth; k++) {
    const overrides: Record<string, string> = {};
    for (const p of plans) if (k < p.stages.length) overrides[p.path] = p.stages[k];
    const app = newApp(define, overrides);
    throwIfInvalid(app);
    const byPath = new Map(findRollouts(app).map((r) => [r.node.path, r]));
    for (const p of plans) {
      const r = byPath.get(p.path);
      if (!r || k >= p.stages.length) continue;
      rendered.push({ rolloutPath: p.path, rolloutDir: p.path.replace(/\//g, '.'), index: k, stage: p.stages[k], manifests: manifestsOf(r) });
    }
  }
  rendered.sort((a, b) => (a.rolloutPath === b.rolloutPath ? a.index - b.index : a.rolloutPath < b.rolloutPath ? -1 : 1));
  if (options.outdir) writeStages(rendered, options.outdir);
  return rendered;
}

/** Folder of one rendered stage, relative to the stages folder: `<rollout>/<NN>-<stage>`. */
export function stageFolder(s: RenderedStage): string {
  return path.join(s.rolloutDir, `${String(s.index).padStart(2, '0')}-${s.stage}`);
}

function writeStages(stages: RenderedStage[], outdir: string): void {
  fs.rmSync(outdir, { recursive: true, force: true });
  for (const s of stages) {
    const dir = path.join(outdir, stageFolder(s));
    fs.mkdirSync(dir, { recursive: true });
    for (const m of s.manifests) {
      const file = `${String(m.kind).toLowerCase()}.${m.metadata?.name ?? 'unnamed'}.k8s.yaml`;
      fs.writeFileSync(path.join(dir, file), Yaml.stringify(m));
    }
  }
}
