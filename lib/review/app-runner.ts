import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as YamlModule from 'yaml';
import { STAGE_POSITION_ENV_VAR } from '../rollout/active-stage';
import { ALL_STAGES_ENV_VAR, RenderedStage } from '../rollout/render-stages';
import { ObjectIdentity, STAGE_REPORT_ENV_VAR, StageReport } from '../rollout/stage-report';
import { StagedManifests } from './plan';

// `yaml` is loaded on first use: only the review commands read YAML, and loading it is a quarter of the
// library's load time in an app that never calls them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): typeof YamlModule => require('yaml');

/**
 * Runs a user's cdk8s app the way `cdk8s synth` does (its `app` command in a shell, with `CDK8S_OUTDIR`
 * set), whatever its shape (ts-node or tsx on main.ts calling `app.synth()`, compiled JS, several charts),
 * and reads back what it wrote. With `ROLLOUT_STAGE_POSITION` and `ROLLOUT_STAGE_REPORT` set, one run per
 * stage position renders every stage of every rollout, and the report tells which objects belong to which rollout.
 */

/** One synthesized YAML file of a run. */
export interface SynthesizedFile {
  /** Path relative to the output folder, with `/` separators. */
  readonly file: string;
  /** The file's text. */
  readonly text: string;
}

/** What one run of the app produced. */
export interface AppRun {
  /** The YAML files written, sorted by path. */
  readonly files: readonly SynthesizedFile[];
  /** Every object of those files, in file order. */
  readonly docs: readonly any[];
  /** The rollouts the library reported (none when the app has none, or uses a library without the report). */
  readonly report: StageReport;
}

/** Options of `runApp`. */
export interface RunAppOptions {
  /** Folder the app runs in (its cdk8s.yaml folder). */
  readonly cwd: string;
  /** Stage position to render (`ROLLOUT_STAGE_POSITION`). @default - the stages the app declares */
  readonly position?: number;
}

/** A whole app synthesized once plainly and once per stage position. */
export interface SynthesizedApp extends StagedManifests {
  /** The plain run: what `cdk8s synth` deploys today. */
  readonly deployed: AppRun;
  /** Per rollout path: its objects in the plain run (the active stage). */
  readonly deployedByRollout: ReadonlyMap<string, readonly any[]>;
}

/** The app command of the cdk8s.yaml in `dir` (throws naming the file when there is none). */
export function appCommandOf(dir: string): string {
  const file = path.join(dir, 'cdk8s.yaml');
  if (!fs.existsSync(file)) throw new Error(`there is no cdk8s.yaml in ${dir}. Fix: run the command in your cdk8s app's folder, or pass --app '<command>' (e.g. --app 'npx tsx main.ts').`);
  const config = yaml().parse(fs.readFileSync(file, 'utf8')) ?? {};
  if (typeof config.app !== 'string' || !config.app.trim()) throw new Error(`${file} has no \`app:\` command. Fix: add e.g. \`app: npx tsx main.ts\`.`);
  return config.app;
}

/** The identity key of a manifest or a reported object: `apiVersion kind namespace/name`. */
export function identityKey(o: ObjectIdentity | any): string {
  const ns = o.metadata ? o.metadata.namespace : o.namespace;
  const name = o.metadata ? o.metadata.name : o.name;
  return `${o.apiVersion} ${o.kind} ${ns ?? ''}/${name}`;
}

/** Every YAML file below `dir` (sorted, `stages/` and dot folders skipped), with its text. */
export function readYamlFiles(dir: string, skip: readonly string[] = []): SynthesizedFile[] {
  const files: SynthesizedFile[] = [];
  const walk = (rel: string) => {
    const abs = path.join(dir, rel);
    for (const entry of fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.') || skip.includes(r)) continue;
      if (entry.isDirectory()) walk(r);
      else if (/\.ya?ml$/.test(entry.name)) files.push({ file: r, text: fs.readFileSync(path.join(dir, r), 'utf8') });
    }
  };
  walk('');
  return files;
}

/** The objects of YAML files (empty documents dropped). */
export function docsOf(files: readonly SynthesizedFile[]): any[] {
  const docs: any[] = [];
  for (const f of files) {
    for (const d of yaml().parseAllDocuments(f.text)) {
      if (d.errors.length) throw new Error(`${f.file}: ${d.errors[0].message}`);
      const value = d.toJSON();
      if (value && typeof value === 'object') docs.push(value);
    }
  }
  return docs;
}

function childEnv(outdir: string, report: string, position: number | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CDK8S_OUTDIR: outdir, [STAGE_REPORT_ENV_VAR]: report, CDK8S_CHECK_UPGRADE: 'false' };
  delete env[ALL_STAGES_ENV_VAR];
  delete env[STAGE_POSITION_ENV_VAR];
  if (position !== undefined) {
    env[STAGE_POSITION_ENV_VAR] = String(position);
    // A ts-node app type-checks in the plain run already; the per-stage runs of the same code skip it.
    if (env.TS_NODE_TRANSPILE_ONLY === undefined) env.TS_NODE_TRANSPILE_ONLY = 'true';
  }
  return env;
}

/** Runs the app command once (a child process, as `cdk8s synth` does) and reads what it wrote. */
export async function runApp(command: string, options: RunAppOptions): Promise<AppRun> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-progressive-run-'));
  const outdir = path.join(tmp, 'out');
  const reportFile = path.join(tmp, 'report.json');
  fs.mkdirSync(outdir);
  try {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(command, { cwd: options.cwd, shell: true, env: childEnv(outdir, reportFile, options.position), stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d) => { err += d; });
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    const where = options.position === undefined ? '' : ` (${STAGE_POSITION_ENV_VAR}=${options.position})`;
    if (code !== 0) throw new Error(`the app command \`${command}\`${where} failed in ${options.cwd} (exit code ${code}):\n${stderr.trim().split('\n').slice(-30).join('\n')}`);
    const files = readYamlFiles(outdir);
    const report: StageReport = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { version: 1, rollouts: [] };
    return { files, docs: docsOf(files), report };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs `jobs` with at most `limit` at a time, keeping their order. */
async function pool<T>(jobs: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, worker));
  return results;
}

/** The manifests of each reported rollout, looked up by identity in the run's objects. */
function objectsByRollout(run: AppRun, command: string): Map<string, any[]> {
  const byKey = new Map(run.docs.map((d) => [identityKey(d), d]));
  const out = new Map<string, any[]>();
  for (const r of run.report.rollouts) {
    out.set(r.path, r.objects.map((o) => {
      const doc = byKey.get(identityKey(o));
      if (!doc) throw new Error(`rollout ${r.path} reported ${o.kind} ${o.namespace ?? ''}/${o.name}, but \`${command}\` wrote no such object. Fix: synthesize with the default App output (every chart written by app.synth()).`);
      return doc;
    }));
  }
  return out;
}

/** Options of `synthesizeStages`. */
export interface SynthesizeStagesOptions {
  /** Folder the app runs in. */
  readonly cwd: string;
  /** Runs at a time. @default - the number of CPUs */
  readonly concurrency?: number;
}

/**
 * Synthesizes the app once as it is (what `cdk8s synth` deploys) and once per stage position
 * (`ROLLOUT_STAGE_POSITION=k`, in parallel; not for the position every rollout is at already, whose
 * stages the plain run rendered), and assigns the synthesized objects to rollouts with the
 * stage report: the same `RenderedStage`s `renderAllStages` builds in-process.
 */
export async function synthesizeStages(command: string, options: SynthesizeStagesOptions): Promise<SynthesizedApp> {
  const limit = options.concurrency ?? os.cpus().length;
  const deployed = await runApp(command, { cwd: options.cwd });
  const depth = Math.max(0, ...deployed.report.rollouts.map((r) => r.stages.length));
  // Where every rollout's active stage is the k-th, position k renders what the plain run rendered: reuse it.
  const reported = deployed.report.rollouts;
  const isPlainRun = (k: number) => reported.length > 0 && reported.every((r) => r.activeIndex === k);
  const runs = await pool(Array.from({ length: depth }, (_, k) => () => (isPlainRun(k) ? Promise.resolve(deployed) : runApp(command, { cwd: options.cwd, position: k }))), limit);
  const stages: RenderedStage[] = [];
  runs.forEach((run, k) => {
    const objects = objectsByRollout(run, command);
    for (const r of run.report.rollouts) {
      if (k >= r.stages.length) continue;
      stages.push({ rolloutPath: r.path, rolloutDir: r.path.replace(/\//g, '.'), index: k, stage: r.stages[k], manifests: objects.get(r.path)! });
    }
  });
  stages.sort((a, b) => (a.rolloutPath === b.rolloutPath ? a.index - b.index : a.rolloutPath < b.rolloutPath ? -1 : 1));
  const deployedByRollout = objectsByRollout(deployed, command);
  const inRollout = new Set([...deployedByRollout.values()].flat());
  const shared = deployed.docs.filter((d) => !inRollout.has(d));
  const rollouts = new Map(deployed.report.rollouts.map((r) => [r.path, { active: r.activeIndex >= 0 ? r.activeStage : undefined, construct: r.construct }]));
  return { stages, shared, rollouts, deployed, deployedByRollout };
}
