import { Problem } from '../../validation/problems';
import { checkDnsLabel, checkHostName, checkPort } from '../../validation/rules';
import { GatewayTlsOptions } from './gateway-tls';

/** Protocol of a Gateway server. */
export type GatewayProtocol = 'HTTP' | 'HTTP2' | 'GRPC' | 'TCP';

/**
 * How traffic from outside the cluster reaches the service: an Istio Gateway and external hosts;
 * with `tls` also an HTTPS server (`httpsPort`), with `httpsRedirect` the plain port redirects to it.
 */
export interface GatewayOptions extends GatewayTlsOptions {
  /** Gateway name, e.g. `demo4-gateway`. */
  readonly name: string;
  /** External hosts, e.g. `['demo4.a.com']`, or `['*']`. */
  readonly hosts: string[];
  /** Namespace of the Gateway; the VirtualService then names it `<namespace>/<name>`. @default - the chart's namespace */
  readonly namespace?: string;
  /**
   * Create the Gateway object here. Set false when another construct of this app creates it (for
   * example an `IngressGateway`, or the construct that owns a shared gateway): that Gateway must then
   * list this construct's hosts, and the app fails synth when no construct of the app creates it.
   * For a Gateway managed outside the app, set `external` instead.
   * @default true
   */
  readonly create?: boolean;
  /**
   * The Gateway is managed outside this app (for example `istio-system/weather-gateway`, run by the
   * platform team): it is not created here, and routes may bind it although no construct of the app
   * defines it. The library cannot tell a typo from such a Gateway, so say it explicitly.
   * @default false
   */
  readonly external?: boolean;
  /** Port of the gateway server. @default 80 (31400 style ports for TCP) */
  readonly port?: number;
  /** Labels of the ingress gateway pods. @default { istio: 'ingressgateway' } */
  readonly selector?: Record<string, string>;
  /**
   * Also apply the routes to in-cluster (mesh) traffic: the VirtualService then binds `mesh` and the
   * Service host too. Without it, in-cluster callers reach every version through the Service round-robin.
   * @default true
   */
  readonly includeMesh?: boolean;
}

/**
 * The one place that validates a gateway's name, port and hosts (for every provider and for
 * `IngressGateway`). `noHostsFix` words the fix of an empty host list; `namespace`, when given, is checked too.
 */
export function gatewayBasicProblems(
  name: string, port: number, hosts: readonly string[],
  noHostsFix: string = "list the external hosts, e.g. ['demo4.a.com'], or ['*'].", namespace?: string,
): Problem[] {
  const problems = [
    checkDnsLabel(name, 'gateway name'),
    namespace !== undefined ? checkDnsLabel(namespace, 'gateway namespace') : undefined,
    checkPort(port, 'gateway port'),
    ...hosts.map((h) => checkHostName(h, 'gateway host')),
  ]
    .filter((p): p is Problem => p !== undefined);
  if (hosts.length === 0) problems.push({ message: 'the gateway has no hosts.', fix: noHostsFix });
  return problems;
}

/** True when the gateway lives in another namespace than the routes (`namespace`, the chart's). */
export function gatewayInOtherNamespace(gw: { readonly namespace?: string }, namespace: string | undefined): boolean {
  return !!gw.namespace && gw.namespace !== namespace;
}

/** The reference routes use for a gateway: `<namespace>/<name>` in another namespace, else `<name>`. */
export function gatewayReference(gw: { readonly name: string; readonly namespace?: string }, namespace: string | undefined): string {
  return gatewayInOtherNamespace(gw, namespace) ? `${gw.namespace}/${gw.name}` : gw.name;
}

/** A Gateway API `parentRef` to the gateway: `{ name }`, plus `namespace` in another namespace. */
export function gatewayParentRef(gw: { readonly name: string; readonly namespace?: string }, namespace: string | undefined): { name: string; namespace?: string } {
  return { name: gw.name, ...(gatewayInOtherNamespace(gw, namespace) ? { namespace: gw.namespace } : {}) };
}

/** The namespace whose routes a created Gateway must admit: the routes' namespace when the Gateway is elsewhere. */
export function admittedRouteNamespace(gw: { readonly namespace?: string }, namespace: string | undefined): string | undefined {
  return namespace && gatewayInOtherNamespace(gw, namespace) ? namespace : undefined;
}
