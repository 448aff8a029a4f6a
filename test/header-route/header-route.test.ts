/**
 * HeaderRoute: which version serves which request at every stage (traffic simulator), what the
 * stages deploy, schema validity and deterministic output.
 */
import { Chart } from 'cdk8s';
import { allOf, cookie, headerExact, HeaderRoute, HeaderRouteProps, IngressGateway, MeshRouting, SAMPLE_USER_AGENTS, shareByVersion, SimRequest, simulate, userAgent } from '../../lib';
import { expectValidManifests } from '../support/schema';
import { find, ofKind, synthChart, synthEveryStage } from '../support/synth';

const testers = cookie('user', 'tester');
const testerRoute = { name: 'testers', matches: [testers], to: 'v2' };
const base: HeaderRouteProps = {
  name: 'forecast',
  versions: [{ name: 'v1', image: 'weather/forecast:1.0.0' }, { name: 'v2', image: 'weather/forecast:2.0.0' }],
  stages: [
    { name: 'testers', routes: [testerRoute], default: 'v1' },
    { name: 'everyone-10', routes: [testerRoute], default: { v1: 90, v2: 10 } },
    { name: 'everyone-50', routes: [testerRoute], default: { v1: 50, v2: 50 } },
    { name: 'all', default: 'v2' },
    { name: 'promoted', default: 'v2', running: ['v2'] },
  ],
  stage: 'testers',
};
const STAGES = base.stages.map((s) => s.name);
const define = (props: Partial<HeaderRouteProps> = {}) => (chart: Chart) => {
  new HeaderRoute(chart, 'forecast', { ...base, ...props });
};
const everyStage = synthEveryStage(define(), 'forecast', STAGES, { namespace: 'weather' });

const mesh = (over: Partial<SimRequest> = {}): SimRequest => ({ host: 'forecast', sourceNamespace: 'weather', ...over });
const tester = mesh({ headers: { cookie: 'session=abc; user=tester' } });
const notTester = mesh({ headers: { cookie: 'session=abc; xuser=tester; user=tester2' } });
const anonymous = mesh();

describe('HeaderRoute stages: testers, then 10% and 50% of everyone, then all', () => {
  const expected: Record<string, { tester: Record<string, number>; others: Record<string, number> }> = {
    'testers': { tester: { v2: 1 }, others: { v1: 1 } },
    'everyone-10': { tester: { v2: 1 }, others: { v1: 0.9, v2: 0.1 } },
    'everyone-50': { tester: { v2: 1 }, others: { v1: 0.5, v2: 0.5 } },
    'all': { tester: { v2: 1 }, others: { v2: 1 } },
    'promoted': { tester: { v2: 1 }, others: { v2: 1 } },
  };

  test.each(STAGES)('stage %s: a tester (cookie NOT first, after "; ") always gets v2', (stage) => {
    expect(shareByVersion(simulate(everyStage[stage], tester))).toEqual(expected[stage].tester);
  });

  test.each(STAGES)('stage %s: everyone else (incl. xuser=tester, user=tester2) gets the stage default', (stage) => {
    expect(shareByVersion(simulate(everyStage[stage], notTester))).toEqual(expected[stage].others);
    expect(shareByVersion(simulate(everyStage[stage], anonymous))).toEqual(expected[stage].others);
  });

  test('every stage runs both versions except the final one, which removes v1 and its subset', () => {
    for (const stage of STAGES.slice(0, -1)) {
      expect(ofKind(everyStage[stage], 'Deployment').map((d) => d.metadata.name)).toEqual(['forecast-v1', 'forecast-v2']);
      expect(find(everyStage[stage], 'DestinationRule', 'forecast').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2']);
    }
    expect(ofKind(everyStage.promoted, 'Deployment').map((d) => d.metadata.name)).toEqual(['forecast-v2']);
    expect(find(everyStage.promoted, 'DestinationRule', 'forecast').spec.subsets.map((s: any) => s.name)).toEqual(['v2']);
  });

  test('the VirtualService of the 10% stage: the tester rule, then the weighted default', () => {
    expect(find(everyStage['everyone-10'], 'VirtualService', 'forecast').spec).toEqual({
      hosts: ['forecast.weather.svc.cluster.local'],
      http: [
        {
          name: 'testers',
          match: [{ headers: { cookie: { regex: '(?:.*;)?[ \\t]*user=tester[ \\t]*(?:;.*)?' } } }],
          route: [{ destination: { host: 'forecast.weather.svc.cluster.local', subset: 'v2' }, weight: 100 }],
        },
        {
          route: [
            { destination: { host: 'forecast.weather.svc.cluster.local', subset: 'v1' }, weight: 90 },
            { destination: { host: 'forecast.weather.svc.cluster.local', subset: 'v2' }, weight: 10 },
          ],
        },
      ],
    });
  });

  test('the route exposes its objects and the active stage', () => {
    let route!: HeaderRoute;
    synthChart((c) => { route = new HeaderRoute(c, 'forecast', { ...base, stage: 'everyone-50' }); }, { namespace: 'weather' });
    expect(route.activeStage).toBe('everyone-50');
    expect(route.stageNames).toEqual(STAGES);
    expect(route.rules.map((r) => r.split)).toEqual([[{ version: 'v2', weight: 100 }], [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }]]);
    expect(Object.keys(route.app.deployments)).toEqual(['v1', 'v2']);
    expect(MeshRouting.of(route.routing)?.virtualService.name).toBe('forecast');
  });

  test('every object of every stage validates against the schemas', () => {
    expectValidManifests(STAGES.flatMap((s) => everyStage[s]));
  });

  test('each stage renders byte-identical output twice', () => {
    const again = synthEveryStage(define(), 'forecast', STAGES, { namespace: 'weather' });
    for (const s of STAGES) expect(JSON.stringify(again[s])).toBe(JSON.stringify(everyStage[s]));
  });
});

describe('HeaderRoute conditions: AND within a match, OR across matches, weighted routes', () => {
  const androidBeta = allOf(userAgent({ os: 'android' }), cookie('beta', 'on'));
  const m = synthChart(define({
    stages: [{
      name: 'ab',
      routes: [
        { name: 'android-beta-or-canary', matches: [androidBeta, headerExact('x-canary', 'true')], to: 'v2' },
        { name: 'chrome-half', matches: [userAgent({ browser: 'chrome' })], to: { v1: 50, v2: 50 } },
      ],
      default: 'v1',
    }],
    stage: 'ab',
  }), { namespace: 'weather' });
  const ua = (k: keyof typeof SAMPLE_USER_AGENTS, extra: Record<string, string> = {}) => shareByVersion(simulate(m, mesh({ headers: { 'user-agent': SAMPLE_USER_AGENTS[k], ...extra } })));

  test('Android AND the beta cookie: v2; either alone is not enough', () => {
    expect(ua('firefox-android', { cookie: 'beta=on' })).toEqual({ v2: 1 });
    expect(ua('firefox-android')).toEqual({ v1: 1 });
    expect(ua('firefox-linux', { cookie: 'beta=on' })).toEqual({ v1: 1 });
  });

  test('OR: the x-canary header alone also gets v2', () => {
    expect(ua('safari-macos', { 'x-canary': 'true' })).toEqual({ v2: 1 });
  });

  test('first match wins: Chrome on Android with the beta cookie takes the first route, Chrome alone the 50/50 one', () => {
    expect(ua('chrome-android', { cookie: 'beta=on' })).toEqual({ v2: 1 });
    expect(ua('chrome-android')).toEqual({ v1: 0.5, v2: 0.5 });
    expect(ua('edge-windows')).toEqual({ v1: 1 });
  });

  test('the match renders as one Istio match block with two headers, plus a second block', () => {
    expect(find(m, 'VirtualService', 'forecast').spec.http[0].match).toEqual([
      { headers: { 'cookie': { regex: '(?:.*;)?[ \\t]*beta=on[ \\t]*(?:;.*)?' }, 'user-agent': { regex: '.*Android.*' } } },
      { headers: { 'x-canary': { exact: 'true' } } },
    ]);
  });
});

describe('HeaderRoute behind a shared IngressGateway', () => {
  const gatewayDefine = (hosts: string[]) => (chart: Chart) => {
    const gw = new IngressGateway(chart, 'gw', { name: 'weather-gateway', namespace: 'istio-system', hosts });
    new HeaderRoute(chart, 'frontend', {
      ...base,
      name: 'frontend',
      gateway: gw,
      stages: [{ name: 'android-half', routes: [{ matches: [userAgent({ os: 'android' })], to: { v1: 50, v2: 50 } }], default: 'v1' }],
      stage: 'android-half',
    });
  };
  const viaGateway = (host: string, k: keyof typeof SAMPLE_USER_AGENTS): SimRequest =>
    ({ host, gateway: 'istio-system/weather-gateway', headers: { 'user-agent': SAMPLE_USER_AGENTS[k] } });

  test('host "*": the VirtualService binds the gateway only (Istio rejects "*" on the mesh)', () => {
    const m = synthChart(gatewayDefine(['*']), { namespace: 'weather' });
    const vs = find(m, 'VirtualService', 'frontend');
    expect(vs.spec.hosts).toEqual(['*']);
    expect(vs.spec.gateways).toEqual(['istio-system/weather-gateway']);
    expect(find(m, 'Gateway', 'weather-gateway').metadata.namespace).toBe('istio-system');
    expect(shareByVersion(simulate(m, viaGateway('weather.example.com', 'chrome-android')))).toEqual({ v1: 0.5, v2: 0.5 });
    expect(shareByVersion(simulate(m, viaGateway('weather.example.com', 'safari-macos')))).toEqual({ v1: 1 });
    expectValidManifests(m);
  });

  test('named hosts: the route binds the gateway and the mesh, and both get the same rules', () => {
    const m = synthChart(gatewayDefine(['weather.example.com']), { namespace: 'weather' });
    const vs = find(m, 'VirtualService', 'frontend');
    expect(vs.spec.hosts).toEqual(['weather.example.com', 'frontend.weather.svc.cluster.local']);
    expect(vs.spec.gateways).toEqual(['istio-system/weather-gateway', 'mesh']);
    expect(shareByVersion(simulate(m, viaGateway('weather.example.com', 'chrome-android')))).toEqual({ v1: 0.5, v2: 0.5 });
    const fromMesh = simulate(m, { host: 'frontend', sourceNamespace: 'weather', headers: { 'user-agent': SAMPLE_USER_AGENTS['chrome-android'] } });
    expect(shareByVersion(fromMesh)).toEqual({ v1: 0.5, v2: 0.5 });
    expect(simulate(m, viaGateway('other.example.com', 'chrome-android')).failed).toBe(1);
  });
});
