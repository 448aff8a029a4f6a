import { ApiObject } from 'cdk8s';
import { recordedRouteClaims } from '../../app/app-checks';
import { apiGroupOf, RouteHostClaims } from '../../app/route-claims';

const ISTIO_GROUP = 'networking.istio.io';

function fqdn(host: string, namespace: string): string {
  if (host === '*' || host.startsWith('*.') || host.endsWith('.svc.cluster.local')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  return host;
}

function gatewayRef(ref: string, namespace: string): string {
  if (ref === 'mesh') return 'mesh';
  return ref.includes('/') ? ref : `${namespace}/${ref}`;
}

/** The reference of an Istio Gateway object (undefined for other objects). */
export function istioGatewayOf(object: ApiObject, namespace: string): string | undefined {
  return object.kind === 'Gateway' && apiGroupOf(object.apiVersion) === ISTIO_GROUP ? `${namespace}/${object.name}` : undefined;
}

/** The hosts and gateways a VirtualService claims (`mesh` when it names no gateway); undefined for other objects. */
export function istioRouteClaims(object: ApiObject, namespace: string): RouteHostClaims | undefined {
  if (object.kind !== 'VirtualService' || apiGroupOf(object.apiVersion) !== ISTIO_GROUP) return undefined;
  const claims = recordedRouteClaims(object);
  const bindings = (claims.gateways && claims.gateways.length > 0 ? claims.gateways : ['mesh']).map((g) => gatewayRef(g, namespace));
  return {
    family: 'istio',
    hosts: claims.hosts.map((h) => fqdn(h, namespace)),
    bindings,
    bindingLabels: bindings.map((g) => (g === 'mesh' ? 'the mesh' : `gateway ${g}`)),
    gatewaysMustExist: true,
    oneMessagePerHost: true,
    clashConsequence: "which rules apply would depend on Istio's merge order",
  };
}
