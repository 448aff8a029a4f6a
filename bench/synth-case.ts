/**
 * One benchmark case, run in a fresh process by `synth-bench` so its peak RSS is its own:
 * `node dist-lib/bench/synth-case.js <library|baseline> <n>` prints one JSON line
 * `{ mode, n, ms, peakRssMb, stages, objects }`. `ms` is the wall time of rendering every stage
 * of every service (module loading excluded); peak RSS is the whole process's.
 */
import { renderAllStages } from '../lib/rollout/render-stages';
import { renderBaseline } from './baseline';
import { defineFleet } from './fleet';

/** Result of one case. */
export interface CaseResult {
  readonly mode: 'library' | 'baseline';
  readonly n: number;
  readonly ms: number;
  readonly peakRssMb: number;
  readonly stages: number;
  readonly objects: number;
}

function main(): void {
  const mode = process.argv[2];
  const n = Number(process.argv[3]);
  if ((mode !== 'library' && mode !== 'baseline') || !Number.isInteger(n) || n <= 0) {
    process.stderr.write('usage: synth-case <library|baseline> <n>\n');
    process.exit(2);
  }
  const t0 = process.hrtime.bigint();
  const stages = mode === 'library' ? renderAllStages(defineFleet(n)) : renderBaseline(n);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const objects = stages.reduce((a, s) => a + s.manifests.length, 0);
  const result: CaseResult = { mode, n, ms, peakRssMb: process.resourceUsage().maxRSS / 1024, stages: stages.length, objects };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
