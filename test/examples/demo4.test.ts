import { App } from 'cdk8s';
import { shareByVersion, simulate, STAGE_OVERRIDES_CONTEXT } from '../../lib';
import { Demo4Chart } from '../../examples/demo4/demo4';
import { expectValidManifests } from '../support/schema';
import { find, ofKind } from '../support/synth';

function synthDemo4(stage?: string): any[] {
  const app = new App();
  if (stage) app.node.setContext(STAGE_OVERRIDES_CONTEXT, { 'demo4/demo4': stage });
  const chart = new Demo4Chart(app, 'demo4');
  app.synthYaml(); // runs the same validation as `cdk8s synth`
  return chart.toJson();
}

describe('examples/demo4 reproduces seed 001', () => {
  const m = synthDemo4();

  test('the 10% stage yields exactly the seed\'s VirtualService routes', () => {
    const vs = find(m, 'VirtualService', 'demo4');
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.metadata.namespace).toBe('test1');
    expect(vs.spec).toEqual({
      hosts: ['demo4.a.com'],
      gateways: ['demo4-gateway'],
      http: [{
        route: [
          { destination: { host: 'demo4.test1.svc.cluster.local', subset: 'v1' }, weight: 90 },
          { destination: { host: 'demo4.test1.svc.cluster.local', subset: 'v2' }, weight: 10 },
        ],
      }],
    });
  });

  test('the DestinationRule defines subsets v1/v2 by the version label', () => {
    expect(find(m, 'DestinationRule', 'demo4').spec).toEqual({
      host: 'demo4.test1.svc.cluster.local',
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
    });
  });

  test('objects have human names and the Gateway serves demo4.a.com', () => {
    expect(m.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Service/demo4', 'Deployment/demo4-v1', 'Deployment/demo4-v2', 'DestinationRule/demo4', 'Gateway/demo4-gateway', 'VirtualService/demo4',
    ]);
    expect(find(m, 'Gateway', 'demo4-gateway').spec.servers).toEqual([{ hosts: ['demo4.a.com'], port: { name: 'http-80', number: 80, protocol: 'HTTP' } }]);
  });

  test('requests through the gateway: 90% v1, 10% v2; then the gradual shift to 100% v2 and v1 removed', () => {
    const through = (mm: any[]) => shareByVersion(simulate(mm, { host: 'demo4.a.com', gateway: 'test1/demo4-gateway' }));
    expect(through(m)).toEqual({ v1: 0.9, v2: 0.1 });
    expect(through(synthDemo4('canary-25'))).toEqual({ v1: 0.75, v2: 0.25 });
    expect(through(synthDemo4('canary-50'))).toEqual({ v1: 0.5, v2: 0.5 });
    expect(through(synthDemo4('canary-100'))).toEqual({ v2: 1 });
    const promoted = synthDemo4('promoted');
    expect(through(promoted)).toEqual({ v2: 1 });
    expect(ofKind(promoted, 'Deployment').map((d) => d.metadata.name)).toEqual(['demo4-v2']);
  });

  test('probes follow the seed (HTTP GET / on port 80, 30 s initial delay, 5 failures)', () => {
    const c = find(m, 'Deployment', 'demo4-v1').spec.template.spec.containers[0];
    const seedProbe = { httpGet: { path: '/', port: 80, scheme: 'HTTP' }, initialDelaySeconds: 30, timeoutSeconds: 5, periodSeconds: 10, failureThreshold: 5 };
    expect(c.readinessProbe).toEqual(seedProbe);
    expect(c.livenessProbe).toEqual(seedProbe);
  });

  test('every stage is schema-valid and synthesizes byte-identically twice', () => {
    const stages = ['canary-10', 'canary-25', 'canary-50', 'canary-100', 'promoted'];
    const all = stages.map((s) => synthDemo4(s));
    expect(stages.map((s) => JSON.stringify(synthDemo4(s)))).toEqual(all.map((x) => JSON.stringify(x)));
    expectValidManifests(all.flat());
  });
});
