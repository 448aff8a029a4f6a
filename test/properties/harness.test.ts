/**
 * The property harness must be able to fail: a wrong expectation, a broken reference, a valid plan
 * passed off as invalid, and non-deterministic output are all caught.
 */
import * as fc from 'fast-check';
import { CanaryServiceProps, Traffic } from '../../lib';
import { referenceProblems } from '../support/references';
import { CANARY_MODEL, CanaryPlan } from './canary.model';
import { CANARY_GATEWAY_API_MODEL } from './gateway-api.model';
import { checkInvalidPlan, checkValidPlan, renderStages, RolloutModel } from './harness';
import { MULTI_SERVICE_MODEL, ReleasePlan } from './multi-service.model';

const plan: CanaryPlan = {
  namespace: 'shop',
  props: {
    name: 'cart',
    stable: { name: 'v1', image: 'registry.example.com/cart:1.0.0' },
    canary: { name: 'v2', image: 'registry.example.com/cart:1.1.0' },
    stages: [10, 50],
    stage: 'canary-10',
    gateway: { name: 'shop-gw', hosts: ['cart.shop.com'] },
  } as CanaryServiceProps,
};

describe('property harness', () => {
  test('a valid plan passes, and the random plans are reproducible from the seed', () => {
    checkValidPlan(CANARY_MODEL, plan, new Map());
    const a = fc.sample(CANARY_MODEL.valid, { seed: 7, numRuns: 5 });
    const b = fc.sample(CANARY_MODEL.valid, { seed: 7, numRuns: 5 });
    expect(a).toEqual(b);
  });

  test('a wrong traffic expectation is caught (versions swapped)', () => {
    const wrong: RolloutModel<CanaryPlan> = {
      ...CANARY_MODEL,
      expectedTraffic: (p, stage) => CANARY_MODEL.expectedTraffic(p, stage).map((t) => ({
        ...t,
        shares: Object.fromEntries(Object.entries(t.shares).map(([k, v]) => [k === 'v1' ? 'v2' : 'v1', v])),
      })),
    };
    expect(() => checkValidPlan(wrong, plan, new Map())).toThrow(/shares/);
  });

  test('a wrong stage list is caught', () => {
    const wrong: RolloutModel<CanaryPlan> = { ...CANARY_MODEL, stageNames: () => ['canary-10', 'promoted'] };
    expect(() => checkValidPlan(wrong, plan, new Map())).toThrow();
  });

  test('a valid plan claimed to be invalid is caught', () => {
    expect(() => checkInvalidPlan(CANARY_MODEL, plan, 'nothing')).toThrow(/failed/);
  });

  test('broken references and weights are reported', () => {
    const stages = new Map<string, any>();
    checkValidPlan(CANARY_MODEL, plan, stages);
    const manifests = [...stages.values()].filter((m) => m.metadata.name === 'cart' || m.metadata.name.startsWith('cart-') || m.kind === 'Gateway');
    const vs = manifests.find((m) => m.kind === 'VirtualService' && m.spec.http[0].route.length === 2);
    const dr = manifests.find((m) => m.kind === 'DestinationRule' && m.spec.subsets.length === 2);
    const svc = manifests.find((m) => m.kind === 'Service');
    const deps = manifests.filter((m) => m.kind === 'Deployment');
    const gw = manifests.find((m) => m.kind === 'Gateway');
    const ok = [svc, ...deps, dr, vs, gw];
    expect(referenceProblems(ok)).toEqual([]);

    const clone = (o: any) => JSON.parse(JSON.stringify(o));
    const badWeights = clone(vs);
    badWeights.spec.http[0].route[0].weight += 1;
    expect(referenceProblems([svc, ...deps, dr, badWeights, gw]).join('\n')).toMatch(/weights sum to 101/);
    const badSubset = clone(dr);
    badSubset.spec.subsets = badSubset.spec.subsets.slice(0, 1);
    expect(referenceProblems([svc, ...deps, badSubset, vs, gw]).join('\n')).toMatch(/no DestinationRule defines the subset/);
    const badSelector = clone(svc);
    badSelector.spec.selector = { app: 'other' };
    expect(referenceProblems([badSelector, ...deps, dr, vs, gw]).join('\n')).toMatch(/selects no Deployment/);
    const twoPods = clone(dr);
    twoPods.spec.subsets[0].labels = {};
    expect(referenceProblems([svc, ...deps, twoPods, vs, gw]).join('\n')).toMatch(/selects 2 Deployments/);
    expect(referenceProblems([svc, ...deps, dr, vs]).join('\n')).toMatch(/gateway shop\/shop-gw is not among the manifests/);
  });
});

describe('property harness: Gateway API references, shared objects and request chains', () => {
  const gatewayApiPlan: CanaryPlan = { ...plan, props: { ...plan.props, traffic: Traffic.gatewayApi() } as CanaryServiceProps };

  test('a broken backendRef, parentRef or weight of a Gateway API route is reported', () => {
    const stages = new Map<string, any>();
    checkValidPlan(CANARY_GATEWAY_API_MODEL, gatewayApiPlan, stages);
    const manifests = renderStages(CANARY_GATEWAY_API_MODEL, gatewayApiPlan)[0].manifests;
    expect(referenceProblems(manifests)).toEqual([]);
    const clone = (o: any) => JSON.parse(JSON.stringify(o));
    const route = manifests.find((m) => m.kind === 'HTTPRoute' && m.metadata.name === 'cart-ingress');
    const others = manifests.filter((m) => m !== route);
    const badBackend = clone(route);
    badBackend.spec.rules[0].backendRefs[0].name = 'cart-v9';
    expect(referenceProblems([...others, badBackend]).join('\n')).toMatch(/Service shop\/cart-v9: not a Service of the manifests/);
    const badWeight = clone(route);
    badWeight.spec.rules[0].backendRefs[0].weight += 5;
    expect(referenceProblems([...others, badWeight]).join('\n')).toMatch(/weights sum to 105/);
    const badPort = clone(route);
    badPort.spec.rules[0].backendRefs[0].port = 1;
    expect(referenceProblems([...others, badPort]).join('\n')).toMatch(/has no port 1/);
    const withoutGateway = manifests.filter((m) => !(m.kind === 'Gateway' && String(m.apiVersion).startsWith('gateway.networking.k8s.io/')));
    expect(referenceProblems(withoutGateway).join('\n')).toMatch(/parent Gateway shop\/shop-gw is not among the manifests/);
    expect(referenceProblems(withoutGateway, { externalGateways: ['shop/shop-gw'] })).toEqual([]);
  });

  test('objects built outside the rollout (a shared IngressGateway) are part of every stage', () => {
    const release = fc.sample(MULTI_SERVICE_MODEL.valid.filter((p) => p.gateway?.kind === 'ingress'), { seed: 3, numRuns: 1 })[0];
    for (const s of renderStages(MULTI_SERVICE_MODEL, release)) {
      expect(s.manifests.filter((m) => m.kind === 'Gateway').map((m) => m.metadata.name)).toEqual([release.gateway!.name]);
    }
  });

  test('a wrong chain expectation is caught (a request chain crossing versions)', () => {
    const release = fc.sample(MULTI_SERVICE_MODEL.valid.filter((p) => p.props.stages.some((s) => (s.weight ?? 0) > 0 && (s.weight ?? 0) < 100)), { seed: 5, numRuns: 1 })[0];
    checkValidPlan(MULTI_SERVICE_MODEL, release, new Map());
    const crossing: RolloutModel<ReleasePlan> = {
      ...MULTI_SERVICE_MODEL,
      expectedTraffic: (p, stage) => MULTI_SERVICE_MODEL.expectedTraffic(p, stage).map((t) => ({
        ...t,
        shares: Object.fromEntries(Object.entries(t.shares).map(([k, v]) => [k.replace(/>[^>]+$/, `>${p.props.from}`), v])),
      })),
    };
    expect(() => checkValidPlan(crossing, release, new Map())).toThrow(/shares/);
  });
});
