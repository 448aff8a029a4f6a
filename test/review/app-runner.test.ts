/**
 * The pieces behind the CLI on a user's app: the stage report (ROLLOUT_STAGE_REPORT), the stage position
 * (ROLLOUT_STAGE_POSITION), and `plan --dir` on folders of YAML.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { CanaryService, formatPlans, planRollouts, renderAllStages, STAGE_POSITION_ENV_VAR, STAGE_REPORT_ENV_VAR } from '../../lib';
import { stageReport } from '../../lib/rollout/stage-report';
import { stagePositionFromEnv } from '../../lib/rollout/active-stage';
import { main } from '../../lib/cli/cdk8s-progressive';
import { synthesizeStages } from '../../lib/review/app-runner';
import { define } from './fixture-app';
import { withEnv } from '../support/env';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'app-runner-'));
}

async function cli(cwd: string, ...argv: string[]): Promise<string> {
  let out = '';
  expect(await main(argv, { out: (t) => { out += t; } }, cwd)).toBe(0);
  return out;
}

describe('stage report', () => {
  test('lists every rollout with its stages, active stage and the identity of each of its objects', () => {
    const app = new App();
    define(app);
    const report = stageReport(app);
    expect(report.rollouts.map((r) => [r.path, r.construct, r.stages.join(','), r.activeStage, r.activeIndex])).toEqual([
      ['shop/cart', 'CanaryService', 'canary-10,canary-50,promoted', 'canary-50', 1],
      ['shop/search', 'CanaryService', 'canary-25,promoted', 'canary-25', 0],
    ]);
    // The identities are those of the objects the chart synthesizes below each rollout.
    const cart = app.node.findChild('shop').node.findChild('cart');
    const expected = Object.values(Chart.of(cart).toJson())
      .filter((o: any) => renderAllStages(define).find((s) => s.rolloutPath === 'shop/cart' && s.index === 1)!.manifests.some((m) => m.kind === o.kind && m.metadata.name === o.metadata.name))
      .map((o: any) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
    expect(report.rollouts[0].objects.map((o) => `${o.kind} ${o.namespace}/${o.name}`).sort()).toEqual(expected.sort());
    expect(report.rollouts[0].objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'VirtualService', 'DestinationRule', 'Gateway']));
  });

  test('ROLLOUT_STAGE_REPORT makes app.synth() write it (and nothing is written without it)', () => {
    const dir = tmpdir();
    const file = path.join(dir, 'report.json');
    withEnv({ [STAGE_REPORT_ENV_VAR]: file }, () => {
      const app = new App({ outdir: path.join(dir, 'dist') });
      define(app);
      app.synth();
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(JSON.parse(JSON.stringify(stageReport(app))));
    });
    fs.rmSync(file);
    const app = new App({ outdir: path.join(dir, 'dist') });
    define(app);
    app.synth();
    expect(fs.existsSync(file)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('ROLLOUT_STAGE_POSITION', () => {
  const build = () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    return new CanaryService(chart, 'cart', {
      name: 'cart',
      stable: { name: 'v1', image: 'registry.example.com/cart:1.0.0' },
      canary: { name: 'v2', image: 'registry.example.com/cart:1.1.0' },
      stages: [10, 50],
      stage: 'canary-10',
    });
  };

  test('renders stage k of every rollout that has one; a rollout with fewer stages keeps its own', () => {
    expect(withEnv({ [STAGE_POSITION_ENV_VAR]: '2' }, build).activeStage).toBe('promoted');
    expect(withEnv({ [STAGE_POSITION_ENV_VAR]: '7' }, build).activeStage).toBe('canary-10');
    expect(build().activeStage).toBe('canary-10');
  });

  test('a value that is not a position is a synth error naming the variable, the value and the fix', () => {
    expect(stagePositionFromEnv(undefined)).toBeUndefined();
    expect(stagePositionFromEnv('3')).toBe(3);
    expect(stagePositionFromEnv('canary-50')).toBeNaN();
    const cart = withEnv({ [STAGE_POSITION_ENV_VAR]: 'canary-50' }, build);
    expect(cart.activeStage).toBe('canary-10');
    expect(() => (cart.node.root as App).synthYaml()).toThrow('[shop/cart] ROLLOUT_STAGE_POSITION="canary-50" is not a stage position. Fix: set it to a whole number from 0');
  });
});

describe('synthesizeStages', () => {
  test('runs the app once plainly and once per stage position, except the position every rollout is at already', async () => {
    const dir = tmpdir();
    const root = path.join(__dirname, '..', '..');
    const source = fs.readFileSync(path.join(__dirname, 'ci-app', 'main.ts'), 'utf8').replace("'../../../lib'", JSON.stringify(path.join(root, 'lib')));
    fs.writeFileSync(path.join(dir, 'main.ts'), source);
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // The app declares canary-10, the first stage: its plain run already renders position 0.
    const synthesized = await synthesizeStages(`echo "run:$${STAGE_POSITION_ENV_VAR}" >> runs.log; node --import tsx main.ts`, { cwd: dir });
    expect(fs.readFileSync(path.join(dir, 'runs.log'), 'utf8').trim().split('\n').sort()).toEqual(['run:', 'run:1', 'run:2']);
    // What the runs give is what the in-process renderer gives for every stage, the reused one included.
    const inProcess = renderAllStages((app) => {
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      new CanaryService(chart, 'cart', {
        name: 'cart',
        stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
        canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
        stages: [10, 50],
        stage: 'canary-10',
        gateway: { name: 'shop-gateway', hosts: ['cart.shop.com'], includeMesh: false },
      });
    });
    expect(synthesized.stages.map((st) => [st.index, st.stage])).toEqual([[0, 'canary-10'], [1, 'canary-50'], [2, 'promoted']]);
    expect(synthesized.stages.map((st) => st.manifests)).toEqual(inProcess.map((st) => st.manifests));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('plan --dir', () => {
  test('on a synth --all-stages layout: the same shares as the in-process plan', async () => {
    const dir = tmpdir();
    renderAllStages(define, { outdir: path.join(dir, 'stages') });
    const fromDir = await cli(dir, 'plan', '--dir', '.');
    // The folder does not say which stage the code declares: no "(active)" marks, otherwise the same tables.
    expect(fromDir).toBe(formatPlans(planRollouts(define)).replace(/ \(active\)/g, '').replace(/\(CanaryService\)/g, '(manifests)'));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('on hand-written Istio manifests: who serves each request', async () => {
    const dir = tmpdir();
    const deployment = (v: string) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `api-${v}`, namespace: 'shop' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'api', version: v } }, template: { metadata: { labels: { app: 'api', version: v } }, spec: { containers: [{ name: 'api', image: `shop/api:${v}` }] } } },
    });
    fs.writeFileSync(path.join(dir, 'workloads.yaml'), Yaml.stringify(deployment('v1'), deployment('v2'), {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'shop' }, spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    }));
    fs.mkdirSync(path.join(dir, 'istio'));
    fs.writeFileSync(path.join(dir, 'istio', 'routing.yaml'), Yaml.stringify(
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'api', namespace: 'shop' }, spec: { host: 'api.shop.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] } },
      { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'api', namespace: 'shop' }, spec: { hosts: ['api.shop.svc.cluster.local'], http: [
        { match: [{ headers: { 'x-beta': { exact: 'yes' } } }], route: [{ destination: { host: 'api.shop.svc.cluster.local', subset: 'v2' } }] },
        { route: [{ destination: { host: 'api.shop.svc.cluster.local', subset: 'v1' }, weight: 80 }, { destination: { host: 'api.shop.svc.cluster.local', subset: 'v2' }, weight: 20 }] },
      ] } },
    ));
    const out = await cli(dir, 'plan', '--dir', '.');
    expect(out).toContain(`### ${path.basename(dir)} (manifests)`);
    expect(out).toContain('| 00 manifests | v2 100% | v1 80%, v2 20% |');
    expect(out).toContain('- C1: mesh -> api.shop.svc.cluster.local: header x-beta = yes');
    await expect(main(['plan', '--dir', 'nope'], { out: () => undefined }, dir)).rejects.toThrow('nope is not a folder');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
