import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { TrafficPolicyOptions } from '../providers/core/traffic-policy';
import { RouteGateway } from '../providers/ingress-gateway';
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
import { planHeaderRouteStage } from './header-route-plan';
import { requireProps } from '../validation/required-props';
import { HeaderRouteStage } from './header-route-stages';

/** Properties of `HeaderRoute`. */
export interface HeaderRouteProps extends WorkloadOptions, TrafficPolicyOptions {
  /** Application name: Service, DestinationRule and VirtualService name, and the `app` label. */
  readonly name: string;
  /** Every version of the application, in order (e.g. v1 then v2); a stage runs all or some of them. */
  readonly versions: readonly VersionSpec[];
  /**
   * The stages, in order. Each routes requests by content (`routes`) and sends the rest to its
   * `default`. One stage is enough for a fixed A/B routing.
   */
  readonly stages: readonly HeaderRouteStage[];
  /** The stage to render. The `ROLLOUT_STAGE` environment variable overrides it for one run. */
  readonly stage: string;
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /**
   * Traffic from outside the cluster: a shared `IngressGateway` (the route uses all its hosts) or
   * `GatewayOptions`. Content routes then apply to requests entering through it.
   * @default - mesh traffic only
   */
  readonly gateway?: RouteGateway;
  /**
   * The API of the routing objects: `istio` (VirtualService, DestinationRule) or `gateway-api`
   * (a Service per version and HTTPRoutes; header prefixes, path prefixes and caller labels cannot
   * be expressed there and fail synth). When not set here, the `cdk8s-progressive:traffic` context
   * key or the `ROLLOUT_TRAFFIC` environment variable chooses it.
   * @default 'istio'
   */
  readonly traffic?: Traffic;
}

/**
 * Routes requests to versions by their content (headers, cookies, User-Agent, caller labels),
 * stage by stage: a Service, a Deployment per running version, a DestinationRule with a subset per
 * running version and a VirtualService whose rules are the stage's routes (first match wins;
 * conditions of a match AND-ed, matches OR-ed) followed by the default.
 *
 * @example
 * new HeaderRoute(chart, 'forecast', {
 *   name: 'forecast',
 *   versions: [{ name: 'v1', image: 'weather/forecast:1.0.0' }, { name: 'v2', image: 'weather/forecast:2.0.0' }],
 *   stages: [{ name: 'chrome-v2', routes: [{ matches: [userAgent({ browser: 'chrome' })], to: 'v2' }], default: 'v1' }],
 *   stage: 'chrome-v2',
 * });
 */
export class HeaderRoute extends StagedRollout<HeaderRouteStage> {
  /** Service and Deployments of the active stage. */
  public readonly app: VersionedApp;
  /** The routing objects the traffic provider made for the active stage (typed access: `MeshRouting.of(x.routing)`, `GatewayApiRouting.of(x.routing)`); undefined when the provider emits none, with an engine, or when the plan is invalid. */
  public readonly routing?: ITrafficRouting;
  /** The API of the routing objects. */
  public readonly traffic: TrafficApi;
  /** The route rules of the active stage (what the VirtualService renders); empty when the plan is invalid. */
  public readonly rules: readonly RouteRule[];

  constructor(scope: Construct, id: string, props: HeaderRouteProps) {
    requireProps(scope, id, 'HeaderRoute', props, ['name', 'versions', 'stages', 'stage']);
    super(scope, id, props.stages, props.stage);
    const selection = selectTraffic(this, props.traffic);
    this.traffic = selection.choice.traffic as TrafficApi;
    const plan = planHeaderRouteStage({ props, stages: this.stages, activeStageIndex: this.activeStageIndex, selection, namespace: Chart.of(this).namespace });
    reportProblems(this, plan.problems);
    this.app = new VersionedApp(this, 'App', {
      ...workloadOptions(props),
      ...appWorkloadNeeds(plan.provider),
      sidecarInjection: props.sidecarInjection ?? plan.provider.workload.sidecarInjection,
      servicePort: props.servicePort,
      app: props.name,
      versions: [...plan.versions],
      declaredVersions: props.versions,
    });
    this.rules = plan.rules;
    if (plan.model) this.routing = renderStageRouting(this, 'Routing', plan.provider, plan.model);
  }
}
