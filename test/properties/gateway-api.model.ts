/**
 * CanaryService plans rendered with `traffic: 'gateway-api'`: the plans of `CANARY_MODEL` that route
 * with weights (the replica split emits no routing), with the Istio-only `istioApiVersion` left out.
 * The expected shares are the declared ones, as with Istio, so the Gateway API rendering must route
 * every request exactly as the Istio rendering of the same plan does.
 */
import { CanaryServiceProps } from '../../lib';
import { CANARY_MODEL, CanaryPlan } from './canary.model';
import { RolloutModel } from './harness';

function withGatewayApi(plan: CanaryPlan): CanaryPlan {
  const { istioApiVersion: _drop, ...props } = plan.props;
  return { ...plan, props: { ...props, traffic: 'gateway-api' } as CanaryServiceProps };
}

/** The CanaryService model with `traffic: 'gateway-api'`. */
export const CANARY_GATEWAY_API_MODEL: RolloutModel<CanaryPlan> = {
  ...CANARY_MODEL,
  construct: "CanaryService with traffic: 'gateway-api'",
  valid: CANARY_MODEL.valid.filter((p) => p.props.trafficSplit !== 'replicas').map(withGatewayApi),
  invalid: CANARY_MODEL.invalid
    .filter(({ plan }) => plan.props.trafficSplit !== 'replicas')
    .map(({ plan, mistake }) => ({ plan: withGatewayApi(plan), mistake })),
};
