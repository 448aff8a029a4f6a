import { Traffic } from '../../lib';

/**
 * The `Traffic` of a kind name, for table-driven tests and models that draw kinds as strings.
 * Any other value is passed through unchanged, as a JavaScript caller could (the constructs report it).
 */
export function trafficOf(kind: string | undefined): Traffic | undefined {
  if (kind === undefined) return undefined;
  if (kind === 'istio') return Traffic.istio();
  if (kind === 'gateway-api') return Traffic.gatewayApi();
  if (kind === 'service-selector') return Traffic.serviceSelector();
  return kind as unknown as Traffic;
}
