#!/usr/bin/env node
/**
 * Stage review tools, offline, on the app a module defines:
 *
 *   cdk8s-progressive plan [--app <module>[#export]] [--rollout <path>]
 *       For every rollout, a table of its stages with the share of each version per match condition
 *       (traffic simulator on each stage's manifests).
 *   cdk8s-progressive diff <stageA> <stageB> [--app <module>[#export]] [--rollout <path>] [--context <n>]
 *       What changes in the manifests between two stages (names, or positions from 0): per object
 *       added / removed / changed, with a line diff of the YAML.
 *
 * `--app` defaults to the examples of this repository (dist-lib/examples/app.js, `defineExamples`).
 * Exit codes: 0 done, 1 the app is invalid or the arguments are wrong.
 */
import * as fs from 'fs';
import * as path from 'path';
import { diffStages, formatPlans, formatStageDiffs, loadAppBuilder, planRollouts } from '..';

const USAGE = `usage:
  cdk8s-progressive plan [--app <module>[#export]] [--rollout <path>]
  cdk8s-progressive diff <stageA> <stageB> [--app <module>[#export]] [--rollout <path>] [--context <lines>]`;

const DEFAULT_APP = path.join(__dirname, '..', '..', 'examples', 'app.js');

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
    if (a === '--help' || a === '-h') options.help = 'true';
    else if (a.startsWith('--')) {
      const [k, inline] = a.slice(2).split('=', 2);
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`option --${k} needs a value`);
      options[k] = v;
    } else positional.push(a);
  }
  return { command: positional.shift(), positional, options };
}

function appSpec(options: Record<string, string>): string {
  if (options.app) return options.app;
  if (!fs.existsSync(DEFAULT_APP)) throw new Error(`no --app given and the examples (${DEFAULT_APP}) are not built: run \`npm run build\` or pass --app <module>`);
  return `${DEFAULT_APP}#defineExamples`;
}

/** Output of the CLI (injectable for tests). */
export interface CliOutput {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
}

/** Runs the CLI with `argv` (without `node` and the script); returns the exit code. Throws on bad input. */
export function main(argv: readonly string[], io: CliOutput = { out: (t) => process.stdout.write(t) }): number {
  const args = parse(argv);
  if (args.options.help || !args.command) {
    io.out(`${USAGE}\n`);
    return args.command || args.options.help ? 0 : 1;
  }
  const known = ['app', 'rollout', 'context', 'help'];
  const unknown = Object.keys(args.options).filter((k) => !known.includes(k));
  if (unknown.length) throw new Error(`unknown option(s) ${unknown.map((k) => `--${k}`).join(', ')}\n${USAGE}`);
  const define = loadAppBuilder(appSpec(args.options));
  if (args.command === 'plan') {
    if (args.positional.length) throw new Error(`plan takes no arguments\n${USAGE}`);
    const plans = planRollouts(define, { rollout: args.options.rollout });
    if (plans.length === 0) throw new Error(args.options.rollout ? `there is no rollout "${args.options.rollout}"` : 'the app has no rollouts');
    io.out(formatPlans(plans));
    return 0;
  }
  if (args.command === 'diff') {
    if (args.positional.length !== 2) throw new Error(`diff takes two stages\n${USAGE}`);
    const context = args.options.context !== undefined ? Number(args.options.context) : undefined;
    if (context !== undefined && !(Number.isInteger(context) && context >= 0)) throw new Error('--context takes a whole number of lines');
    const diffs = diffStages(define, args.positional[0], args.positional[1], { rollout: args.options.rollout, context });
    io.out(formatStageDiffs(diffs));
    return 0;
  }
  throw new Error(`unknown command "${args.command}"\n${USAGE}`);
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}
