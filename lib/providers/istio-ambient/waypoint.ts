/**
 * The waypoint of Istio's ambient mode: the Gateway API `Gateway` of class `istio-waypoint` that
 * Istio turns into a waypoint proxy (Envoy doing the L7 work for the Services that use it), the
 * labels that send a Service's traffic through it, and the namespace enrollment label. Pure
 * functions over plain JSON (no constructs); see docs/istio-ambient.md.
 */

/** Label on a Service (or Namespace) naming the waypoint its traffic goes through. */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
/** Label giving the namespace of the waypoint named by `istio.io/use-waypoint` when it is not the Service's own. */
export const USE_WAYPOINT_NAMESPACE_LABEL = 'istio.io/use-waypoint-namespace';
/** Label on a Service asking Istio's ingress gateways to send its traffic through its waypoint too. */
export const INGRESS_USE_WAYPOINT_LABEL = 'istio.io/ingress-use-waypoint';
/** Label on a waypoint Gateway saying which traffic it handles (`service`, `workload`, `all`, `none`; absent means `service`). */
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';
/** Label on a Namespace (or Pod) selecting the data plane: `ambient` enrolls its pods in ztunnel. */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
/** GatewayClass Istio installs for waypoints. */
export const WAYPOINT_GATEWAY_CLASS = 'istio-waypoint';
/** Port of the waypoint's HBONE listener. */
export const HBONE_PORT = 15008;

/** Which waypoint a Service uses, and whether this library creates it. */
export interface WaypointOptions {
  /** Name of the waypoint Gateway, e.g. `waypoint`. */
  readonly name: string;
  /** Namespace of the waypoint. @default - the namespace of the routes */
  readonly namespace?: string;
  /** Emit the waypoint Gateway (false: it exists already, e.g. made with `istioctl waypoint apply`). @default true */
  readonly create?: boolean;
}

/** Properties of `waypointGateway`. */
export interface WaypointGatewaySpec {
  /** Gateway name. */
  readonly name: string;
  /** Namespace of the Gateway. @default - unset (the chart's namespace) */
  readonly namespace?: string;
  /** The one other namespace whose Services may use it (cross-namespace waypoint). @default - Services of its own namespace only */
  readonly allowNamespace?: string;
}

/**
 * The waypoint Gateway, as `istioctl waypoint generate --for service` writes it:
 * `gateway.networking.k8s.io/v1` Gateway, class `istio-waypoint`, label `istio.io/waypoint-for: service`,
 * one listener `mesh` on port 15008, protocol `HBONE`. With `allowNamespace`, the listener admits
 * that namespace (by its `kubernetes.io/metadata.name` label) instead of its own.
 */
export function waypointGateway(spec: WaypointGatewaySpec): any {
  const allowedRoutes = spec.allowNamespace
    ? { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': spec.allowNamespace } } } }
    : { namespaces: { from: 'Same' } };
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: spec.name, ...(spec.namespace ? { namespace: spec.namespace } : {}), labels: { [WAYPOINT_FOR_LABEL]: 'service' } },
    spec: {
      gatewayClassName: WAYPOINT_GATEWAY_CLASS,
      listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE', allowedRoutes }],
    },
  };
}

/**
 * The labels that send a Service's traffic through the waypoint: `istio.io/use-waypoint: <name>`,
 * plus `istio.io/use-waypoint-namespace` when the waypoint lives in another namespace, plus
 * `istio.io/ingress-use-waypoint: "true"` when ingress traffic should take the waypoint as well.
 */
export function useWaypointLabels(waypoint: WaypointOptions, serviceNamespace: string | undefined, ingressUseWaypoint = false): Record<string, string> {
  const labels: Record<string, string> = { [USE_WAYPOINT_LABEL]: waypoint.name };
  if (waypoint.namespace && waypoint.namespace !== serviceNamespace) labels[USE_WAYPOINT_NAMESPACE_LABEL] = waypoint.namespace;
  if (ingressUseWaypoint) labels[INGRESS_USE_WAYPOINT_LABEL] = 'true';
  return labels;
}

/** The labels a namespace needs so its pods are in the ambient data plane: `istio.io/dataplane-mode: ambient`. */
export function ambientNamespaceLabels(): Record<string, string> {
  return { [DATAPLANE_MODE_LABEL]: 'ambient' };
}

/** A Namespace enrolled in ambient mode (for apps that own their namespace; most clusters label it once, outside the app). */
export function ambientNamespace(name: string): any {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: ambientNamespaceLabels() } };
}
