import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { TrafficApi } from '../settings/traffic-setting';
import { Problem, reportProblem } from '../validation/problems';
import { gatewayBasicProblems } from './core/gateway';
import { recordReportedGatewayHosts } from '../app/gateway-hosts';
import { SharedGatewaySpec } from './core/provider';
import { providerOf, selectTraffic, trafficSelectionProblems } from './traffic-routing';
import { Traffic } from './traffic';
import { GatewayOptions, GatewayProtocol } from './core/gateway';
import { GatewayTls, gatewayTlsProblems, GatewayTlsOptions } from './core/gateway-tls';
import { requireProps } from '../validation/required-props';
import { chartNamespaceProblems } from '../validation/chart-namespace';

/** Properties of `IngressGateway` (with `tls`, also an HTTPS server; with `httpsRedirect`, the plain port redirects). */
export interface IngressGatewayProps extends GatewayTlsOptions {
  /** Gateway name, e.g. `weather-gateway`. */
  readonly name: string;
  /** Namespace of the Gateway, e.g. `istio-system`. @default - the chart's namespace */
  readonly namespace?: string;
  /** Hosts served, e.g. `['weather.example.com']`, or `['*']` for every host. @default ['*'] */
  readonly hosts?: readonly string[];
  /** Port of the server. @default 80 */
  readonly port?: number;
  /** Protocol of the server. @default 'HTTP' */
  readonly protocol?: GatewayProtocol;
  /** Labels of the ingress gateway pods that implement it (Istio only). @default { istio: 'ingressgateway' } */
  readonly selector?: Record<string, string>;
  /**
   * The API of the Gateway object: an Istio `Gateway` (`networking.istio.io`), or a Gateway API
   * `Gateway` (class `istio`, one listener per host, admitting routes from every namespace like an
   * Istio Gateway does). Use the same API as the routes that attach to it. When not set here, the
   * `cdk8s-progressive:traffic` context key or the `ROLLOUT_TRAFFIC` environment variable chooses it.
   * @default 'istio'
   */
  readonly traffic?: Traffic;
}

/** How one route attaches to a shared `IngressGateway`. */
export interface GatewayRouteOptions {
  /** External hosts of the route; each must be served by the gateway. @default - the gateway's hosts */
  readonly hosts?: readonly string[];
  /**
   * Also apply the route to in-cluster (mesh) traffic. Istio rejects the host `*` on a VirtualService
   * bound to the mesh, so this is only possible with named hosts.
   * @default - true with named hosts, false when the hosts include `*`
   */
  readonly includeMesh?: boolean;
}

/**
 * An Istio Gateway shared by several routes (seed 002: `istio-system/weather-gateway`, HTTP port 80,
 * host `*`). Routes reference it instead of creating their own: pass the construct as the `gateway`
 * of a `HeaderRoute` or `MultiServiceRelease`, or `routeOptions()` to any construct taking `GatewayOptions`.
 *
 * @example
 * const gw = new IngressGateway(chart, 'weather-gateway', { name: 'weather-gateway', namespace: 'istio-system' });
 */
export class IngressGateway extends Construct {
  /** The Gateway object: an Istio `Gateway`, or a Gateway API `Gateway` with traffic 'gateway-api'. */
  public readonly gateway: ApiObject;
  /** The API of the Gateway object. */
  public readonly traffic: TrafficApi;
  /** Gateway name. */
  public readonly name: string;
  /** Namespace of the Gateway (undefined when neither the props nor the chart name one). */
  public readonly namespace?: string;
  /** Hosts served. */
  public readonly hosts: readonly string[];
  /** Server port. */
  public readonly port: number;
  /** The reference a VirtualService uses: `<namespace>/<name>`, or `<name>` without a namespace. */
  public readonly ref: string;

  /** HTTPS server settings. @default - no HTTPS server */
  public readonly tls?: GatewayTls;
  /** Port of the HTTPS server. @default - 443 with `tls` */
  public readonly httpsPort?: number;
  /** The plain port redirects to HTTPS. @default - no redirect */
  public readonly httpsRedirect?: boolean;

  constructor(scope: Construct, id: string, props: IngressGatewayProps) {
    requireProps(scope, id, 'IngressGateway', props, ['name']);
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    if (props.namespace === undefined) chartNamespaceProblems(this).forEach((p) => reportProblem(this, p));
    this.hosts = [...(props.hosts ?? ['*'])];
    this.port = props.port ?? 80;
    this.ref = this.namespace ? `${this.namespace}/${this.name}` : this.name;
    for (const p of gatewayBasicProblems(props.name, this.port, this.hosts, "list the hosts it serves, e.g. ['weather.example.com'], or ['*'].", props.namespace)) reportProblem(this, p);
    const selection = selectTraffic(this, props.traffic);
    const choice = selection.choice;
    this.traffic = choice.traffic as TrafficApi;
    for (const p of trafficSelectionProblems(selection)) reportProblem(this, p);
    const provider = providerOf(selection);
    for (const p of gatewayTlsProblems(props, props.protocol ?? 'HTTP')) reportProblem(this, p);
    this.tls = props.tls;
    this.httpsPort = props.httpsPort;
    this.httpsRedirect = props.httpsRedirect;
    const spec: SharedGatewaySpec = {
      name: props.name, namespace: props.namespace, hosts: this.hosts, port: this.port, protocol: props.protocol, selector: props.selector, shared: true,
      tls: props.tls, httpsPort: props.httpsPort, httpsRedirect: props.httpsRedirect,
    };
    for (const p of provider.sharedGatewayProblems(spec)) reportProblem(this, p);
    this.gateway = provider.renderSharedGateway(this, 'Resource', spec);
  }

  /** True when a route host is served by this gateway (`*` serves all, `*.a.com` serves `x.a.com`). */
  public serves(host: string): boolean {
    return this.hosts.some((g) => g === '*' || g === host || (g.startsWith('*.') && (host.endsWith(g.slice(1)) || host === g)));
  }

  /**
   * `GatewayOptions` for a route bound to this gateway (the Gateway is not created again).
   * A route host the gateway does not serve is reported as a problem of this gateway.
   */
  public routeOptions(options: GatewayRouteOptions = {}): GatewayOptions {
    const hosts = [...(options.hosts ?? this.hosts)];
    for (const p of this.routeHostProblems(hosts)) reportProblem(this, p);
    recordReportedGatewayHosts(this.gateway, hosts.filter((h) => !this.serves(h)));
    return {
      name: this.name,
      namespace: this.namespace,
      hosts,
      port: this.port,
      tls: this.tls,
      httpsPort: this.httpsPort,
      httpsRedirect: this.httpsRedirect,
      create: false,
      includeMesh: options.includeMesh ?? !hosts.includes('*'),
    };
  }

  /** Problems of a route's hosts: each must be served by this gateway. */
  public routeHostProblems(hosts: readonly string[]): Problem[] {
    return hosts.filter((h) => !this.serves(h)).map((h) => ({
      message: `route host "${h}" is not served by gateway ${this.ref} (hosts: ${this.hosts.join(', ')}), so no request for it reaches the route.`,
      fix: `use one of the gateway's hosts, or add "${h}" to the gateway's hosts.`,
    }));
  }
}

/** A gateway for a route: plain options (the route may create the Gateway) or a shared `IngressGateway`. */
export type RouteGateway = GatewayOptions | IngressGateway;

/** The `GatewayOptions` of a route's gateway (a shared `IngressGateway` with all its hosts); undefined stays undefined. */
export function resolveRouteGateway(gateway: RouteGateway | undefined): GatewayOptions | undefined {
  if (!gateway) return undefined;
  return gateway instanceof IngressGateway ? gateway.routeOptions() : gateway;
}
