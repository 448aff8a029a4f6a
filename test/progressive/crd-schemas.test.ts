/**
 * The schema harness extension for kinds without a kubernetes-models package (Flagger Canary and
 * MetricTemplate, Gateway API TCPRoute v1: ajv against the committed test/schemas/*.json) and for
 * Argo Rollouts (@kubernetes-models/argo-rollouts) can fail: wrong types, CRD validation rules and
 * unknown fields are reported, naming the object and the path.
 */
import { validateManifests } from '../support/schema';

const invalid = [
  {
    apiVersion: 'flagger.app/v1beta1', kind: 'Canary', metadata: { name: 'c1' },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'c1' }, service: { port: 80, bogus: 1 }, analysis: { interval: '1m', threshold: 'x', stepWeights: [5] } },
  },
  {
    apiVersion: 'flagger.app/v1beta1', kind: 'Canary', metadata: { name: 'c2' },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'c2' }, service: { port: 80 }, analysis: { interval: '1m', threshold: 1, stepWeights: [5], iterations: 3 } },
  },
  { apiVersion: 'flagger.app/v1beta1', kind: 'MetricTemplate', metadata: { name: 'm' }, spec: { provider: { type: 'zabbix' }, query: 'up' } },
  {
    apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TCPRoute', metadata: { name: 't' },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'a', port: 1 }] }, { backendRefs: [{ name: 'b', port: 1 }] }] },
  },
  {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'r' },
    spec: { selector: { matchLabels: { app: 'r' } }, strategy: { canary: { steps: [{ setWeight: 'ten' }, { pauze: {} }] } } },
  },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name: 'a' }, spec: { metrics: [{ provider: { prometheus: { query: 'up' } } }] } },
];

test('invalid Flagger, TCPRoute v1 and Argo objects are reported with their path', () => {
  const errors = validateManifests(invalid);
  const of = (who: string) => errors.filter((e) => e.startsWith(`${who}: `));
  expect(of('Canary/c1')).toEqual(expect.arrayContaining(['Canary/c1: spec.analysis.threshold must be number', 'Canary/c1: unknown field spec.service.bogus']));
  expect(of('Canary/c2').join('\n')).toMatch(/spec.analysis must match exactly one schema in oneOf/);
  expect(of('MetricTemplate/m').join('\n')).toMatch(/spec.provider.type must be equal to one of the allowed values/);
  expect(of('TCPRoute/t')).toEqual(['TCPRoute/t: spec.rules must NOT have more than 1 items']);
  expect(of('Rollout/r')).toEqual(expect.arrayContaining(['Rollout/r: unknown field spec.strategy.canary.steps[1].pauze']));
  expect(of('Rollout/r').join('\n')).toMatch(/spec.strategy.canary.steps\[0\].setWeight must be integer/);
  expect(of('AnalysisTemplate/a').join('\n')).toMatch(/spec.metrics\[0\] must have required property name/);
});
