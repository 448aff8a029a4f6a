/**
 * Seed 002 (the weather application): every scenario, at every stage, proven with the traffic
 * simulator on the manifests the example charts render. Stages come from `renderAllStages`, exactly
 * as `ROLLOUT_ALL_STAGES=1 npm run synth` writes them.
 */
import { App } from 'cdk8s';
import { RenderedStage, renderAllStages, SAMPLE_USER_AGENTS, shareByVersion, shareByVersionChain, simulate, simulateChain, SimRequest } from '../../lib';
import { addWeatherExamples, ANDROID_HOST, WeatherGatewayChart } from '../../examples/weather/weather';
import { expectValidManifests } from '../support/schema';
import { find, ofKind } from '../support/synth';

const stages = renderAllStages(addWeatherExamples);
const base = new WeatherGatewayChart(new App(), 'weather-gateway').toJson();
/** The manifests of one stage of one rollout, plus the shared gateway. */
const at = (rollout: string, stage: string): any[] => {
  const s = stages.find((x: RenderedStage) => x.rolloutPath === rollout && x.stage === stage);
  if (!s) throw new Error(`no stage ${rollout} ${stage} in ${stages.map((x) => `${x.rolloutPath}:${x.stage}`).join(', ')}`);
  return [...s.manifests, ...base];
};
const stageNames = (rollout: string) => stages.filter((s) => s.rolloutPath === rollout).map((s) => s.stage);
type UA = keyof typeof SAMPLE_USER_AGENTS;
const GATEWAY = 'istio-system/weather-gateway';

test('the weather examples render these rollouts and stages', () => {
  expect(stages.map((s) => `${s.rolloutPath}:${s.stage}`)).toEqual([
    'weather-forecast-by-browser/forecast-by-browser:chrome-v2',
    'weather-forecast-canary/forecast-canary:canary-50',
    'weather-forecast-canary/forecast-canary:canary-100',
    'weather-forecast-canary/forecast-canary:promoted',
    'weather-frontend-android/frontend-android:android-half',
    'weather-frontend-android/frontend-android:android-half-sticky',
    'weather-frontend-android/frontend-android:others-shadow-10',
    'weather-release/frontend-forecast-release:testers',
    'weather-release/frontend-forecast-release:everyone-10',
    'weather-release/frontend-forecast-release:everyone-50',
    'weather-release/frontend-forecast-release:everyone-100',
    'weather-release/frontend-forecast-release:promoted',
  ]);
});

test('the shared gateway is istio-system/weather-gateway, HTTP port 80, host "*"', () => {
  expect(base).toHaveLength(1);
  expect(find(base, 'Gateway', 'weather-gateway')).toEqual({
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'weather-gateway', namespace: 'istio-system' },
    spec: { selector: { istio: 'ingressgateway' }, servers: [{ hosts: ['*'], port: { name: 'http-80', number: 80, protocol: 'HTTP' } }] },
  });
});

describe('§2 forecast by weight: 50/50, then 100% v2, then v1 removed', () => {
  const R = 'weather-forecast-canary/forecast-canary';
  const fromFrontend: SimRequest = { host: 'forecast', sourceNamespace: 'weather-weights', sourceLabels: { app: 'frontend', version: 'v1' } };
  const expected: Record<string, Record<string, number>> = { 'canary-50': { v1: 0.5, v2: 0.5 }, 'canary-100': { v2: 1 }, 'promoted': { v2: 1 } };

  test.each(Object.keys(expected))('stage %s: forecast versions by exact probability', (stage) => {
    expect(shareByVersion(simulate(at(R, stage), fromFrontend))).toEqual(expected[stage]);
  });

  test('every stage is covered, and promotion deletes forecast v1', () => {
    expect(stageNames(R)).toEqual(Object.keys(expected));
    expect(ofKind(at(R, 'canary-100'), 'Deployment').map((d) => d.metadata.name)).toEqual(['forecast-v1', 'forecast-v2']);
    expect(ofKind(at(R, 'promoted'), 'Deployment').map((d) => d.metadata.name)).toEqual(['forecast-v2']);
  });
});

describe('§3 forecast by browser: Chrome users get v2, everyone else v1', () => {
  const m = at('weather-forecast-by-browser/forecast-by-browser', 'chrome-v2');
  const forecastFor = (ua: UA) => shareByVersion(simulate(m, { host: 'forecast', sourceNamespace: 'weather-browser', headers: { 'user-agent': SAMPLE_USER_AGENTS[ua] } }));

  test.each(['chrome-windows', 'chrome-macos', 'chrome-android'] as UA[])('%s: always v2', (ua) => {
    expect(forecastFor(ua)).toEqual({ v2: 1 });
  });

  test.each(['firefox-linux', 'firefox-android', 'safari-macos', 'safari-iphone', 'edge-windows'] as UA[])('%s: always v1', (ua) => {
    expect(forecastFor(ua)).toEqual({ v1: 1 });
  });

  test('no User-Agent: v1', () => {
    expect(shareByVersion(simulate(m, { host: 'forecast', sourceNamespace: 'weather-browser' }))).toEqual({ v1: 1 });
  });

  test('behind a frontend v1 that forwards the User-Agent, the hop to forecast decides: Chrome frontend v1 -> forecast v2', () => {
    const ns = 'weather-browser';
    const frontendV1 = [...m, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'frontend', namespace: ns }, spec: { selector: { app: 'frontend' }, ports: [{ port: 80 }] } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'frontend-v1', namespace: ns }, spec: { replicas: 1, template: { metadata: { labels: { app: 'frontend', version: 'v1' } } } } }];
    const via = (ua: UA) => shareByVersionChain(simulateChain(frontendV1, { host: 'frontend', sourceNamespace: ns, headers: { 'user-agent': SAMPLE_USER_AGENTS[ua] } }, ['forecast'], { propagateHeaders: true }));
    expect(via('chrome-windows')).toEqual({ 'v1>v2': 1 });
    expect(via('firefox-linux')).toEqual({ 'v1>v1': 1 });
  });
});

describe('§4 frontend by operating system: Android users 50/50 between v1 and v2, everyone else v1', () => {
  const m = at('weather-frontend-android/frontend-android', 'android-half');
  const frontendFor = (ua: UA) => shareByVersion(simulate(m, { host: ANDROID_HOST, gateway: GATEWAY, headers: { 'user-agent': SAMPLE_USER_AGENTS[ua] } }));

  test.each(['chrome-android', 'firefox-android'] as UA[])('%s: v1 and v2 with probability 0.5 each', (ua) => {
    expect(frontendFor(ua)).toEqual({ v1: 0.5, v2: 0.5 });
  });

  test.each(['safari-macos', 'chrome-macos', 'chrome-windows', 'firefox-linux', 'safari-iphone'] as UA[])('%s: always v1', (ua) => {
    expect(frontendFor(ua)).toEqual({ v1: 1 });
  });

  test('the VirtualService is the seed\'s: on the shared gateway, Android rule 50/50, then v1', () => {
    const vs = find(m, 'VirtualService', 'frontend');
    expect(vs.spec.gateways).toEqual([GATEWAY, 'mesh']);
    expect(vs.spec.hosts).toEqual([ANDROID_HOST, 'frontend.weather-android.svc.cluster.local']);
    expect(vs.spec.http.map((h: any) => [h.match, h.route.map((r: any) => [r.destination.subset, r.weight])])).toEqual([
      [[{ headers: { 'user-agent': { regex: '.*Android.*' } } }], [['v1', 50], ['v2', 50]]],
      [undefined, [['v1', 100]]],
    ]);
  });
});

describe('§5 frontend and forecast released together: testers on v2 of both, never crossing', () => {
  const R = 'weather-release/frontend-forecast-release';
  const WEIGHT: Record<string, number> = { 'testers': 0, 'everyone-10': 0.1, 'everyone-50': 0.5, 'everyone-100': 1, 'promoted': 1 };
  const through = (m: any[], cookie?: string) => shareByVersionChain(simulateChain(m, { host: 'weather.example.com', gateway: GATEWAY, ...(cookie ? { headers: { cookie } } : {}) }, ['forecast']));

  test('every stage is covered', () => {
    expect(stageNames(R)).toEqual(Object.keys(WEIGHT));
  });

  test.each(Object.keys(WEIGHT))('stage %s: a tester gets v2 of both services (frontend v2 -> forecast v2)', (stage) => {
    expect(through(at(R, stage), 'session=abc; user=tester')).toEqual({ 'v2>v2': 1 });
  });

  test.each(Object.keys(WEIGHT))('stage %s: everyone else gets v1 of both, or v2 of both at the stage weight', (stage) => {
    const w = WEIGHT[stage];
    const expected = Object.fromEntries([['v1>v1', Math.round((1 - w) * 1e9) / 1e9], ['v2>v2', w]].filter(([, p]) => (p as number) > 0));
    expect(through(at(R, stage))).toEqual(expected);
    expect(through(at(R, stage), 'xuser=tester')).toEqual(expected);
  });

  test('the seed\'s cookie regex misses "Cookie: session=abc; user=tester": that tester silently gets v1 of both', () => {
    const ours = at(R, 'testers');
    const seedRegex = '^(.*?;)?(user=tester)(;.*)?$';
    const withSeedRegex = ours.map((o) => (o.kind === 'VirtualService' && o.metadata.name === 'frontend'
      ? { ...o, spec: { ...o.spec, http: [{ ...o.spec.http[0], match: [{ headers: { cookie: { regex: seedRegex } } }] }, o.spec.http[1]] } }
      : o));
    expect(through(withSeedRegex, 'session=abc; user=tester')).toEqual({ 'v1>v1': 1 });
    expect(through(withSeedRegex, 'user=tester')).toEqual({ 'v2>v2': 1 });
    expect(through(ours, 'session=abc; user=tester')).toEqual({ 'v2>v2': 1 });
  });

  test('forecast routes by the caller\'s version label like the seed (plus the caller\'s app)', () => {
    const vs = find(at(R, 'testers'), 'VirtualService', 'forecast');
    expect(vs.spec.http[0].match).toEqual([{ sourceLabels: { app: 'frontend', version: 'v2' } }]);
    expect(vs.spec.http[0].route.map((r: any) => r.destination.subset)).toEqual(['v2']);
    expect(vs.spec.http[1].route.map((r: any) => r.destination.subset)).toEqual(['v1']);
    expect(vs.spec.gateways).toBeUndefined();
  });
});

test('every object of every stage of every weather rollout, and the gateway, validates against the schemas', () => {
  expectValidManifests([...stages.flatMap((s) => s.manifests), ...base]);
});
