import { Construct, IConstruct } from 'constructs';
import { chooseTrafficApi, TrafficApi, TrafficApiChoice, trafficApiProblems } from '../settings/traffic-setting';
import { Problem, reportProblem } from '../validation/problems';
import { ITrafficProvider, ITrafficRouting, StageRouteModel } from './core/provider';
import { trafficPolicyModelProblems } from './core/traffic-policy-checks';
import { TcpRouteApiVersion } from './gateway-api/gateway-api-routing';
import { IstioApiVersion } from './istio/api-version';
import { GatewayApiProvider } from './gateway-api/provider';
import { IstioProvider } from './istio/provider';
import { trafficProviderOfKind } from './registry';
import { Traffic } from './traffic';
import { checkZeroReplicaTargets } from '../routing/zero-replica-targets';
import { gatewayOriginProblems } from './core/gateway-hosts';

/** The provider-specific options a strategy still takes as props, for `providerOf`. */
export interface ProviderPropOptions {
  /** Istio API version (`istioApiVersion`). @default 'v1' */
  readonly istioApiVersion?: IstioApiVersion;
  /** GatewayClass of created Gateway API Gateways. @default 'istio' */
  readonly gatewayClassName?: string;
  /** API version of TCPRoutes. @default 'v1' */
  readonly tcpRouteApiVersion?: TcpRouteApiVersion;
}

/** The traffic a construct was given or chose: the choice (for messages) and the provider set in code, if any. */
export interface TrafficSelection {
  /** Who chose which kind (code, context, ROLLOUT_TRAFFIC, default). */
  readonly choice: TrafficApiChoice;
  /**
   * The provider given in code as a `Traffic`, or the registered default instance of the kind the
   * context or `ROLLOUT_TRAFFIC` chose. @default - none (the chosen kind is not registered: see `trafficSelectionProblems`)
   */
  readonly declared?: ITrafficProvider;
}

/**
 * The traffic of a construct: a `Traffic` set in code, else the `cdk8s-progressive:traffic` context,
 * else `ROLLOUT_TRAFFIC`, else `istio` (see `chooseTrafficApi`). A value that is not a `Traffic`
 * (a JavaScript caller passing a string) is kept as the choice and reported by `trafficSelectionProblems`.
 */
export function selectTraffic(scope: IConstruct, declared: Traffic | undefined): TrafficSelection {
  if (declared instanceof Traffic) return { choice: { traffic: declared.kind, source: 'code' }, declared: declared.provider };
  const choice = chooseTrafficApi(scope, declared === undefined ? undefined : String(declared));
  return { choice, declared: trafficProviderOfKind(choice.traffic) };
}

/** The problem of a selection that names no provider (empty for a `Traffic` set in code and for a valid kind). */
export function trafficSelectionProblems(selection: TrafficSelection, extra: readonly string[] = []): Problem[] {
  return selection.declared ? [] : trafficApiProblems(selection.choice, extra);
}

/**
 * The provider of a selection, with the provider options the strategy still takes as props
 * (`istioApiVersion`) filled in where the `Traffic` left them unset.
 */
export function providerOf(selection: TrafficSelection | TrafficApi, options: ProviderPropOptions = {}): ITrafficProvider {
  const sel: TrafficSelection = typeof selection === 'string' ? { choice: { traffic: selection, source: 'code' } } : selection;
  const d = sel.declared;
  if (d instanceof IstioProvider) return new IstioProvider({ apiVersion: d.options.apiVersion ?? options.istioApiVersion });
  if (d instanceof GatewayApiProvider) {
    return new GatewayApiProvider({
      gatewayClassName: d.options.gatewayClassName ?? options.gatewayClassName,
      tcpRouteApiVersion: d.options.tcpRouteApiVersion ?? options.tcpRouteApiVersion,
    });
  }
  if (d) return d;
  if (sel.choice.traffic === 'gateway-api') {
    return new GatewayApiProvider({ gatewayClassName: options.gatewayClassName, tcpRouteApiVersion: options.tcpRouteApiVersion });
  }
  // Another registered kind chosen by ROLLOUT_TRAFFIC or the context: its default instance.
  const registered = sel.choice.traffic === 'istio' ? undefined : trafficProviderOfKind(sel.choice.traffic);
  return registered ?? new IstioProvider({ apiVersion: options.istioApiVersion });
}

/**
 * Renders the routing of one stage with the chosen provider: every strategy routes through this
 * function, so no strategy names a provider. What the provider cannot express (`modelProblems`)
 * is reported on `scope`;
 * nothing is rendered then, nor by a provider without routing objects.
 */
export function renderStageRouting(scope: Construct, id: string, provider: ITrafficProvider, model: StageRouteModel): ITrafficRouting | undefined {
  // The gateway's origin is checked here for every provider: some override `create` for a strategy that renders its own Gateway.
  const origin = model.gateway ? gatewayOriginProblems(model.gateway) : [];
  const problems = [...origin, ...trafficPolicyModelProblems(provider, model), ...provider.modelProblems(model, 'route')];
  for (const p of problems) reportProblem(scope, p);
  if (!provider.features.routingObjects || problems.length > 0) return undefined;
  checkZeroReplicaTargets(scope, model.service, [...(model.http ?? []), ...(model.tcp ?? []), ...(model.previews ?? []).flatMap((p) => p.rules)]);
  return provider.render(scope, id, model);
}
