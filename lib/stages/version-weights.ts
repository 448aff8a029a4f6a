import { Duration } from 'cdk8s';
import { RouteRule } from '../routing/route-model';
import { Problem } from '../validation/problems';

/**
 * Canary stages with a weight per version: more than two versions running at once (a legacy
 * version, the stable one and the canary: `split-20-70-10`). A stage gives either `canaryWeight`
 * (the stable version gets the rest) or `versionWeights` (every running version named once).
 */

/** The share of one version at a multi-version stage. */
export interface StageVersionWeight {
  /** Version name: the stable version, the canary or one of `otherVersions`. */
  readonly version: string;
  /** Share of the traffic, an integer 0..`weightTotal` of the stage (percent by default). */
  readonly weight: number;
}

/**
 * A canary stage that names a weight for every running version, e.g.
 * `{ name: 'split-20-70-10', versionWeights: [{ version: 'v1', weight: 20 }, { version: 'v2', weight: 70 }, { version: 'v3', weight: 10 }] }`.
 */
export interface VersionWeightsStage {
  /** Stage name (DNS-1123 label). */
  readonly name: string;
  /** The weight of every running version, in the order the route lists them; they sum to `weightTotal`. */
  readonly versionWeights: StageVersionWeight[];
  /** The total the weights sum to (1000 for 0.1% steps). @default 100 */
  readonly weightTotal?: number;
  /** Marks a stage whose canary weight is lower than the previous stage's as an intended rollback. @default false */
  readonly rollback?: boolean;
  /** Minimum holding time of the stage before the next one (whole seconds). @default - no minimum */
  readonly hold?: Duration;
}

/** The parts of a stage the multi-version checks read (any of the stage forms, as given from JavaScript too). */
interface WeightsStageLike {
  readonly name: string;
  readonly canaryWeight?: number;
  readonly versionWeights?: readonly StageVersionWeight[];
  readonly weightTotal?: number;
  readonly mirror?: number;
  readonly sticky?: unknown;
  readonly promoted?: boolean;
}

/** True when a stage gives a weight per version. */
export function usesVersionWeights(s: { readonly versionWeights?: readonly StageVersionWeight[] }): boolean {
  return s.versionWeights !== undefined;
}

/** The canary's weight at a `versionWeights` stage (0 when the list does not name it). */
export function canaryWeightOf(weights: readonly StageVersionWeight[], canary: string | undefined): number {
  return weights.filter((w) => w.version === canary).reduce((a, w) => a + w.weight, 0);
}

/** Stage inputs that give both `canaryWeight` and `versionWeights` (read before the canary's weight is derived). */
export function bothWeightFormsProblems(inputs: readonly unknown[]): Problem[] {
  const problems: Problem[] = [];
  for (const s of inputs) {
    if (typeof s !== 'object' || s === null) continue;
    const st = s as WeightsStageLike;
    if (!usesVersionWeights(st) || st.canaryWeight === undefined) continue;
    problems.push({
      message: `stage "${st.name}" gives both canaryWeight ${st.canaryWeight} and versionWeights: a stage says either how much the canary gets (the stable version gets the rest) or what every version gets.`,
      fix: 'remove canaryWeight and give the canary its weight in versionWeights, or remove versionWeights.',
    });
  }
  return problems;
}

/**
 * Problems of one `versionWeights` stage that need no version names: a technique that is defined for one canary only, weights that are not whole numbers within the
 * total, or do not sum to it.
 */
export function versionWeightsShapeProblems(s: WeightsStageLike): Problem[] {
  if (!usesVersionWeights(s)) return [];
  const where = `stage "${s.name}"`;
  const problems: Problem[] = [];
  const techniques = [...(s.mirror !== undefined ? ['mirror'] : []), ...(s.sticky !== undefined ? ['sticky'] : [])];
  if (techniques.length > 0) {
    problems.push({
      message: `${where} uses versionWeights with ${techniques.join(' and ')}, which copy to or pin users on one canary beside one stable version.`,
      fix: `remove ${techniques.join(' and ')} from the stage, or give it a canaryWeight (two versions).`,
    });
  }
  const total = s.weightTotal ?? 100;
  if (!Array.isArray(s.versionWeights) || s.versionWeights.length === 0) {
    problems.push({ message: `${where} has versionWeights ${JSON.stringify(s.versionWeights)}, which names no version.`, fix: "list every running version with its weight, e.g. [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }]." });
    return problems;
  }
  // A bad weightTotal is reported by the stage techniques.
  if (!Number.isInteger(total) || total < 1) return problems;
  const bad = s.versionWeights.filter((w) => !Number.isInteger(w.weight) || w.weight < 0 || w.weight > total);
  if (bad.length > 0) {
    problems.push({
      message: `${where} gives ${bad.map((w) => `"${w.version}" ${w.weight}`).join(', ')}, not a whole number between 0 and ${total}.`,
      fix: `give every version a whole weight from 0 to ${total}.`,
    });
    return problems;
  }
  const sum = s.versionWeights.reduce((a, w) => a + w.weight, 0);
  if (sum !== total) {
    problems.push({
      message: `${where} versionWeights sum to ${sum} (${s.versionWeights.map((w) => w.weight).join(' + ')}), not ${total}${s.weightTotal === undefined ? '' : ' (its weightTotal)'}.`,
      fix: `make the weights add up to exactly ${total}${s.weightTotal === undefined ? ', or declare the total with weightTotal' : ''}.`,
    });
  }
  return problems;
}

/** The versions of a multi-version canary: which run, and which one the promoted stage keeps. */
export interface VersionRoles {
  /** The stable version. */
  readonly stable: string;
  /** The canary. */
  readonly canary: string;
  /** The other versions running until the promotion, in declaration order. */
  readonly others: readonly string[];
}

/**
 * Problems of the stage plan against the versions: a `versionWeights` stage naming an unknown
 * version, a version twice, or leaving a running version out; a `canaryWeight` stage while other
 * versions run (their weight would be unsaid).
 */
export function versionWeightsPlanProblems(stages: readonly WeightsStageLike[], roles: VersionRoles): Problem[] {
  const problems: Problem[] = [];
  const running = [roles.stable, ...roles.others, roles.canary];
  const listed = running.map((v) => `"${v}"`).join(', ');
  for (const s of stages) {
    if (s.promoted) continue;
    const where = `stage "${s.name}"`;
    if (!usesVersionWeights(s)) {
      if (roles.others.length > 0) {
        problems.push({
          message: `${where} gives only a canaryWeight, but ${roles.others.map((v) => `"${v}"`).join(', ')} of otherVersions run${roles.others.length === 1 ? 's' : ''} too and would get an unsaid share.`,
          fix: `give the stage versionWeights naming every version (${listed}).`,
        });
      }
      continue;
    }
    // An empty or missing list is reported by the shape checks.
    if (!Array.isArray(s.versionWeights) || s.versionWeights.length === 0) continue;
    const names = s.versionWeights.map((w) => w.version);
    const unknown = [...new Set(names.filter((n) => !running.includes(n)))];
    const twice = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))];
    const missing = running.filter((v) => !names.includes(v));
    if (unknown.length > 0 || twice.length > 0 || missing.length > 0) {
      const parts = [
        ...(unknown.length > 0 ? [`names ${unknown.map((v) => `"${v}"`).join(', ')}, not a version of this canary`] : []),
        ...(twice.length > 0 ? [`lists ${twice.map((v) => `"${v}"`).join(', ')} more than once`] : []),
        ...(missing.length > 0 ? [`leaves out ${missing.map((v) => `"${v}"`).join(', ')}`] : []),
      ];
      problems.push({
        message: `${where} versionWeights ${parts.join(' and ')}: every running version (${listed}) needs exactly one weight.`,
        fix: 'list each version once, with weight 0 for a version that runs without traffic.',
      });
    }
  }
  return problems;
}

/** Problems of the version the promoted stage keeps: it must be one version, the canary or one of otherVersions. */
export function promotedVersionProblems(promotedVersion: unknown, roles: VersionRoles): Problem[] {
  if (promotedVersion === undefined) return [];
  const candidates = [roles.canary, ...roles.others];
  if (typeof promotedVersion === 'string' && candidates.includes(promotedVersion)) return [];
  const shown = Array.isArray(promotedVersion) ? `${JSON.stringify(promotedVersion)} (${promotedVersion.length} versions)` : JSON.stringify(promotedVersion);
  return [{
    message: `promotedVersion ${shown} is not one version of ${candidates.map((v) => `"${v}"`).join(', ')}: the promoted stage keeps exactly one new version and removes the others.`,
    fix: `name one of ${candidates.map((v) => `'${v}'`).join(', ')}, or leave promotedVersion out to promote the canary.`,
  }];
}

/** The route rule of a `versionWeights` stage: one weighted split, in the order the stage lists the versions. */
export function versionWeightsRules(s: { readonly versionWeights?: readonly StageVersionWeight[]; readonly weightTotal?: number }): RouteRule[] {
  const totalField = s.weightTotal !== undefined && s.weightTotal !== 100 ? { weightTotal: s.weightTotal } : {};
  return [{ ...totalField, split: (s.versionWeights ?? []).map((w) => ({ version: w.version, weight: w.weight })) }];
}

/**
 * Pods per version of a `versionWeights` stage split by pod counts (`Traffic.replicaRatio()`):
 * `weight * totalReplicas / weightTotal` each, which must be a whole number for every version.
 * Returns the counts, or the problem naming the versions that cannot be given.
 */
export function versionWeightsReplicas(s: WeightsStageLike, totalReplicas: number, provider: string): { replicas?: Record<string, number>; problem?: Problem } {
  const total = s.weightTotal ?? 100;
  const weights = s.versionWeights ?? [];
  const inexact = weights.filter((w) => (w.weight * totalReplicas) % total !== 0);
  if (inexact.length === 0) return { replicas: Object.fromEntries(weights.map((w) => [w.version, (w.weight * totalReplicas) / total])) };
  const need = weights.reduce((acc, w) => lcm(acc, total / gcd(w.weight, total)), 1);
  return {
    problem: {
      message: `stage "${s.name}" splits ${weights.map((w) => `"${w.version}" ${w.weight}`).join(', ')} of ${total}, which ${totalReplicas} replicas cannot give with ${provider} (${inexact.map((w) => `"${w.version}" ${Math.round((100 * w.weight * totalReplicas) / total) / 100} pods`).join(', ')}); rounding is defined for two versions only.`,
      fix: `set totalReplicas to a multiple of ${need}, or use Traffic.istio() or Traffic.gatewayApi() (weights of a route are exact).`,
    },
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}
