import { Yaml } from 'cdk8s';
import { AppBuilder, renderAllStages, RenderedStage } from '../rollout/render-stages';
import { namespaceOf } from '../traffic/manifest-index';

/** What happened to one object between two stages. */
export interface ObjectChange {
  /** `added`, `removed` or `changed`. */
  readonly change: 'added' | 'removed' | 'changed';
  /** `Kind namespace/name`. */
  readonly object: string;
  /** Unified line diff of the YAML (`-` old, `+` new, ` ` context, `@@` hunk headers); the whole YAML of an added object; empty for a removed one. */
  readonly lines: readonly string[];
}

/** The changes of one rollout between two stages. */
export interface StageDiff {
  /** Construct path of the rollout. */
  readonly rolloutPath: string;
  /** The stage compared from. */
  readonly from: string;
  /** The stage compared to. */
  readonly to: string;
  /** Changed, added and removed objects, in the order of the later stage (removed ones last). */
  readonly changes: readonly ObjectChange[];
  /** Objects identical in both stages. */
  readonly unchanged: number;
}

/** Options of `diffStages`. */
export interface DiffOptions {
  /** Only the rollout with this construct path (or construct id). @default - every rollout that has both stages */
  readonly rollout?: string;
  /** Lines of context around each change. @default 3 */
  readonly context?: number;
}

/**
 * A line diff of `a` and `b` (longest common subsequence), as unified-diff hunks with `context`
 * unchanged lines around each change. Empty when the texts are equal.
 */
export function lineDiff(a: string, b: string, context = 3): string[] {
  const x = a.replace(/\n$/, '').split('\n');
  const y = b.replace(/\n$/, '').split('\n');
  const n = x.length;
  const m = y.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Array<{ op: ' ' | '-' | '+'; text: string; ai: number; bi: number }> = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      ops.push({ op: ' ', text: x[i], ai: i++, bi: j++ });
    } else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ op: '-', text: x[i], ai: i++, bi: j });
    } else {
      ops.push({ op: '+', text: y[j], ai: i, bi: j++ });
    }
  }
  const changed = ops.map((o, k) => (o.op !== ' ' ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) return [];
  const out: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k] - context);
    let end = Math.min(ops.length - 1, changed[k] + context);
    while (k + 1 < changed.length && changed[k + 1] - context <= end + 1) {
      k++;
      end = Math.min(ops.length - 1, changed[k] + context);
    }
    const hunk = ops.slice(start, end + 1);
    const aCount = hunk.filter((o) => o.op !== '+').length;
    const bCount = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${hunk[0].ai + 1},${aCount} +${hunk[0].bi + 1},${bCount} @@`);
    for (const o of hunk) out.push(`${o.op}${o.text}`);
    k++;
  }
  return out;
}

function keyOf(m: any): string {
  return `${m.kind} ${namespaceOf(m)}/${m.metadata?.name}`;
}

/** The changes between two rendered stages of the same rollout. */
export function diffManifests(from: readonly any[], to: readonly any[], context = 3): { changes: ObjectChange[]; unchanged: number } {
  const before = new Map(from.map((m) => [keyOf(m), Yaml.stringify(m)]));
  const after = new Map(to.map((m) => [keyOf(m), Yaml.stringify(m)]));
  const changes: ObjectChange[] = [];
  let unchanged = 0;
  for (const [key, yaml] of after) {
    const old = before.get(key);
    if (old === undefined) changes.push({ change: 'added', object: key, lines: yaml.replace(/\n$/, '').split('\n').map((l) => `+${l}`) });
    else if (old === yaml) unchanged++;
    else changes.push({ change: 'changed', object: key, lines: lineDiff(old, yaml, context) });
  }
  for (const key of before.keys()) {
    if (!after.has(key)) changes.push({ change: 'removed', object: key, lines: [] });
  }
  return { changes, unchanged };
}

function pick(stages: readonly RenderedStage[], wanted: string): RenderedStage | undefined {
  return stages.find((s) => s.stage === wanted) ?? (/^\d+$/.test(wanted) ? stages.find((s) => s.index === Number(wanted)) : undefined);
}

/**
 * What changes in the manifests of each rollout between stage `from` and stage `to` (stage names, or
 * positions from 0). Rollouts that lack either stage are skipped; throws when none has both, listing
 * the stages each rollout has.
 */
export function diffStages(define: AppBuilder, from: string, to: string, options: DiffOptions = {}): StageDiff[] {
  return diffRenderedStages(renderAllStages(define), from, to, options);
}

/** `diffStages` on stages rendered elsewhere (e.g. synthesized by the user's app in a child process). */
export function diffRenderedStages(rendered: readonly RenderedStage[], from: string, to: string, options: DiffOptions = {}): StageDiff[] {
  const stages = rendered.filter((s) => options.rollout === undefined || s.rolloutPath === options.rollout || s.rolloutPath.split('/').pop() === options.rollout);
  const paths = [...new Set(stages.map((s) => s.rolloutPath))];
  const diffs: StageDiff[] = [];
  for (const path of paths) {
    const own = stages.filter((s) => s.rolloutPath === path);
    const a = pick(own, from);
    const b = pick(own, to);
    if (!a || !b) continue;
    diffs.push({ rolloutPath: path, from: a.stage, to: b.stage, ...diffManifests(a.manifests, b.manifests, options.context ?? 3) });
  }
  if (diffs.length === 0) {
    const have = paths.map((p) => `  ${p}: ${stages.filter((s) => s.rolloutPath === p).map((s) => s.stage).join(', ')}`).join('\n');
    const which = options.rollout ? `rollout "${options.rollout}"` : 'no rollout';
    throw new Error(`${options.rollout && paths.length === 0 ? `there is no rollout "${options.rollout}"` : `${which} has both stages "${from}" and "${to}"`}. Stages:\n${have || '  (no rollouts)'}`);
  }
  return diffs;
}

/** Renders stage diffs as text. */
export function formatStageDiffs(diffs: readonly StageDiff[]): string {
  const out: string[] = [];
  for (const d of diffs) {
    const count = (c: ObjectChange['change']) => d.changes.filter((x) => x.change === c).length;
    out.push(`${d.rolloutPath}: ${d.from} -> ${d.to} (${count('changed')} changed, ${count('added')} added, ${count('removed')} removed, ${d.unchanged} unchanged)`);
    if (d.changes.length === 0) out.push('  no changes');
    for (const c of d.changes) {
      out.push(`  ${c.change} ${c.object}`);
      for (const l of c.lines) out.push(`    ${l}`);
    }
    out.push('');
  }
  return out.join('\n');
}
