import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Yaml } from 'cdk8s';
import { IConstruct } from 'constructs';
import { STAGE_INDEX_CONTEXT } from './active-stage';
import { IRollout, isRollout } from '../app/rollout';

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

function newApp(define: AppBuilder, position: number): App {
  const app = new App({ outdir: path.join(process.cwd(), 'dist') });
  app.node.setContext(STAGE_INDEX_CONTEXT, position);
  define(app);
  return app;
}

/** What one walk of an app finds: every construct, the rollouts, and the ApiObjects below each rollout. */
interface AppWalk {
  /** Every construct, in pre-order (the order of `app.node.findAll()`). */
  readonly all: IConstruct[];
  /** The rollouts, in pre-order (the order of `findRollouts(app)`). */
  readonly rollouts: IRollout[];
  /** The ApiObjects below each rollout, in pre-order (the order of `rollout.node.findAll()`). */
  readonly objects: Map<IRollout, ApiObject[]>;
}

/**
 * Walks the app once. Finding the rollouts, validating and collecting each rollout's objects used to
 * walk the tree separately (the last once per rollout); the walks were about 2% of rendering.
 */
function walkApp(app: App): AppWalk {
  const walk: AppWalk = { all: [], rollouts: [], objects: new Map() };
  const visit = (c: IConstruct, open: readonly ApiObject[][]): void => {
    walk.all.push(c);
    if (c instanceof ApiObject) for (const list of open) list.push(c);
    let inner = open;
    if (isRollout(c)) {
      const list: ApiObject[] = [];
      walk.rollouts.push(c);
      walk.objects.set(c, list);
      inner = [...open, list];
    }
    for (const child of c.node.children) visit(child, inner);
  };
  visit(app, []);
  return walk;
}

function throwIfInvalid(walk: AppWalk): void {
  // `collectValidationErrors(app)`, over the constructs the walk listed (same order: pre-order, root first).
  const errors: string[] = [];
  for (const c of walk.all) {
    for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Renders every stage of every rollout in the app that `define` builds.
 *
 * The app is built once per stage position k (every rollout that has a k-th stage set to it, the
 * others keeping their own choice), so the cost grows with the number of stages, not with
 * rollouts x stages. The first build also tells how many positions there are. Every build is
 * validated as a whole.
 */
export function renderAllStages(define: AppBuilder, options: RenderAllStagesOptions = {}): RenderedStage[] {
  const rendered: RenderedStage[] = [];
  let depth = 1;
  for (let k = 0; k < depth; k++) {
    const walk = walkApp(newApp(define, k));
    const rollouts = walk.rollouts;
    if (rollouts.length === 0) break;
    throwIfInvalid(walk);
    if (k === 0) depth = Math.max(0, ...rollouts.map((r: IRollout) => r.stageNames.length));
    for (const r of rollouts) {
      if (k >= r.stageNames.length) continue;
      const p = r.node.path;
      rendered.push({ rolloutPath: p, rolloutDir: p.replace(/\//g, '.'), index: k, stage: r.stageNames[k], manifests: walk.objects.get(r)!.map((o) => o.toJson()) });
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
