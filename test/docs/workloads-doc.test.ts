import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { Chart } from 'cdk8s';
import * as lib from '../../lib';
import { expectValidManifests } from '../support/schema';
import { synthChart } from '../support/synth';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'workloads.md'), 'utf8');
const BLOCKS = [...DOC.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

/** Builds a CanaryService whose props are a valid base plus the snippet (a list of props). */
function defineWith(snippet: string): (chart: Chart) => void {
  const source = `new CanaryService(chart, 'shop', { name: 'shop', stable: { name: 'v1', image: 'example/shop:1.0.0' }, canary: { name: 'v2', image: 'example/shop:2.0.0' }, stages: [10], stage: 'canary-10',\n${snippet}\n});`;
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
  return (chart) => new Function('chart', 'CanaryService', 'PreStop', 'PullPolicy', js)(chart, lib.CanaryService, lib.PreStop, lib.PullPolicy);
}

describe('docs/workloads.md', () => {
  test('has an example for every option group', () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(15);
  });

  test.each(BLOCKS.map((b, i) => [i + 1, b]))('example %i synthesizes without errors into schema-valid objects', (_i, snippet) => {
    expectValidManifests(synthChart(defineWith(snippet as string), { namespace: 'shop' }));
  });

  test('every option of WorkloadOptions and VersionSpec is documented on the page', () => {
    const options = fs.readFileSync(path.join(__dirname, '..', '..', 'lib', 'workload', 'options.ts'), 'utf8');
    const body = (name: string) => options.slice(options.indexOf(`export interface ${name}`)).split('\n}\n')[0];
    const props = ['WorkloadOptions', 'RolloutKnobs', 'VersionSpec'].flatMap((i) => [...body(i).matchAll(/^ {2}readonly (\w+)\??:/gm)].map((m) => m[1]));
    const undocumented = props.filter((p) => !DOC.includes(`\`${p}\``) && p !== 'name');
    expect(undocumented).toEqual([]);
  });
});
