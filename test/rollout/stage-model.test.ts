import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { CanaryService, CanaryServiceProps, findRollouts, parseStageEnv, renderAllStages, shareByVersion, simulate, STAGE_ENV_VAR, stageFolder } from '../../lib';
import { synthChart, synthErrors } from '../support/synth';

const props = (name: string, stage: string): CanaryServiceProps => ({
  name,
  stable: { name: 'v1', image: `example/${name}:1.0.0` },
  canary: { name: 'v2', image: `example/${name}:2.0.0` },
  stages: [10, 50],
  stage,
});
const twoRollouts = (app: App) => {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new CanaryService(chart, 'cart', props('cart', 'canary-10'));
  new CanaryService(chart, 'pay', { ...props('pay', 'canary-5'), stages: [5, 20, 40, 60] });
};
const v2Share = (m: any[], host: string) => shareByVersion(simulate(m, { host, sourceNamespace: 'shop' })).v2 ?? 0;

describe('ROLLOUT_STAGE overrides the stage chosen in code for one run', () => {
  afterEach(() => { delete process.env[STAGE_ENV_VAR]; });

  test('parses a global stage and per-rollout stages', () => {
    expect(parseStageEnv('canary-50')).toEqual({ all: 'canary-50', byKey: {} });
    expect(parseStageEnv('cart=canary-50, test/pay=promoted')).toEqual({ byKey: { 'cart': 'canary-50', 'test/pay': 'promoted' } });
    expect(parseStageEnv('')).toEqual({ byKey: {} });
  });

  test('a global value moves every rollout', () => {
    process.env[STAGE_ENV_VAR] = 'canary-50';
    const m = synthChart((c) => { new CanaryService(c, 'cart', props('cart', 'canary-10')); }, { namespace: 'shop' });
    expect(v2Share(m, 'cart')).toBe(0.5);
  });

  test('a per-rollout value (by id or path) moves only that rollout', () => {
    process.env[STAGE_ENV_VAR] = 'pay=promoted';
    const m = synthChart((c) => {
      new CanaryService(c, 'cart', props('cart', 'canary-10'));
      new CanaryService(c, 'pay', props('pay', 'canary-10'));
    }, { namespace: 'shop' });
    expect(v2Share(m, 'cart')).toBe(0.1);
    expect(v2Share(m, 'pay')).toBe(1);
    process.env[STAGE_ENV_VAR] = 'test/cart=canary-50';
    const m2 = synthChart((c) => { new CanaryService(c, 'cart', props('cart', 'canary-10')); }, { namespace: 'shop' });
    expect(v2Share(m2, 'cart')).toBe(0.5);
  });

  test('a stage name the rollout does not have is an error that names the variable', () => {
    process.env[STAGE_ENV_VAR] = 'canary-75';
    const errors = synthErrors((c) => { new CanaryService(c, 'cart', props('cart', 'canary-10')); });
    expect(errors).toEqual(['[test/cart] active stage "canary-75" (from ROLLOUT_STAGE) is not a stage of this rollout. Fix: use one of: canary-10, canary-50, promoted.']);
  });
});

describe('renderAllStages renders every stage of every rollout into its own folder', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stages-'));
  const rendered = renderAllStages(twoRollouts, { outdir });

  test('one entry per rollout and stage, in plan order', () => {
    expect(rendered.map((r) => `${r.rolloutPath}@${r.stage}`)).toEqual([
      'shop/cart@canary-10', 'shop/cart@canary-50', 'shop/cart@promoted',
      'shop/pay@canary-5', 'shop/pay@canary-20', 'shop/pay@canary-40', 'shop/pay@canary-60', 'shop/pay@promoted',
    ]);
  });

  test('each rendered stage holds that stage\'s traffic, whatever stage the code declares', () => {
    const share = (rollout: string, stage: string) => {
      const r = rendered.find((x) => x.rolloutPath === rollout && x.stage === stage)!;
      return v2Share(r.manifests, rollout.split('/')[1]);
    };
    expect([share('shop/cart', 'canary-10'), share('shop/cart', 'canary-50'), share('shop/cart', 'promoted')]).toEqual([0.1, 0.5, 1]);
    expect([share('shop/pay', 'canary-5'), share('shop/pay', 'canary-60')]).toEqual([0.05, 0.6]);
  });

  test('writes <rollout>/<NN>-<stage>/<kind>.<name>.k8s.yaml', () => {
    expect(stageFolder(rendered[0])).toBe(path.join('shop.cart', '00-canary-10'));
    const files = fs.readdirSync(path.join(outdir, 'shop.cart', '02-promoted')).sort();
    expect(files).toEqual(['deployment.cart-v2.k8s.yaml', 'destinationrule.cart.k8s.yaml', 'service.cart.k8s.yaml', 'virtualservice.cart.k8s.yaml']);
    expect(fs.readdirSync(path.join(outdir, 'shop.pay'))).toEqual(['00-canary-5', '01-canary-20', '02-canary-40', '03-canary-60', '04-promoted']);
  });

  test('rendering again gives byte-identical files and removes stale stage folders', () => {
    const read = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? read(path.join(dir, e.name)) : [`${path.join(dir, e.name)}:${fs.readFileSync(path.join(dir, e.name), 'utf8')}`]));
    const before = read(outdir);
    fs.mkdirSync(path.join(outdir, 'shop.cart', '09-stale'), { recursive: true });
    renderAllStages(twoRollouts, { outdir });
    expect(read(outdir)).toEqual(before);
  });

  test('an invalid app fails the render with every error', () => {
    expect(() => renderAllStages((app) => {
      const chart = new Chart(app, 'shop');
      new CanaryService(chart, 'cart', { ...props('cart', 'canary-10'), canary: { name: 'v2', image: 'x:latest' } });
    })).toThrow(/Validation failed[\s\S]*"x:latest" uses the mutable "latest" tag/);
  });

  test('findRollouts lists the rollout constructs of an app', () => {
    const app = new App();
    twoRollouts(app);
    expect(findRollouts(app).map((r) => [r.node.path, r.activeStage])).toEqual([['shop/cart', 'canary-10'], ['shop/pay', 'canary-5']]);
  });
});
