/**
 * The CanaryService and HeaderRoute properties once more with `traffic: Traffic.gatewayApi()`: random valid
 * plans rendered as Gateway API objects give, request by request and stage by stage, the declared
 * shares (the same the Istio rendering must give); random invalid plans fail.
 */
import * as fc from 'fast-check';
import { shareByVersion, simulate } from '../../lib/simulator/simulator';
import { CANARY_GATEWAY_API_MODEL } from './gateway-api.model';
import { describeRolloutProperties, renderStages } from './harness';
import { HEADER_ROUTE_GATEWAY_API_MODEL, HeaderRoutePlan } from './header-route.model';
import { Traffic } from '../../lib';

// Fixed seeds; the run counts keep the whole test/properties folder well under 90 s on 2 cores.
describeRolloutProperties(CANARY_GATEWAY_API_MODEL, { seed: 20261129, validRuns: 100, invalidRuns: 200 });
describeRolloutProperties(HEADER_ROUTE_GATEWAY_API_MODEL, { seed: 20261130, validRuns: 100, invalidRuns: 200 });

describe('the same HeaderRoute plan rendered with both traffic APIs', () => {
  test('60 random plans: at every stage the Istio and the Gateway API renderings send every expected request to the same versions with the same shares', () => {
    const model = HEADER_ROUTE_GATEWAY_API_MODEL;
    let compared = 0;
    fc.assert(fc.property(model.valid, (plan) => {
      const istio: HeaderRoutePlan = { ...plan, props: { ...plan.props, traffic: Traffic.istio() } };
      const gatewayApi = renderStages(model, plan);
      const byIstio = renderStages(model, istio);
      expect(gatewayApi.some((s) => s.manifests.some((m) => m.kind === 'HTTPRoute') && !s.manifests.some((m) => m.kind === 'VirtualService'))).toBe(true);
      expect(byIstio.every((s) => !s.manifests.some((m) => m.kind === 'HTTPRoute'))).toBe(true);
      gatewayApi.forEach((s, i) => {
        for (const t of model.expectedTraffic(plan, s.stage)) {
          const a = shareByVersion(simulate(s.manifests, t.request));
          const b = shareByVersion(simulate(byIstio[i].manifests, t.request));
          expect({ stage: s.stage, request: t.label, shares: a }).toEqual({ stage: s.stage, request: t.label, shares: b });
          compared++;
        }
      });
    }), { seed: 20261131, numRuns: 60 });
    expect(compared).toBeGreaterThan(300);
  });
});

test('the CanaryService gateway-api plans render Gateway API routes and no Istio routing', () => {
  for (const plan of fc.sample(CANARY_GATEWAY_API_MODEL.valid, { seed: 20261129, numRuns: 20 })) {
    const manifests = renderStages(CANARY_GATEWAY_API_MODEL, plan).flatMap((s) => s.manifests);
    expect(manifests.some((m) => m.kind === 'HTTPRoute')).toBe(true);
    expect(manifests.filter((m) => String(m.apiVersion).startsWith('networking.istio.io/'))).toEqual([]);
  }
});
