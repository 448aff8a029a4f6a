import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { appCommandOf, synthesizeStages, SynthesizedApp } from './app-runner';
import { diffManifests, ObjectChange } from './diff';
import { conditionsOf } from './conditions';
import { formatShares, planStages, RolloutPlan, sameCondition } from './plan';
import { formatSkip, skipOf, StageSkip } from './stage-skip';

/**
 * `cdk8s-progressive diff --base <git-ref>`: what a pull request changes in who serves what. The base
 * revision is checked out in a temporary `git worktree`, both revisions are synthesized (plainly and
 * at every stage), and the result is compared per rollout: the active stage, the traffic of what is
 * deployed (before and after), and every stage whose manifests change.
 */

/** How the base revision got its node_modules. */
export type BaseInstall = 'linked' | 'npm ci';

/** Options of `synthesizeRef`. */
export interface RefOptions {
  /** The app folder in the working tree (where cdk8s.yaml is). */
  readonly cwd: string;
  /** App command. @default - the `app:` of the revision's cdk8s.yaml */
  readonly app?: string;
  /** A command run in the revision's app folder before synthesizing (e.g. `npm run build`). @default - none */
  readonly build?: string;
  /** Runs at a time. @default - the number of CPUs */
  readonly concurrency?: number;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function run(command: string, cwd: string): void {
  execFileSync(command, { cwd, shell: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
}

/** The commit `ref` names in the git repository at `cwd` (throws naming the fix when it names none). */
export function resolveCommit(ref: string, cwd: string): string {
  try {
    return git(path.resolve(cwd), 'rev-parse', '--verify', `${ref}^{commit}`);
  } catch {
    throw new Error(`"${ref}" is not a commit of the git repository at ${path.resolve(cwd)}. Fix: pass --base <branch, tag or commit> (in CI fetch it first, e.g. \`git fetch origin main\` and --base origin/main).`);
  }
}

/**
 * Synthesizes the app at git revision `ref` in a temporary worktree (removed afterwards). Its
 * node_modules is a link to the working tree's when package-lock.json is the same at both revisions
 * (the cheap way), else `npm ci` installs it.
 */
export async function synthesizeRef(ref: string, options: RefOptions): Promise<{ app: SynthesizedApp; install: BaseInstall; commit: string }> {
  const cwd = path.resolve(options.cwd);
  const commit = resolveCommit(ref, cwd);
  const prefix = git(cwd, 'rev-parse', '--show-prefix');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-progressive-base-'));
  const tree = path.join(tmp, 'tree');
  git(cwd, 'worktree', 'add', '--detach', '--quiet', tree, commit);
  try {
    const dir = path.join(tree, prefix);
    if (!fs.existsSync(dir)) throw new Error(`the app folder ${prefix} does not exist at ${ref}.`);
    const lockHere = path.join(cwd, 'package-lock.json');
    const lockThere = path.join(dir, 'package-lock.json');
    const same = fs.existsSync(lockHere) === fs.existsSync(lockThere) && (!fs.existsSync(lockHere) || fs.readFileSync(lockHere, 'utf8') === fs.readFileSync(lockThere, 'utf8'));
    let install: BaseInstall;
    if (same && fs.existsSync(path.join(cwd, 'node_modules'))) {
      fs.symlinkSync(path.join(cwd, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      install = 'linked';
    } else {
      run('npm ci --no-audit --no-fund --prefer-offline', dir);
      install = 'npm ci';
    }
    if (options.build) run(options.build, dir);
    const app = await synthesizeStages(options.app ?? appCommandOf(dir), { cwd: dir, concurrency: options.concurrency });
    return { app, install, commit };
  } finally {
    try {
      git(cwd, 'worktree', 'remove', '--force', tree);
    } catch {
      // removed below; `git worktree prune` forgets it
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    git(cwd, 'worktree', 'prune');
  }
}

/** Traffic of one request class before and after. */
export interface TrafficChange {
  /** The request class, e.g. `demo4.a.com via test1/demo4-gateway: any request`. */
  readonly request: string;
  /** Who serves it before, e.g. `v1 90%, v2 10%` (`-` when the request class did not exist). */
  readonly before: string;
  /** Who serves it after. */
  readonly after: string;
}

/** What changes in one stage of a rollout. */
export interface StageChange {
  /** Stage name. */
  readonly stage: string;
  /** `added`, `removed` or `changed`. */
  readonly change: 'added' | 'removed' | 'changed';
  /** Traffic per request class before and after. */
  readonly traffic: readonly TrafficChange[];
  /** Manifest changes. */
  readonly objects: readonly ObjectChange[];
}

/** What changes in one rollout. */
export interface RolloutChange {
  /** Construct path. */
  readonly path: string;
  /** Construct class. */
  readonly construct: string;
  /** `added`, `removed`, `changed` or `unchanged`. */
  readonly change: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Active stage before (undefined for an added rollout). @default - none */
  readonly activeBefore?: string;
  /** Active stage after (undefined for a removed rollout). @default - none */
  readonly activeAfter?: string;
  /** Stage names before. */
  readonly stagesBefore: readonly string[];
  /** Stage names after. */
  readonly stagesAfter: readonly string[];
  /** Traffic of what is deployed (the active stage) before and after. */
  readonly deployedTraffic: readonly TrafficChange[];
  /** Manifest changes of what is deployed. */
  readonly deployedObjects: readonly ObjectChange[];
  /** Stages whose manifests change (stage plan), in order. */
  readonly stages: readonly StageChange[];
  /**
   * The stages the change skips: the active stage moves more than one step forward (whether the
   * hold of the previous stage has elapsed is unknowable offline: the holds are shown).
   * @default - none (at most one step)
   */
  readonly skipped?: StageSkip;
}

/** The review of a change between two revisions of an app. */
export interface AppChange {
  /** Per rollout, in the order of the new revision (removed ones last). */
  readonly rollouts: readonly RolloutChange[];
  /** Changes of objects that belong to no rollout. */
  readonly other: readonly ObjectChange[];
  /** True when anything differs. */
  readonly changed: boolean;
}

/** Traffic before/after: one two-row plan (`before`, `after`) on the same request classes. */
function trafficChange(path: string, before: readonly any[] | undefined, after: readonly any[] | undefined, sharedBefore: readonly any[], sharedAfter: readonly any[]): TrafficChange[] {
  const rows = [
    { rolloutPath: path, rolloutDir: path, index: 0, stage: 'before', manifests: before ? [...before, ...sharedBefore] : [] },
    { rolloutPath: path, rolloutDir: path, index: 1, stage: 'after', manifests: after ? [...after, ...sharedAfter] : [] },
  ];
  const [plan]: RolloutPlan[] = planStages({ stages: rows, shared: [], rollouts: new Map() });
  if (!plan) return [];
  if (plan.engine) return [{ request: `traffic shifted at run time by ${plan.engine}`, before: before ? 'engine' : '-', after: after ? 'engine' : '-' }];
  // The shared objects (Gateways, other Services) are simulated with, but their own requests are not this rollout's.
  const own = [...conditionsOf(before ?? []), ...conditionsOf(after ?? [])];
  return plan.conditions.flatMap((c, i) => (own.some((o) => sameCondition(o, c)) ? [{
    request: c.label,
    before: before ? formatShares(plan.rows[0].shares[i]) : '-',
    after: after ? formatShares(plan.rows[1].shares[i]) : '-',
  }] : []));
}

/** Compares two synthesized revisions of an app, per rollout and per stage. */
export function compareApps(base: SynthesizedApp, head: SynthesizedApp, context = 3): AppChange {
  const paths = [...new Set([...head.deployed.report.rollouts.map((r) => r.path), ...base.deployed.report.rollouts.map((r) => r.path)])];
  const rollouts: RolloutChange[] = [];
  for (const p of paths) {
    const b = base.deployed.report.rollouts.find((r) => r.path === p);
    const h = head.deployed.report.rollouts.find((r) => r.path === p);
    const deployedBefore = base.deployedByRollout.get(p);
    const deployedAfter = head.deployedByRollout.get(p);
    const deployedObjects = diffManifests(deployedBefore ?? [], deployedAfter ?? [], context).changes;
    const names = [...new Set([...(h?.stages ?? []), ...(b?.stages ?? [])])];
    const stages: StageChange[] = [];
    for (const name of names) {
      const sb = base.stages.find((s) => s.rolloutPath === p && s.stage === name);
      const sh = head.stages.find((s) => s.rolloutPath === p && s.stage === name);
      const objects = diffManifests(sb?.manifests ?? [], sh?.manifests ?? [], context).changes;
      if (sb && sh && objects.length === 0) continue;
      stages.push({ stage: name, change: !sb ? 'added' : !sh ? 'removed' : 'changed', traffic: trafficChange(p, sb?.manifests, sh?.manifests, base.shared, head.shared), objects });
    }
    const activeChanged = b?.activeStage !== h?.activeStage;
    const change = !b ? 'added' : !h ? 'removed' : activeChanged || deployedObjects.length || stages.length ? 'changed' : 'unchanged';
    rollouts.push({
      path: p,
      construct: (h ?? b)!.construct,
      change,
      activeBefore: b?.activeStage,
      activeAfter: h?.activeStage,
      stagesBefore: b?.stages ?? [],
      stagesAfter: h?.stages ?? [],
      deployedTraffic: change === 'unchanged' ? [] : trafficChange(p, deployedBefore, deployedAfter, base.shared, head.shared),
      deployedObjects,
      stages,
      ...skipOf(b?.activeStage, h?.activeStage, h?.stages ?? [], head.stages.filter((s) => s.rolloutPath === p)),
    });
  }
  const other = diffManifests(base.shared, head.shared, context).changes;
  return { rollouts, other, changed: other.length > 0 || rollouts.some((r) => r.change !== 'unchanged') };
}

/** Output format of `formatAppChange`. */
export type ChangeFormat = 'text' | 'markdown';

function counts(changes: readonly ObjectChange[]): string {
  const n = (c: ObjectChange['change']) => changes.filter((x) => x.change === c).length;
  return `${n('changed')} changed, ${n('added')} added, ${n('removed')} removed`;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function trafficLines(traffic: readonly TrafficChange[], format: ChangeFormat, indent: string): string[] {
  if (traffic.length === 0) return [];
  if (format === 'markdown') {
    return ['| request | before | after |', '|---|---|---|', ...traffic.map((t) => `| ${cell(t.request)} | ${cell(t.before)} | ${t.before === t.after ? cell(t.after) : `**${cell(t.after)}**`} |`), ''];
  }
  return traffic.map((t) => `${indent}${t.before === t.after ? ' ' : '*'} ${t.request}: ${t.before} -> ${t.after}`);
}

function objectLines(changes: readonly ObjectChange[], format: ChangeFormat, indent: string, title: string): string[] {
  if (changes.length === 0) return [];
  if (format === 'markdown') {
    const out = [`<details><summary>${title}: ${counts(changes)}</summary>`, '', '```diff'];
    for (const c of changes) {
      out.push(`# ${c.change} ${c.object}`);
      out.push(...c.lines);
    }
    out.push('```', '', '</details>', '');
    return out;
  }
  const out = [`${indent}${title}: ${counts(changes)}`];
  for (const c of changes) {
    out.push(`${indent}  ${c.change} ${c.object}`);
    for (const l of c.lines) out.push(`${indent}    ${l}`);
  }
  return out;
}

/**
 * Renders an `AppChange`: per changed rollout the active stage, the traffic table of what is deployed
 * before and after (who serves each request class), its manifest diff, then each stage whose manifests
 * change (traffic before and after, then the diff). `markdown` is meant for a pull-request comment.
 */
export function formatAppChange(change: AppChange, format: ChangeFormat = 'text', title = 'cdk8s-progressive diff'): string {
  const md = format === 'markdown';
  const out: string[] = md ? [`## ${title}`, ''] : [];
  if (!change.changed) {
    out.push(md ? 'No change in any rollout or object.' : 'no changes', '');
    return out.join('\n');
  }
  for (const r of change.rollouts) {
    if (r.change === 'unchanged') continue;
    const active = r.change === 'added' ? `new rollout, active stage ${r.activeAfter}` : r.change === 'removed' ? `removed (was at ${r.activeBefore})` : r.activeBefore === r.activeAfter ? `active stage ${r.activeAfter} (unchanged)` : `active stage ${r.activeBefore} -> ${r.activeAfter}`;
    out.push(md ? `### ${r.path} (${r.construct}): ${active}` : `${r.path} (${r.construct}): ${active}`, '');
    if (r.skipped) out.push(`${md ? '**' : '  '}${formatSkip(r.skipped)}${md ? '**' : ''}`, '');
    if (r.stagesBefore.join() !== r.stagesAfter.join() && r.change === 'changed') out.push(`${md ? '' : '  '}stages: ${r.stagesBefore.join(', ')} -> ${r.stagesAfter.join(', ')}`, '');
    if (r.deployedTraffic.length || r.deployedObjects.length) {
      out.push(md ? '**Deployed (active stage): who serves each request**' : '  deployed (active stage), who serves each request:', ...(md ? [''] : []));
      out.push(...trafficLines(r.deployedTraffic, format, '    '));
      out.push(...objectLines(r.deployedObjects, format, '    ', 'deployed manifests'));
      if (!md) out.push('');
    }
    for (const s of r.stages) {
      out.push(md ? `**Stage ${s.stage}** (${s.change})` : `  stage ${s.stage} (${s.change}):`, ...(md ? [''] : []));
      out.push(...trafficLines(s.traffic, format, '    '));
      out.push(...objectLines(s.objects, format, '    ', `stage ${s.stage} manifests`));
      if (!md) out.push('');
    }
  }
  if (change.other.length) {
    if (md) out.push('### Objects outside rollouts', '');
    out.push(...objectLines(change.other, format, '  ', 'objects outside rollouts'));
    if (!md) out.push('');
  }
  return out.join('\n');
}
