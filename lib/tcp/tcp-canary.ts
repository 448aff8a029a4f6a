import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryStageInput, ResolvedCanaryStage, resolveCanaryStages } from '../stages/canary-stages';
import { TrafficApi } from '../settings/traffic-setting';
import { renderStageRouting, selectTraffic } from '../providers/traffic-routing';
import { Traffic } from '../providers/traffic';
import { ITrafficRouting } from '../providers/core/provider';
import { StagedRollout } from '../rollout/staged-rollout';
import { RouteRule } from '../routing/route-model';
import { reportProblems } from '../validation/problems';
import { HttpProbeOptions, VersionSpec, WorkloadOptions } from '../workload/options';
import { VersionedApp, workloadOptions } from '../workload/versioned-app';
import { TcpGatewayOptions } from './tcp-gateway-options';
import { planTcpStage } from './tcp-plan';
import { requireProps } from '../validation/required-props';

export { type TcpGatewayOptions } from './tcp-gateway-options';

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
    requireProps(scope, id, 'TcpCanary', props, ['name', 'stable', 'canary', 'stages', 'stage', 'port']);
    super(scope, id, resolveCanaryStages(props.stages, props.promote ?? true), props.stage);
    const selection = selectTraffic(this, props.traffic);
    const plan = planTcpStage({ props, stages: this.stages, activeStageIndex: this.activeStageIndex, selection, namespace: Chart.of(this).namespace });
    this.traffic = plan.traffic as TrafficApi;
    this.rules = plan.rules;
    reportProblems(this, plan.problems);

    this.app = new VersionedApp(this, 'App', {
      ...workloadOptions(props),
      ...plan.workloadNeeds,
      sidecarInjection: plan.sidecarInjection,
      protocol: 'tcp',
      containerPort: props.containerPort ?? props.port,
      servicePort: props.port,
      app: props.name,
      versions: [...plan.versions],
      declaredVersions: [...plan.declaredVersions],
    });
    if (plan.model) this.routing = renderStageRouting(this, 'Routing', plan.provider, plan.model);
  }
}
