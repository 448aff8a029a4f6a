/**
 * The route report behind `npm run routes`: where sample requests go at each stage.
 */
import { App } from 'cdk8s';
import { formatRouteReports, RenderedStage, renderAllStages, reportStageRoutes, SAMPLE_REQUESTS } from '../../lib';
import { addWeatherExamples, WeatherGatewayChart } from '../../examples/weather/weather';

const stage = (manifests: any[], name = 'only'): RenderedStage => ({ rolloutPath: 'test/app', rolloutDir: 'test.app', index: 0, stage: name, manifests });
const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ns' }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
const dep = (app: string, version: string, replicas = 1) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${app}-${version}`, namespace: 'ns' },
  spec: { replicas, template: { metadata: { labels: { app, version } } } },
});

describe('reportStageRoutes', () => {
  test('the weather release: entry through the shared gateway, then frontend -> forecast; testers on v2>v2', () => {
    const context = new WeatherGatewayChart(new App(), 'weather-gateway').toJson();
    const testers = renderAllStages(addWeatherExamples).find((s) => s.rolloutPath === 'weather-release/frontend-forecast-release' && s.stage === 'everyone-10')!;
    const report = reportStageRoutes(testers, context);
    expect(report.entry).toBe('gateway istio-system/weather-gateway, host www.example.com');
    expect(report.services).toEqual(['frontend', 'forecast']);
    expect(report.rows.find((r) => r.label.startsWith('tester'))!.shares).toEqual({ 'v2>v2': 1 });
    expect(report.rows.find((r) => r.label === 'Firefox on Linux')!.shares).toEqual({ 'v1>v1': 0.9, 'v2>v2': 0.1 });
    expect(report.rows.map((r) => r.label)).toEqual(SAMPLE_REQUESTS.map((s) => s.label));
  });

  test('without the shared gateway in the context, gateway requests fail and the report says so', () => {
    const s = renderAllStages(addWeatherExamples).find((x) => x.rolloutPath === 'weather-release/frontend-forecast-release')!;
    expect(reportStageRoutes(s).rows[0].shares).toEqual({ failed: 1 });
  });

  test('no VirtualService: requests come from the mesh to the first Service and spread by replicas', () => {
    const report = reportStageRoutes(stage([svc('api'), dep('api', 'v1', 3), dep('api', 'v2', 1)]), [], [{ label: 'any' }]);
    expect(report).toEqual({ rollout: 'test/app', index: 0, stage: 'only', entry: 'mesh', services: ['api'], rows: [{ label: 'any', shares: { v1: 0.75, v2: 0.25 } }] });
  });

  test('a TCP route: one connection, sent to the port its rules match on', () => {
    const gw = { apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'gw', namespace: 'ns' }, spec: { servers: [{ port: { number: 31400, name: 'tcp', protocol: 'TCP' }, hosts: ['*'] }] } };
    const dr = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'echo', namespace: 'ns' }, spec: { host: 'echo', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] } };
    const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'echo', namespace: 'ns' },
      spec: { hosts: ['*'], gateways: ['gw'], tcp: [{ match: [{ port: 31400 }], route: [{ destination: { host: 'echo', subset: 'v1' }, weight: 80 }, { destination: { host: 'echo', subset: 'v2' }, weight: 20 }] }] } };
    const report = reportStageRoutes(stage([svc('echo'), dep('echo', 'v1'), dep('echo', 'v2'), dr, vs, gw]));
    expect(report.rows).toEqual([{ label: 'TCP connection', shares: { v1: 0.8, v2: 0.2 } }]);
  });

  test('nothing to send to: every row fails', () => {
    expect(reportStageRoutes(stage([]), [], [{ label: 'any' }]).rows).toEqual([{ label: 'any', shares: { failed: 1 } }]);
  });
});

describe('formatRouteReports', () => {
  test('one block per rollout, one line per stage and sample', () => {
    const text = formatRouteReports([
      { rollout: 'a/r', index: 0, stage: 's0', entry: 'mesh', services: ['api'], rows: [{ label: 'x', shares: { v1: 1 } }, { label: 'longer', shares: { v1: 0.125, v2: 0.875 } }] },
      { rollout: 'a/r', index: 1, stage: 's1', entry: 'mesh', services: ['api'], rows: [{ label: 'x', shares: { 'v2': 0.5, 'failed': 0.5 } }] },
      { rollout: 'b/r', index: 0, stage: 's0', entry: 'gateway ns/gw, host h', services: ['web', 'api'], rows: [{ label: 'x', shares: { 'v1>v1': 1 } }] },
    ]);
    expect(text).toBe([
      'a/r',
      '  00-s0  (mesh -> api)',
      '    x       v1 100%',
      '    longer  v1 12.5%, v2 87.5%',
      '  01-s1  (mesh -> api)',
      '    x  v2 50%, failed 50%',
      '',
      'b/r',
      '  00-s0  (gateway ns/gw, host h -> web -> api)',
      '    x  v1>v1 100%',
    ].join('\n'));
  });
});
