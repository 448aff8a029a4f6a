/**
 * Near-miss inputs (fixed seeds): image references, chart namespaces, the sidecar's UID, zero replicas
 * with traffic, and caller labels, each drawn from values just inside and just outside what the
 * cluster accepts. Every generated app either fails validation with catalogued messages only
 * (`[path] ... Fix: ...`), exactly when the table below says a value is bad, or synthesizes objects with
 * no analyzer finding (test/analyzers: Istio's webhook and istioctl analyze rules) and no CEL violation.
 */
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { CanaryService, collectValidationErrors, fromSourceLabels, HeaderRoute } from '../../lib';
import { celViolations } from '../admission/cel';
import { analyze } from '../analyzers/analyze';

/** A value and whether the cluster accepts it. */
type Case = readonly [string, boolean];

const HOSTS: Case[] = [['', true], ['registry.example.com/', true], ['Registry.Example.com/', true], ['localhost:5000/', true], ['registry.example.com:x/', false]];
const PATHS: Case[] = [
  ['demo', true], ['team/demo', true], ['my_app', true], ['my__app', true], ['my-app', true], ['my--app', true], ['a.b', true],
  ['Demo', false], ['team/Demo', false], ['my___app', false], ['-app', false], ['app-', false], ['team//demo', false], ['my app', false],
];
const TAGS: Case[] = [['1.2.3', true], ['V1_2', true], ['latest', false], ['.1', false]];
const NAMESPACES: Case[] = [['shop', true], ['my-ns', true], ['s1', true], ['My_NS', false], ['ns-', false], ['-ns', false], ['Shop', false]];
const USERS: readonly [number, boolean][] = [[65532, true], [1000, true], [1337, false]];
const LABEL_KEYS: Case[] = [
  ['app', true], ['team.x/app', true], ['example.com/team', true], ['A_b.c', true],
  ['team app', false], ['-app', false], ['Example.com/team', false], ['/app', false], [`${'k'.repeat(64)}`, false],
];
const LABEL_VALUES: Case[] = [['web', true], ['', true], ['v2.1_x', true], ['web/v2', false], ['-web', false], ['web.', false], [`${'v'.repeat(64)}`, false]];

/** The messages of the input checks (test/catalogue/entries/inputs.ts and the workload entries). */
const CATALOGUED = [
  /has upper-case letters in its repository path; only the registry host may have them/,
  /is not a valid image reference \(.*\), so the kubelet refuses it/,
  /uses the mutable "latest" tag\./,
  /has an invalid tag/,
  /^the namespace ".*" of chart ".*" is not a valid DNS-1123 label/,
  /is the UID of the Istio sidecar, so the app's own outbound traffic bypasses the proxy/,
  /runs 0 replicas \(Deployment ".*"\), but the stage still routes to it/,
  /: sourceLabels: ".*" is not a valid label key/,
  /: sourceLabels: value .* of label ".*" is not a valid label value/,
];

/** A case, valid ones four times as likely as near misses (so whole inputs are valid often enough). */
const pick = <T>(xs: readonly (readonly [T, boolean])[]) => fc.oneof(
  { arbitrary: fc.constantFrom(...xs.filter((x) => x[1])), weight: 4 },
  { arbitrary: fc.constantFrom(...xs.filter((x) => !x[1])), weight: 1 },
);

/** Either the errors (each catalogued, with a path and a fix), or no finding on the synthesized objects. */
function check(app: App, expectValid: boolean): void {
  const errors = collectValidationErrors(app);
  if (errors.length > 0 || !expectValid) {
    expect({ valid: errors.length === 0, errors }).toEqual({ valid: expectValid, errors: expect.any(Array) });
    for (const e of errors) {
      const m = /^\[[^\]]+\] (.*) Fix: \S.*$/.exec(e);
      expect(m).not.toBeNull();
      expect([e, CATALOGUED.some((r) => r.test(m![1]))]).toEqual([e, true]);
    }
    return;
  }
  const manifests = app.charts.flatMap((c) => c.toJson());
  expect({ findings: analyze(manifests), cel: celViolations(manifests) }).toEqual({ findings: [], cel: [] });
}

describe('near-miss inputs fail with a catalogued error, or pass the analyzers and CEL admission', () => {
  test('CanaryService: image, namespace, runAsUser, replicas with traffic (seed 20261211)', () => {
    const input = fc.record({
      host: pick(HOSTS), path: pick(PATHS), tag: pick(TAGS), namespace: pick(NAMESPACES), user: pick(USERS),
      replicas: fc.constantFrom(0, 1, 2, 3), stableReplicas: fc.constantFrom(0, 1, 2, 3), weight: fc.integer({ min: 1, max: 99 }),
    });
    let valid = 0;
    let invalid = 0;
    fc.assert(fc.property(input, (i) => {
      const image = `${i.host[0]}${i.path[0]}:${i.tag[0]}`;
      const app = new App();
      const chart = new Chart(app, 'c', { namespace: i.namespace[0] });
      new CanaryService(chart, 'demo4', {
        name: 'demo4', stable: { name: 'v1', image: 'mritd/demo:1.0.0', replicas: i.stableReplicas }, canary: { name: 'v2', image, replicas: i.replicas },
        stages: [i.weight], stage: `canary-${i.weight}`, promote: false, runAsUser: i.user[0],
      });
      // Every stage routes to both versions (weight 1..99), so a version with 0 replicas always has traffic.
      const expectValid = i.host[1] && i.path[1] && i.tag[1] && i.namespace[1] && i.user[1] && i.replicas > 0 && i.stableReplicas > 0;
      if (expectValid) valid++; else invalid++;
      check(app, expectValid);
    }), { seed: 20261211, numRuns: 120 });
    expect(valid).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(0);
  });

  test('HeaderRoute: caller labels (sourceLabels) (seed 20261212)', () => {
    const input = fc.record({ key: pick(LABEL_KEYS), value: pick(LABEL_VALUES) });
    let valid = 0;
    fc.assert(fc.property(input, (i) => {
      const app = new App();
      const chart = new Chart(app, 'c', { namespace: 'weather' });
      new HeaderRoute(chart, 'forecast', {
        name: 'forecast',
        versions: [{ name: 'v1', image: 'weather/forecast:1.0.0' }, { name: 'v2', image: 'weather/forecast:2.0.0' }],
        stages: [{ name: 's', routes: [{ matches: [fromSourceLabels({ [i.key[0]]: i.value[0] })], to: 'v2' }], default: 'v1' }],
        stage: 's',
      });
      const expectValid = i.key[1] && i.value[1];
      if (expectValid) valid++;
      check(app, expectValid);
    }), { seed: 20261212, numRuns: 60 });
    expect(valid).toBeGreaterThan(0);
  });
});
