import { ITrafficProvider, StageRouteModel } from '../providers/core/provider';
import { TrafficPolicyOptions } from '../providers/core/traffic-policy';
import { resolveRouteGateway, RouteGateway } from '../providers/ingress-gateway';
import { Traffic } from '../providers/traffic';
import { providerOf, TrafficSelection, trafficSelectionProblems } from '../providers/traffic-routing';
import { RouteRule } from '../routing/route-model';
import { httpRoutesOnTcpProblems } from '../routing/route-problems';
import { Problem } from '../validation/problems';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { versionSubsets } from '../workload/versioned-deployment';
import { otherStageProblems } from './header-route-stage-checks';
import { HeaderRouteStage, headerRouteRules, headerRouteStageProblems, runningVersions, stageParts } from './header-route-stages';
import { partProviderProblems } from './header-route-techniques';

/** The `HeaderRouteProps` the planning reads (declared here so the plan does not import the construct). */
export interface HeaderRoutePlanSource extends WorkloadOptions, TrafficPolicyOptions {
  /** Application name. */
  readonly name: string;
  /** Every version, in order. */
  readonly versions: readonly VersionSpec[];
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Traffic from outside the cluster. @default - mesh traffic only */
  readonly gateway?: RouteGateway;
  /** The traffic provider. @default - chosen by selectTraffic */
  readonly traffic?: Traffic;
}

/** What `planHeaderRouteStage` decides from. */
export interface HeaderRoutePlanInput {
  /** The construct's props. */
  readonly props: HeaderRoutePlanSource;
  /** The stages, in order. */
  readonly stages: readonly HeaderRouteStage[];
  /** Index of the active stage (-1 when the choice is invalid). */
  readonly activeStageIndex: number;
  /** The traffic the construct was given or chose. */
  readonly selection: TrafficSelection;
  /** Namespace of the chart (how an ingress gateway is spelled in match conditions). @default - none */
  readonly namespace?: string;
}

/** The decisions of one HeaderRoute stage: what to render, and the problems to report (in order). */
export interface HeaderRouteStagePlan {
  /** The problems, in the order they are reported on the construct. */
  readonly problems: readonly Problem[];
  /** The provider that renders the routing. */
  readonly provider: ITrafficProvider;
  /** The versions whose Deployments run at the active stage (every declared one when the plan is invalid). */
  readonly versions: readonly VersionSpec[];
  /** The route rules of the active stage (empty when the plan is invalid). */
  readonly rules: readonly RouteRule[];
  /** The routing to render (undefined when nothing is routed: an invalid plan or traffic choice). */
  readonly model?: StageRouteModel;
  /** The name of the rendered stage (undefined when the plan is invalid). */
  readonly renderedStage?: string;
}

/**
 * Decides one HeaderRoute stage without creating anything: the problems of every stage (their
 * versions, routes, matches and techniques, and what the provider cannot express of the stages it
 * does not render now), the versions that run, the rules and the `StageRouteModel` handed to the
 * provider. `HeaderRoute` renders what this returns.
 */
export function planHeaderRouteStage(input: HeaderRoutePlanInput): HeaderRouteStagePlan {
  const { props, stages, activeStageIndex, selection } = input;
  const provider = providerOf(selection);
  const selectionProblems = [
    ...trafficSelectionProblems(selection),
    ...httpRoutesOnTcpProblems(props.protocol, "HeaderRoute's HTTP routes (headers, cookies, User-Agent, weights)"),
  ];
  const trafficOk = selectionProblems.length === 0;
  const problems: Problem[] = [...selectionProblems];
  const declared = props.versions.map((v) => v.name);
  if (declared.length === 0) {
    problems.push({ message: 'the route declares no versions.', fix: "declare the versions, e.g. [{ name: 'v1', image: 'app:1.0.0' }, { name: 'v2', image: 'app:2.0.0' }]." });
  }
  const stageProblems = declared.length > 0 ? stages.flatMap((s) => headerRouteStageProblems(s, declared)) : [];
  problems.push(...stageProblems);
  const planOk = declared.length > 0 && stageProblems.length === 0;
  const active = activeStageIndex >= 0 ? stages[activeStageIndex] : undefined;
  const stage = planOk ? active : undefined;
  const gateway = resolveRouteGateway(props.gateway);
  const modelOf = (s: HeaderRouteStage): StageRouteModel => {
    const running = props.versions.filter((v) => runningVersions(s, declared).includes(v.name));
    return {
      service: props.name,
      versions: versionSubsets(running),
      http: headerRouteRules(s, props.name),
      gateway,
      servicePort: props.servicePort,
      targetPort: props.containerPort,
      protocol: props.protocol,
      trafficPolicy: props.trafficPolicy,
    };
  };
  let providerOk = true;
  if (planOk && trafficOk) {
    // Techniques the provider cannot render, at every stage; then what it cannot express of the
    // stages it does not render now (the routing checks the one it renders).
    const techniques = provider.features.routingObjects ? stages.flatMap((s) => partProviderProblems(stageParts(s), provider.features, provider.displayName)) : [];
    problems.push(...techniques);
    providerOk = techniques.length === 0;
    problems.push(...otherStageProblems({ provider, stages, models: stages.map(modelOf), activeIndex: active ? activeStageIndex : -1, namespace: input.namespace }));
  }
  const runningNames = stage ? runningVersions(stage, declared) : declared;
  const model = stage ? modelOf(stage) : undefined;
  return {
    problems,
    provider,
    versions: props.versions.filter((v) => runningNames.includes(v.name)),
    rules: model?.http ?? [],
    model: trafficOk && providerOk ? model : undefined,
    renderedStage: stage?.name,
  };
}
