import { IstioApiVersion } from '../providers/istio/api-version';
import { istioApiVersionOf } from '../providers/istio/api-version-of';
import { ITrafficProvider, StageRouteModel } from '../providers/core/provider';
import { providerOf, TrafficSelection, trafficSelectionProblems } from '../providers/traffic-routing';
import { EngineProgression, engineOf, Progression, progressionProblems } from '../progressive/progression';
import { ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, RollbackThresholds } from '../progressive/thresholds';
import { RouteRule } from '../routing/route-model';
import { canaryStageProblems, ResolvedCanaryStage } from '../stages/canary-stages';
import { Problem } from '../validation/problems';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { GatewayOptions } from '../providers/core/gateway';
import { TrafficPolicyOptions } from '../providers/core/traffic-policy';
import { Traffic } from '../providers/traffic';
import { versionSubsets } from '../workload/versioned-deployment';
import { unsupportedFeatureProblems } from '../providers/core/provider';
import { techniqueSupportProblems } from '../providers/core/technique-support';
import { replicaPrecisionProblems, stagePercent, unrenderedTechniqueProblems } from '../stages/stage-techniques';
import { holdProblems } from '../stages/stage-hold';
import { wholeSeconds } from '../validation/whole-seconds';
import { canaryEngineProblems } from './canary-engine';
import { engineUnrenderedOptionProblems } from '../progressive/engine-unrendered-options';
import { CanaryTrafficSplit, planStageReplicas, ReplicaRounding, replicaPlanProblems, StageReplicas } from './replica-split';
import { declaredCanaryVersions, isMultiVersion, multiVersionProblems, multiVersionStageRules, MultiVersionSource, planMultiVersionReplicas, promotedVersionOf, runningCanaryVersions } from './multi-version-plan';

/** The `CanaryServiceProps` the planning reads (declared here so the plan does not import the construct). */
export interface CanaryPlanSource extends WorkloadOptions, TrafficPolicyOptions, MultiVersionSource {
  /** Application name. */
  readonly name: string;
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Gateway. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** The traffic provider. @default - chosen by selectTraffic */
  readonly traffic?: Traffic;
  /** Who moves the rollout. @default Progression.manual() */
  readonly progression?: Progression;
}

/** The props plus the replica split of `Traffic.replicaRatio()`, as the planning reads them. */
export interface CanaryPlanProps extends CanaryPlanSource {
  readonly trafficSplit?: CanaryTrafficSplit;
  readonly totalReplicas?: number;
  readonly replicaRounding?: ReplicaRounding;
}

/** What `planCanaryStage` decides from. */
export interface CanaryPlanInput {
  /** The construct's props. */
  readonly props: CanaryPlanSource;
  /** The resolved stage plan. */
  readonly stages: readonly ResolvedCanaryStage[];
  /** Index of the active stage (-1 when the choice is invalid). */
  readonly activeStageIndex: number;
  /** The traffic the construct was given or chose. */
  readonly selection: TrafficSelection;
}

/** What the engine of a canary gets (undefined when no engine runs it or its input is invalid). */
export interface CanaryEnginePlan {
  /** Which engine. */
  readonly engine: EngineProgression;
  /** The resolved rollback thresholds. */
  readonly thresholds: RollbackThresholds;
  /** Istio API version of the engine's objects (from `Traffic.istio({ apiVersion })`). */
  readonly istioApiVersion?: IstioApiVersion;
}

/** The decisions of one canary stage: what to render, and the problems to report (in order). */
export interface CanaryStagePlan {
  /** The props as the planning reads them (the replica split of `Traffic.replicaRatio()` filled in). */
  readonly props: CanaryPlanProps;
  /** How traffic is split: `istio` or `replicas`. */
  readonly trafficSplit: CanaryTrafficSplit;
  /** The engine, when one runs the rollout (even when its input is invalid). */
  readonly engine?: EngineProgression;
  /** The problems, in the order they are reported on the construct. */
  readonly problems: readonly Problem[];
  /** `replicas` mode: the pods of every stage. */
  readonly replicaPlan?: readonly StageReplicas[];
  /** The canary's share at the active stage (undefined when nothing is rendered). */
  readonly effectiveCanaryWeight?: number;
  /** The versions whose Deployments run at the active stage (none with an engine). */
  readonly versions: readonly VersionSpec[];
  /** The versions validated by the app. */
  readonly declaredVersions: readonly VersionSpec[];
  /** `replicas` mode: the replica count per version at the active stage. */
  readonly replicasByVersion?: Record<string, number>;
  /** The route rules of the active stage. */
  readonly rules: readonly RouteRule[];
  /** The provider that renders the routing. */
  readonly provider: ITrafficProvider;
  /** The routing to render (undefined when none is). */
  readonly model?: StageRouteModel;
  /** The engine to create (undefined when none is). */
  readonly enginePlan?: CanaryEnginePlan;
  /** The minimum holding time of the rendered stage, in seconds (undefined when it has none). */
  readonly holdSeconds?: number;
  /** The name of the rendered stage (undefined when nothing is rendered). */
  readonly renderedStage?: string;
}

/**
 * Decides one canary stage without creating anything: the problems, the versions that run, the
 * replica counts, the route model handed to the provider and the engine input. `CanaryService`
 * renders what this returns.
 */
export function planCanaryStage(input: CanaryPlanInput): CanaryStagePlan {
  const { props, stages, activeStageIndex, selection } = input;
  // Traffic.replicaRatio() (a provider that splits by pod counts) stands for trafficSplit 'replicas' with its options.
  const podSplit = selection.declared?.podSplit;
  const p: CanaryPlanProps = podSplit
    ? { ...props, trafficSplit: 'replicas', totalReplicas: podSplit.totalReplicas, replicaRounding: podSplit.rounding as ReplicaRounding, traffic: undefined }
    : props;
  const trafficSplit = p.trafficSplit ?? 'istio';
  const replicaMode = trafficSplit === 'replicas';
  const progression = p.progression;
  const engine = engineOf(progression);
  const trafficChoice = selection.choice;
  const problems: Problem[] = [];
  const planProblems = [...canaryStageProblems(stages), ...holdProblems(stages)];
  const versionProblems = multiVersionProblems(p, stages, engine);
  const planOk = planProblems.length === 0 && versionProblems.length === 0;
  problems.push(...planProblems, ...versionProblems, ...trafficSplitProblems(p, trafficSplit));
  if (progression !== undefined) problems.push(...progressionProblems(progression), ...canaryProgressionOptionProblems(p));
  const selectionProblems = trafficSelectionProblems(selection);
  const trafficOk = selectionProblems.length === 0;
  problems.push(...selectionProblems);
  // With otherVersions the engine refusal (multiVersionProblems) already says why versionWeights cannot run.
  const engineProblems = engine ? [...canaryEngineProblems(engine, trafficSplit, trafficChoice), ...engineUnrenderedOptionProblems(engine, p), ...unrenderedTechniqueProblems(stages, `progression '${engine}'`, [...(engine === 'argo-rollouts' ? ['hold'] : []), ...(isMultiVersion(p) ? ['versionWeights'] : [])])] : [];
  problems.push(...engineProblems);
  const engineOk = engine !== undefined && engineProblems.length === 0;
  const ruleInput = (index: number) => ({ service: p.name, stable: p.stable.name, canary: p.canary.name, stages, index });
  const stageRules = (index: number) => multiVersionStageRules(p, ruleInput(index));
  const multi = isMultiVersion(p);
  if (replicaMode && planOk && podSplit && p.stable.name !== p.canary.name) {
    // A pod split expresses weights only: every stage's rules are checked against what it can say.
    stages.forEach((st, i) => problems.push(...unsupportedFeatureProblems(selection.declared!, { service: p.name, versions: [], http: stageRules(i) }, `stage "${st.name}"`)));
    if (!multi && Number.isInteger(podSplit.totalReplicas) && podSplit.totalReplicas >= 1) problems.push(...replicaPrecisionProblems(stages, podSplit.totalReplicas));
  }
  if (!replicaMode && trafficOk && planOk && !engine && p.stable.name !== p.canary.name) {
    // Every stage, not only the rendered one: a provider that cannot render a technique must not drop it.
    const routingProvider = providerOf(selection);
    stages.forEach((st, i) => problems.push(...techniqueSupportProblems(routingProvider, stageRules(i), `stage "${st.name}"`)));
  }
  let replicaPlan: StageReplicas[] | undefined;
  if (replicaMode && p.totalReplicas !== undefined && Number.isInteger(p.totalReplicas) && p.totalReplicas >= 1) {
    if (multi) {
      // More than two versions: every version's pods must be whole (rounding is defined for a stable/canary pair).
      const planned = planMultiVersionReplicas(p, stages, p.totalReplicas, selection.declared?.displayName ?? "trafficSplit 'replicas'");
      replicaPlan = planned.plan;
      if (planOk) problems.push(...planned.problems);
    } else {
      replicaPlan = planStageReplicas(stages, p.totalReplicas);
      if (p.replicaRounding === 'exact' || p.replicaRounding === 'nearest') problems.push(...replicaPlanProblems(replicaPlan, p.totalReplicas, p.replicaRounding));
    }
  }
  // The same version name twice is reported once by VersionedApp; routing it would report it again.
  const declaredNames = declaredCanaryVersions(p).map((v) => v.name);
  const distinctVersions = new Set(declaredNames).size === declaredNames.length;
  if (p.protocol === 'tcp' && !replicaMode) {
    problems.push({
      message: `protocol 'tcp' with traffic '${trafficChoice.traffic}' would render HTTP routes, which Istio does not apply to a TCP port, so the weights would be ignored.`,
      fix: 'use TcpCanary for a TCP service, or traffic: Traffic.replicaRatio({ totalReplicas, rounding }).',
    });
  }
  const stage = planOk && distinctVersions && !engine && activeStageIndex >= 0 ? stages[activeStageIndex] : undefined;
  const promoted = stage?.promoted ?? false;
  const running = runningCanaryVersions(p, stage);
  const pods = stage ? replicaPlan?.[activeStageIndex] : undefined;
  const canaryPromoted = promotedVersionOf(p) === p.canary;
  const effectiveCanaryWeight = stage ? (replicaMode ? pods?.effectiveCanaryWeight : promoted && !canaryPromoted ? 0 : stagePercent(stage)) : undefined;
  const rules = stage && !replicaMode ? stageRules(activeStageIndex) : [];
  const provider = providerOf(selection);
  const model: StageRouteModel | undefined = trafficOk && stage && !replicaMode ? {
    service: p.name,
    versions: versionSubsets(running),
    stable: promoted ? running[0].name : p.stable.name,
    http: rules,
    gateway: p.gateway,
    servicePort: p.servicePort,
    targetPort: p.containerPort,
    protocol: p.protocol,
    trafficPolicy: p.trafficPolicy,
  } : undefined;
  const options = p.progression instanceof Progression ? p.progression.options : {};
  const enginePlan: CanaryEnginePlan | undefined = engine && engineOk && planOk && distinctVersions ? {
    engine,
    thresholds: options.thresholds ?? ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS,
    istioApiVersion: istioApiVersionOf(provider),
  } : undefined;
  return {
    props: p,
    trafficSplit,
    engine,
    problems,
    replicaPlan,
    effectiveCanaryWeight,
    versions: engine ? [] : running,
    // With an engine the app emits nothing: it validates the stable version (the engine validates the canary).
    declaredVersions: engine && distinctVersions ? [p.stable] : declaredCanaryVersions(p),
    replicasByVersion: pods ? pods.versionReplicas ?? { [p.stable.name]: pods.stableReplicas, [p.canary.name]: pods.canaryReplicas } : undefined,
    rules,
    provider,
    model,
    enginePlan,
    holdSeconds: stage?.hold ? wholeSeconds(stage.hold) : undefined,
    renderedStage: stage?.name,
  };
}

/** Engine options a canary cannot use: its checks are its stages, not a count of iterations. */
function canaryProgressionOptionProblems(props: CanaryPlanSource): Problem[] {
  const iterations = props.progression instanceof Progression ? props.progression.options.analysisIterations : undefined;
  if (iterations === undefined) return [];
  return [{
    message: `analysisIterations ${iterations} is a blue-green option, but a canary's engine checks once per stage step.`,
    fix: 'remove analysisIterations from the progression; the stages (and thresholds.interval) set how long the canary is checked.',
  }];
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
        message: 'Traffic.replicaRatio() needs rounding: a stage weight the pod count cannot give exactly must be refused or rounded, and you choose which.',
        fix: "set rounding: 'exact' (refuse such stages) or 'nearest' (run the closest pod count; effectiveCanaryWeight tells the share served).",
      });
    }
    const perVersion: Array<[string, number | undefined]> = [['replicas', props.replicas], ['stable.replicas', props.stable.replicas], ['canary.replicas', props.canary.replicas]];
    for (const [what, value] of perVersion) {
      if (value !== undefined) {
        problems.push({ message: `${what} is set to ${value}, but with Traffic.replicaRatio() every stage derives the replica counts from totalReplicas.`, fix: `remove ${what} and set totalReplicas instead.` });
      }
    }
    const istioOnly: Array<[string, unknown]> = [['gateway', props.gateway]];
    for (const [what, value] of istioOnly) {
      if (value !== undefined) {
        problems.push({ message: `${what} is an Istio option, but traffic is Traffic.replicaRatio(), which emits no Istio objects.`, fix: `remove ${what}, or use traffic: Traffic.istio().` });
      }
    }
  }
  return problems;
}
