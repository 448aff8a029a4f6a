import { App } from 'cdk8s';
import { shareByVersion, simulate, STAGE_OVERRIDES_CONTEXT } from '../../lib';
import { TcpEchoChart } from '../../examples/tcp-echo/tcp-echo';
import { expectValidManifests } from '../support/schema';
import { find, ofKind } from '../support/synth';

function synthTcpEcho(stage?: string): any[] {
  const app = new App();
  if (stage) app.node.setContext(STAGE_OVERRIDES_CONTEXT, { 'tcp-echo/tcp-echo': stage });
  const chart = new TcpEchoChart(app, 'tcp-echo');
  app.synthYaml(); // runs the same validation as `cdk8s synth`
  return chart.toJson();
}
const THROUGH_GATEWAY = { host: 'tcp-echo.example.com', gateway: 'weather/tcp-echo-gateway', protocol: 'tcp' as const, port: 31400 };

describe('examples/tcp-echo reproduces seed 002 §6', () => {
  const m = synthTcpEcho();

  test('the active stage is the seed\'s: 80% of connections to v1, 20% to v2', () => {
    expect(shareByVersion(simulate(m, THROUGH_GATEWAY))).toEqual({ v1: 0.8, v2: 0.2 });
    expect(find(m, 'VirtualService', 'tcp-echo').spec.tcp[0].match).toEqual([{ port: 31400 }]);
  });

  test('the Gateway has a TCP server on port 31400; the Service a tcp port 9000', () => {
    expect(find(m, 'Gateway', 'tcp-echo-gateway').spec.servers).toEqual([{ hosts: ['*'], port: { name: 'tcp-31400', number: 31400, protocol: 'TCP' } }]);
    expect(find(m, 'Service', 'tcp-echo').spec.ports).toEqual([{ name: 'tcp', port: 9000, protocol: 'TCP', targetPort: 9000 }]);
    expect(m.every((o) => o.metadata.namespace === 'weather')).toBe(true);
  });

  test('all to v1 first; all to v2 at the last stages, v1 removed at promotion', () => {
    expect(shareByVersion(simulate(synthTcpEcho('canary-0'), THROUGH_GATEWAY))).toEqual({ v1: 1 });
    expect(shareByVersion(simulate(synthTcpEcho('canary-100'), THROUGH_GATEWAY))).toEqual({ v2: 1 });
    const promoted = synthTcpEcho('promoted');
    expect(shareByVersion(simulate(promoted, THROUGH_GATEWAY))).toEqual({ v2: 1 });
    // tcp-echo-ingress is the chart's own ingress gateway for port 31400.
    expect(ofKind(promoted, 'Deployment').map((d) => d.metadata.name)).toEqual(['tcp-echo-ingress', 'tcp-echo-v2']);
  });

  test('every stage is schema-valid and synthesizes byte-identically twice', () => {
    const stages = ['canary-0', 'canary-20', 'canary-100', 'promoted'];
    const all = stages.map((s) => synthTcpEcho(s));
    expect(stages.map((s) => JSON.stringify(synthTcpEcho(s)))).toEqual(all.map((x) => JSON.stringify(x)));
    expectValidManifests(all.flat());
  });
});
