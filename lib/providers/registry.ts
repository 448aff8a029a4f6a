import { registerRouteClaimReader } from '../app/route-claims';
import { registerSelectableTraffic } from '../settings/traffic-setting';
import { ITrafficProvider, ITrafficReader } from './core/provider';
import { Traffic } from './traffic';

/**
 * The registry of traffic providers: the default instance of every provider, in the order their
 * readers are asked (the simulator, `plan`, the review tools). The first is the default provider:
 * its reader also simulates what no reader claims (mesh traffic to a plain Service).
 *
 * A new provider adds ONE line here (its default instance, made by its `Traffic` factory without
 * options); `Traffic` gets an import and a one-line static factory, lib/index.ts one line exporting
 * the folder's public-api.ts. A provider whose options have no default (`Traffic.replicaRatio()`)
 * is not listed, so `ROLLOUT_TRAFFIC` cannot select it.
 */
export const TRAFFIC_PROVIDERS: readonly ITrafficProvider[] = [
  Traffic.istio().provider,
  Traffic.istioAmbient().provider, // before the Gateway API: its routes are Gateway API routes, served by a waypoint
  Traffic.gatewayApi().provider,
  Traffic.ingressNginx().provider,
  Traffic.serviceSelector().provider,
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
