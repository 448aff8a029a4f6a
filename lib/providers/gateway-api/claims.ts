import { ApiObject } from 'cdk8s';
import { apiGroupOf, RouteHostClaims } from '../../app/route-claims';

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
const GATEWAY_API_ROUTE_KINDS: readonly string[] = ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'];

/** The reference of a Gateway API Gateway object (undefined for other objects). */
export function gatewayApiGatewayOf(object: ApiObject, namespace: string): string | undefined {
  return object.kind === 'Gateway' && apiGroupOf(object.apiVersion) === GATEWAY_API_GROUP ? `${namespace}/${object.name}` : undefined;
}

/**
 * Hosts (`*` when the route names none) and Gateways (`namespace/name`) a Gateway API route attaches
 * to; mesh routes attach to their Service, whose name the app checks compare already. Undefined for
 * other objects.
 */
export function gatewayApiRouteClaims(route: ApiObject, namespace: string): RouteHostClaims | undefined {
  if (apiGroupOf(route.apiVersion) !== GATEWAY_API_GROUP || !GATEWAY_API_ROUTE_KINDS.includes(route.kind)) return undefined;
  let hosts: string[];
  let gateways: string[];
  try {
    const spec = route.toJson().spec ?? {};
    const hostnames: string[] = spec.hostnames ?? [];
    gateways = ((spec.parentRefs ?? []) as any[])
      .filter((p) => (p.kind ?? 'Gateway') === 'Gateway' && (p.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP)
      .map((p) => `${p.namespace ?? namespace}/${p.name}`);
    hosts = hostnames.length > 0 ? hostnames : ['*'];
  } catch {
    hosts = [];
    gateways = [];
  }
  return {
    family: 'gateway-api',
    hosts,
    bindings: gateways,
    bindingLabels: gateways.map((g) => `Gateway API gateway ${g}`),
    gatewaysMustExist: true,
    oneMessagePerHost: false,
    clashConsequence: 'the Gateway API merges their rules by match precedence and the older route wins ties, so which one serves a request would depend on creation order',
  };
}
