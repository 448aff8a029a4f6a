import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpRoute } from '../../../imports/gateway.networking.k8s.io';
import { ManifestIndex } from '../../traffic/manifest-index';
import { ReviewCondition } from '../../traffic/review-condition';
import { SimRequest, SimResult } from '../../traffic/sim-types';
import { Problem } from '../../validation/problems';
import { admittedRouteNamespace, GatewayOptions, gatewayParentRef, gatewayReference } from '../core/gateway';
import { ITrafficProvider, ITrafficReader, ITrafficRouting, RouteFeatures, SharedGatewaySpec, StageRouteModel, WorkloadNeeds } from '../core/provider';
import { gatewayApiConditions } from './conditions';
import { createGatewayApiGateway } from './gateway';
import { GatewayApiRouting, TcpRouteApiVersion } from './gateway-api-routing';
import { toHttpRouteRules } from './route-rules';
import { gatewayApiPolicyProblems } from './policy';
import { httpsRedirectRoute, ingressParentRefs } from './https';
import { decidedByGatewayApi, simulateGatewayApi } from './simulator';
import { gatewayApiGatewayOf, gatewayApiRouteClaims } from './claims';

/** Options of `Traffic.gatewayApi()`. */
export interface GatewayApiTrafficOptions {
  /** GatewayClass of created Gateways. @default 'istio' */
  readonly gatewayClassName?: string;
  /** API version of TCPRoutes. @default 'v1' */
  readonly tcpRouteApiVersion?: TcpRouteApiVersion;
}

/** What Gateway API v1.6 routes can express (the rest is reported by `gatewayApiRuleProblems`). */
export const GATEWAY_API_FEATURES: RouteFeatures = {
  routingObjects: true,
  weightedSplit: true,
  weightedSplitInMatch: true,
  headerExact: true,
  headerPrefix: false,
  headerRegex: true,
  uriPrefix: false,
  sourceLabels: false,
  portMatch: false,
  tcp: true,
  mirroring: true,
  responseHeaders: true,
};

/** Reads Gateway API objects back (simulator, `plan`). */
export const GATEWAY_API_READER: ITrafficReader = {
  decides: (index: ManifestIndex, request: SimRequest) => decidedByGatewayApi(index, request),
  simulate: (index: ManifestIndex, request: SimRequest): SimResult => simulateGatewayApi(index, request),
  conditions: (manifests: readonly any[], routed: Set<string>): ReviewCondition[] => gatewayApiConditions(manifests, routed),
  hasGateway: (manifests: readonly any[], ref: string) => manifests.some((m) => m.kind === 'Gateway' && String(m.apiVersion).startsWith('gateway.networking.k8s.io/')
    && `${m.metadata?.namespace ?? 'default'}/${m.metadata.name}` === ref),
  assumedGateway: (ref: string) => {
    const [namespace, name] = ref.split('/');
    const all = { namespaces: { from: 'All' } };
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name, namespace },
      spec: { gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: all }, { name: 'tcp', port: 31400, protocol: 'TCP', allowedRoutes: all }] },
    };
  },
  gatewayOf: (object: ApiObject, namespace: string) => gatewayApiGatewayOf(object, namespace),
  claims: (object: ApiObject, namespace: string) => gatewayApiRouteClaims(object, namespace),
};

/**
 * The `gateway-api` provider: a Service per version, HTTPRoutes (TCPRoutes) with weighted
 * backendRefs attached to the Service (mesh) and to a Gateway API `Gateway` (`GatewayApiRouting`).
 */
export class GatewayApiProvider implements ITrafficProvider {
  /** Provider kind. */
  public readonly kind = 'gateway-api';
  /** Name in messages. */
  public readonly displayName = "traffic 'gateway-api'";
  /** What Gateway API routes can express. */
  public readonly features = GATEWAY_API_FEATURES;
  /** Pods keep the sidecar (Istio implements the routes in the mesh). */
  public readonly workload: WorkloadNeeds = { sidecarInjection: true };
  /** Reads Gateways, HTTPRoutes and TCPRoutes. */
  public readonly reader = GATEWAY_API_READER;

  constructor(public readonly options: GatewayApiTrafficOptions = {}) {}

  /** The traffic policy parts Gateway API v1.6 cannot express; GatewayApiRouting reports the rest. */
  public modelProblems(model: StageRouteModel, _where: string): Problem[] {
    return gatewayApiPolicyProblems(model.trafficPolicy);
  }

  /** Renders `GatewayApiRouting`. */
  public render(scope: Construct, id: string, model: StageRouteModel): GatewayApiRouting {
    return new GatewayApiRouting(scope, id, {
      service: model.service,
      subsets: model.versions,
      http: model.http,
      tcp: model.tcp,
      destinationPort: model.servicePort ?? model.destinationPort,
      targetPort: model.targetPort,
      protocol: model.protocol,
      gateway: model.gateway && model.renderGatewayWithRoutes === false ? { ...model.gateway, create: false } : model.gateway,
      gatewayProtocol: model.gatewayProtocol,
      requestTimeout: model.trafficPolicy?.route?.timeout,
      gatewayClassName: this.options.gatewayClassName,
      tcpRouteApiVersion: this.options.tcpRouteApiVersion,
    });
  }

  /** A Gateway API Gateway with one HTTP listener per host. */
  public renderGateway(scope: Construct, id: string, gw: GatewayOptions, hosts: readonly string[], namespace: string | undefined): ApiObject {
    return createGatewayApiGateway(scope, id, {
      name: gw.name,
      namespace: gw.namespace,
      gatewayClassName: this.options.gatewayClassName,
      port: gw.port ?? 80,
      protocol: 'HTTP',
      hosts,
      allowRoutesFrom: admittedRouteNamespace(gw, namespace),
      tls: gw.tls,
      httpsPort: gw.httpsPort,
    });
  }

  /** An HTTPRoute `<preview name>` per preview host, attached to the stage's gateway. */
  public renderPreviews(scope: Construct, model: StageRouteModel, routing: ITrafficRouting): ApiObject[] {
    const gw = model.gateway;
    if (!gw || !GatewayApiRouting.of(routing)) return [];
    const namespace = Chart.of(scope).namespace;
    return (model.previews ?? []).flatMap((p) => [
      new HttpRoute(scope, 'PreviewRoute', {
        metadata: { name: p.name },
        spec: {
          parentRefs: ingressParentRefs(gw, gatewayParentRef(gw, namespace)),
          hostnames: [p.host],
          rules: toHttpRouteRules(p.rules, { service: model.service, port: model.servicePort ?? 80, parent: gatewayReference(gw, namespace) }).rules,
        },
      }),
      // With httpsRedirect, plain HTTP requests for the preview host are redirected too.
      ...(gw.tls && gw.httpsRedirect ? [httpsRedirectRoute(scope, 'PreviewRedirectRoute', p.name, gw, gatewayParentRef(gw, namespace), [p.host])] : []),
    ]);
  }

  /** A Gateway API Gateway for `IngressGateway` (admitting routes of every namespace). */
  public renderSharedGateway(scope: Construct, id: string, spec: SharedGatewaySpec): ApiObject {
    return createGatewayApiGateway(scope, id, {
      name: spec.name,
      namespace: spec.namespace,
      gatewayClassName: this.options.gatewayClassName,
      port: spec.port,
      protocol: spec.protocol === 'TCP' ? 'TCP' : 'HTTP',
      hosts: spec.hosts,
      allowAllNamespaces: spec.shared,
      tls: spec.tls,
      httpsPort: spec.httpsPort,
    });
  }

  /** `selector` has no Gateway API equivalent. */
  public sharedGatewayProblems(spec: SharedGatewaySpec): Problem[] {
    if (!spec.selector) return [];
    return [{
      message: `selector ${JSON.stringify(spec.selector)} cannot be expressed in the Gateway API: a Gateway of class "istio" gets a gateway deployment of its own instead of selecting existing gateway pods.`,
      fix: 'remove selector, or use traffic: Traffic.istio() to keep the existing ingress gateway pods.',
    }];
  }
}
