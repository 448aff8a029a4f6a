import { GatewayOptions } from '../providers/core/gateway';
import { TrafficPolicy } from '../providers/core/traffic-policy';
import { Problem } from '../validation/problems';
import { EngineProgression, engineName } from './progression';

/** The options of a strategy that an engine's objects do not carry. */
export interface EngineOptionsInput {
  /** The strategy's gateway. @default - none */
  readonly gateway?: GatewayOptions;
  /** The strategy's traffic policy. @default - none */
  readonly trafficPolicy?: TrafficPolicy;
}

/**
 * Options the Flagger and Argo Rollouts emitters do not render (HTTPS servers and the redirect,
 * timeouts, retries and DestinationRule policy): refused rather than dropped, so the YAML never means
 * less than the props say.
 */
export function engineUnrenderedOptionProblems(progression: EngineProgression, input: EngineOptionsInput): Problem[] {
  const engine = engineName(progression);
  const used: string[] = [];
  if (input.gateway?.tls !== undefined) used.push('gateway.tls');
  if (input.gateway?.httpsRedirect) used.push('gateway.httpsRedirect');
  if (input.trafficPolicy !== undefined) used.push('trafficPolicy');
  if (used.length === 0) return [];
  return [{
    message: `${used.join(', ')} ${used.length === 1 ? 'is' : 'are'} set, but progression '${progression}' emits the routing of ${engine}, which this library does not give HTTPS servers or traffic policies.`,
    fix: `remove ${used.join(' and ')}, or keep progression: Progression.manual() (a pull request per stage) where the provider renders them.`,
  }];
}
