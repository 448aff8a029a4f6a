import { ITrafficRouting } from '../core/provider';
import { ApiObject, Chart, Duration } from 'cdk8s';
import { withTimeout } from './policy';
import { Construct } from 'constructs';
import { Gateway, HttpRoute, TcpRoute, TcpRouteV1Alpha2 } from '../../../imports/gateway.networking.k8s.io';
import { VersionSubset as SubsetSpec } from '../core/provider';
import { admittedRouteNamespace, GatewayOptions, gatewayBasicProblems, gatewayParentRef, GatewayProtocol, gatewayReference } from '../core/gateway';
import { gatewayCreatedHere } from '../core/gateway-hosts';
import { RouteRule } from '../../routing/route-model';
import { routeProblems } from '../../routing/route-problems';
import { Problem, reportProblem } from '../../validation/problems';
import { checkPort } from '../../validation/rules';
import { AppProtocol } from '../../workload/options';
import { createGatewayApiGateway } from './gateway';
import { gatewayApiTlsProblems, httpsRedirectRoute, ingressParentRefs } from './https';
import { gatewayApiRuleProblems, routeOrderProblems } from './route-problems';
import { RouteParent, toHttpRouteRules, toTcpRouteRules } from './route-rules';
import { VersionServices } from './version-services';
import { requireProps } from '../../validation/required-props';
import { declareExternalGateway } from '../../app/app-checks';

/** API version of the emitted TCPRoute. `v1` is the only one a v1.6 Gateway API serves; `v1alpha2` is for clusters with Gateway API v1.4 or older. */
export type TcpRouteApiVersion = 'v1' | 'v1alpha2';

/** Name of the route for traffic from outside the cluster: `<service>-ingress`. */
export function ingressRouteName(service: string): string {
  return `${service}-ingress`;
}

/** Properties of `GatewayApiRouting` (the same inputs as `MeshRouting`, plus what only the Gateway API needs). */
export interface GatewayApiRoutingProps {
  /** Service (application) name: the Service the mesh route attaches to, and the prefix of the version Services. */
  readonly service: string;
  /** The versions that exist at this stage (name and pod labels), one Service `<service>-<version>` each. */
  readonly subsets: readonly SubsetSpec[];
  /** HTTP rules (in the route model the first match wins; an order the Gateway API would change is an error). @default - none */
  readonly http?: readonly RouteRule[];
  /** TCP rules: at most one, without conditions. @default - none */
  readonly tcp?: readonly RouteRule[];
  /** Port of the Services that routes send traffic to. @default 80 */
  readonly destinationPort?: number;
  /** Container port the version Services target. @default 80 */
  readonly targetPort?: number;
  /** Application protocol (names the version Service ports). @default - 'tcp' when there are only TCP rules, else 'http' */
  readonly protocol?: AppProtocol;
  /** Pod labels all versions share; each version Service adds the version's labels. @default { app: <service> } */
  readonly appSelector?: Record<string, string>;
  /**
   * Traffic from outside the cluster: a Gateway API `Gateway` (created unless `create: false`) and an
   * HTTPRoute `<service>-ingress` attached to it with the gateway's hosts. `selector` cannot be used:
   * with the `istio` class, Istio deploys a gateway for each Gateway object.
   * @default - mesh traffic only
   */
  readonly gateway?: GatewayOptions;
  /** Protocol of the gateway listener (`HTTP2` and `GRPC` are served by an `HTTP` listener). @default 'HTTP' */
  readonly gatewayProtocol?: GatewayProtocol;
  /** Timeout of a whole request (`rules[].timeouts.request`). @default - none */
  readonly requestTimeout?: Duration;
  /** GatewayClass of the created Gateway. @default 'istio' */
  readonly gatewayClassName?: string;
  /** API version of TCPRoutes. @default 'v1' */
  readonly tcpRouteApiVersion?: TcpRouteApiVersion;
}

/**
 * The Gateway API objects of one service at one stage, the counterpart of `MeshRouting`: a Service
 * per version (`<service>-<version>`, the Gateway API's "subsets"), an `HTTPRoute` `<service>`
 * attached to the Service for mesh traffic (GAMMA) and, with a gateway, an `HTTPRoute`
 * `<service>-ingress` attached to a `Gateway` (class `istio`); TCP rules become `TCPRoute`s.
 * Everything the Gateway API cannot express (caller labels, header prefixes, path prefixes, port
 * conditions, a rule order its precedence rules would change) is reported at synth.
 *
 * @example
 * new GatewayApiRouting(this, 'Routing', {
 *   service: 'demo4',
 *   subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
 *   http: [{ split: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] }],
 *   gateway: { name: 'demo4-gateway', hosts: ['demo4.a.com'], includeMesh: false },
 * });
 */
export class GatewayApiRouting extends Construct implements ITrafficRouting {
  /** The routing of a strategy (its `routing` member) as GatewayApiRouting, when the gateway-api provider made it. */
  public static of(routing: ITrafficRouting | undefined): GatewayApiRouting | undefined {
    return routing instanceof GatewayApiRouting ? routing : undefined;
  }

  /** Kind of the provider that made it. */
  public readonly providerKind = 'gateway-api';
  /** The Services in front of each version. */
  public readonly versionServices: VersionServices;
  /** HTTPRoute for mesh traffic (parentRef: the Service), when mesh traffic is routed. */
  public readonly meshRoute?: HttpRoute;
  /** HTTPRoute for traffic through the gateway, when there is a gateway. */
  public readonly ingressRoute?: HttpRoute;
  /** TCPRoutes (mesh and gateway). */
  public readonly tcpRoutes: ApiObject[] = [];
  /** The Gateway, when this construct creates one. */
  public readonly gateway?: Gateway;
  /** With `httpsRedirect`: the HTTPRoute `<service>-https-redirect` on the plain port answering 301 to https. */
  public readonly redirectRoute?: HttpRoute;

  constructor(scope: Construct, id: string, props: GatewayApiRoutingProps) {
    requireProps(scope, id, 'GatewayApiRouting', props, ['service', 'subsets']);
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    const http = props.http ?? [];
    const tcp = props.tcp ?? [];
    const port = props.destinationPort ?? 80;
    const problems: Problem[] = [];
    const versions = props.subsets.map((s) => s.name);
    const referenced = [...http, ...tcp].flatMap((r) => r.split.map((s) => s.version));
    problems.push(...routeProblems(http, [...versions, ...referenced], 'HTTP route'), ...routeProblems(tcp, [...versions, ...referenced], 'TCP route'));
    const unknownVersions = (rules: readonly RouteRule[], where: string) => rules.forEach((r, i) => {
      for (const s of r.split) {
        if (!versions.includes(s.version)) {
          problems.push({
            message: `${where}, rule ${r.name ? `"${r.name}"` : i + 1} routes to version "${s.version}", which has no version Service (it does not run at this stage).`,
            fix: `route to one of the running versions (${versions.join(', ')}) or run "${s.version}".`,
          });
        }
      }
    });
    unknownVersions(http, 'HTTP route');
    unknownVersions(tcp, 'TCP route');
    problems.push(...gatewayApiRuleProblems(http, 'HTTP route', 'http'), ...gatewayApiRuleProblems(tcp, 'TCP route', 'tcp'));
    const p = checkPort(port, 'destination port');
    if (p) problems.push(p);

    this.versionServices = new VersionServices(this, 'VersionServices', {
      service: props.service,
      versions: props.subsets,
      appSelector: props.appSelector,
      port,
      targetPort: props.targetPort,
      protocol: props.protocol ?? (tcp.length > 0 && http.length === 0 ? 'tcp' : 'http'),
    });

    const gw = props.gateway;
    const includeMesh = gw ? gw.includeMesh ?? true : true;
    const serviceParent = { group: '', kind: 'Service', name: props.service };
    if (includeMesh && http.length > 0) {
      const rendered = toHttpRouteRules(http, { service: props.service, port, parent: 'mesh' });
      problems.push(...routeOrderProblems(rendered, http, 'HTTP route (mesh)'));
      this.meshRoute = new HttpRoute(this, 'MeshRoute', {
        metadata: { name: props.service },
        spec: { parentRefs: [serviceParent], rules: withTimeout(rendered.rules, props.requestTimeout) },
      });
    }
    if (includeMesh && tcp.length > 0) {
      this.tcpRoutes.push(this.tcpRoute('MeshTcpRoute', props.service, [serviceParent], tcp, 'mesh', [], props, port));
    }

    if (gw) {
      problems.push(...gatewayProblems(gw, namespace, props.gatewayProtocol ?? 'HTTP'));
      const gwNamespace = gw.namespace ?? namespace;
      const ref: RouteParent = gatewayReference(gw, namespace);
      const aliases = [gw.name, ...(gwNamespace ? [`${gwNamespace}/${gw.name}`] : [])];
      const gatewayParent = gatewayParentRef(gw, namespace);
      const listenerProtocol = props.gatewayProtocol === 'TCP' ? 'TCP' : 'HTTP';
      if (http.length > 0) {
        const rendered = toHttpRouteRules(http, { service: props.service, port, parent: ref, parentAliases: aliases });
        problems.push(...routeOrderProblems(rendered, http, 'HTTP route (gateway)'));
        const hostnames = gw.hosts.includes('*') ? [] : [...gw.hosts];
        this.ingressRoute = new HttpRoute(this, 'IngressRoute', {
          metadata: { name: ingressRouteName(props.service) },
          spec: { parentRefs: ingressParentRefs(gw, gatewayParent), ...(hostnames.length > 0 ? { hostnames } : {}), rules: withTimeout(rendered.rules, props.requestTimeout) },
        });
        if (gw.tls && gw.httpsRedirect) this.redirectRoute = httpsRedirectRoute(this, 'RedirectRoute', props.service, gw, gatewayParent, hostnames);
      }
      if (tcp.length > 0) {
        this.tcpRoutes.push(this.tcpRoute('IngressTcpRoute', ingressRouteName(props.service), [gatewayParent], tcp, ref, aliases, props, port));
      }
      if (gatewayCreatedHere(gw)) {
        this.gateway = createGatewayApiGateway(this, 'Gateway', {
          name: gw.name,
          namespace: gw.namespace,
          gatewayClassName: props.gatewayClassName,
          port: gw.port ?? 80,
          protocol: listenerProtocol,
          hosts: gw.hosts,
          allowRoutesFrom: admittedRouteNamespace(gw, namespace),
          tls: gw.tls,
          httpsPort: gw.httpsPort,
        });
      } else if (gw.external) {
        // The app-level check accepts routes to a Gateway managed outside the app only when it is declared so.
        declareExternalGateway(this, gw.namespace ?? namespace ?? 'default', gw.name);
      }
    }
    problems.forEach((x) => reportProblem(this, x));
  }

  private tcpRoute(id: string, name: string, parentRefs: any[], rules: readonly RouteRule[], parent: RouteParent, aliases: string[], props: GatewayApiRoutingProps, port: number): ApiObject {
    const applicable = rules.filter((r) => !r.matches || r.matches.length === 0 || r.matches.some((m) => !m.gateways || m.gateways.some((g) => g === parent || aliases.includes(g))));
    const spec = { parentRefs, rules: toTcpRouteRules(applicable, props.service, port) };
    return (props.tcpRouteApiVersion ?? 'v1') === 'v1'
      ? new TcpRoute(this, id, { metadata: { name }, spec })
      : new TcpRouteV1Alpha2(this, id, { metadata: { name }, spec });
  }
}

function gatewayProblems(gw: GatewayOptions, namespace: string | undefined, protocol: string): Problem[] {
  const problems = [...gatewayBasicProblems(gw.name, gw.port ?? 80, gw.hosts, undefined, gw.namespace), ...gatewayApiTlsProblems(gw, protocol)];
  if (gw.selector) {
    problems.push({
      message: `gateway.selector ${JSON.stringify(gw.selector)} cannot be expressed in the Gateway API: a Gateway of class "istio" gets a gateway deployment of its own instead of selecting existing gateway pods.`,
      fix: 'remove gateway.selector, or keep traffic: Traffic.istio() to use the existing ingress gateway pods.',
    });
  }
  if (gw.namespace && !namespace && gatewayCreatedHere(gw)) {
    problems.push({
      message: `the Gateway is created in namespace "${gw.namespace}" but the routes have no namespace, so the Gateway cannot admit exactly their namespace.`,
      fix: 'set the namespace of the chart.',
    });
  }
  if (gw.hosts.length > 16) problems.push({ message: `the gateway has ${gw.hosts.length} hosts; a Gateway API route allows 16 hostnames.`, fix: 'use a wildcard host such as "*.a.com".' });
  return problems;
}
