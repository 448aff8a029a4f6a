import { Construct } from 'constructs';
import { GatewayApiRouting, TcpRouteApiVersion } from './gateway-api/gateway-api-routing';
import { MeshRouting, MeshRoutingProps } from './istio/mesh-routing';
import { reportProblem } from '../validation/problems';
import { AppProtocol } from '../workload/options';
import { TrafficApi } from '../settings/traffic-setting';

/**
 * The routing objects of one service at one stage, in either API: `MeshRouting` (Istio
 * VirtualService, DestinationRule, Gateway) or `GatewayApiRouting` (a Service per version,
 * HTTPRoutes/TCPRoutes, Gateway). Both expose the created `gateway`, if any.
 */
export type TrafficRouting = MeshRouting | GatewayApiRouting;

/** Properties of `createTrafficRouting`: the `MeshRouting` inputs, the API, and what only the Gateway API needs. */
export interface TrafficRoutingProps extends MeshRoutingProps {
  /** Which API to render. */
  readonly traffic: TrafficApi;
  /** Gateway API: port of the version Services and of every `backendRef`. @default - destinationPort, else 80 */
  readonly versionServicePort?: number;
  /** Gateway API: container port the version Services target. @default 80 */
  readonly targetPort?: number;
  /** Gateway API: application protocol, names the version Service ports. @default - 'tcp' with only TCP rules, else 'http' */
  readonly protocol?: AppProtocol;
  /** Gateway API: GatewayClass of a created Gateway. @default 'istio' */
  readonly gatewayClassName?: string;
  /** Gateway API: API version of TCPRoutes. @default 'v1' */
  readonly tcpRouteApiVersion?: TcpRouteApiVersion;
}

/**
 * Creates the routing of one service at one stage with the chosen API: `MeshRouting` for `istio`,
 * `GatewayApiRouting` for `gateway-api` (same rules, subsets and gateway). Every strategy routes
 * through this function, so the choice is made in one place. An Istio-only input with the Gateway
 * API (`apiVersion`, i.e. the strategy's `istioApiVersion`) is reported on `scope`.
 */
export function createTrafficRouting(scope: Construct, id: string, props: TrafficRoutingProps): TrafficRouting {
  if (props.traffic === 'istio') {
    return new MeshRouting(scope, id, {
      service: props.service,
      subsets: props.subsets,
      http: props.http,
      tcp: props.tcp,
      destinationPort: props.destinationPort,
      gateway: props.gateway,
      gatewayProtocol: props.gatewayProtocol,
      apiVersion: props.apiVersion,
    });
  }
  if (props.apiVersion !== undefined) {
    reportProblem(scope, {
      message: `istioApiVersion "${props.apiVersion}" is an Istio option, but traffic is 'gateway-api', which emits no Istio objects.`,
      fix: "remove istioApiVersion, or use traffic: 'istio'.",
    });
  }
  return new GatewayApiRouting(scope, id, {
    service: props.service,
    subsets: props.subsets,
    http: props.http,
    tcp: props.tcp,
    destinationPort: props.versionServicePort ?? props.destinationPort,
    targetPort: props.targetPort,
    protocol: props.protocol,
    gateway: props.gateway,
    gatewayProtocol: props.gatewayProtocol,
    gatewayClassName: props.gatewayClassName,
    tcpRouteApiVersion: props.tcpRouteApiVersion,
  });
}

/** The Istio routing, when `routing` is one (strategies expose it as `routing`). */
export function istioRoutingOf(routing: TrafficRouting | undefined): MeshRouting | undefined {
  return routing instanceof MeshRouting ? routing : undefined;
}

/** The Gateway API routing, when `routing` is one (strategies expose it as `gatewayApiRouting`). */
export function gatewayApiRoutingOf(routing: TrafficRouting | undefined): GatewayApiRouting | undefined {
  return routing instanceof GatewayApiRouting ? routing : undefined;
}
