import { ITrafficRouting } from '../core/provider';
import { Construct } from 'constructs';
import { ApiObject, Chart } from 'cdk8s';
import { RouteRule } from '../../routing/route-model';
import { routeProblems, tcpRouteProblems } from '../../routing/route-problems';
import { declareExternalGateway, ensureAppChecks, recordRouteClaims } from '../../app/app-checks';
import { reportProblem } from '../../validation/problems';
import { IstioApiVersion, serviceFqdn } from './api-version';
import { createDestinationRule, SubsetSpec } from './destination-rule';
import { GatewayOptions, gatewayBasicProblems, gatewayReference } from '../core/gateway';
import { gatewayCreatedHere, gatewayOriginProblems, routeHostListProblems } from '../core/gateway-hosts';
import { createGateway } from './gateway';
import { createVirtualService } from './virtual-service';
import { GatewayProtocol } from '../core/gateway';
import { gatewayServers, gatewayTlsProblems } from '../core/gateway-tls';
import { TrafficPolicy } from '../core/traffic-policy';
import { requireProps } from '../../validation/required-props';

/** Properties of `MeshRouting`. */
export interface MeshRoutingProps {
  /** Service (application) name; names the DestinationRule and VirtualService. */
  readonly service: string;
  /** Subsets to define, one per version that exists at this stage. */
  readonly subsets: readonly SubsetSpec[];
  /** HTTP rules (first match wins). @default - none */
  readonly http?: readonly RouteRule[];
  /** TCP rules. @default - none */
  readonly tcp?: readonly RouteRule[];
  /** Service port routes target (set for TCP and multi-port Services). @default - none */
  readonly destinationPort?: number;
  /** Traffic from outside the cluster. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Protocol of the gateway server. @default 'HTTP' */
  readonly gatewayProtocol?: GatewayProtocol;
  /** Timeouts, retries and destination policy (per-version parts for the subsets given). @default - none */
  readonly trafficPolicy?: TrafficPolicy;
  /** Istio API version. @default 'v1' */
  readonly apiVersion?: IstioApiVersion;
}

/**
 * The Istio objects of one service at one stage: a DestinationRule with a subset per version,
 * a VirtualService rendering the stage's route rules, and optionally a Gateway.
 * Every route is checked against the subsets (a route to an undefined subset is an error).
 */
export class MeshRouting extends Construct implements ITrafficRouting {
  /** The routing of a strategy (its `routing` member) as MeshRouting, when the istio provider made it. */
  public static of(routing: ITrafficRouting | undefined): MeshRouting | undefined {
    return routing instanceof MeshRouting ? routing : undefined;
  }

  /** Kind of the provider that made it. */
  public readonly providerKind = 'istio';
  /** The DestinationRule. */
  public readonly destinationRule: ApiObject;
  /** The VirtualService. */
  public readonly virtualService: ApiObject;
  /** The Gateway, when this construct creates one. */
  public readonly gateway?: ApiObject;
  /** Host the routes send traffic to (the Service FQDN when the chart has a namespace). */
  public readonly destinationHost: string;

  constructor(scope: Construct, id: string, props: MeshRoutingProps) {
    requireProps(scope, id, 'MeshRouting', props, ['service', 'subsets']);
    super(scope, id);
    ensureAppChecks(this);
    const namespace = Chart.of(this).namespace;
    this.destinationHost = serviceFqdn(props.service, namespace);
    const versions = props.subsets.map((s) => s.name);
    for (const p of routeProblems([...(props.http ?? []), ...(props.tcp ?? [])], versions, 'route')) reportProblem(this, p);
    for (const p of tcpRouteProblems(props.tcp ?? [], 'tcp route')) reportProblem(this, p);

    this.destinationRule = createDestinationRule(this, 'DestinationRule', {
      name: props.service,
      host: this.destinationHost,
      subsets: props.subsets.map((s) => ({ ...s, trafficPolicy: props.trafficPolicy?.versions?.[s.name] })),
      trafficPolicy: props.trafficPolicy?.destination,
      apiVersion: props.apiVersion,
    });

    const gw = props.gateway;
    let hosts = [this.destinationHost];
    let gateways: string[] | undefined;
    if (gw) {
      for (const p of gatewayBasicProblems(gw.name, gw.port ?? 80, gw.hosts, undefined, gw.namespace)) reportProblem(this, p);
      for (const p of gatewayTlsProblems(gw, props.gatewayProtocol ?? 'HTTP')) reportProblem(this, p);
      const mesh = gw.includeMesh ?? true;
      for (const p of [...gatewayOriginProblems(gw), ...routeHostListProblems(gw.hosts, mesh ? this.destinationHost : undefined)]) reportProblem(this, p);
      if (mesh && gw.hosts.includes('*')) {
        reportProblem(this, {
          message: 'the gateway host "*" cannot be bound to the mesh: Istio rejects a VirtualService with host "*" on the "mesh" gateway.',
          fix: 'set includeMesh: false (the route then serves gateway traffic only), or name the external hosts.',
        });
      }
      hosts = mesh ? [...gw.hosts, this.destinationHost] : [...gw.hosts];
      const ref = gatewayReference(gw, namespace);
      gateways = mesh ? [ref, 'mesh'] : [ref];
      if (gatewayCreatedHere(gw)) {
        this.gateway = createGateway(this, 'Gateway', {
          name: gw.name,
          namespace: gw.namespace,
          selector: gw.selector,
          servers: gatewayServers(gw, gw.hosts, props.gatewayProtocol ?? 'HTTP'),
          apiVersion: props.apiVersion,
        });
      } else {
        // external states that the Gateway exists outside the app; the app-level check accepts references to it
        // (with create: false alone, a construct of the app must create it).
        if (gw.external) declareExternalGateway(this, gw.namespace ?? namespace ?? 'default', gw.name);
      }
    }
    this.virtualService = createVirtualService(this, 'VirtualService', {
      name: props.service,
      hosts,
      gateways,
      destinationHost: this.destinationHost,
      destinationPort: props.destinationPort,
      http: props.http,
      tcp: props.tcp,
      routePolicy: props.trafficPolicy?.route,
      apiVersion: props.apiVersion,
    });
    recordRouteClaims(this.virtualService, { hosts, gateways });
  }
}
