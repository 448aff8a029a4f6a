/**
 * Stage review tools: sample values for regexes, match conditions derived from manifests, the plan
 * table, the stage diff, and the CLI around them.
 */
import { App, Chart } from 'cdk8s';
import { main } from '../../lib/cli/cdk8s-progressive';
import { Progression,  CanaryService, conditionsOf, diffStages, formatPlans, formatStageDiffs, lineDiff, planRollouts, re2FullMatch, sampleForRegex, shareByVersion, simulate, Traffic } from '../../lib';
import { define, defineRouting } from './fixture-app';

describe('sampleForRegex', () => {
  test.each([
    ['^(.*?;)?(user=test)(;.*)?$', 'user=test'],
    ['.*(Android|iPhone).*', 'Android'],
    ['/api/v[0-9]+/.*', '/api/v0/'],
    ['(?:a|b){2}c+', 'aac'],
    ['[^;]+', 'a'],
  ])('%s -> %s (and RE2 agrees)', (regex, sample) => {
    expect(sampleForRegex(regex)).toBe(sample);
    expect(re2FullMatch(regex, sample)).toBe(true);
  });

  test('undefined when no guess fits (never a wrong sample)', () => {
    expect(sampleForRegex('[^\\x00-\\x{10FFFF}]')).toBeUndefined();
  });
});

describe('conditionsOf', () => {
  const app = new App();
  const chart = new Chart(app, 'test', { namespace: 'shop' });
  defineRouting(chart);
  const manifests = chart.toJson();
  const conditions = conditionsOf(manifests);

  test('one request per match block and binding, plus the rest', () => {
    expect(conditions.map((c) => c.label)).toEqual([
      'cart.shop.com via shop/shop-gateway: header cookie ~ ^(.*?;)?(user=test)(;.*)?$',
      'cart.shop.com via shop/shop-gateway: path starts with /api/v2',
      'cart.shop.com via shop/shop-gateway: header x-canary = yes',
      'cart.shop.com via shop/shop-gateway: any other request',
      'mesh -> cart.shop.svc.cluster.local: header cookie ~ ^(.*?;)?(user=test)(;.*)?$',
      'mesh -> cart.shop.svc.cluster.local: path starts with /api/v2',
      'mesh -> cart.shop.svc.cluster.local: header x-canary = yes',
      'mesh -> cart.shop.svc.cluster.local: caller app=frontend,version=v2',
      'mesh -> cart.shop.svc.cluster.local: any other request',
    ]);
  });

  test('each request is decided by the rule its condition belongs to', () => {
    const share = (i: number) => {
      const r = simulate(manifests, conditions[i].request);
      return { rule: r.rule?.name ?? 'default', shares: shareByVersion(r) };
    };
    expect(share(0)).toEqual({ rule: 'testers', shares: { v2: 1 } });
    expect(share(1)).toEqual({ rule: 'api', shares: { v1: 0.2, v2: 0.8 } });
    expect(share(2)).toEqual({ rule: 'api', shares: { v1: 0.2, v2: 0.8 } });
    expect(share(3)).toEqual({ rule: 'default', shares: { v1: 1 } });
    expect(share(4)).toEqual({ rule: 'testers', shares: { v2: 1 } });
    expect(share(7)).toEqual({ rule: 'callers', shares: { v2: 1 } });
    expect(share(8)).toEqual({ rule: 'default', shares: { v1: 1 } });
  });
});

describe('planRollouts', () => {
  const plans = planRollouts(define);

  test('a row per stage with the simulated share per condition, and the active stage marked', () => {
    const cart = plans.find((p) => p.path === 'shop/cart')!;
    expect(cart.construct).toBe('CanaryService');
    expect(cart.conditions.map((c) => c.label)).toEqual(['cart.shop.com via shop/shop-gateway: any request']);
    expect(cart.rows.map((r) => [r.stage, r.active, r.shares[0]])).toEqual([
      ['canary-10', false, { v1: 0.9, v2: 0.1 }],
      ['canary-50', true, { v1: 0.5, v2: 0.5 }],
      ['promoted', false, { v2: 1 }],
    ]);
  });

  test('a Gateway managed outside the app is assumed to accept the request, and the table says so', () => {
    const search = plans.find((p) => p.path === 'shop/search')!;
    expect(search.rows.map((r) => r.shares[0])).toEqual([{ v1: 0.75, v2: 0.25 }, { v2: 1 }]);
    expect(search.notes).toEqual(['Gateway istio-system/public is not in the app (managed elsewhere); it is assumed to accept the request.']);
  });

  test('markdown: a table per rollout and a legend', () => {
    const text = formatPlans(plans.filter((p) => p.path === 'shop/cart'));
    expect(text).toBe([
      '### shop/cart (CanaryService)',
      '',
      '| stage | C1 |',
      '|---|---|',
      '| 00 canary-10 | v1 90%, v2 10% |',
      '| 01 canary-50 (active) | v1 50%, v2 50% |',
      '| 02 promoted | v2 100% |',
      '',
      '- C1: cart.shop.com via shop/shop-gateway: any request',
      '',
    ].join('\n'));
  });

  test('Gateway API routes are simulated with the Gateway API simulator, per parent (mesh Service and Gateway)', () => {
    const plans2 = planRollouts((app) => {
      const chart = new Chart(app, 'gapi', { namespace: 'gapi' });
      new CanaryService(chart, 'cart', {
        name: 'cart',
        stable: { name: 'v1', image: 'registry.example.com/cart:1.0.0' },
        canary: { name: 'v2', image: 'registry.example.com/cart:1.1.0' },
        stages: [10],
        stage: 'canary-10',
        traffic: Traffic.gatewayApi(),
        gateway: { name: 'shop', hosts: ['cart.shop.com'] },
      });
    });
    expect(plans2).toHaveLength(1);
    const labels = plans2[0].conditions.map((c) => c.label);
    expect(labels).toEqual(['mesh -> cart.gapi.svc.cluster.local: any request', 'cart.shop.com via gapi/shop (Gateway API): any request']);
    expect(plans2[0].rows.map((r) => [r.stage, ...r.shares])).toEqual([
      ['canary-10', { v1: 0.9, v2: 0.1 }, { v1: 0.9, v2: 0.1 }],
      ['promoted', { v2: 1 }, { v2: 1 }],
    ]);
  });

  test('a rollout whose traffic an engine shifts at run time lists its stages and says why nothing is simulated', () => {
    const [p] = planRollouts((app) => {
      const chart = new Chart(app, 'eng', { namespace: 'eng' });
      new CanaryService(chart, 'cart', {
        name: 'cart',
        stable: { name: 'v1', image: 'registry.example.com/cart:1.0.0' },
        canary: { name: 'v2', image: 'registry.example.com/cart:1.1.0' },
        stages: [10, 50],
        stage: 'canary-10',
        progression: Progression.argoRollouts(),
      });
    });
    expect(p.engine).toBe('Argo Rollouts');
    expect(p.rows.map((r) => r.stage)).toEqual(['canary-10', 'canary-50', 'promoted']);
    expect(formatPlans([p])).toBe([
      '### eng/cart (CanaryService)',
      '',
      'Stages: 00 canary-10 (active), 01 canary-50, 02 promoted.',
      '',
      '- note: the traffic is shifted at run time by Argo Rollouts (Rollout eng/cart), whose steps are these stages; the manifests do not change from stage to stage, so there are no shares to simulate.',
      '',
    ].join('\n'));
  });

  test('--rollout keeps one rollout (by path or id)', () => {
    expect(planRollouts(define, { rollout: 'search' }).map((p) => p.path)).toEqual(['shop/search']);
  });
});

describe('diff', () => {
  test('lineDiff: hunks with context, old lines before new ones, nothing for equal texts', () => {
    expect(lineDiff('a\nb\nc\nd\n', 'a\nb\nX\nd\n', 1)).toEqual(['@@ -2,3 +2,3 @@', ' b', '-c', '+X', ' d']);
    expect(lineDiff('same\n', 'same\n')).toEqual([]);
  });

  test('between two stages: changed objects with a YAML line diff, removed and added objects, unchanged counted', () => {
    const [d] = diffStages(define, 'canary-10', 'promoted', { rollout: 'shop/cart' });
    expect(d.changes.map((c) => `${c.change} ${c.object}`)).toEqual([
      'changed DestinationRule shop/cart',
      'changed VirtualService shop/cart',
      'removed Deployment shop/cart-v1',
    ]);
    expect(d.unchanged).toBe(3);
    const vs = d.changes[1].lines.join('\n');
    expect(vs).toContain('-          weight: 90');
    expect(vs).toContain('+          weight: 100');
    expect(diffStages(define, 'promoted', 'canary-10', { rollout: 'cart' })[0].changes.map((c) => c.change)).toEqual(['added', 'changed', 'changed']);
  });

  test('stages by position, every rollout that has both, and no change between a stage and itself', () => {
    const diffs = diffStages(define, '0', '0');
    expect(diffs.map((d) => [d.rolloutPath, d.from, d.changes.length])).toEqual([['shop/cart', 'canary-10', 0], ['shop/search', 'canary-25', 0]]);
    expect(formatStageDiffs(diffs)).toContain('shop/cart: canary-10 -> canary-10 (0 changed, 0 added, 0 removed, 6 unchanged)\n  no changes');
  });

  test('an unknown stage is an error listing the stages of every rollout', () => {
    expect(() => diffStages(define, 'canary-10', 'canary-99')).toThrow('no rollout has both stages "canary-10" and "canary-99". Stages:\n  shop/cart: canary-10, canary-50, promoted\n  shop/search: canary-25, promoted');
  });
});

describe('CLI', () => {
  const APP = 'test/review/fixture-app.ts#define';
  const run = async (...argv: string[]) => {
    let out = '';
    const code = await main(argv, { out: (t) => { out += t; } });
    return { code, out };
  };

  test('plan and diff on a module#export print what the library functions format', async () => {
    expect(await run('plan', '--app', APP)).toEqual({ code: 0, out: formatPlans(planRollouts(define)) });
    expect(await run('diff', 'canary-10', 'canary-50', `--app=${APP}`, '--rollout', 'cart')).toEqual({ code: 0, out: formatStageDiffs(diffStages(define, 'canary-10', 'canary-50', { rollout: 'cart' })) });
  });

  test('usage errors are reported, not ignored', async () => {
    expect((await run()).code).toBe(1);
    expect((await run('--help')).code).toBe(0);
    await expect(run('plan', '--app', APP, '--rolout', 'x')).rejects.toThrow(/unknown option\(s\) --rolout/);
    await expect(run('diff', 'canary-10', '--app', APP)).rejects.toThrow(/diff takes two stages/);
    await expect(run('plan', '--app', APP, '--rollout', 'nope')).rejects.toThrow('there is no rollout "nope"');
    await expect(run('plan', '--app', 'test/review/fixture-app.ts#missing')).rejects.toThrow(/exports no function "missing"/);
    await expect(run('deploy', '--app', APP)).rejects.toThrow(/unknown command "deploy"/);
  });
});
