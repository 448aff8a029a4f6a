import { Construct } from 'constructs';
import { TrafficApi } from '../settings/traffic-setting';
import { reportProblem } from '../validation/problems';
import { ITrafficProvider, ITrafficRouting, StageRouteModel } from './core/provider';
import { TcpRouteApiVersion } from './gateway-api/gateway-api-routing';
import { IstioApiVersion } from './istio/api-version';
import { Traffic } from './traffic';

/** The provider-specific options a strategy still takes as props, for `providerOf`. */
export interface ProviderPropOptions {
  /** Istio API version (`istioApiVersion`). @default 'v1' */
  readonly istioApiVersion?: IstioApiVersion;
  /** GatewayClass of created Gateway API Gateways. @default 'istio' */
  readonly gatewayClassName?: string;
  /** API version of TCPRoutes. @default 'v1' */
  readonly tcpRouteApiVersion?: TcpRouteApiVersion;
}

/** The provider for a chosen routing API (`istio` or `gateway-api`) with the strategy's provider options. */
export function providerOf(traffic: TrafficApi, options: ProviderPropOptions = {}): ITrafficProvider {
  return traffic === 'istio'
    ? Traffic.istio({ apiVersion: options.istioApiVersion }).provider
    : Traffic.gatewayApi({ gatewayClassName: options.gatewayClassName, tcpRouteApiVersion: options.tcpRouteApiVersion }).provider;
}

/**
 * Renders the routing of one stage with the chosen provider: every strategy routes through this
 * function, so no strategy names a provider. An Istio-only input with another provider
 * (`istioApiVersion`) is reported on `scope`.
 */
export function renderStageRouting(scope: Construct, id: string, provider: ITrafficProvider, model: StageRouteModel, options: ProviderPropOptions = {}): ITrafficRouting {
  if (provider.kind !== 'istio' && options.istioApiVersion !== undefined) {
    reportProblem(scope, {
      message: `istioApiVersion "${options.istioApiVersion}" is an Istio option, but traffic is '${provider.kind}', which emits no Istio objects.`,
      fix: "remove istioApiVersion, or use traffic: 'istio'.",
    });
  }
  for (const p of provider.modelProblems(model, 'route')) reportProblem(scope, p);
  return provider.render(scope, id, model);
}
