import { Problem } from '../../validation/problems';
import { ITrafficProvider, StageRouteModel } from './provider';
import { trafficPolicyProblems } from './traffic-policy';

/**
 * Problems of a model's `trafficPolicy` for every provider: Istio's value rules, and a provider
 * without routing objects, which has nowhere to put a timeout, retry or destination policy.
 */
export function trafficPolicyModelProblems(provider: ITrafficProvider, model: StageRouteModel): Problem[] {
  const policy = model.trafficPolicy;
  if (!policy) return [];
  const problems = trafficPolicyProblems(policy);
  if (!provider.features.routingObjects) {
    problems.push({
      message: `trafficPolicy is set, but ${provider.displayName} renders no routing objects, so no timeout, retry or destination policy can be applied.`,
      fix: 'remove trafficPolicy, or use traffic: Traffic.istio().',
    });
  }
  if (policy.route && (model.http ?? []).length === 0 && (model.tcp ?? []).length > 0) {
    problems.push({
      message: 'trafficPolicy.route (timeout, retries) is set on TCP routing, which has no requests to time out or retry.',
      fix: 'remove trafficPolicy.route; trafficPolicy.destination (outlier detection, connection pool) applies to TCP too.',
    });
  }
  return problems;
}
