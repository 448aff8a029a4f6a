/**
 * `StageRouteModel.stable`: the strategy names the version serving what no rule takes, and
 * ingress-nginx puts it behind the main Ingress instead of guessing it from the version order.
 */
import { App, Chart } from 'cdk8s';
import { CanaryService, IngressNginxProvider, resolveCanaryStages, shareByVersion, simulate, Traffic } from '../../lib';
import { planCanaryStage } from '../../lib/canary/canary-plan';
import { TrafficSelection } from '../../lib/providers/traffic-routing';
import { synthEveryStage } from '../support/synth';

const ingress = (m: any[], name: string) => m.find((o) => o.kind === 'Ingress' && o.metadata.name === name);
const backend = (i: any) => i?.spec.rules[0].http.paths[0].backend.service.name;
const WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';

test('CanaryService names the stable version of every stage: stable, then the promoted version alone', () => {
  const props = {
    name: 'demo', stable: { name: 'v1', image: 'demo:1.0.0' }, canary: { name: 'v2', image: 'demo:2.0.0' },
    stages: [10, 100], stage: 'canary-10',
  };
  const stages = resolveCanaryStages(props.stages, true, 'v2');
  const selection: TrafficSelection = { choice: { traffic: 'istio', source: 'default' } };
  const at = (i: number) => planCanaryStage({ props, stages, activeStageIndex: i, selection }).model!;
  expect([at(0).stable, at(1).stable, at(2).stable]).toEqual(['v1', 'v1', 'v2']);
});

test('ingress-nginx keeps the main Ingress on the stable version, even when the canary gets 100% before the promotion', () => {
  const m = synthEveryStage((chart) => {
    new CanaryService(chart, 'demo', {
      name: 'demo', stable: { name: 'v1', image: 'demo:1.0.0' }, canary: { name: 'v2', image: 'demo:2.0.0' },
      stages: [10, 100], stage: 'canary-10', traffic: Traffic.ingressNginx(), gateway: { name: 'nginx', hosts: ['demo.example.com'] },
    });
  }, 'demo', ['canary-10', 'canary-100', 'promoted'], { namespace: 'demo' });
  expect(backend(ingress(m['canary-100'], 'demo'))).toBe('demo-v1');
  expect(ingress(m['canary-100'], 'demo-canary').metadata.annotations[WEIGHT]).toBe('100');
  expect(backend(ingress(m.promoted, 'demo'))).toBe('demo-v2');
  expect(ingress(m.promoted, 'demo-canary')).toBeUndefined();
  expect(shareByVersion(simulate(m['canary-10'], { host: 'demo.example.com' }))).toEqual({ v1: 0.9, v2: 0.1 });
});

test('a model naming its stable version is rendered with it, whatever the version order', () => {
  const render = (stable?: string) => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'demo' });
    new IngressNginxProvider().render(chart, 'Routing', {
      service: 'demo', versions: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
      ...(stable ? { stable } : {}),
      http: [{ split: [{ version: 'v1', weight: 10 }, { version: 'v2', weight: 90 }] }],
      gateway: { name: 'nginx', hosts: ['demo.example.com'] },
    });
    const m = chart.toJson();
    return [backend(ingress(m, 'demo')), backend(ingress(m, 'demo-canary')), ingress(m, 'demo-canary').metadata.annotations[WEIGHT]];
  };
  expect(render('v2')).toEqual(['demo-v2', 'demo-v1', '10']);
  // Without one, the first version for which the stage can be expressed.
  expect(render()).toEqual(['demo-v1', 'demo-v2', '90']);
});
