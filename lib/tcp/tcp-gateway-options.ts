/** How TCP connections from outside the cluster reach the service: an Istio Gateway with a TCP server. */
export interface TcpGatewayOptions {
  /** Gateway name, e.g. `tcp-echo-gateway`. */
  readonly name: string;
  /** TCP port of the gateway server (the ingress gateway's TCP port). @default 31400 */
  readonly port?: number;
  /**
   * Hosts of the server and the VirtualService. Plain TCP carries no host name, so `*` is usual.
   * @default ['*']
   */
  readonly hosts?: string[];
  /** Namespace of the Gateway; the VirtualService then names it `<namespace>/<name>`. @default - the chart's namespace */
  readonly namespace?: string;
  /** Create the Gateway object here; false when another construct of the app creates it. @default true */
  readonly create?: boolean;
  /** The Gateway is managed outside this app (not created here; routes may bind it). @default false */
  readonly external?: boolean;
  /** Labels of the ingress gateway pods. @default { istio: 'ingressgateway' } */
  readonly selector?: Record<string, string>;
  /**
   * Also apply the weights to in-cluster (mesh) connections to the Service port. Istio does not
   * allow host `*` on the mesh, so this needs named `hosts`. Without it, in-cluster callers reach
   * the versions in proportion to their pods.
   * @default false
   */
  readonly includeMesh?: boolean;
}
