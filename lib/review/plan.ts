import { ApiObject, App } from 'cdk8s';
import { findRollouts } from '../app/rollout';
import { AppBuilder, renderAllStages, RenderedStage } from '../rollout/render-stages';
import { gatewayRef } from '../traffic/istio-match';
import { ManifestIndex, namespaceOf } from '../traffic/manifest-index';
import { defaultTrafficProvider, trafficProviderOfKind } from '../providers/registry';
import { shareByVersion, simulate } from '../simulator/simulator';
import { conditionsOf, ReviewCondition } from './conditions';
import { SimResult } from '../traffic/sim-types';
import { declaredHold, formatHold } from '../stages/stage-hold';

/** Options of `planRollouts`. */
export interface PlanOptions {
  /** Only the rollout with this construct path (or construct id). @default - every rollout */
  readonly rollout?: string;
}

/** One stage of a rollout plan: where each condition's traffic goes. */
export interface PlanStageRow {
  /** Position of the stage, from 0. */
  readonly index: number;
  /** Stage name. */
  readonly stage: string;
  /** True for the stage the app renders today (its declared stage). */
  readonly active: boolean;
  /** Per condition (same order as the plan's conditions): share per version label (0..1), plus `failed`. */
  readonly shares: ReadonlyArray<Record<string, number>>;
  /**
   * Per condition: the copies mirroring sends, per version label (0..1; not served, not in `shares`);
   * `{}` where nothing is mirrored. @default - none (no condition is mirrored at this stage)
   */
  readonly mirrored?: ReadonlyArray<Record<string, number>>;
  /** Per condition: the versions whose responses set a cookie (sticky sessions). @default - none */
  readonly setsCookie?: ReadonlyArray<readonly string[]>;
  /** The stage's minimum holding time (`cdk8s-progressive.io/hold` of its objects), e.g. `1h`. @default - none */
  readonly hold?: string;
}

/** The plan of one rollout: its conditions and a row per stage. */
export interface RolloutPlan {
  /** Construct path of the rollout. */
  readonly path: string;
  /** Class of the construct, e.g. `CanaryService`. */
  readonly construct: string;
  /** The match conditions of every stage (union, in order of first appearance). */
  readonly conditions: readonly ReviewCondition[];
  /** One row per stage, in order. */
  readonly rows: readonly PlanStageRow[];
  /** Assumptions made while simulating (e.g. a Gateway managed outside the app). */
  readonly notes: readonly string[];
  /**
   * The progressive-delivery engine that shifts the traffic at run time (`Argo Rollouts`, `Flagger`),
   * when the rollout hands its stages to one: the manifests are then the same at every stage and the
   * shares are not simulated.
   * @default - none: the stages' manifests decide the traffic
   */
  readonly engine?: string;
}

/** Objects that mean a progressive-delivery engine moves the traffic at run time, by `group/kind`. */
const ENGINE_KINDS: Record<string, string> = { 'argoproj.io/Rollout': 'Argo Rollouts', 'flagger.app/Canary': 'Flagger' };

function engineOf(manifests: readonly any[]): { engine: string; object: string } | undefined {
  for (const m of manifests) {
    const engine = ENGINE_KINDS[`${String(m.apiVersion).split('/')[0]}/${m.kind}`];
    if (engine) return { engine, object: `${m.kind} ${namespaceOf(m)}/${m.metadata?.name}` };
  }
  return undefined;
}

function matchesRollout(path: string, filter: string | undefined): boolean {
  return filter === undefined || path === filter || path.split('/').pop() === filter;
}

/** The rendered stages of an app and what a plan needs besides them (built in-process, or from synthesized YAML). */
export interface StagedManifests {
  /** Every stage of every rollout (same order as `renderAllStages`). */
  readonly stages: readonly RenderedStage[];
  /** Objects that belong to no rollout (a shared Gateway, a plain Service): part of every stage. */
  readonly shared: readonly any[];
  /** Per rollout path: the stage the app declares today and the construct class. */
  readonly rollouts: ReadonlyMap<string, { readonly active?: string; readonly construct: string }>;
}

/**
 * For every rollout of the app `define` builds: every stage (via `renderAllStages`), and at each stage
 * the share of each version for each match condition (`conditionsOf`), computed by the traffic
 * simulator (the reader of the provider whose objects the condition comes from) on that stage's manifests plus the app's objects that belong to no rollout (a shared
 * Gateway); a Gateway outside the app is assumed to accept the request (and noted).
 */
export function planRollouts(define: AppBuilder, options: PlanOptions = {}): RolloutPlan[] {
  const app = new App();
  define(app);
  const rollouts = findRollouts(app);
  // Objects that belong to no rollout (a shared Gateway, a plain Service) are there at every stage.
  const inRollout = new Set(rollouts.flatMap((r) => r.node.findAll()));
  const shared = app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && !inRollout.has(c)).map((o) => o.toJson());
  const info = new Map(rollouts.map((r) => [r.node.path, { active: r.activeStage, construct: r.constructor.name }]));
  return planStages({ stages: renderAllStages(define), shared, rollouts: info }, options);
}

/**
 * True when two review conditions are the same request: one column of a plan (e.g. the catch-all, worded
 * "any request" at a stage without conditions and "any other request" elsewhere).
 */
export function sameCondition(a: ReviewCondition, b: ReviewCondition): boolean {
  return a.label === b.label || JSON.stringify([a.api ?? 'istio', a.request]) === JSON.stringify([b.api ?? 'istio', b.request]);
}

/** `planRollouts` on stages rendered elsewhere (e.g. synthesized by the user's app in a child process, or read from YAML). */
export function planStages(input: StagedManifests, options: PlanOptions = {}): RolloutPlan[] {
  const { shared } = input;
  const info = input.rollouts;
  const stages = input.stages.filter((s) => matchesRollout(s.rolloutPath, options.rollout));
  const plans: RolloutPlan[] = [];
  for (const path of [...new Set(stages.map((s) => s.rolloutPath))]) {
    const own = stages.filter((s) => s.rolloutPath === path);
    const engine = own.map((s) => engineOf(s.manifests)).find((e) => e !== undefined);
    if (engine) {
      const rows = own.map((s) => ({ index: s.index, stage: s.stage, active: info.get(path)?.active === s.stage, shares: [] }));
      const notes = [`the traffic is shifted at run time by ${engine.engine} (${engine.object}), whose steps are these stages; the manifests do not change from stage to stage, so there are no shares to simulate.`];
      plans.push({ path, construct: info.get(path)?.construct ?? 'rollout', conditions: [], rows, notes, engine: engine.engine });
      continue;
    }
    const conditions: ReviewCondition[] = [];
    for (const s of own) {
      for (const c of conditionsOf(s.manifests)) if (!conditions.some((x) => sameCondition(x, c))) conditions.push(c);
    }
    const notes = new Set<string>();
    for (const c of conditions) if (c.note) notes.add(`${c.label}: ${c.note}`);
    const rows = own.map((s) => {
      const manifests = [...s.manifests, ...shared];
      const results = conditions.map((c) => {
        const extra: any[] = [];
        const reader = (trafficProviderOfKind(c.api ?? 'istio') ?? defaultTrafficProvider()).reader!;
        if (c.request.gateway) {
          const ref = gatewayRef(c.request.gateway, 'default');
          if (!reader.hasGateway(manifests, ref)) {
            extra.push(reader.assumedGateway(ref));
            notes.add(`Gateway ${ref} is not in the app (managed elsewhere); it is assumed to accept the request.`);
          }
        }
        // A condition of the default provider goes through the dispatching simulator (as a user's request would).
        const index = new ManifestIndex([...manifests, ...extra]);
        return c.api === undefined ? simulate(index, c.request) : reader.simulate(index, c.request);
      });
      return {
        index: s.index, stage: s.stage, active: info.get(path)?.active === s.stage, shares: results.map((r) => shareByVersion(r)),
        ...techniqueColumns(results),
        ...(declaredHold(s.manifests) ? { hold: declaredHold(s.manifests) } : {}),
      };
    });
    plans.push({ path, construct: info.get(path)?.construct ?? 'rollout', conditions, rows, notes: [...notes].sort() });
  }
  return plans;
}

function percent(p: number): string {
  return `${Number((p * 100).toFixed(2))}%`;
}

/** A table cell: `v1 90%, v2 10%` (versions sorted), `failed` last. */
export function formatShares(shares: Record<string, number>): string {
  const keys = Object.keys(shares).filter((k) => k !== 'failed').sort();
  const parts = keys.map((k) => `${k} ${percent(shares[k])}`);
  if (shares.failed) parts.push(`failed ${percent(shares.failed)}`);
  return parts.length ? parts.join(', ') : 'failed 100%';
}

/** A table cell with the techniques of the row: `v1 100% (+ copies: v2 10%)`, `v1 90%, v2 10% (Set-Cookie from v2)`. */
function formatRowCell(r: PlanStageRow, i: number): string {
  let text = formatShares(r.shares[i]);
  const copies = r.mirrored?.[i] ?? {};
  const mirrored = Object.keys(copies).sort().map((k) => `${k} ${percent(copies[k])}`);
  if (mirrored.length > 0) text += ` (+ copies: ${mirrored.join(', ')})`;
  const cookies = r.setsCookie?.[i] ?? [];
  if (cookies.length > 0) text += ` (Set-Cookie from ${cookies.join(', ')})`;
  return text;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

/** Renders plans as markdown: per rollout a table (stages x conditions C1..Cn) and a legend of the conditions. */
export function formatPlans(plans: readonly RolloutPlan[]): string {
  const out: string[] = [];
  for (const p of plans) {
    out.push(`### ${p.path} (${p.construct})`, '');
    const name = (r: PlanStageRow) => `${String(r.index).padStart(2, '0')} ${r.stage}${r.active ? ' (active)' : ''}${r.hold ? ` (hold ${r.hold})` : ''}`;
    if (p.conditions.length === 0) {
      // Nothing routes traffic in the manifests (an engine moves it, or the stage renders no Service).
      out.push(`Stages: ${p.rows.map(name).join(', ')}.`);
      if (!p.engine) out.push('', 'No Service or route in the rendered manifests: nothing to simulate.');
    } else {
      out.push(`| stage | ${p.conditions.map((_, i) => `C${i + 1}`).join(' | ')} |`);
      out.push(`|---|${p.conditions.map(() => '---').join('|')}|`);
      for (const r of p.rows) out.push(`| ${name(r)} | ${r.shares.map((_, i) => cell(formatRowCell(r, i))).join(' | ')} |`);
    }
    out.push('');
    p.conditions.forEach((c, i) => out.push(`- C${i + 1}: ${c.label}`));
    for (const n of p.notes) out.push(`- note: ${n}`);
    const timeline = holdTimeline(p.rows);
    if (timeline) out.push(`- timeline: ${timeline}`);
    out.push('');
  }
  return out.join('\n');
}

/** The mirrored copies and cookie-setting versions of a row's results, only when some condition has them (plain plans stay unchanged). */
function techniqueColumns(results: readonly SimResult[]): { mirrored?: Array<Record<string, number>>; setsCookie?: string[][] } {
  const mirrored = results.map((r) => shareByVersion({ outcomes: r.mirrored ?? [], failed: 0, failures: [] }));
  const setsCookie = results.map((r) => [...new Set(r.outcomes.filter((o) => o.setCookie !== undefined).map((o) => o.version ?? o.deployment))].sort());
  return {
    ...(mirrored.some((m) => Object.keys(m).length > 0) ? { mirrored } : {}),
    ...(setsCookie.some((c) => c.length > 0) ? { setsCookie } : {}),
  };
}

/** The planned timeline of held stages: when each stage may start at the earliest (`canary-10 +1h`); undefined without holds. */
function holdTimeline(rows: readonly PlanStageRow[]): string | undefined {
  if (!rows.some((r) => r.hold)) return undefined;
  let seconds = 0;
  const parts: string[] = [];
  for (const r of rows) {
    parts.push(`${r.stage} ${seconds === 0 ? '+0' : `+${formatHold(seconds)}`}`);
    seconds += r.hold ? parseHold(r.hold) : 0;
  }
  return `earliest start of each stage after the first (holds only; stages without a hold count 0): ${parts.join(', ')}`;
}

function parseHold(text: string): number {
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const [, n, u] of text.matchAll(/(\d+)([hms])/g)) total += Number(n) * unit[u];
  return total;
}
