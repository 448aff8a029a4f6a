import { IReleasePinning, ITrafficProvider } from '../providers/core/provider';
import { GatewayOptions } from '../providers/core/gateway';
import { resolveRouteGateway } from '../providers/ingress-gateway';
import { IstioApiVersion } from '../providers/istio/api-version';
import { istioApiVersionOf } from '../providers/istio/api-version-of';
import { providerOf, TrafficSelection, trafficSelectionProblems } from '../providers/traffic-routing';
import { describeTrafficChoice } from '../settings/traffic-setting';
import { RouteRule } from '../routing/route-model';
import { Problem } from '../validation/problems';
import { multiServiceStageProblems, ResolvedMultiServiceStage } from './multi-service-stages';
import { memberProblems, releaseProblems } from './release-problems';
import { downstreamRules, entryRules, ReleaseVersions } from './release-rules';
import { MultiServiceReleaseProps, ReleaseServiceSpec } from './release-spec';
import { releaseSidecarProblems } from './release-sidecars';

/** What `planMultiServiceStage` decides from. */
export interface MultiServicePlanInput {
  /** The construct's props. */
  readonly props: MultiServiceReleaseProps;
  /** The resolved stage plan. */
  readonly stages: readonly ResolvedMultiServiceStage[];
  /** Index of the active stage (-1 when the choice is invalid). */
  readonly activeStageIndex: number;
  /** The traffic the construct was given or chose. */
  readonly selection: TrafficSelection;
}

/** The decisions for one service of the release at the active stage. */
export interface ReleaseMemberPlan {
  /** The service as declared (the entry first, then the downstream services; a name listed twice appears once). */
  readonly spec: ReleaseServiceSpec;
  /** True for the entry service. */
  readonly entry: boolean;
  /** Names of the versions whose Deployments run (every declared version when nothing is routed). */
  readonly running: readonly string[];
  /** The route rules of the service (undefined when no routing is rendered: the plan is invalid). */
  readonly rules?: readonly RouteRule[];
  /** The gateway of the entry service (undefined for downstream services and without a gateway). */
  readonly gateway?: GatewayOptions;
  /** The provider of a release pinned without caller conditions (`releasePinning`); undefined: Istio. */
  readonly provider?: ITrafficProvider;
}

/** The decisions of one stage of a `MultiServiceRelease`: what every service renders, and the problems (in order). */
export interface MultiServiceStagePlan {
  /** The old and new version names. */
  readonly versions: ReleaseVersions;
  /** The problems, in the order they are reported on the construct. */
  readonly problems: readonly Problem[];
  /** The services, the entry first (each name once). */
  readonly members: readonly ReleaseMemberPlan[];
  /** Istio API version of the Istio routing (from `Traffic.istio({ apiVersion })`). */
  readonly apiVersion?: IstioApiVersion;
  /** The provider's pinning of the release without caller conditions; undefined: the caller's pod labels (`sourceLabels`) pin it. */
  readonly pinning?: IReleasePinning;
  /** The name of the rendered stage (undefined when nothing is routed). */
  readonly renderedStage?: string;
}

/**
 * Decides one stage of a `MultiServiceRelease` without creating anything: the problems, the
 * versions that run and the route rules of every service, and how the release is pinned.
 * `MultiServiceRelease` renders what this returns.
 */
export function planMultiServiceStage(input: MultiServicePlanInput): MultiServiceStagePlan {
  const { props, stages, activeStageIndex, selection } = input;
  const versions: ReleaseVersions = { from: props.from, to: props.to };
  const choice = selection.choice;
  const problems: Problem[] = [];
  const selectionProblems = trafficSelectionProblems(selection);
  problems.push(...selectionProblems);
  const gatewayApi = choice.traffic === 'gateway-api';
  if (gatewayApi) {
    problems.push({
      message: `${describeTrafficChoice(choice)} cannot render this release: its downstream services route calls by the caller's version (Istio sourceLabels app: <caller>, version: ${props.to}), and sourceLabels cannot be expressed in the Gateway API, whose HTTPRoute has no condition on the calling workload.`,
      fix: 'set traffic: Traffic.istio() on this MultiServiceRelease (a traffic prop set in code wins over ROLLOUT_TRAFFIC), or release the services one at a time with CanaryService or HeaderRoute.',
    });
  }
  // Another provider that cannot match the caller (e.g. Traffic.ingressNginx()) cannot render it either.
  // A provider that pins releases its own way (releasePinning, e.g. Traffic.istioAmbient()'s release header) can.
  const declared = selection.declared;
  const noCaller = !gatewayApi && declared !== undefined && !declared.features.sourceLabels && !declared.releasePinning;
  if (noCaller) {
    problems.push({
      message: `${describeTrafficChoice(choice)} cannot render this release: its downstream services route calls by the caller's version (sourceLabels app: <caller>, version: ${props.to}), which it cannot express (it has no condition on the calling workload).`,
      fix: 'set traffic: Traffic.istio() on this MultiServiceRelease, or release the services one at a time with CanaryService or HeaderRoute.',
    });
  }
  const specs = [props.entry, ...props.downstream];
  const releasePinning = declared?.releasePinning;
  const routable = selectionProblems.length === 0 && !gatewayApi && !noCaller;
  const planProblems = [
    ...releaseProblems(props),
    ...(props.from === props.to ? [] : specs.flatMap((m, i) => memberProblems(m, i === 0 ? 'entry' : 'downstream', versions))),
    ...multiServiceStageProblems(stages),
    // Only a release pinned by the caller's pod labels needs the callers' sidecars.
    ...(routable && !releasePinning ? releaseSidecarProblems(props) : []),
  ];
  problems.push(...planProblems);
  // Without a routing API to render, the services keep their workloads and get no routing.
  const stage = planProblems.length === 0 && routable && activeStageIndex >= 0 ? stages[activeStageIndex] : undefined;
  const running = stage?.promoted ? [props.to] : [props.from, props.to];
  const names = specs.map((m) => m.name);
  const members: ReleaseMemberPlan[] = [];
  const seen = new Set<string>();
  specs.forEach((m, i) => {
    if (seen.has(m.name)) return; // listed twice: reported above
    seen.add(m.name);
    const unpinned = stage ? (i === 0 ? entryRules(stage, versions) : downstreamRules(stage, versions, m.name, names)) : undefined;
    members.push({
      spec: m,
      entry: i === 0,
      running: stage ? running : m.versions.map((v) => v.name),
      rules: releasePinning && unpinned && i > 0 ? releasePinning.downstreamRules(unpinned) : unpinned,
      gateway: i === 0 ? resolveRouteGateway(props.entry.gateway) : undefined,
      provider: releasePinning?.memberProvider(i),
    });
  });
  return {
    versions,
    problems,
    members,
    apiVersion: istioApiVersionOf(providerOf(selection)),
    pinning: releasePinning,
    renderedStage: stage?.name,
  };
}
