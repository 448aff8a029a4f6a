import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ManifestIndex } from '../../traffic/manifest-index';
import { ReviewCondition } from '../../traffic/review-condition';
import { SimRequest, SimResult } from '../../traffic/sim-types';
import { Problem } from '../../validation/problems';
import { GatewayOptions, gatewayReference } from '../core/gateway';
import { gatewayServers } from '../core/gateway-tls';
import { ITrafficProvider, ITrafficReader, ITrafficRouting, RouteFeatures, SharedGatewaySpec, StageRouteModel, WorkloadNeeds } from '../core/provider';
import { IstioApiVersion } from './api-version';
import { istioConditions } from './conditions';
import { createGateway } from './gateway';
import { MeshRouting } from './mesh-routing';
import { decidedByIstio, simulateIstio } from './simulator';
import { istioGatewayOf, istioRouteClaims } from './claims';
import { createVirtualService } from './virtual-service';

/** Options of `Traffic.istio()`. */
export interface IstioTrafficOptions {
  /** Istio networking API version of the emitted objects. @default 'v1' */
  readonly apiVersion?: IstioApiVersion;
}

/** Everything the Istio VirtualService can express. */
export const ISTIO_FEATURES: RouteFeatures = {
  routingObjects: true,
  weightedSplit: true,
  weightedSplitInMatch: true,
  headerExact: true,
  headerPrefix: true,
  headerRegex: true,
  uriPrefix: true,
  sourceLabels: true,
  portMatch: true,
  tcp: true,
  mirroring: true,
  responseHeaders: true,
};

/** Reads Istio objects back (simulator, `plan`). */
export const ISTIO_READER: ITrafficReader = {
  decides: (index: ManifestIndex, request: SimRequest) => decidedByIstio(index, request),
  simulate: (index: ManifestIndex, request: SimRequest): SimResult => simulateIstio(index, request),
  conditions: (manifests: readonly any[], routed: Set<string>): ReviewCondition[] => istioConditions(manifests, routed),
  hasGateway: (manifests: readonly any[], ref: string) => manifests.some((m) => m.kind === 'Gateway' && String(m.apiVersion).startsWith('networking.istio.io/')
    && `${m.metadata?.namespace ?? 'default'}/${m.metadata.name}` === ref),
  assumedGateway: (ref: string) => {
    const [namespace, name] = ref.split('/');
    return {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name, namespace },
      spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }, { port: { number: 31400, name: 'tcp', protocol: 'TCP' }, hosts: ['*'] }] },
    };
  },
  gatewayOf: (object: ApiObject, namespace: string) => istioGatewayOf(object, namespace),
  claims: (object: ApiObject, namespace: string) => istioRouteClaims(object, namespace),
};

/**
 * The `istio` provider: a DestinationRule with a subset per version, a VirtualService rendering the
 * rules, and an Istio Gateway (`MeshRouting`). Pods get the sidecar.
 */
export class IstioProvider implements ITrafficProvider {
  /** Provider kind. */
  public readonly kind = 'istio';
  /** Name in messages. */
  public readonly displayName = "traffic 'istio'";
  /** What a VirtualService can express (everything the route model has). */
  public readonly features = ISTIO_FEATURES;
  /** Pods need the sidecar. */
  public readonly workload: WorkloadNeeds = { sidecarInjection: true };
  /** Reads VirtualServices, DestinationRules and Istio Gateways. */
  public readonly reader = ISTIO_READER;

  constructor(public readonly options: IstioTrafficOptions = {}) {}

  /** MeshRouting reports its own problems (weights, subsets, TCP conditions). */
  public modelProblems(_model: StageRouteModel, _where: string): Problem[] {
    return [];
  }

  /** Renders `MeshRouting`. */
  public render(scope: Construct, id: string, model: StageRouteModel): MeshRouting {
    return new MeshRouting(scope, id, {
      service: model.service,
      subsets: model.versions,
      http: model.http,
      tcp: model.tcp,
      destinationPort: model.destinationPort,
      gateway: model.gateway && model.renderGatewayWithRoutes === false ? { ...model.gateway, create: false } : model.gateway,
      gatewayProtocol: model.gatewayProtocol,
      trafficPolicy: model.trafficPolicy,
      apiVersion: this.options.apiVersion,
    });
  }

  /** An Istio Gateway with one server serving `hosts`. */
  public renderGateway(scope: Construct, id: string, gw: GatewayOptions, hosts: readonly string[], _namespace: string | undefined): ApiObject {
    return createGateway(scope, id, {
      name: gw.name,
      namespace: gw.namespace,
      selector: gw.selector,
      servers: gatewayServers(gw, hosts),
      apiVersion: this.options.apiVersion,
    });
  }

  /** A VirtualService `<preview name>` per preview host, bound to the stage's gateway, to the routing's destination host. */
  public renderPreviews(scope: Construct, model: StageRouteModel, routing: ITrafficRouting): ApiObject[] {
    const mesh = MeshRouting.of(routing);
    if (!model.gateway || !mesh) return [];
    const ref = gatewayReference(model.gateway, Chart.of(scope).namespace);
    return (model.previews ?? []).map((p) => createVirtualService(scope, 'PreviewVirtualService', {
      name: p.name,
      hosts: [p.host],
      gateways: [ref],
      destinationHost: mesh.destinationHost,
      http: p.rules,
      apiVersion: this.options.apiVersion,
    }));
  }

  /** An Istio Gateway for `IngressGateway`. */
  public renderSharedGateway(scope: Construct, id: string, spec: SharedGatewaySpec): ApiObject {
    return createGateway(scope, id, {
      name: spec.name,
      namespace: spec.namespace,
      selector: spec.selector,
      servers: gatewayServers(spec, spec.hosts, spec.protocol ?? 'HTTP'),
      apiVersion: this.options.apiVersion,
    });
  }

  /** An Istio Gateway can express every shared-gateway option. */
  public sharedGatewayProblems(_spec: SharedGatewaySpec): Problem[] {
    return [];
  }
}
