import { Construct } from 'constructs';
import { TrafficPolicyOptions } from '../providers/core/traffic-policy';
import { IstioOptions } from '../providers/istio/api-version';
import { ArgoRollout } from '../progressive/argo-rollout';
import { FlaggerCanary } from '../progressive/flagger-canary';
import { isEngineProgression, Progression, progressionProblems } from '../progressive/progression';
import { RollbackThresholds, ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS } from '../progressive/thresholds';
import { TrafficApi } from '../settings/traffic-setting';
import { providerOf, renderStageRouting, selectTraffic, trafficSelectionProblems } from '../providers/traffic-routing';
import { Traffic } from '../providers/traffic';
import { ITrafficRouting } from '../providers/core/provider';
import { StagedRollout } from '../rollout/staged-rollout';
import { RouteRule } from '../routing/route-model';
import { Problem, reportProblems } from '../validation/problems';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { VersionedApp, workloadOptions } from '../workload/versioned-app';
import { versionSubsets } from '../workload/versioned-deployment';
import { canaryEngineProblems, createCanaryEngine } from './canary-engine';
import { canaryStageProblems, CanaryStageInput, ResolvedCanaryStage, resolveCanaryStages } from '../stages/canary-stages';
import { CanaryTrafficSplit, planStageReplicas, ReplicaRounding, replicaPlanProblems, StageReplicas } from './replica-split';
import { GatewayOptions } from '../providers/core/gateway';

/** Properties of `CanaryService`. */
export interface CanaryServiceProps extends WorkloadOptions, IstioOptions, TrafficPolicyOptions {
  /** Application name: Service, DestinationRule and VirtualService name, and the `app` label. */
  readonly name: string;
  /** The version serving users today. */
  readonly stable: VersionSpec;
  /** The new version being rolled out. */
  readonly canary: VersionSpec;
  /**
   * The stages, in order: canary weights (`[0, 10, 50, 100]`, named `canary-<weight>`) or named stages.
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
   * Who moves the rollout through the stages. `manual` renders the active stage (a pull request
   * per stage). `flagger` emits a Flagger Canary, `argo-rollouts` an Argo Rollout, for the canary
   * version, whose steps are the declared stages and which roll back on `thresholds`; `stable` is
   * then only validated (the engine keeps whatever runs today), `stage` does not change the output,
   * and no Service, Deployments or routing of this construct are emitted. Engines route with Istio
   * (traffic: Traffic.istio()).
   * @default 'manual'
   */
  readonly progression?: Progression;
  /**
   * When an engine rolls the release back (error rate, latency, success rate and their windows),
   * translated to Flagger metrics or an Argo AnalysisTemplate. Used only with an engine progression.
   * @default ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS
   */
  readonly thresholds?: RollbackThresholds;
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
  /** progression 'flagger': the target Deployment, the Flagger Canary and its MetricTemplates. */
  public readonly flaggerCanary?: FlaggerCanary;
  /** progression 'argo-rollouts': the Rollout, its Service, Istio routing and AnalysisTemplate. */
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
    super(scope, id, resolveCanaryStages(props.stages, props.promote ?? true), props.stage);
    const selection = selectTraffic(this, props.traffic);
    // Traffic.replicaRatio() (a provider that splits by pod counts) stands for trafficSplit 'replicas' with its options.
    const podSplit = selection.declared?.podSplit;
    const p: CanaryPlanProps = podSplit
      ? { ...props, trafficSplit: 'replicas', totalReplicas: podSplit.totalReplicas, replicaRounding: podSplit.rounding as ReplicaRounding, traffic: undefined }
      : props;
    this.trafficSplit = p.trafficSplit ?? 'istio';
    const replicaMode = this.trafficSplit === 'replicas';
    this.progression = p.progression ?? 'manual';
    const engine = isEngineProgression(this.progression) ? this.progression : undefined;
    const trafficChoice = selection.choice;
    this.traffic = trafficChoice.traffic as TrafficApi;
    const planOk = reportProblems(this, canaryStageProblems(this.stages));
    reportProblems(this, trafficSplitProblems(p, this.trafficSplit));
    reportProblems(this, progressionProblems(this.progression));
    const trafficOk = reportProblems(this, trafficSelectionProblems(selection));
    const engineOk = engine ? reportProblems(this, canaryEngineProblems(engine, this.trafficSplit, trafficChoice)) : false;
    if (replicaMode && p.totalReplicas !== undefined && Number.isInteger(p.totalReplicas) && p.totalReplicas >= 1) {
      this.replicaPlan = planStageReplicas(this.stages, p.totalReplicas);
      if (p.replicaRounding === 'exact' || p.replicaRounding === 'nearest') reportProblems(this, replicaPlanProblems(this.replicaPlan, p.totalReplicas, p.replicaRounding));
    }
    // The same version name twice is reported once by VersionedApp; routing it would report it again.
    const distinctVersions = p.stable.name !== p.canary.name;
    if (p.protocol === 'tcp' && !replicaMode) {
      this.problem(
        `protocol 'tcp' with traffic '${trafficChoice.traffic}' would render HTTP routes, which Istio does not apply to a TCP port, so the weights would be ignored.`,
        'use TcpCanary for a TCP service, or traffic: Traffic.replicaRatio({ totalReplicas, rounding }).',
      );
    }
    const stage = planOk && distinctVersions && !engine ? this.active : undefined;
    const promoted = stage?.promoted ?? false;
    const running = promoted ? [p.canary] : [p.stable, p.canary];
    const pods = stage ? this.replicaPlan?.[this.activeStageIndex] : undefined;
    if (stage) this.effectiveCanaryWeight = replicaMode ? pods?.effectiveCanaryWeight : promoted ? 100 : stage.canaryWeight;

    // Object.assign rather than `{ ...workloadOptions(p), ... }`: Node 20 builds an object literal
    // with a spread followed by more properties on a slow path (a few us per service and stage).
    this.app = new VersionedApp(this, 'App', Object.assign(workloadOptions(p), {
      // The provider says whether its routing needs the sidecar (the replica ratio needs no mesh).
      sidecarInjection: p.sidecarInjection ?? (replicaMode ? false : providerOf(selection).workload.sidecarInjection),
      servicePort: p.servicePort,
      app: p.name,
      versions: engine ? [] : running,
      // With an engine the app emits nothing: it validates the stable version (the engine validates the canary).
      declaredVersions: engine && distinctVersions ? [p.stable] : [p.stable, p.canary],
      createService: !engine,
      replicasByVersion: pods ? { [p.stable.name]: pods.stableReplicas, [p.canary.name]: pods.canaryReplicas } : undefined,
    }));
    this.rules = stage && !replicaMode ? [canaryRule(p, stage)] : [];
    if (trafficOk && stage && !replicaMode) {
      this.routing = renderStageRouting(this, 'Routing', providerOf(selection, { istioApiVersion: p.istioApiVersion }), {
        service: p.name,
        versions: versionSubsets(running),
        http: this.rules,
        gateway: p.gateway,
        servicePort: p.servicePort,
        targetPort: p.containerPort,
        protocol: p.protocol,
        trafficPolicy: p.trafficPolicy,
      }, { istioApiVersion: p.istioApiVersion });
    }
    if (engine && engineOk && planOk && distinctVersions) {
      const created = createCanaryEngine(this, engine, {
        ...workloadOptions(p),
        name: p.name,
        canary: p.canary,
        stages: this.stages,
        thresholds: p.thresholds ?? ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS,
        servicePort: p.servicePort,
        gateway: p.gateway,
        istioApiVersion: p.istioApiVersion,
      });
      if (created instanceof FlaggerCanary) this.flaggerCanary = created;
      else this.argoRollout = created;
    }
  }
}

/** The props plus the replica split of `Traffic.replicaRatio()`, as the planning reads them. */
interface CanaryPlanProps extends CanaryServiceProps {
  readonly trafficSplit?: CanaryTrafficSplit;
  readonly totalReplicas?: number;
  readonly replicaRounding?: ReplicaRounding;
}

/** Props that contradict the traffic split: Istio options without Istio, replica options without replicas, a missing required one. */
function trafficSplitProblems(props: CanaryPlanProps, split: CanaryTrafficSplit): Problem[] {
  const problems: Problem[] = [];
  if (props.replicaRounding !== undefined && props.replicaRounding !== 'exact' && props.replicaRounding !== 'nearest') {
    problems.push({ message: `rounding "${props.replicaRounding}" is not a rounding rule this construct knows.`, fix: "use 'exact' or 'nearest'." });
  }
  if (split === 'replicas') {
    if (props.totalReplicas === undefined) {
      problems.push({
        message: "Traffic.replicaRatio() needs totalReplicas: every stage's replica counts are derived from it.",
        fix: 'set totalReplicas, e.g. 10 (each pod then carries 10% of the traffic).',
      });
    } else if (!Number.isInteger(props.totalReplicas) || props.totalReplicas < 1) {
      problems.push({ message: `totalReplicas ${props.totalReplicas} is not a whole number of 1 or more.`, fix: 'use an integer pod count such as 4 or 10.' });
    }
    if (props.replicaRounding === undefined) {
      problems.push({
        message: "Traffic.replicaRatio() needs rounding: a stage weight the pod count cannot give exactly must be refused or rounded, and you choose which.",
        fix: "set rounding: 'exact' (refuse such stages) or 'nearest' (run the closest pod count; effectiveCanaryWeight tells the share served).",
      });
    }
    const perVersion: Array<[string, number | undefined]> = [['replicas', props.replicas], ['stable.replicas', props.stable.replicas], ['canary.replicas', props.canary.replicas]];
    for (const [what, value] of perVersion) {
      if (value !== undefined) {
        problems.push({ message: `${what} is set to ${value}, but with Traffic.replicaRatio() every stage derives the replica counts from totalReplicas.`, fix: `remove ${what} and set totalReplicas instead.` });
      }
    }
    const istioOnly: Array<[string, unknown]> = [['gateway', props.gateway], ['istioApiVersion', props.istioApiVersion]];
    for (const [what, value] of istioOnly) {
      if (value !== undefined) {
        problems.push({ message: `${what} is an Istio option, but traffic is Traffic.replicaRatio(), which emits no Istio objects.`, fix: `remove ${what}, or use traffic: Traffic.istio().` });
      }
    }
  }
  return problems;
}

function canaryRule(props: CanaryPlanProps, stage: ResolvedCanaryStage): RouteRule {
  if (stage.promoted) return { split: [{ version: props.canary.name, weight: 100 }] };
  return {
    split: [
      { version: props.stable.name, weight: 100 - stage.canaryWeight },
      { version: props.canary.name, weight: stage.canaryWeight },
    ],
  };
}
