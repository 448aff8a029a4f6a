import { NO_ROUTING_FEATURES, NoRoutingProvider } from '../core/no-routing';
import { ITrafficProvider, PodSplit, RouteFeatures, WorkloadNeeds } from '../core/provider';

/**
 * What a `replicaRatio` canary does with a stage weight that the pod count cannot hit exactly
 * (10% of 3 pods). There is no default: the user chooses.
 * - `exact`: refuse the stage at synth time, naming the closest achievable weights.
 * - `nearest`: run the closest pod count (a half pod goes to the stable version) and expose the
 *   weight actually served as `effectiveCanaryWeight`.
 */
export type ReplicaRounding = 'exact' | 'nearest';

/** Options of `Traffic.replicaRatio()`. */
export interface ReplicaRatioOptions {
  /** Pods of both versions together at every stage; each pod is `100 / totalReplicas` percent of the traffic. */
  readonly totalReplicas: number;
  /** What to do with a stage weight `totalReplicas` cannot give exactly. */
  readonly rounding: ReplicaRounding;
}

/**
 * A weighted split by pod counts behind one Service; no conditions of any kind. Any number of
 * versions, as far as whole pod counts give their weights (CanaryService checks each stage).
 */
export const REPLICA_RATIO_FEATURES: RouteFeatures = { ...NO_ROUTING_FEATURES, weightedSplit: true, maxVersions: undefined };

/**
 * The `replica-ratio` provider: no service mesh, no routing objects; one Service selects the pods
 * of both versions and each version's share of the traffic is its share of the pods (seed 003).
 */
export class ReplicaRatioProvider extends NoRoutingProvider implements ITrafficProvider {
  /** Provider kind. */
  public readonly kind = 'replica-ratio';
  /** Name in messages. */
  public readonly displayName = "trafficSplit 'replicas'";
  /** A split by pod counts. */
  public readonly features = REPLICA_RATIO_FEATURES;
  /** No mesh: no sidecar. */
  public readonly workload: WorkloadNeeds = { sidecarInjection: false };

  /** The pod split of the options. */
  public readonly podSplit: PodSplit;

  constructor(public readonly options: ReplicaRatioOptions) {
    super();
    this.podSplit = { totalReplicas: options.totalReplicas, rounding: options.rounding };
  }
}
