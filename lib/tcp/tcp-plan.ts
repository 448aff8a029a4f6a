import { ITrafficProvider, StageRouteModel } from '../providers/core/provider';
import { providerOf, TrafficSelection, trafficSelectionProblems } from '../providers/traffic-routing';
import { AppWorkloadNeeds, appWorkloadNeeds } from '../providers/workload-needs';
import { RequestMatch, RouteRule, VersionWeight } from '../routing/route-model';
import { canaryStageProblems, ResolvedCanaryStage } from '../stages/canary-stages';
import { unrenderedTechniqueProblems } from '../stages/stage-techniques';
import { Problem } from '../validation/problems';
import { VersionSpec } from '../workload/options';
import { versionSubsets } from '../workload/versioned-deployment';
import { httpOnlyOptionProblems } from './http-only-options';
import { TcpGatewayOptions } from './tcp-gateway-options';

/** The `TcpCanaryProps` the planning reads (declared here so the plan does not import the construct). */
export interface TcpPlanSource {
  /** Application name. */
  readonly name: string;
  /** The version serving connections today. */
  readonly stable: VersionSpec;
  /** The new version. */
  readonly canary: VersionSpec;
  /** Service port. */
  readonly port: number;
  /** Port the container listens on. @default - the Service `port` */
  readonly containerPort?: number;
  /** Connections from outside the cluster. @default - mesh traffic only */
  readonly gateway?: TcpGatewayOptions;
  /** Sidecar injection. @default - what the provider needs */
  readonly sidecarInjection?: boolean;
}

/** What `planTcpStage` decides from. */
export interface TcpPlanInput {
  /** The construct's props (all of them: HTTP-only options that arrive anyway are reported). */
  readonly props: TcpPlanSource;
  /** The resolved stage plan. */
  readonly stages: readonly ResolvedCanaryStage[];
  /** Index of the active stage (-1 when the choice is invalid). */
  readonly activeStageIndex: number;
  /** The traffic the construct was given or chose. */
  readonly selection: TrafficSelection;
  /** Namespace of the chart (a Gateway in another namespace is referenced as `<namespace>/<name>`). @default - none */
  readonly namespace?: string;
}

/** The decisions of one TCP canary stage: what to render, and the problems to report (in order). */
export interface TcpStagePlan {
  /** The kind of the chosen traffic provider. */
  readonly traffic: string;
  /** The problems, in the order they are reported on the construct. */
  readonly problems: readonly Problem[];
  /** The versions whose Deployments run at the active stage. */
  readonly versions: readonly VersionSpec[];
  /** The versions validated by the app. */
  readonly declaredVersions: readonly VersionSpec[];
  /** Sidecar injection of the pods (the user's choice, else what the provider needs). */
  readonly sidecarInjection: boolean;
  /** The provider's pod and Service labels. */
  readonly workloadNeeds: AppWorkloadNeeds;
  /** The TCP route rules of the rendered stage (empty when the plan is invalid). */
  readonly rules: readonly RouteRule[];
  /** The provider that renders the routing. */
  readonly provider: ITrafficProvider;
  /** The routing to render (undefined when none is). */
  readonly model?: StageRouteModel;
}

/** The gateway server port when none is given (the ingress gateway's TCP port in Istio's demo profile). */
const DEFAULT_GATEWAY_PORT = 31400;

/**
 * Decides one TCP canary stage without creating anything: the problems, the versions that run, the
 * port-matched TCP rules and the route model handed to the provider. `TcpCanary` renders what this returns.
 */
export function planTcpStage(input: TcpPlanInput): TcpStagePlan {
  const { props, stages, activeStageIndex, selection } = input;
  const stageProblems = [...canaryStageProblems(stages), ...unrenderedTechniqueProblems(stages, 'TcpCanary')];
  const selectionProblems = trafficSelectionProblems(selection);
  const problems = [...stageProblems, ...httpOnlyOptionProblems(props, 'TcpCanary'), ...selectionProblems];
  const provider = providerOf(selection);
  // The same version name twice is reported once by VersionedApp; routing it would report it again.
  const stage = stageProblems.length === 0 && props.stable.name !== props.canary.name && activeStageIndex >= 0 ? stages[activeStageIndex] : undefined;
  const running = stage?.promoted ? [props.canary] : [props.stable, props.canary];
  const gw = props.gateway;
  const gatewayPort = gw?.port ?? DEFAULT_GATEWAY_PORT;
  const includeMesh = gw?.includeMesh ?? false;
  const matches = provider.features.portMatch ? portMatches(props, input.namespace) : [];
  const rules: RouteRule[] = stage ? [{ ...(matches.length > 0 ? { matches } : {}), split: tcpSplit(props, stage) }] : [];
  const model: StageRouteModel | undefined = stage && selectionProblems.length === 0 ? {
    servicePort: props.port,
    targetPort: props.containerPort ?? props.port,
    protocol: 'tcp',
    service: props.name,
    versions: versionSubsets(running),
    stable: stage.promoted ? props.canary.name : props.stable.name,
    tcp: rules,
    destinationPort: props.port,
    gateway: gw
      ? { name: gw.name, hosts: gw.hosts ?? ['*'], port: gatewayPort, namespace: gw.namespace, create: gw.create, external: gw.external, selector: gw.selector, includeMesh }
      : undefined,
    gatewayProtocol: 'TCP',
  } : undefined;
  return {
    traffic: selection.choice.traffic,
    problems,
    versions: running,
    declaredVersions: [props.stable, props.canary],
    sidecarInjection: props.sidecarInjection ?? provider.workload.sidecarInjection,
    workloadNeeds: appWorkloadNeeds(provider),
    rules,
    provider,
    model,
  };
}

/**
 * Istio matches the port a connection arrives on: the gateway server port for gateway traffic, the
 * Service port for mesh traffic (both, bound to their gateways, with `includeMesh`). A provider
 * without port matches (Gateway API) attaches its route to the port through the parent instead.
 */
function portMatches(props: TcpPlanSource, namespace: string | undefined): RequestMatch[] {
  const gw = props.gateway;
  if (!gw) return [{ port: props.port }];
  const gatewayPort = gw.port ?? DEFAULT_GATEWAY_PORT;
  if (!(gw.includeMesh ?? false)) return [{ port: gatewayPort }];
  const gwRef = gw.namespace && gw.namespace !== namespace ? `${gw.namespace}/${gw.name}` : gw.name;
  return [{ port: gatewayPort, gateways: [gwRef] }, { port: props.port, gateways: ['mesh'] }];
}

/** The weights of a stage: stable and canary by the stage's weight, the canary alone once promoted. */
function tcpSplit(props: TcpPlanSource, stage: ResolvedCanaryStage): VersionWeight[] {
  if (stage.promoted) return [{ version: props.canary.name, weight: 100 }];
  return [
    { version: props.stable.name, weight: 100 - stage.canaryWeight },
    { version: props.canary.name, weight: stage.canaryWeight },
  ];
}
