import { Construct } from 'constructs';
import { TrafficPolicyOptions } from '../providers/core/traffic-policy';
import { FlaggerCanary } from '../progressive/flagger-canary';
import { ArgoRollout } from '../progressive/argo-rollout';
import { Progression } from '../progressive/progression';
import { TrafficApi } from '../settings/traffic-setting';
import { renderStageRouting, selectTraffic } from '../providers/traffic-routing';
import { appWorkloadNeeds } from '../providers/workload-needs';
import { Traffic } from '../providers/traffic';
import { ITrafficRouting } from '../providers/core/provider';
import { StagedRollout } from '../rollout/staged-rollout';
import { RouteRule } from '../routing/route-model';
import { reportProblems } from '../validation/problems';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { VersionedApp, workloadOptions } from '../workload/versioned-app';
import { createCanaryEngine } from './canary-engine';
import { planCanaryStage } from './canary-plan';
import { CanaryStageInput, ResolvedCanaryStage, resolveCanaryStages } from '../stages/canary-stages';
import { CanaryTrafficSplit, StageReplicas } from './replica-split';
import { GatewayOptions } from '../providers/core/gateway';
import { annotateHold } from '../stages/stage-hold';
import { requireProps } from '../validation/required-props';

/** Properties of `CanaryService`. */
export interface CanaryServiceProps extends WorkloadOptions, TrafficPolicyOptions {
  /** Application name: Service, DestinationRule and VirtualService name, and the `app` label. */
  readonly name: string;
  /** The version serving users today. */
  readonly stable: VersionSpec;
  /** The new version being rolled out. */
  readonly canary: VersionSpec;
  /**
   * Versions that run besides `stable` and `canary` until the promotion (a legacy version still
   * serving a share, or a second candidate). With them, every stage gives `versionWeights` (a
   * weight per version, e.g. legacy 20, stable 70, canary 10), and the promoted stage keeps
   * `promotedVersion` alone. Routed by Istio, the Gateway API, Istio ambient and the replica ratio
   * (when whole pod counts give every weight); ingress-nginx and the engines refuse them.
   * @default - none (stable and canary only)
   */
  readonly otherVersions?: VersionSpec[];
  /**
   * The version the final `promoted` stage keeps (every other version is removed): the canary or
   * one of `otherVersions`.
   * @default - the canary
   */
  readonly promotedVersion?: string;
  /**
   * The stages, in order: canary weights (`[0, 10, 50, 100]`, named `canary-<weight>`), named stages
   * (`{ name, canaryWeight }`) or stages with a weight per version (`{ name, versionWeights }`).
   * A final `promoted` stage is appended unless `promote` is false.
   */
  readonly stages: CanaryStageInput[];
  /**
   * The stage to render (the GitOps way: a pull request changes it). The `ROLLOUT_STAGE`
   * environment variable overrides it for one run.
   */
  readonly stage: string;
  /**
   * Append a final `promoted` stage: all traffic to the canary, the stable Deployment and its subset removed.
   * @default true
   */
  readonly promote?: boolean;
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Traffic from outside the cluster through an Istio Gateway (seed 001: `demo4-gateway`, `demo4.a.com`). @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /**
   * How traffic is split between the versions: `Traffic.istio()` (exact weights by a VirtualService
   * and a DestinationRule), `Traffic.gatewayApi()` (a Service per version `<name>-<version>` and
   * HTTPRoutes with weighted backendRefs), or `Traffic.replicaRatio({ totalReplicas, rounding })`
   * (no routing objects: one Service selects both versions and each stage sets the replica counts
   * so the canary's share of the pods is its share of the traffic; sidecar injection defaults to
   * false). When not set here, the `cdk8s-progressive:traffic` context key or the `ROLLOUT_TRAFFIC`
   * environment variable chooses between Istio and the Gateway API.
   * @default Traffic.istio()
   */
  readonly traffic?: Traffic;
  /**
   * Who moves the rollout through the stages. `Progression.manual()` renders the active stage (a
   * pull request per stage). `Progression.flagger({ thresholds })` emits a Flagger Canary,
   * `Progression.argoRollouts({ thresholds })` an Argo Rollout, for the canary version, whose steps
   * are the declared stages and which roll back on the thresholds; `stable` is then only validated
   * (the engine keeps whatever runs today), `stage` does not change the output, and no Service,
   * Deployments or routing of this construct are emitted. Engines route with Istio
   * (traffic: Traffic.istio(), whose `apiVersion` the engine's objects use).
   * @default Progression.manual()
   */
  readonly progression?: Progression;
}

/**
 * A weighted Istio canary: a Service selecting `app=<name>`, a Deployment per version, a
 * DestinationRule with a subset per version and a VirtualService splitting traffic by the weights
 * of the active stage. The final `promoted` stage keeps only the new version.
 *
 * With `traffic: Traffic.replicaRatio({ totalReplicas, rounding })` it needs no service mesh: no Istio objects, one Service selecting
 * `app=<name>` in front of both Deployments, and each stage's replica counts (out of `totalReplicas`)
 * give the canary its share. Pod counts are whole numbers, so a stage weight may not be reachable:
 * `rounding` says whether such a stage is refused (`exact`) or rounded (`nearest`).
 *
 * @example
 * new CanaryService(chart, 'demo4', {
 *   name: 'demo4',
 *   stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
 *   canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
 *   stages: [10, 50, 100],
 *   stage: 'canary-10',
 * });
 */
export class CanaryService extends StagedRollout<ResolvedCanaryStage> {
  /** Service and Deployments of the active stage (with an engine progression: none, the versions are only validated). */
  public readonly app: VersionedApp;
  /** The routing objects the traffic provider made for the active stage (typed access: `MeshRouting.of(x.routing)`, `GatewayApiRouting.of(x.routing)`); undefined when the provider emits none, with an engine, or when the plan is invalid. */
  public readonly routing?: ITrafficRouting;
  /** The API of the routing objects. */
  public readonly traffic: TrafficApi;
  /** Who moves the rollout through the stages. */
  public readonly progression: Progression;
  /** Progression.flagger(): the target Deployment, the Flagger Canary and its MetricTemplates. */
  public readonly flaggerCanary?: FlaggerCanary;
  /** Progression.argoRollouts(): the Rollout, its Service, Istio routing and AnalysisTemplate. */
  public readonly argoRollout?: ArgoRollout;
  /** The route rules of the active stage (what the VirtualService renders; empty in `replicas` mode). */
  public readonly rules: readonly RouteRule[];
  /** How traffic is split: `istio` or `replicas`. */
  public readonly trafficSplit: CanaryTrafficSplit;
  /** `replicas` mode: the pods of every stage, in stage order (undefined in `istio` mode or when totalReplicas is invalid). */
  public readonly replicaPlan?: readonly StageReplicas[];
  /**
   * Percent of the traffic the canary gets at the active stage: the stage weight with Istio, the
   * canary's share of the pods in `replicas` mode (may differ from the weight with `nearest`).
   * Undefined when the plan is invalid, and with an engine (the weight is then run-time state).
   */
  public readonly effectiveCanaryWeight?: number;

  constructor(scope: Construct, id: string, props: CanaryServiceProps) {
    requireProps(scope, id, 'CanaryService', props, ['name', 'stable', 'canary', 'stages', 'stage']);
    super(scope, id, resolveCanaryStages(props.stages, props.promote ?? true, props.canary?.name), props.stage);
    const selection = selectTraffic(this, props.traffic);
    this.traffic = selection.choice.traffic as TrafficApi;
    this.progression = props.progression ?? Progression.manual();
    const plan = planCanaryStage({ props, stages: this.stages, activeStageIndex: this.activeStageIndex, selection });
    const p = plan.props;
    this.trafficSplit = plan.trafficSplit;
    this.replicaPlan = plan.replicaPlan;
    this.effectiveCanaryWeight = plan.effectiveCanaryWeight;
    reportProblems(this, plan.problems);

    // Object.assign rather than `{ ...workloadOptions(p), ... }`: Node 20 builds an object literal
    // with a spread followed by more properties on a slow path (a few us per service and stage).
    this.app = new VersionedApp(this, 'App', Object.assign(workloadOptions(p), {
      // The provider says whether its routing needs the sidecar (the replica ratio needs no mesh).
      sidecarInjection: p.sidecarInjection ?? (plan.trafficSplit === 'replicas' ? false : plan.provider.workload.sidecarInjection),
      servicePort: p.servicePort,
      app: p.name,
      versions: [...plan.versions],
      declaredVersions: [...plan.declaredVersions],
      createService: !plan.engine,
      replicasByVersion: plan.replicasByVersion,
    }, plan.trafficSplit === 'replicas' || plan.engine ? {} : appWorkloadNeeds(plan.provider)));
    this.rules = plan.rules;
    if (plan.model) this.routing = renderStageRouting(this, 'Routing', plan.provider, plan.model);
    // Stage pacing: only a held stage's objects get the annotations (plain stages stay byte-identical).
    if (plan.renderedStage !== undefined && plan.holdSeconds !== undefined) annotateHold(this, plan.renderedStage, plan.holdSeconds);
    if (plan.enginePlan) {
      const created = createCanaryEngine(this, plan.enginePlan.engine, {
        ...workloadOptions(p),
        name: p.name,
        canary: p.canary,
        stages: this.stages,
        thresholds: plan.enginePlan.thresholds,
        servicePort: p.servicePort,
        gateway: p.gateway,
        istioApiVersion: plan.enginePlan.istioApiVersion,
      });
      if (created instanceof FlaggerCanary) this.flaggerCanary = created;
      else this.argoRollout = created;
    }
  }
}

