import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { unrenderedTechniqueProblems } from '../stages/stage-techniques';
import { canaryStageProblems, CanaryStageInput, ResolvedCanaryStage, resolveCanaryStages } from '../stages/canary-stages';
import { TrafficApi } from '../settings/traffic-setting';
import { providerOf, renderStageRouting, selectTraffic, trafficSelectionProblems } from '../providers/traffic-routing';
import { appWorkloadNeeds } from '../providers/workload-needs';
import { Traffic } from '../providers/traffic';
import { ITrafficRouting } from '../providers/core/provider';
import { StagedRollout } from '../rollout/staged-rollout';
import { RequestMatch, RouteRule } from '../routing/route-model';
import { reportProblems } from '../validation/problems';
import { HttpProbeOptions, VersionSpec, WorkloadOptions } from '../workload/options';
import { VersionedApp, workloadOptions } from '../workload/versioned-app';
import { versionSubsets } from '../workload/versioned-deployment';
import { httpOnlyOptionProblems } from './http-only-options';

/** A TCP probe: a connect to the port (no path: TCP has none). */
export interface TcpProbeOptions extends Omit<HttpProbeOptions, 'path'> {}

/**
 * The workload options that make sense for a TCP service: every shared option except the protocol
 * (always `tcp`) and HTTP probes (probes are TCP connects).
 */
export interface TcpWorkloadOptions extends Omit<WorkloadOptions, 'protocol' | 'readiness' | 'liveness' | 'containerPort'> {
  /** Port the container listens on. @default - the Service `port` */
  readonly containerPort?: number;
  /** Readiness probe (a TCP connect). `false` disables it. @default - a TCP connect to the container port */
  readonly readiness?: TcpProbeOptions | false;
  /** Liveness probe (a TCP connect). `false` disables it. @default - the readiness check with initialDelaySeconds 30 and failureThreshold 5 */
  readonly liveness?: TcpProbeOptions | false;
}

/** How TCP connections from outside the cluster reach the service: an Istio Gateway with a TCP server. */
export interface TcpGatewayOptions {
  /** Gateway name, e.g. `tcp-echo-gateway`. */
  readonly name: string;
  /** TCP port of the gateway server (the ingress gateway's TCP port). @default 31400 */
  readonly port?: number;
  /**
   * Hosts of the server and the VirtualService. Plain TCP carries no host name, so `*` is usual.
   * @default ['*']
   */
  readonly hosts?: string[];
  /** Namespace of the Gateway; the VirtualService then names it `<namespace>/<name>`. @default - the chart's namespace */
  readonly namespace?: string;
  /** Create the Gateway object here; false when another construct of the app creates it. @default true */
  readonly create?: boolean;
  /** The Gateway is managed outside this app (not created here; routes may bind it). @default false */
  readonly external?: boolean;
  /** Labels of the ingress gateway pods. @default { istio: 'ingressgateway' } */
  readonly selector?: Record<string, string>;
  /**
   * Also apply the weights to in-cluster (mesh) connections to the Service port. Istio does not
   * allow host `*` on the mesh, so this needs named `hosts`. Without it, in-cluster callers reach
   * the versions in proportion to their pods.
   * @default false
   */
  readonly includeMesh?: boolean;
}

/** Properties of `TcpCanary`. */
export interface TcpCanaryProps extends TcpWorkloadOptions {
  /** Application name: Service, DestinationRule and VirtualService name, and the `app` label. */
  readonly name: string;
  /** The version serving connections today. */
  readonly stable: VersionSpec;
  /** The new version being rolled out. */
  readonly canary: VersionSpec;
  /**
   * The stages, in order: canary weights (`[20, 50, 100]`, named `canary-<weight>`) or named stages.
   * A final `promoted` stage is appended unless `promote` is false.
   */
  readonly stages: CanaryStageInput[];
  /** The stage to render; the `ROLLOUT_STAGE` environment variable overrides it for one run. */
  readonly stage: string;
  /** Append a final `promoted` stage: all connections to the canary, the stable Deployment and subset removed. @default true */
  readonly promote?: boolean;
  /** Service port, the destination port of every route (seed 002: 9000). */
  readonly port: number;
  /** Connections from outside the cluster through an Istio Gateway TCP server (seed 002: port 31400). @default - mesh traffic only */
  readonly gateway?: TcpGatewayOptions;
  /**
   * The API of the routing objects: `istio` (VirtualService with a `tcp` route, DestinationRule) or
   * `gateway-api` (a Service per version and `TCPRoute`s: `<name>-ingress` on a Gateway API
   * `Gateway` with a TCP listener, and `<name>` on the Service with `includeMesh`). When not set here,
   * the `cdk8s-progressive:traffic` context key or the `ROLLOUT_TRAFFIC` environment variable chooses it.
   * @default 'istio'
   */
  readonly traffic?: Traffic;
}

/**
 * A weighted canary for a TCP service (seed 002 §6, Istio's tcp-echo): a Service with a `tcp` port,
 * a Deployment per version with TCP probes, a DestinationRule with a subset per version, and a
 * VirtualService whose `tcp` route splits connections by the stage's weights to the Service port.
 * Weights apply per connection, not per message. HTTP-only options do not exist in its props and
 * are reported at synth time if they arrive anyway.
 *
 * Routes match the port a connection arrives on: the gateway server port (31400) for gateway
 * traffic, the Service port for mesh traffic, so another port of the Service is never captured.
 *
 * @example
 * new TcpCanary(chart, 'tcp-echo', {
 *   name: 'tcp-echo',
 *   port: 9000,
 *   stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'one'] },
 *   canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'two'] },
 *   stages: [20, 100],
 *   stage: 'canary-20',
 *   gateway: { name: 'tcp-echo-gateway' },
 * });
 */
export class TcpCanary extends StagedRollout<ResolvedCanaryStage> {
  /** Service and Deployments of the active stage. */
  public readonly app: VersionedApp;
  /** The routing objects the traffic provider made for the active stage (typed access: `MeshRouting.of(x.routing)`, `GatewayApiRouting.of(x.routing)`); undefined when the provider emits none, with an engine, or when the plan is invalid. */
  public readonly routing?: ITrafficRouting;
  /** The API of the routing objects. */
  public readonly traffic: TrafficApi;
  /** The TCP route rules of the active stage. */
  public readonly rules: readonly RouteRule[];

  constructor(scope: Construct, id: string, props: TcpCanaryProps) {
    super(scope, id, resolveCanaryStages(props.stages, props.promote ?? true), props.stage);
    const planOk = reportProblems(this, [...canaryStageProblems(this.stages), ...unrenderedTechniqueProblems(this.stages, 'TcpCanary')]);
    reportProblems(this, httpOnlyOptionProblems(props, 'TcpCanary'));
    const selection = selectTraffic(this, props.traffic);
    const trafficChoice = selection.choice;
    this.traffic = trafficChoice.traffic as TrafficApi;
    const trafficOk = reportProblems(this, trafficSelectionProblems(selection));
    // The same version name twice is reported once by VersionedApp; routing it would report it again.
    const stage = planOk && props.stable.name !== props.canary.name ? this.active : undefined;
    const running = stage?.promoted ? [props.canary] : [props.stable, props.canary];

    this.app = new VersionedApp(this, 'App', {
      ...workloadOptions(props),
      ...appWorkloadNeeds(providerOf(selection)),
      sidecarInjection: props.sidecarInjection ?? providerOf(selection).workload.sidecarInjection,
      protocol: 'tcp',
      containerPort: props.containerPort ?? props.port,
      servicePort: props.port,
      app: props.name,
      versions: running,
      declaredVersions: [props.stable, props.canary],
    });

    const gw = props.gateway;
    const gatewayPort = gw?.port ?? 31400;
    const includeMesh = gw?.includeMesh ?? false;
    const namespace = Chart.of(this).namespace;
    const gwRef = gw && gw.namespace && gw.namespace !== namespace ? `${gw.namespace}/${gw.name}` : gw?.name;
    // Istio matches the port a connection arrives on; a Gateway API route attaches to its port
    // through the parent (the Gateway listener, or the Service), so its rule has no condition.
    const matches: RequestMatch[] = !providerOf(selection).features.portMatch
      ? []
      : !gw
      ? [{ port: props.port }]
      : includeMesh
        ? [{ port: gatewayPort, gateways: [gwRef!] }, { port: props.port, gateways: ['mesh'] }]
        : [{ port: gatewayPort }];
    this.rules = stage ? [{ ...(matches.length > 0 ? { matches } : {}), split: tcpSplit(props, stage) }] : [];
    if (stage && trafficOk) {
      this.routing = renderStageRouting(this, 'Routing', providerOf(selection), {
        servicePort: props.port,
        targetPort: props.containerPort ?? props.port,
        protocol: 'tcp',
        service: props.name,
        versions: versionSubsets(running),
        tcp: this.rules,
        destinationPort: props.port,
        gateway: gw
          ? { name: gw.name, hosts: gw.hosts ?? ['*'], port: gatewayPort, namespace: gw.namespace, create: gw.create, external: gw.external, selector: gw.selector, includeMesh }
          : undefined,
        gatewayProtocol: 'TCP',
      });
    }
  }
}

function tcpSplit(props: TcpCanaryProps, stage: ResolvedCanaryStage) {
  if (stage.promoted) return [{ version: props.canary.name, weight: 100 }];
  return [
    { version: props.stable.name, weight: 100 - stage.canaryWeight },
    { version: props.canary.name, weight: stage.canaryWeight },
  ];
}
