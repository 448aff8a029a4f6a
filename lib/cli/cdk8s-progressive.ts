#!/usr/bin/env node
/**
 * Stage review tools for any cdk8s app (run in the folder of its cdk8s.yaml):
 *
 *   cdk8s-progressive synth --all-stages [--output dist]
 *       Synthesizes the app as `cdk8s synth` does, plus every stage of every rollout in
 *       <output>/stages/<rollout>/<NN>-<stage>/, one file per object.
 *   cdk8s-progressive plan [--rollout <path>] [--dir <folder>]
 *       For every rollout, a table of its stages with the share of each version per request class
 *       (traffic simulator on each stage's manifests). `--dir` reads a folder of YAML instead of an app.
 *   cdk8s-progressive diff <stageA> <stageB> [--rollout <path>] [--context <n>]
 *       What changes in the manifests between two stages (names, or positions from 0).
 *   cdk8s-progressive diff --base <git-ref> [--format text|markdown] [--build <command>]
 *       What the working tree changes against a git revision: per rollout the active stage, who serves
 *       each request class before and after, and the manifest diff; per stage whose manifests change the same.
 *
 * The app is the `app:` command of ./cdk8s.yaml, or `--app '<command>'`; it runs as a child process with
 * CDK8S_OUTDIR set (once plainly, once per stage position with ROLLOUT_STAGE_POSITION=k), so any app shape
 * works: `npx tsx main.ts`, `npx ts-node main.ts`, `node dist/main.js`, several charts. The older
 * `--app <module>#<export>` form (a compiled module exporting `define(app)`) is built in-process.
 *
 * Exit codes: 0 done (for `diff --base`: no change), 2 `diff --base` found changes, 1 error (the app
 * failed or is invalid, bad arguments).
 */
import { execSync } from 'child_process';
import * as path from 'path';
import { appCommandOf, runApp, synthesizeStages, SynthesizedApp, SynthesizedFile } from '../review/app-runner';
import { ChangeFormat, compareApps, formatAppChange, resolveCommit, synthesizeRef } from '../review/base-diff';
import { diffRenderedStages, diffStages, formatStageDiffs } from '../review/diff';
import { loadAppBuilder } from '../review/load-app';
import { stagesFromDir } from '../review/manifest-dir';
import { formatPlans, planRollouts, planStages, StagedManifests } from '../review/plan';
import { writeSynthesis } from './write-output';

const USAGE = `usage (in the folder of your cdk8s.yaml, or with --app '<command>'):
  cdk8s-progressive synth --all-stages [--output <folder>]
  cdk8s-progressive plan [--rollout <path>] [--dir <folder of YAML>]
  cdk8s-progressive diff <stageA> <stageB> [--rollout <path>] [--context <lines>]
  cdk8s-progressive diff --base <git-ref> [--format text|markdown] [--build <command>] [--context <lines>]
options: --app '<command>' (default: app of ./cdk8s.yaml) or --app <module>#<export>; --concurrency <n>
exit codes: 0 done / no change, 2 diff --base found changes, 1 error`;

const FLAGS = ['help', 'all-stages'];
const OPTIONS: Record<string, readonly string[]> = {
  synth: ['app', 'output', 'concurrency', 'all-stages'],
  plan: ['app', 'rollout', 'dir', 'concurrency'],
  diff: ['app', 'rollout', 'context', 'base', 'format', 'build', 'concurrency'],
};

interface Args {
  readonly command?: string;
  readonly positional: string[];
  readonly options: Record<string, string>;
}

function parse(argv: readonly string[]): Args {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h') options.help = 'true';
    else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const k = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (FLAGS.includes(k) && eq < 0) {
        options[k] = 'true';
        continue;
      }
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new Error(`option --${k} needs a value`);
      options[k] = v;
    } else positional.push(a);
  }
  return { command: positional.shift(), positional, options };
}

/** Output of the CLI (injectable for tests). */
export interface CliOutput {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
}

/** Options every command reads. */
interface Context {
  readonly cwd: string;
  readonly options: Record<string, string>;
}

function concurrency(o: Record<string, string>): number | undefined {
  if (o.concurrency === undefined) return undefined;
  const n = Number(o.concurrency);
  if (!(Number.isInteger(n) && n > 0)) throw new Error('--concurrency takes a whole number of runs, from 1');
  return n;
}

/** The app command: --app '<command>', else cdk8s.yaml. A `module#export` spec is the in-process form. */
function isModuleSpec(app: string | undefined): app is string {
  return app !== undefined && /#[A-Za-z_$][\w$]*$/.test(app) && !/\s/.test(app);
}

/** Every stage of the app command (not for a `module#export` spec: the callers build that in-process). */
async function stagesOfApp(ctx: Context): Promise<StagedManifests> {
  return synthesizeStages(ctx.options.app ?? appCommandOf(ctx.cwd), { cwd: ctx.cwd, concurrency: concurrency(ctx.options) });
}

function contextLines(o: Record<string, string>): number | undefined {
  const context = o.context !== undefined ? Number(o.context) : undefined;
  if (context !== undefined && !(Number.isInteger(context) && context >= 0)) throw new Error('--context takes a whole number of lines');
  return context;
}

async function plan(ctx: Context, positional: readonly string[], io: CliOutput): Promise<number> {
  if (positional.length) throw new Error(`plan takes no arguments\n${USAGE}`);
  const o = ctx.options;
  if (o.dir && o.app) throw new Error('plan takes --dir or --app, not both');
  const plans = isModuleSpec(o.app)
    ? planRollouts(loadAppBuilder(o.app), { rollout: o.rollout })
    : planStages(o.dir ? stagesFromDir(path.resolve(ctx.cwd, o.dir)) : await stagesOfApp(ctx), { rollout: o.rollout });
  if (plans.length === 0) throw new Error(o.rollout ? `there is no rollout "${o.rollout}"` : 'the app has no rollouts');
  io.out(formatPlans(plans));
  return 0;
}

async function diff(ctx: Context, positional: readonly string[], io: CliOutput): Promise<number> {
  const o = ctx.options;
  const context = contextLines(o);
  if (o.base !== undefined) {
    if (positional.length) throw new Error(`diff --base takes no stages (it compares every stage)\n${USAGE}`);
    if (isModuleSpec(o.app)) throw new Error('diff --base runs the app as a command: pass --app \'<command>\' or use cdk8s.yaml');
    const format = (o.format ?? 'text') as ChangeFormat;
    if (format !== 'text' && format !== 'markdown') throw new Error(`--format takes text or markdown, not "${o.format}"`);
    resolveCommit(o.base, ctx.cwd);
    // The base revision (in its worktree) and the working tree are synthesized at the same time.
    const [base, head] = await allSettledOrThrow([
      synthesizeRef(o.base, { cwd: ctx.cwd, app: o.app, build: o.build, concurrency: concurrency(o) }),
      (async () => {
        if (o.build) runBuild(o.build, ctx.cwd);
        return synthesizeStages(o.app ?? appCommandOf(ctx.cwd), { cwd: ctx.cwd, concurrency: concurrency(o) });
      })(),
    ] as const);
    const change = compareApps(base.app, head, context);
    io.out(formatAppChange(change, format, `cdk8s-progressive diff against ${o.base} (${base.commit.slice(0, 12)})`));
    return change.changed ? 2 : 0;
  }
  if (o.format !== undefined || o.build !== undefined) throw new Error('--format and --build go with diff --base');
  if (positional.length !== 2) throw new Error(`diff takes two stages (or --base <git-ref>)\n${USAGE}`);
  const [from, to] = positional;
  const options = { rollout: o.rollout, context };
  const diffs = isModuleSpec(o.app) ? diffStages(loadAppBuilder(o.app), from, to, options) : diffRenderedStages((await stagesOfApp(ctx)).stages, from, to, options);
  io.out(formatStageDiffs(diffs));
  return 0;
}

/** Waits for every promise (no run is left behind), then throws the first failure in order. */
async function allSettledOrThrow<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function runBuild(command: string, cwd: string): void {
  execSync(command, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function synth(ctx: Context, positional: readonly string[], io: CliOutput): Promise<number> {
  if (positional.length) throw new Error(`synth takes no arguments\n${USAGE}`);
  const o = ctx.options;
  if (isModuleSpec(o.app)) throw new Error('synth runs the app as a command: pass --app \'<command>\' or use cdk8s.yaml');
  const command = o.app ?? appCommandOf(ctx.cwd);
  const outdir = path.resolve(ctx.cwd, o.output ?? 'dist');
  let files: readonly SynthesizedFile[];
  let app: SynthesizedApp | undefined;
  if (o['all-stages']) {
    app = await synthesizeStages(command, { cwd: ctx.cwd, concurrency: concurrency(o) });
    files = app.deployed.files;
  } else {
    files = (await runApp(command, { cwd: ctx.cwd })).files;
  }
  const written = writeSynthesis(outdir, files, app?.stages);
  io.out(`${written.files} file(s) in ${path.relative(ctx.cwd, outdir) || '.'}${app ? `, ${written.stages} stage(s) of ${app.rollouts.size} rollout(s) in ${path.join(path.relative(ctx.cwd, outdir) || '.', 'stages')}` : ''}\n`);
  return 0;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. Rejects on bad input or a failing app. */
export async function main(argv: readonly string[], io: CliOutput = { out: (t) => process.stdout.write(t) }, cwd: string = process.cwd()): Promise<number> {
  const args = parse(argv);
  if (args.options.help || !args.command) {
    io.out(`${USAGE}\n`);
    return args.command || args.options.help ? 0 : 1;
  }
  const known = OPTIONS[args.command];
  if (!known) throw new Error(`unknown command "${args.command}"\n${USAGE}`);
  const unknown = Object.keys(args.options).filter((k) => !known.includes(k) && k !== 'help');
  if (unknown.length) throw new Error(`unknown option(s) ${unknown.map((k) => `--${k}`).join(', ')} for ${args.command}\n${USAGE}`);
  const ctx = { cwd, options: args.options };
  if (args.command === 'plan') return plan(ctx, args.positional, io);
  if (args.command === 'diff') return diff(ctx, args.positional, io);
  return synth(ctx, args.positional, io);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
