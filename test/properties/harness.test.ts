/**
 * The property harness must be able to fail: a wrong expectation, a broken reference, a valid plan
 * passed off as invalid, and non-deterministic output are all caught.
 */
import * as fc from 'fast-check';
import { CanaryServiceProps } from '../../lib';
import { referenceProblems } from '../support/references';
import { CANARY_MODEL, CanaryPlan } from './canary.model';
import { checkInvalidPlan, checkValidPlan, RolloutModel } from './harness';

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
