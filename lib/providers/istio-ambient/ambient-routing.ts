import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { RouteRule } from '../../routing/route-model';
import { reportProblems } from '../../validation/problems';
import { AppService } from '../../workload/app-service';
import { AppProtocol } from '../../workload/options';
import { ITrafficRouting } from '../core/provider';
import { AmbientIngressOptions } from './ambient-ingress';
import { AmbientRouting, AmbientVersion, renderAmbientRouting } from './ambient-routes';
import { WAYPOINT_GATEWAY_CLASS, WaypointOptions } from './waypoint';
import { requireProps } from '../../validation/required-props';

/** Properties of `IstioAmbientRouting`. */
export interface IstioAmbientRoutingProps {
  /** Application (Service) name: the route's parent and the prefix of the version Services. */
  readonly service: string;
  /** The versions that run at this stage, one version Service each. */
  readonly versions: readonly AmbientVersion[];
  /** HTTP rules, first match wins. @default - none */
  readonly http?: readonly RouteRule[];
  /** TCP rules: at most one, without conditions. @default - none */
  readonly tcp?: readonly RouteRule[];
  /** The waypoint that serves the routes. @default { name: 'waypoint' } (created in the chart's namespace) */
  readonly waypoint?: WaypointOptions;
  /** The app Service to label with `istio.io/use-waypoint` (e.g. `VersionedApp.service`). @default - none: add `routing.serviceLabels` yourself */
  readonly appService?: AppService;
  /** Release header every backend sets to its version, for pinning a release across services. @default - none */
  readonly releaseHeader?: string;
  /** Send traffic from Istio ingress gateways through the waypoint too. @default - true with `ingress`, else false */
  readonly ingressUseWaypoint?: boolean;
  /** Traffic from outside the cluster through an ingress Gateway, routed by the waypoint. @default - mesh traffic only */
  readonly ingress?: AmbientIngressOptions;
  /** Emit the chart's Namespace, labelled `istio.io/dataplane-mode: ambient`. @default false */
  readonly createNamespace?: boolean;
  /** Service port the routes send traffic to. @default 80 */
  readonly port?: number;
  /** Container port the version Services target. @default 80 */
  readonly targetPort?: number;
  /** Application protocol (names the version Service ports). @default - 'tcp' when there are only TCP rules, else 'http' */
  readonly protocol?: AppProtocol;
  /** Pod labels every version shares. @default { app: <service> } */
  readonly appSelector?: Record<string, string>;
}

/**
 * The Istio ambient objects of one service at one stage, in a chart: `renderAmbientRouting`'s
 * objects as ApiObjects, the waypoint labels on the app Service, and every problem reported at synth.
 * A thin renderer: the provider's logic is in the pure functions it calls.
 *
 * @example
 * const app = new VersionedApp(chart, 'App', { app: 'demo4', versions, sidecarInjection: false });
 * new IstioAmbientRouting(chart, 'Routing', {
 *   service: 'demo4', appService: app.service,
 *   versions: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
 *   http: [{ split: [{ version: 'v1', weight: 95 }, { version: 'v2', weight: 5 }] }],
 * });
 */
export class IstioAmbientRouting extends Construct implements ITrafficRouting {
  /** The routing of a strategy (its `routing` member) as IstioAmbientRouting, when the istio-ambient provider made it. */
  public static of(routing: ITrafficRouting | undefined): IstioAmbientRouting | undefined {
    return routing instanceof IstioAmbientRouting ? routing : undefined;
  }

  /** Kind of the provider that made it. */
  public readonly providerKind = 'istio-ambient';
  /** The ingress Gateway (class `istio`), when this routing creates one. @default - none */
  public readonly gateway?: ApiObject;
  /** What the provider rendered: objects, labels and problems. */
  public readonly rendered: AmbientRouting;
  /** The emitted objects, in the order of `rendered.objects`. */
  public readonly apiObjects: ApiObject[];
  /** Labels the app Service needs (added to `appService` when given). */
  public readonly serviceLabels: Record<string, string>;

  constructor(scope: Construct, id: string, props: IstioAmbientRoutingProps) {
    requireProps(scope, id, 'IstioAmbientRouting', props, ['service', 'versions']);
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    this.rendered = renderAmbientRouting({ ...props, namespace, waypoint: props.waypoint ?? { name: 'waypoint' } });
    this.apiObjects = this.rendered.objects.map((o) => {
      const obj = new ApiObject(this, `${o.kind}-${o.metadata.name}`, o);
      // A Namespace is cluster-scoped: the chart's default namespace must not be written into it.
      if (o.kind === 'Namespace') obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      return obj;
    });
    this.gateway = this.apiObjects.find((o, i) => o.kind === 'Gateway' && this.rendered.objects[i].spec?.gatewayClassName !== WAYPOINT_GATEWAY_CLASS);
    this.serviceLabels = this.rendered.serviceLabels;
    if (props.appService) {
      for (const [k, v] of Object.entries(this.serviceLabels)) props.appService.service.metadata.addLabel(k, v);
    }
    reportProblems(this, this.rendered.problems);
  }
}
