import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { Yaml } from 'cdk8s';
import { shareByVersion, simulate } from '../../lib';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  test('opens with the two commands: install + synth, and test', () => {
    const firstBlock = /```bash\n([\s\S]*?)```/.exec(README)![1];
    expect(firstBlock).toMatch(/^npm ci && npm run synth\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
  });

  test('the ten-line CanaryService example runs and produces the 90/10 routing it shows', () => {
    const snippet = /## A canary in ten lines\n\n```ts\n([\s\S]*?)```/.exec(README)![1];
    expect(snippet.trim().split('\n').length).toBeLessThanOrEqual(16);
    const js = ts.transpileModule(snippet, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    const previous = process.env.CDK8S_OUTDIR;
    process.env.CDK8S_OUTDIR = outdir;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the README's code runs as CommonJS with `require` injected
      const req = (m: string) => (m === 'cdk8s-progressive' ? require('../../lib') : require(m));
      new Function('require', 'exports', js)(req, {});
    } finally {
      if (previous === undefined) delete process.env.CDK8S_OUTDIR; else process.env.CDK8S_OUTDIR = previous;
    }
    const manifests = Yaml.load(path.join(outdir, 'demo4.k8s.yaml'));
    expect(manifests.map((m: any) => `${m.kind}/${m.metadata.name}`)).toEqual([
      'Service/demo4', 'Deployment/demo4-v1', 'Deployment/demo4-v2', 'DestinationRule/demo4', 'Gateway/demo4-gateway', 'VirtualService/demo4',
    ]);
    expect(shareByVersion(simulate(manifests, { host: 'demo4.a.com', gateway: 'test1/demo4-gateway' }))).toEqual({ v1: 0.9, v2: 0.1 });
    expect(README).toContain('weight: 90');
    expect(README).toContain('weight: 10');
  });
});
