import { registerRouteClaimReader } from '../app/route-claims';
import { registerSelectableTraffic } from '../settings/traffic-setting';
import { ITrafficProvider, ITrafficReader } from './core/provider';
import { GatewayApiProvider } from './gateway-api/provider';
import { IngressNginxProvider } from './ingress-nginx/provider';
import { IstioProvider } from './istio/provider';
import { IstioAmbientProvider } from './istio-ambient/provider';
import { ServiceSelectorProvider } from './service-selector/provider';

/**
 * The registry of traffic providers: the default instance of every provider, in the order their
 * readers are asked (the simulator, `plan`, the review tools). The first is the default provider:
 * its reader also simulates what no reader claims (mesh traffic to a plain Service).
 *
 * A new provider adds ONE line here (its default instance); `Traffic` gets one static factory.
 */
export const TRAFFIC_PROVIDERS: readonly ITrafficProvider[] = [
  new IstioProvider(),
  new IstioAmbientProvider(), // before the Gateway API: its routes are Gateway API routes, served by a waypoint
  new GatewayApiProvider(),
  new IngressNginxProvider(),
  new ServiceSelectorProvider(),
];
// The app-level checks (lib/app/app-checks.ts) ask the readers, in this order, for host claims.
for (const p of TRAFFIC_PROVIDERS) if (p.reader) registerRouteClaimReader(p.reader);
// ROLLOUT_TRAFFIC and the context select any registered provider by its kind (its default instance).
for (const p of TRAFFIC_PROVIDERS) registerSelectableTraffic(p.kind);

/** The default provider (`istio`). */
export function defaultTrafficProvider(): ITrafficProvider {
  return TRAFFIC_PROVIDERS[0];
}

/** The registered provider of a kind, if any. */
export function trafficProviderOfKind(kind: string): ITrafficProvider | undefined {
  return TRAFFIC_PROVIDERS.find((p) => p.kind === kind);
}

/** The readers of the registered providers, in registry order. */
export function trafficReaders(): Array<{ kind: string; reader: ITrafficReader }> {
  return TRAFFIC_PROVIDERS.filter((p) => p.reader).map((p) => ({ kind: p.kind, reader: p.reader! }));
}
