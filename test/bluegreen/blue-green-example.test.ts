import { App } from 'cdk8s';
import { shareByVersion, simulate, SimRequest, STAGE_OVERRIDES_CONTEXT } from '../../lib';
import { BlueGreenChart } from '../../examples/blue-green/blue-green';
import { expectValidManifests } from '../support/schema';
import { find, ofKind } from '../support/synth';

function synthExample(web?: string, api?: string): any[] {
  const app = new App();
  app.node.setContext(STAGE_OVERRIDES_CONTEXT, { ...(web ? { 'blue-green/web': web } : {}), ...(api ? { 'blue-green/api': api } : {}) });
  const chart = new BlueGreenChart(app, 'blue-green');
  app.synthYaml(); // runs the same validation as `cdk8s synth`
  return chart.toJson();
}
const share = (m: any[], req: SimRequest) => shareByVersion(simulate(m, req));
const deploymentsOf = (m: any[], app: string) => ofKind(m, 'Deployment').filter((d) => d.metadata.labels.app === app);
const WEB_USERS: SimRequest = { host: 'web.example.com', gateway: 'web-gateway' };
const WEB_PREVIEW_HOST: SimRequest = { host: 'preview.web.example.com', gateway: 'web-gateway' };
const API_USERS: SimRequest = { host: 'api', sourceNamespace: 'blue-green' };
const API_PREVIEW: SimRequest = { host: 'api-preview', sourceNamespace: 'blue-green' };

describe('examples/blue-green: both traffic modes, every stage', () => {
  const web: Record<string, any[]> = { preview: synthExample('preview'), switch: synthExample('switch'), finalize: synthExample('finalize') };
  const apiStages = ['preview', 'switch', 'rollback', 'switch-again', 'finalize'];
  const api: Record<string, any[]> = Object.fromEntries(apiStages.map((s) => [s, synthExample(undefined, s)]));

  test('web (Istio) preview: users through the gateway get v1; the preview host, the header and web-preview reach v2', () => {
    const m = web.preview;
    expect(share(m, WEB_USERS)).toEqual({ v1: 1 });
    expect(share(m, WEB_PREVIEW_HOST)).toEqual({ v2: 1 });
    expect(share(m, { ...WEB_USERS, headers: { 'x-preview': 'true' } })).toEqual({ v2: 1 });
    expect(share(m, { host: 'web-preview', sourceNamespace: 'blue-green' })).toEqual({ v2: 1 });
    expect(find(m, 'Gateway', 'web-gateway').spec.servers[0].hosts).toEqual(['web.example.com', 'preview.web.example.com']);
  });

  test('web (Istio) switch: all users on v2, v1 still running; finalize: v1 gone', () => {
    expect(share(web.switch, WEB_USERS)).toEqual({ v2: 1 });
    expect(deploymentsOf(web.switch, 'web').map((d) => [d.metadata.name, d.spec.replicas])).toEqual([['web-v1', 2], ['web-v2', 2]]);
    expect(share(web.finalize, WEB_USERS)).toEqual({ v2: 1 });
    expect(deploymentsOf(web.finalize, 'web').map((d) => d.metadata.name)).toEqual(['web-v2']);
  });

  test('api (Service selector): blue only, green after switch, blue after rollback, green again, then blue removed', () => {
    const users = apiStages.map((s) => share(api[s], API_USERS));
    expect(users).toEqual([{ v1: 1 }, { v2: 1 }, { v1: 1 }, { v2: 1 }, { v2: 1 }]);
    for (const s of apiStages.slice(0, -1)) expect(share(api[s], API_PREVIEW)).toEqual({ v2: 1 });
    expect(deploymentsOf(api.finalize, 'api').map((d) => d.metadata.name)).toEqual(['api-v2']);
    expect(api.preview.filter((o) => o.apiVersion.startsWith('networking.istio.io') && o.metadata.name.startsWith('api'))).toEqual([]);
  });

  test('every object of every stage is schema-valid; images are pinned', () => {
    const all = [...Object.values(web).flat(), ...Object.values(api).flat()];
    expectValidManifests(all);
    for (const d of ofKind(all, 'Deployment')) expect(d.spec.template.spec.containers[0].image).toMatch(/:\d+\.\d+\.\d+$/);
  });
});
