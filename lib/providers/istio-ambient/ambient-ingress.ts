/**
 * Traffic from outside the cluster in ambient mode. The Istio ingress gateway (a Gateway API
 * `Gateway` of class `istio`) hands every request for the app to the Service `<service>` through one
 * HTTPRoute `<service>-ingress`, and the Service carries `istio.io/ingress-use-waypoint: "true"`, so
 * the ingress gateway sends it through the waypoint, which applies the same HTTPRoute as mesh
 * traffic (Istio's ENABLE_INGRESS_WAYPOINT_ROUTING, on by default). One set of rules for both
 * directions: a rule cannot apply to ingress traffic only (see ambient-problems.ts). Pure: plain JSON.
 */

/** The ingress gateway of an ambient service. */
export interface AmbientIngressOptions {
  /** Gateway name, e.g. `demo4-gateway`. */
  readonly name: string;
  /** External hosts, e.g. `['demo4.a.com']`, or `['*']`. */
  readonly hosts: readonly string[];
  /** Namespace of the Gateway. @default - the namespace of the routes */
  readonly namespace?: string;
  /** Emit the Gateway (false: it exists already). @default true */
  readonly create?: boolean;
  /** Listener port. @default 80 */
  readonly port?: number;
  /** GatewayClass of the created Gateway. @default 'istio' */
  readonly gatewayClassName?: string;
  /** Labels of existing gateway pods: cannot be expressed (reported). @default - none */
  readonly selector?: Record<string, string>;
  /** Whether mesh traffic is routed too: ambient cannot route ingress traffic only (false is reported). @default true */
  readonly includeMesh?: boolean;
}

/** Name of the ingress route: `<service>-ingress`. */
export function ambientIngressRouteName(service: string): string {
  return `${service}-ingress`;
}

/** The spellings of the ingress gateway in `gateways` conditions: `name` and `namespace/name`. */
export function ambientIngressRefs(ingress: AmbientIngressOptions, routeNamespace: string | undefined): string[] {
  const ns = ingress.namespace ?? routeNamespace;
  return [ingress.name, ...(ns ? [`${ns}/${ingress.name}`] : [])];
}

/**
 * The ingress objects: the Gateway (class `istio`, one HTTP listener per host, admitting the routes'
 * namespace when it lives elsewhere) unless `create: false`, and the HTTPRoute `<service>-ingress`
 * attached to it with the hosts, sending everything to the Service `<service>`.
 */
export function ambientIngressObjects(service: string, port: number, ingress: AmbientIngressOptions, routeNamespace: string | undefined): any[] {
  const out: any[] = [];
  const cross = ingress.namespace !== undefined && ingress.namespace !== routeNamespace;
  const hosts = ingress.hosts.filter((h) => h !== '*');
  if (ingress.create ?? true) {
    const gwPort = ingress.port ?? 80;
    const perHost: (string | undefined)[] = hosts.length > 0 ? hosts : [undefined];
    const allowedRoutes = cross && routeNamespace ? { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': routeNamespace } } } } : undefined;
    out.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: ingress.name, ...(ingress.namespace ? { namespace: ingress.namespace } : {}) },
      spec: {
        gatewayClassName: ingress.gatewayClassName ?? 'istio',
        listeners: perHost.map((hostname, i) => ({
          name: perHost.length > 1 ? `http-${gwPort}-${i + 1}` : `http-${gwPort}`,
          port: gwPort,
          protocol: 'HTTP',
          ...(hostname ? { hostname } : {}),
          ...(allowedRoutes ? { allowedRoutes } : {}),
        })),
      },
    });
  }
  out.push({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: ambientIngressRouteName(service) },
    spec: {
      parentRefs: [{ name: ingress.name, ...(cross ? { namespace: ingress.namespace } : {}) }],
      ...(hosts.length > 0 && !ingress.hosts.includes('*') ? { hostnames: [...hosts] } : {}),
      rules: [{ backendRefs: [{ name: service, port }] }],
    },
  });
  return out;
}
