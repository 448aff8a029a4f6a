/**
 * `diff --base`: the comparison of two revisions of an app, per rollout and per stage (compareApps and
 * formatAppChange), on apps built in-process the way the child runs see them (stage report + objects).
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { CanaryService, CanaryServiceProps, renderAllStages } from '../../lib';
import { stageReport } from '../../lib/rollout/stage-report';
import { identityKey, SynthesizedApp } from '../../lib/review/app-runner';
import { compareApps, formatAppChange } from '../../lib/review/base-diff';

const CART: CanaryServiceProps = {
  name: 'cart',
  stable: { name: 'v1', image: 'registry.example.com/cart:1.0.0' },
  canary: { name: 'v2', image: 'registry.example.com/cart:1.1.0' },
  stages: [10, 50],
  stage: 'canary-10',
  gateway: { name: 'shop-gateway', hosts: ['cart.shop.com'], includeMesh: false },
};

/** What the CLI gets from the child runs, built in-process: the plain run, the report, every stage. */
function synthesized(define: (app: App) => void): SynthesizedApp {
  const app = new App();
  define(app);
  const docs = app.charts.flatMap((c) => Object.values(c.toJson()));
  const report = stageReport(app);
  const byKey = new Map(docs.map((d) => [identityKey(d), d]));
  const deployedByRollout = new Map(report.rollouts.map((r) => [r.path, r.objects.map((o) => byKey.get(identityKey(o)))]));
  const inRollout = new Set([...deployedByRollout.values()].flat());
  return {
    deployed: { files: [], docs, report },
    deployedByRollout,
    stages: renderAllStages(define),
    shared: docs.filter((d) => !inRollout.has(d)),
    rollouts: new Map(report.rollouts.map((r) => [r.path, { active: r.activeStage, construct: r.construct }])),
  };
}

function shop(cart: Partial<CanaryServiceProps>, extra?: (chart: Chart) => void) {
  return (app: App) => {
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new CanaryService(chart, 'cart', { ...CART, ...cart });
    extra?.(chart);
  };
}

describe('compareApps', () => {
  test('the same app: no change', () => {
    const change = compareApps(synthesized(shop({})), synthesized(shop({})));
    expect(change.changed).toBe(false);
    expect(formatAppChange(change)).toBe('no changes\n');
  });

  test('moving the stage: the deployed traffic moves, the stage plan does not change', () => {
    // A Service outside the rollout (shared) is simulated with, but its requests are not the rollout's rows.
    const other = (chart: Chart) => new ApiObject(chart, 'other', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'other' }, spec: { selector: { app: 'other' }, ports: [{ port: 80 }] } });
    const change = compareApps(synthesized(shop({}, other)), synthesized(shop({ stage: 'canary-50' }, other)));
    const [cart] = change.rollouts;
    expect(cart).toMatchObject({ path: 'shop/cart', change: 'changed', activeBefore: 'canary-10', activeAfter: 'canary-50', stages: [] });
    expect(cart.deployedTraffic).toEqual([{ request: 'cart.shop.com via shop/shop-gateway: any request', before: 'v1 90%, v2 10%', after: 'v1 50%, v2 50%' }]);
    expect(cart.deployedObjects.map((c) => `${c.change} ${c.object}`)).toEqual(['changed VirtualService shop/cart']);
    const text = formatAppChange(change);
    expect(text).toContain('shop/cart (CanaryService): active stage canary-10 -> canary-50');
    expect(text).toContain('* cart.shop.com via shop/shop-gateway: any request: v1 90%, v2 10% -> v1 50%, v2 50%');
  });

  test('a new canary image: every stage changes its Deployment, but nobody is served differently', () => {
    const change = compareApps(synthesized(shop({})), synthesized(shop({ canary: { name: 'v2', image: 'registry.example.com/cart:1.2.0' } })));
    const [cart] = change.rollouts;
    expect(cart.activeBefore).toBe(cart.activeAfter);
    expect(cart.stages.map((s) => s.stage)).toEqual(['canary-10', 'canary-50', 'promoted']);
    for (const s of cart.stages) {
      expect(s.objects.map((c) => `${c.change} ${c.object}`)).toEqual(['changed Deployment shop/cart-v2']);
      expect(s.traffic.every((t) => t.before === t.after)).toBe(true);
    }
    expect(formatAppChange(change, 'markdown')).toContain('**Stage canary-50** (changed)');
  });

  test('an added stage, an added rollout and an object outside rollouts are reported', () => {
    const base = synthesized(shop({}));
    const head = synthesized(shop({ stages: [10, 25, 50] }, (chart) => {
      new CanaryService(chart, 'search', { ...CART, name: 'search', gateway: { name: 'search-gateway', hosts: ['search.shop.com'], includeMesh: false } });
      new ApiObject(chart, 'settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' } });
    }));
    const change = compareApps(base, head);
    const cart = change.rollouts.find((r) => r.path === 'shop/cart')!;
    // canary-25 is new; canary-50 and promoted stay at their names but move position, with the same manifests.
    expect(cart.stages.map((s) => `${s.stage} ${s.change}`)).toEqual(['canary-25 added']);
    expect(cart.stages[0].traffic).toEqual([{ request: 'cart.shop.com via shop/shop-gateway: any request', before: '-', after: 'v1 75%, v2 25%' }]);
    expect(change.rollouts.find((r) => r.path === 'shop/search')).toMatchObject({ change: 'added', activeAfter: 'canary-10' });
    expect(change.other.map((c) => `${c.change} ${c.object}`)).toEqual(['added ConfigMap shop/settings']);
    expect(formatAppChange(change)).toContain('shop/search (CanaryService): new rollout, active stage canary-10');
    expect(formatAppChange(compareApps(head, base))).toContain('shop/search (CanaryService): removed (was at canary-10)');
  });
});
