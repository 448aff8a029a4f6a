import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRoute } from '../../../imports/gateway.networking.k8s.io';
import { RouteRule } from '../../routing/route-model';
import { ManifestIndex } from '../../traffic/manifest-index';
import { ReviewCondition } from '../../traffic/review-condition';
import { SimRequest, SimResult } from '../../traffic/sim-types';
import { Problem } from '../../validation/problems';
import { GatewayOptions, gatewayParentRef, gatewayReference } from '../core/gateway';
import { IReleasePinning, ITrafficProvider, ITrafficReader, ITrafficRouting, RouteFeatures, SharedGatewaySpec, StageRouteModel, WorkloadNeeds } from '../core/provider';
import { GatewayApiProvider } from '../gateway-api/provider';
import { toHttpRouteRules } from '../gateway-api/route-rules';
import { ISTIO_AMBIENT_FEATURES } from './ambient-features';
import { addressedToWaypointService, ambientConditions, ambientSimContext } from './ambient-reader';
import { IstioAmbientRouting } from './ambient-routing';
import { decidedByAmbient, simulateAmbient } from './ambient-simulator';
import { DEFAULT_RELEASE_HEADER, pinByReleaseHeader } from './release-pinning';
import { ambientNamespaceLabels, useWaypointLabels, WaypointOptions } from './waypoint';

/** Options of `Traffic.istioAmbient()`. */
export interface IstioAmbientTrafficOptions {
  /**
   * The waypoint that serves the routes: `{ name, namespace?, create? }`; `create: false` for one made
   * with `istioctl waypoint apply` (or by another construct).
   * @default { name: 'waypoint' } (created in the chart's namespace)
   */
  readonly waypoint?: WaypointOptions;
  /**
   * A request header every backend of the routes sets to its version (`x-release: v2`), so the
   * application can propagate it and downstream routes can match it (release pinning without caller
   * labels). MultiServiceRelease uses `x-release` when this is unset.
   * @default - none (no header is set; MultiServiceRelease: 'x-release')
   */
  readonly releaseHeader?: string;
  /**
   * Emit the chart's Namespace labelled `istio.io/dataplane-mode: ambient` with the routing. Only for
   * apps that own their namespace; otherwise label it once (`RolloutNamespace` with
   * `IstioInjection.AMBIENT`, or `kubectl label namespace <ns> istio.io/dataplane-mode=ambient`).
   * @default false
   */
  readonly createNamespace?: boolean;
}

/** Reads ambient objects back: a request to a Service that uses a waypoint (simulator, `plan`). */
export const ISTIO_AMBIENT_READER: ITrafficReader = {
  decides: (index: ManifestIndex, request: SimRequest) => addressedToWaypointService(index, request) || decidedByAmbient(index, request, ambientSimContext(index)),
  simulate: (index: ManifestIndex, request: SimRequest): SimResult => simulateAmbient(index, request, ambientSimContext(index)),
  conditions: (manifests: readonly any[], routed: Set<string>): ReviewCondition[] => ambientConditions(manifests, routed),
  hasGateway: (manifests: readonly any[], ref: string) => new GatewayApiProvider().reader.hasGateway(manifests, ref),
  assumedGateway: (ref: string) => new GatewayApiProvider().reader.assumedGateway(ref),
};

/**
 * The `istio-ambient` provider: Istio's ambient mode (no sidecars). A Service per version and an
 * HTTPRoute (TCPRoute) whose parent is the app Service, served by a waypoint (`IstioAmbientRouting`);
 * the app Service carries `istio.io/use-waypoint`. See docs/istio-ambient.md.
 */
export class IstioAmbientProvider implements ITrafficProvider {
  /** Provider kind. */
  public readonly kind = 'istio-ambient';
  /** Name in messages. */
  public readonly displayName = "traffic 'istio-ambient'";
  /** What ambient routes can express (the rest is reported by `IstioAmbientRouting`). */
  public readonly features: RouteFeatures = ISTIO_AMBIENT_FEATURES;
  /** No sidecar; the app Service uses the waypoint; the namespace is enrolled in ambient mode. */
  public readonly workload: WorkloadNeeds;
  /** Reads waypoint-served routes. */
  public readonly reader = ISTIO_AMBIENT_READER;
  /** A release across services is pinned by the release header. */
  public readonly releasePinning: IReleasePinning;

  constructor(public readonly options: IstioAmbientTrafficOptions = {}) {
    // The waypoint labels go on the app Service (not the pods). Ingress gateways are asked to use the
    // waypoint too, so traffic from outside gets the same split as mesh traffic.
    this.workload = {
      sidecarInjection: false,
      namespaceLabels: ambientNamespaceLabels(),
      serviceLabels: useWaypointLabels(this.waypoint, undefined, true),
    };
    const opts = this.options;
    const waypoint = this.waypoint;
    this.releasePinning = {
      memberProvider: (index: number) => new IstioAmbientProvider({
        ...opts,
        releaseHeader: opts.releaseHeader ?? DEFAULT_RELEASE_HEADER,
        waypoint: { ...waypoint, create: index === 0 ? waypoint.create : false },
        createNamespace: index === 0 ? opts.createNamespace : false,
      }),
      downstreamRules: (rules: readonly RouteRule[]) => pinByReleaseHeader(rules, opts.releaseHeader ?? DEFAULT_RELEASE_HEADER),
    };
  }

  /** The waypoint of the options, or `{ name: 'waypoint' }`. */
  public get waypoint(): WaypointOptions {
    return this.options.waypoint ?? { name: 'waypoint' };
  }

  /** IstioAmbientRouting reports what ambient cannot express. */
  public modelProblems(_model: StageRouteModel, _where: string): Problem[] {
    return [];
  }

  /** Renders `IstioAmbientRouting`; the model's gateway becomes the ingress Gateway. */
  public render(scope: Construct, id: string, model: StageRouteModel): IstioAmbientRouting {
    const gw = model.gateway;
    return new IstioAmbientRouting(scope, id, {
      service: model.service,
      versions: model.versions,
      http: model.http,
      tcp: model.tcp,
      port: model.servicePort ?? model.destinationPort,
      targetPort: model.targetPort,
      protocol: model.protocol,
      waypoint: this.waypoint,
      releaseHeader: this.options.releaseHeader,
      createNamespace: this.options.createNamespace,
      ingressUseWaypoint: true,
      ingress: gw ? {
        name: gw.name,
        hosts: gw.hosts,
        namespace: gw.namespace,
        port: gw.port,
        create: model.renderGatewayWithRoutes === false || gw.external ? false : gw.create,
        selector: gw.selector,
        includeMesh: gw.includeMesh,
      } : undefined,
    });
  }

  /** A Gateway API Gateway (class `istio`), as `Traffic.gatewayApi()` renders it. */
  public renderGateway(scope: Construct, id: string, gw: GatewayOptions, hosts: readonly string[], namespace: string | undefined): ApiObject {
    return new GatewayApiProvider().renderGateway(scope, id, gw, hosts, namespace);
  }

  /**
   * An HTTPRoute `<preview name>` per preview host on the stage's gateway, straight to the version
   * Services: the preview reaches its version only, bypassing the waypoint.
   */
  public renderPreviews(scope: Construct, model: StageRouteModel, routing: ITrafficRouting): ApiObject[] {
    const gw = model.gateway;
    if (!gw || !IstioAmbientRouting.of(routing)) return [];
    const namespace = Chart.of(scope).namespace;
    return (model.previews ?? []).map((p) => new HttpRoute(scope, 'PreviewRoute', {
      metadata: { name: p.name },
      spec: {
        parentRefs: [gatewayParentRef(gw, namespace)],
        hostnames: [p.host],
        rules: toHttpRouteRules(p.rules, { service: model.service, port: model.servicePort ?? 80, parent: gatewayReference(gw, namespace) }).rules,
      },
    }));
  }

  /** A Gateway API Gateway for `IngressGateway`, as `Traffic.gatewayApi()` renders it. */
  public renderSharedGateway(scope: Construct, id: string, spec: SharedGatewaySpec): ApiObject {
    return new GatewayApiProvider().renderSharedGateway(scope, id, spec);
  }

  /** As `Traffic.gatewayApi()`: `selector` cannot be expressed. */
  public sharedGatewayProblems(spec: SharedGatewaySpec): Problem[] {
    return new GatewayApiProvider().sharedGatewayProblems(spec);
  }
}
