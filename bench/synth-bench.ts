/**
 * Synth benchmark (`npm run bench`; not part of `npm test`).
 *
 * 1. Checks that the baseline emits exactly the objects the library renders (so the ratio compares
 *    like with like).
 * 2. For N = 100, 1000, 2000 services (each a 5-stage CanaryService, every stage rendered with
 *    `renderAllStages`), runs the library and the bare-ApiObject baseline, each case in a fresh child
 *    process (so peak RSS is per case), interleaved and repeated; reports medians and ratios.
 * 3. Times `npx cdk8s synth` of the examples end to end (precompiled JS, as `cdk8s.yaml` says).
 * 4. Prints a markdown table and writes it to docs/benchmark.md.
 *
 * Options: `--sizes 100,1000,2000`, `--repeat 3`, `--no-write`.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderAllStages } from '../lib/rollout/render-stages';
import { renderBaseline } from './baseline';
import { defineFleet } from './fleet';
import { CaseResult } from './synth-case';

const ROOT = path.resolve(__dirname, '..', '..');
const CASE_SCRIPT = path.join(__dirname, 'synth-case.js');

/** docs/benchmark.md: the run replaces what is between these markers and keeps the rest (the analysis). */
const START = '<!-- bench:start (written by npm run bench) -->';
const END = '<!-- bench:end -->';
const TEMPLATE = [
  '# Synth benchmark',
  '',
  'Measured by `npm run bench` (`bench/synth-bench.ts`; not part of `npm test`).',
  '',
].join('\n');

/** Targets of issue 4. */
const MAX_RATIO = 1.5;
const MAX_GROWTH = 2.2;
const MAX_EXAMPLES_SYNTH_S = 3;

interface Options {
  sizes: number[];
  repeat: number;
  write: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { sizes: [100, 1000, 2000], repeat: 3, write: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sizes') opts.sizes = argv[++i].split(',').map(Number);
    else if (argv[i] === '--repeat') opts.repeat = Number(argv[++i]);
    else if (argv[i] === '--no-write') opts.write = false;
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return opts;
}

function canonical(v: any): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** Fails unless the baseline and the library emit the same objects, stage by stage. */
function checkSameObjects(n: number): void {
  const lib = renderAllStages(defineFleet(n));
  const base = renderBaseline(n);
  const key = (s: { rolloutPath: string; index: number; stage: string; manifests: any[] }) => `${s.rolloutPath}#${s.index}#${s.stage}#${canonical(s.manifests)}`;
  const a = lib.map(key);
  const b = base.map(key);
  if (a.length !== b.length) throw new Error(`baseline renders ${b.length} stages, the library ${a.length}`);
  a.forEach((k, i) => {
    if (k !== b[i]) throw new Error(`baseline differs from the library at ${lib[i].rolloutPath} stage ${lib[i].stage}:\n${k}\n${b[i]}`);
  });
}

function runCase(mode: 'library' | 'baseline', n: number): CaseResult {
  const out = execFileSync(process.execPath, [CASE_SCRIPT, mode, String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Row {
  n: number;
  objects: number;
  baseMs: number;
  libMs: number;
  baseMb: number;
  libMb: number;
}

function timeCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv, repeat: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    times.push(ms);
  }
  return median(times);
}

function fmtS(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function fmtMb(mb: number): string {
  return `${Math.round(mb)} MB`;
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  // The fleet and the baseline are fixed: no ROLLOUT_STAGE / ROLLOUT_TRAFFIC / ... from the shell (children inherit this).
  for (const k of Object.keys(process.env)) if (k.startsWith('ROLLOUT_')) delete process.env[k];
  process.stderr.write('checking that the baseline emits the same objects as the library... ');
  checkSameObjects(30);
  process.stderr.write('ok\n');

  const rows: Row[] = [];
  for (const n of opts.sizes) {
    const lib: CaseResult[] = [];
    const base: CaseResult[] = [];
    for (let r = 0; r < opts.repeat; r++) {
      // Interleaved, so both modes see the same machine load.
      base.push(runCase('baseline', n));
      lib.push(runCase('library', n));
      process.stderr.write(`N=${n} run ${r + 1}/${opts.repeat}: baseline ${fmtS(base[r].ms)} ${fmtMb(base[r].peakRssMb)}, library ${fmtS(lib[r].ms)} ${fmtMb(lib[r].peakRssMb)}\n`);
    }
    rows.push({
      n,
      objects: lib[0].objects,
      baseMs: median(base.map((c) => c.ms)),
      libMs: median(lib.map((c) => c.ms)),
      baseMb: median(base.map((c) => c.peakRssMb)),
      libMb: median(lib.map((c) => c.peakRssMb)),
    });
  }

  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-synth-'));
  const env = { ...process.env };
  const synthMs = timeCommand(npx, ['cdk8s', 'synth', '--output', outdir], env, opts.repeat);
  const synthAllMs = timeCommand(npx, ['cdk8s', 'synth', '--output', outdir], { ...env, ROLLOUT_ALL_STAGES: '1' }, opts.repeat);
  fs.rmSync(outdir, { recursive: true, force: true });

  const lines: string[] = [];
  lines.push('| services | objects (all stages) | baseline time | library time | time ratio | baseline peak RSS | library peak RSS | memory ratio |');
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    lines.push(`| ${r.n} | ${r.objects} | ${fmtS(r.baseMs)} | ${fmtS(r.libMs)} | ${(r.libMs / r.baseMs).toFixed(2)} | ${fmtMb(r.baseMb)} | ${fmtMb(r.libMb)} | ${(r.libMb / r.baseMb).toFixed(2)} |`);
  }
  const targets: string[] = [];
  targets.push('| target | measured | verdict |');
  targets.push('|---|---:|---|');
  for (const r of rows) {
    const ratio = r.libMs / r.baseMs;
    targets.push(`| library/baseline time <= ${MAX_RATIO} (N=${r.n}) | ${ratio.toFixed(2)} | ${verdict(ratio <= MAX_RATIO)} |`);
  }
  const r1000 = rows.find((r) => r.n === 1000);
  const r2000 = rows.find((r) => r.n === 2000);
  if (r1000 && r2000) {
    const gt = r2000.libMs / r1000.libMs;
    const gm = r2000.libMb / r1000.libMb;
    targets.push(`| library time N=2000 / N=1000 <= ${MAX_GROWTH} | ${gt.toFixed(2)} (baseline ${(r2000.baseMs / r1000.baseMs).toFixed(2)}) | ${verdict(gt <= MAX_GROWTH)} |`);
    targets.push(`| library peak RSS N=2000 / N=1000 <= ${MAX_GROWTH} | ${gm.toFixed(2)} (baseline ${(r2000.baseMb / r1000.baseMb).toFixed(2)}) | ${verdict(gm <= MAX_GROWTH)} |`);
  }
  targets.push(`| \`npx cdk8s synth\` of the examples < ${MAX_EXAMPLES_SYNTH_S} s | ${fmtS(synthMs)} | ${verdict(synthMs < MAX_EXAMPLES_SYNTH_S * 1000)} |`);
  targets.push(`| same, with \`ROLLOUT_ALL_STAGES=1\` (every stage too) | ${fmtS(synthAllMs)} | ${verdict(synthAllMs < MAX_EXAMPLES_SYNTH_S * 1000)} |`);

  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const table = [...lines, '', ...targets].join('\n');
  process.stdout.write(`\n${table}\n\nmachine: ${machine}; median of ${opts.repeat} runs per case\n`);

  if (opts.write) {
    const measured = [
      START,
      `Machine: ${machine}; median of ${opts.repeat} runs per case; measured ${new Date().toISOString().slice(0, 10)}.`,
      '',
      table,
      END,
    ].join('\n');
    const file = path.join(ROOT, 'docs', 'benchmark.md');
    const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const doc = old.includes(START) && old.includes(END)
      ? old.slice(0, old.indexOf(START)) + measured + old.slice(old.indexOf(END) + END.length)
      : `${TEMPLATE}\n${measured}\n`;
    fs.writeFileSync(file, doc);
    process.stderr.write('wrote the measured table to docs/benchmark.md\n');
  }
}

main();
