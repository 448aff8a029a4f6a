import { ITrafficProvider } from '../core/provider';
import { IstioApiVersion } from './api-version';
import { IstioProvider } from './provider';

/**
 * The Istio API version of a provider (`Traffic.istio({ apiVersion })`), for objects a construct
 * emits itself next to the provider's (engine routing, multi-service routes); undefined otherwise.
 */
export function istioApiVersionOf(provider: ITrafficProvider): IstioApiVersion | undefined {
  return provider instanceof IstioProvider ? provider.options.apiVersion : undefined;
}
