/**
 * CanaryService plans rendered with `traffic: Traffic.gatewayApi()`: the plans of `CANARY_MODEL` that route
 * with weights (the replica split emits no routing), with `Traffic.istio({ apiVersion })` replaced.
 * The expected shares are the declared ones, as with Istio, so the Gateway API rendering must route
 * every request exactly as the Istio rendering of the same plan does.
 */
import { CanaryServiceProps, Traffic } from '../../lib';
import { CANARY_MODEL, CanaryPlan } from './canary.model';
import { RolloutModel } from './harness';

function withGatewayApi(plan: CanaryPlan): CanaryPlan {
  const props = plan.props;
  return { ...plan, props: { ...props, traffic: Traffic.gatewayApi() } as CanaryServiceProps };
}

/** The CanaryService model with `traffic: Traffic.gatewayApi()`. */
export const CANARY_GATEWAY_API_MODEL: RolloutModel<CanaryPlan> = {
  ...CANARY_MODEL,
  construct: 'CanaryService with traffic: Traffic.gatewayApi()',
  valid: CANARY_MODEL.valid.filter((p) => p.props.traffic?.kind !== 'replica-ratio').map(withGatewayApi),
  invalid: CANARY_MODEL.invalid
    .filter(({ plan }) => plan.props.traffic?.kind !== 'replica-ratio')
    // A Gateway API Gateway (class istio) gets a gateway deployment with its own ports: no port is off the ingress.
    .filter(({ mistake }) => mistake !== 'gateway port off the ingress')
    // Overlapping hosts and a create: false gateway nobody creates are checked for Istio VirtualServices only (Gateway API listeners may overlap).
    .filter(({ mistake }) => !mistake.startsWith('overlapping gateway hosts') && mistake !== 'create: false gateway no construct creates')
    .map(({ plan, mistake }) => ({ plan: withGatewayApi(plan), mistake })),
};
