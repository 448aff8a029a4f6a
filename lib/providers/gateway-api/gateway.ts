import { Construct } from 'constructs';
import { Gateway, GatewaySpecListeners, GatewaySpecListenersAllowedRoutesNamespacesFrom, GatewaySpecListenersTlsMode } from '../../../imports/gateway.networking.k8s.io';
import { GatewayTls } from '../core/gateway-tls';

/** Protocol of a Gateway API listener this library emits. */
export type GatewayListenerProtocol = 'HTTP' | 'TCP';

/** Properties of `createGatewayApiGateway`. */
export interface GatewayApiGatewaySpec {
  /** Object name. */
  readonly name: string;
  /** Namespace of the Gateway. @default - the chart's namespace */
  readonly namespace?: string;
  /** GatewayClass that implements it. @default 'istio' */
  readonly gatewayClassName?: string;
  /** Listener port. */
  readonly port: number;
  /** Listener protocol. */
  readonly protocol: GatewayListenerProtocol;
  /** Host names served, one listener each (HTTP only); `*` or none means every host. @default - every host */
  readonly hosts?: readonly string[];
  /**
   * Namespace whose routes may attach. @default - routes of the Gateway's own namespace only
   */
  readonly allowRoutesFrom?: string;
  /**
   * Admit routes from every namespace (`allowedRoutes.namespaces.from: All`), as an Istio Gateway
   * binds VirtualServices of any namespace; for a Gateway shared by applications in several namespaces.
   * Wins over `allowRoutesFrom`.
   * @default false
   */
  readonly allowAllNamespaces?: boolean;
  /**
   * Also an `HTTPS` listener per host on `httpsPort`, terminating TLS with the Secret
   * `tls.credentialName` (`certificateRefs`). HTTP only. @default - no HTTPS listeners
   */
  readonly tls?: GatewayTls;
  /** Port of the HTTPS listeners. @default 443 */
  readonly httpsPort?: number;
}

/** Name of the HTTPS listener of host `i` of `count` (`https-<port>[-<n>]`): redirect and ingress routes attach by it. */
export function httpsListenerName(port: number, i: number, count: number): string {
  return listenerName('HTTPS', port, i, count);
}

/** Name of the plain listener of host `i` of `count` (`http-<port>[-<n>]`). */
export function httpListenerName(port: number, i: number, count: number): string {
  return listenerName('HTTP', port, i, count);
}

/** Listener name: `<protocol>-<port>`, with `-<n>` when a host needs a listener of its own. */
function listenerName(protocol: string, port: number, i: number, count: number): string {
  return count > 1 ? `${protocol.toLowerCase()}-${port}-${i + 1}` : `${protocol.toLowerCase()}-${port}`;
}

/**
 * Builds a Gateway API `Gateway` (with the `istio` class, Istio deploys and runs a gateway for it).
 * HTTP: one listener per host name, so the Gateway accepts exactly those hosts; TCP: one listener.
 */
export function createGatewayApiGateway(scope: Construct, id: string, props: GatewayApiGatewaySpec): Gateway {
  const hosts = props.protocol === 'HTTP' ? (props.hosts ?? []).filter((h) => h !== '*') : [];
  const perHost: (string | undefined)[] = hosts.length > 0 ? hosts : [undefined];
  const allowedRoutes = props.allowAllNamespaces
    ? { namespaces: { from: GatewaySpecListenersAllowedRoutesNamespacesFrom.ALL } }
    : props.allowRoutesFrom
    ? {
      namespaces: {
        from: GatewaySpecListenersAllowedRoutesNamespacesFrom.SELECTOR,
        selector: { matchLabels: { 'kubernetes.io/metadata.name': props.allowRoutesFrom } },
      },
    }
    : undefined;
  const listeners: GatewaySpecListeners[] = perHost.map((hostname, i) => ({
    name: listenerName(props.protocol, props.port, i, perHost.length),
    port: props.port,
    protocol: props.protocol,
    ...(hostname ? { hostname } : {}),
    ...(allowedRoutes ? { allowedRoutes } : {}),
  }));
  if (props.tls && props.protocol === 'HTTP') {
    const httpsPort = props.httpsPort ?? 443;
    perHost.forEach((hostname, i) => listeners.push({
      name: listenerName('HTTPS', httpsPort, i, perHost.length),
      port: httpsPort,
      protocol: 'HTTPS',
      ...(hostname ? { hostname } : {}),
      tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ group: '', kind: 'Secret', name: props.tls!.credentialName }] },
      ...(allowedRoutes ? { allowedRoutes } : {}),
    }));
  }
  return new Gateway(scope, id, {
    metadata: { name: props.name, ...(props.namespace ? { namespace: props.namespace } : {}) },
    spec: { gatewayClassName: props.gatewayClassName ?? 'istio', listeners },
  });
}
