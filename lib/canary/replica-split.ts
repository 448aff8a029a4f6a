import { Problem } from '../validation/problems';
import { ResolvedCanaryStage } from '../stages/canary-stages';

/**
 * How a canary splits traffic between its versions.
 * - `istio`: exact percentages by an Istio VirtualService over DestinationRule subsets.
 * - `replicas`: no service mesh; one Service selects the pods of both versions and the share
 *   each version gets is its share of the pods (seed 003, seed 000 §5 "replica canary first").
 */
export type CanaryTrafficSplit = 'istio' | 'replicas';

/**
 * What a `replicas` canary does with a stage weight that the pod count cannot hit exactly
 * (10% of 3 pods). There is no default: the user chooses.
 * - `exact`: refuse the stage at synth time, naming the closest achievable weights.
 * - `nearest`: run the closest pod count (a half pod goes to the stable version) and expose the
 *   weight actually served as `effectiveCanaryWeight`.
 */
export type ReplicaRounding = 'exact' | 'nearest';

/** The pods of one stage of a `replicas` canary. */
export interface StageReplicas {
  /** Stage name. */
  readonly stage: string;
  /** Pods of the stable version (0 at the promoted stage, whose stable Deployment is removed). */
  readonly stableReplicas: number;
  /** Pods of the canary version. */
  readonly canaryReplicas: number;
  /** The stage's declared canary weight, in percent. */
  readonly declaredCanaryWeight: number;
  /** The canary's share of the traffic these pod counts give, in percent (`100 * canary / total`, not rounded). */
  readonly effectiveCanaryWeight: number;
  /** True when the pod counts give exactly the declared weight. */
  readonly exact: boolean;
  /** Pods of every version, by name, when more than two versions run (`otherVersions`). @default - only stableReplicas and canaryReplicas */
  readonly versionReplicas?: Readonly<Record<string, number>>;
}

/** A percentage for messages: `25%`, `33.3%`. */
export function formatPercent(value: number): string {
  return Number.isInteger(value) ? `${value}%` : `${(Math.round(value * 10) / 10).toFixed(1)}%`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Canary pods for a weight: nearest count, a tie (exactly half a pod) going to the stable version. */
function nearestCanaryPods(weight: number, total: number): number {
  return Math.floor((weight * total + 49) / 100);
}

/** The pods of every stage, for `total` pods in all. */
export function planStageReplicas(stages: readonly ResolvedCanaryStage[], total: number): StageReplicas[] {
  return stages.map((s) => {
    const weight = s.promoted ? 100 : (s.canaryWeight * 100) / (s.weightTotal ?? 100);
    const canary = nearestCanaryPods(weight, total);
    return {
      stage: s.name,
      stableReplicas: s.promoted ? 0 : total - canary,
      canaryReplicas: canary,
      declaredCanaryWeight: weight,
      effectiveCanaryWeight: (100 * canary) / total,
      exact: s.promoted ? true : (s.canaryWeight * total) % (s.weightTotal ?? 100) === 0,
    };
  });
}

/** The smallest pod count that gives `weight` percent exactly (`100 / gcd(weight, 100)`). */
export function smallestExactTotal(weight: number): number {
  return weight === 0 || weight === 100 ? 1 : 100 / gcd(weight, 100);
}

/** The smallest pod count at which `nearest` rounding leaves at least one pod to each version. */
function smallestTotalKeepingBoth(weight: number): number {
  let n = 1;
  while (nearestCanaryPods(weight, n) < 1 || nearestCanaryPods(weight, n) > n - 1) n++;
  return n;
}

/**
 * Problems of a `replicas` plan: with `exact`, a stage weight the pod count cannot give; with
 * `nearest`, a stage between 0 and 100% that rounds one version away entirely (it would not be
 * a canary stage any more). Weights that are not integers 0..100 are reported by the stage checks.
 */
export function replicaPlanProblems(plan: readonly StageReplicas[], total: number, rounding: ReplicaRounding): Problem[] {
  const problems: Problem[] = [];
  for (const p of plan) {
    const w = p.declaredCanaryWeight;
    if (!Number.isInteger(w) || w < 0 || w > 100) continue;
    if (rounding === 'exact' && !p.exact) {
      const low = Math.floor((w * total) / 100);
      const high = low + 1;
      problems.push({
        message: `stage "${p.stage}" sends ${w}% to the canary, but ${total} replicas can only give ${formatPercent((100 * low) / total)} (${low} of ${total} pods) or ${formatPercent((100 * high) / total)} (${high} of ${total} pods), not ${w}% exactly (rounding is 'exact').`,
        fix: `set totalReplicas to a multiple of ${smallestExactTotal(w)}, change the stage weight to one ${total} pods can give, or set rounding: 'nearest' to accept the closest share.`,
      });
    }
    if (rounding === 'nearest' && w > 0 && w < 100 && (p.canaryReplicas === 0 || p.stableReplicas === 0)) {
      const gone = p.canaryReplicas === 0 ? 'canary' : 'stable';
      problems.push({
        message: `stage "${p.stage}" sends ${w}% to the canary, which rounds to ${p.canaryReplicas} of ${total} pods: the ${gone} version would get no pod and no traffic.`,
        fix: `raise totalReplicas to at least ${smallestTotalKeepingBoth(w)}, or change the stage weight.`,
      });
    }
  }
  return problems;
}
