import { RouteRule } from '../routing/route-model';
import { Problem } from '../validation/problems';
import { Duration } from 'cdk8s';
import { resolveSticky, StickySession, stickyCookie, stickyCookieRegex, stickySessionProblems } from './sticky-session';

/** The parts of a resolved canary stage the techniques read (structurally a `TechniqueStage`). */
export interface TechniqueStage {
  /** Stage name. */
  readonly name: string;
  /** Canary weight, out of `weightTotal`. */
  readonly canaryWeight: number;
  /** True for the final `promoted` stage. */
  readonly promoted: boolean;
  /** Intended rollback. @default false */
  readonly rollback?: boolean;
  /** Total of the weights. @default 100 */
  readonly weightTotal?: number;
  /** Percent mirrored to the canary. @default - none */
  readonly mirror?: number;
  /** Sticky sessions. @default - none */
  readonly sticky?: StickySession;
  /** Minimum holding time. @default - none */
  readonly hold?: Duration;
}

/**
 * The release techniques of canary stages beyond a plain percentage: fine weights out of a declared
 * `weightTotal`, mirror (shadow) stages and sticky canary sessions. Checks of the stage plan and the
 * route rules a stage becomes; CanaryService calls them.
 */

/** The canary's share of the traffic at a stage, 0..1 (undefined when its weights are invalid). */
export function stageShare(s: TechniqueStage): number | undefined {
  const total = s.weightTotal ?? 100;
  if (!Number.isInteger(total) || total < 1) return undefined;
  if (!Number.isInteger(s.canaryWeight) || s.canaryWeight < 0 || s.canaryWeight > total) return undefined;
  return s.promoted ? 1 : s.canaryWeight / total;
}

/** The canary's share at a stage in percent (0.1 for 1 of 1000). */
export function stagePercent(s: TechniqueStage): number {
  return s.promoted ? 100 : (100 * s.canaryWeight) / (s.weightTotal ?? 100);
}

/** Problems of one stage's techniques: a bad `weightTotal`, a weight outside it, a bad `mirror` percent, bad sticky cookie fields. */
export function stageTechniqueProblems(s: TechniqueStage): Problem[] {
  const problems: Problem[] = [];
  const total = s.weightTotal;
  if (total !== undefined) {
    if (!Number.isInteger(total) || total < 1) {
      problems.push({
        message: `weightTotal ${total} of stage "${s.name}" is not a whole number of 1 or more.`,
        fix: 'use a total such as 100 (percent) or 1000 (0.1% steps).',
      });
    } else if (!Number.isInteger(s.canaryWeight) || s.canaryWeight < 0 || s.canaryWeight > total) {
      problems.push({
        message: `canary weight of stage "${s.name}" ${s.canaryWeight} is not an integer between 0 and its weightTotal ${total}.`,
        fix: `use a whole number from 0 to ${total} (the canary then gets canaryWeight / ${total} of the traffic).`,
      });
    }
  }
  if (s.mirror !== undefined && (!Number.isInteger(s.mirror) || s.mirror < 1 || s.mirror > 100)) {
    problems.push({
      message: `mirror ${s.mirror} of stage "${s.name}" is not a whole percentage between 1 and 100.`,
      fix: 'set mirror to the percent of requests copied to the canary, e.g. 10, or remove it.',
    });
  }
  if (s.sticky) problems.push(...stickySessionProblems(s.sticky, `stage "${s.name}"`));
  return problems;
}

/** Which techniques a stage uses, for messages (`versionWeights`, `weightTotal`, `mirror`, `sticky`, `hold`). */
export function stageTechniques(s: TechniqueStage): string[] {
  return [
    ...((s as { versionWeights?: unknown }).versionWeights !== undefined ? ['versionWeights'] : []),
    ...(s.weightTotal !== undefined && s.weightTotal !== 100 ? ['weightTotal'] : []),
    ...(s.mirror !== undefined ? ['mirror'] : []),
    ...(s.sticky !== undefined ? ['sticky'] : []),
    ...(s.hold !== undefined ? ['hold'] : []),
  ];
}

/**
 * Problems of techniques a construct cannot render: `what` names it (e.g. "progression 'flagger'",
 * "TcpCanary"), `allowed` the techniques it can render.
 */
export function unrenderedTechniqueProblems(stages: readonly TechniqueStage[], what: string, allowed: readonly string[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const s of stages) {
    const used = stageTechniques(s).filter((t) => !allowed.includes(t));
    if (used.length === 0) continue;
    problems.push({
      message: `stage "${s.name}" uses ${used.join(' and ')}, which ${what} cannot render.`,
      fix: `remove ${used.join(' and ')} from the stage, or use progression: Progression.manual() with traffic: Traffic.istio() or Traffic.gatewayApi().`,
    });
  }
  return problems;
}

/** The pod counts of `totalReplicas` cannot give a stage's `canaryWeight / weightTotal` exactly (replica ratio). */
export function replicaPrecisionProblems(stages: readonly TechniqueStage[], totalReplicas: number): Problem[] {
  const problems: Problem[] = [];
  for (const s of stages) {
    const total = s.weightTotal;
    // A whole percent is checked by the replica plan (replicaPlanProblems).
    if (total === undefined || s.promoted || stageShare(s) === undefined || (100 * s.canaryWeight) % total === 0) continue;
    if ((s.canaryWeight * totalReplicas) % total !== 0) {
      const need = total / gcd(s.canaryWeight, total);
      problems.push({
        message: `stage "${s.name}" sends ${s.canaryWeight} of ${total} to the canary, which ${totalReplicas} replicas cannot give (${s.canaryWeight * totalReplicas / total} pods).`,
        fix: `set totalReplicas to a multiple of ${need}, use Traffic.istio() (weights of a route are exact), or choose a coarser step.`,
      });
    }
  }
  return problems;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Input of `canaryStageRules`. */
export interface CanaryRuleInput {
  /** Application name (default cookie name `<service>-canary`). */
  readonly service: string;
  /** Stable version name. */
  readonly stable: string;
  /** Canary version name. */
  readonly canary: string;
  /** Every stage of the plan (a rollback after a sticky stage expires its cookie). */
  readonly stages: readonly TechniqueStage[];
  /** Position of the active stage. */
  readonly index: number;
}

/**
 * The route rules of a canary stage, first match wins:
 * - a sticky stage: `sticky-canary` (requests carrying `<cookie>=<canary>` go to the canary), then
 *   the weighted rule whose canary destination sets that cookie on its responses;
 * - a `rollback: true` stage after a sticky stage (and not sticky itself): `sticky-rollback`
 *   (requests carrying the cookie go to stable, whose response expires it: `Max-Age=0`), then the weighted rule;
 * - `mirror`: the weighted rule copies `mirror` percent of the requests to the canary.
 */
export function canaryStageRules(input: CanaryRuleInput): RouteRule[] {
  const stage = input.stages[input.index];
  if (stage.promoted) return [{ split: [{ version: input.canary, weight: 100 }] }];
  const total = stage.weightTotal ?? 100;
  const mirror = stage.mirror !== undefined ? { mirror: { version: input.canary, percent: stage.mirror } } : {};
  const totalField = stage.weightTotal !== undefined && stage.weightTotal !== 100 ? { weightTotal: total } : {};
  if (stage.sticky) {
    const s = resolveSticky(input.service, stage.sticky);
    return [
      { name: 'sticky-canary', matches: [{ headers: { cookie: { regex: stickyCookieRegex(s.cookieName, input.canary) } } }], split: [{ version: input.canary, weight: 100 }] },
      {
        ...totalField,
        split: [
          { version: input.stable, weight: total - stage.canaryWeight },
          { version: input.canary, weight: stage.canaryWeight, setCookie: stickyCookie(s, input.canary) },
        ],
        ...mirror,
      },
    ];
  }
  const weighted: RouteRule = {
    ...totalField,
    split: [{ version: input.stable, weight: total - stage.canaryWeight }, { version: input.canary, weight: stage.canaryWeight }],
    ...mirror,
  };
  const earlierSticky = input.stages.slice(0, input.index).reverse().find((x) => x.sticky);
  if (stage.rollback && earlierSticky?.sticky) {
    const s = resolveSticky(input.service, earlierSticky.sticky);
    return [
      { name: 'sticky-rollback', matches: [{ headers: { cookie: { regex: stickyCookieRegex(s.cookieName, input.canary) } } }], split: [{ version: input.stable, weight: 100, setCookie: stickyCookie(s, input.canary, 0) }] },
      weighted,
    ];
  }
  return [weighted];
}
