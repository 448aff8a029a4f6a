import { Duration } from 'cdk8s';
import { HttpRouteSpecRules } from '../../../imports/gateway.networking.k8s.io';
import { Problem } from '../../validation/problems';
import { renderDuration, TrafficPolicy } from '../core/traffic-policy';

/** Rules with `timeouts.request` set to `timeout` (unchanged without one). */
export function withTimeout(rules: HttpRouteSpecRules[], timeout: Duration | undefined): HttpRouteSpecRules[] {
  if (!timeout) return rules;
  const request = renderDuration(timeout);
  return rules.map((r) => ({ ...r, timeouts: { request } }));
}

/**
 * The traffic policy Gateway API v1.6 (standard channel) cannot express: HTTPRoute has no `retry`
 * there, and outlier detection, connection pool and load balancing need an Istio DestinationRule.
 * Refused rather than dropped, so no policy is lost silently.
 */
export function gatewayApiPolicyProblems(policy: TrafficPolicy | undefined): Problem[] {
  if (!policy) return [];
  const problems: Problem[] = [];
  if (policy.route?.retries) {
    problems.push({
      message: "trafficPolicy.route.retries cannot be expressed with traffic 'gateway-api': HTTPRoute in Gateway API v1.6 (standard channel) has no retry field.",
      fix: 'remove retries (timeout is supported as rules[].timeouts.request), or use traffic: Traffic.istio().',
    });
  }
  const destinations = [policy.destination, ...Object.values(policy.versions ?? {})].filter((d) => d !== undefined);
  if (destinations.length > 0) {
    problems.push({
      message: "trafficPolicy.destination and trafficPolicy.versions (outlier detection, connection pool, load balancer) cannot be expressed with traffic 'gateway-api': they need an Istio DestinationRule.",
      fix: 'remove them, or use traffic: Traffic.istio(), which renders them in the DestinationRule.',
    });
  }
  return problems;
}
