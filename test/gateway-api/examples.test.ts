/**
 * Every example, at every stage, rendered with Gateway API output (`cdk8s-progressive:traffic`
 * context = the `ROLLOUT_TRAFFIC` default): schema-valid against the Gateway API v1.6.1 CRDs, every
 * reference resolving, and the SAME meaning assertions as the Istio output (seed 001 demo4, seed 002
 * weather and tcp-echo, the blue-green example), run by `simulate()` on both renderings. The weather
 * release (MultiServiceRelease, routing by caller labels) cannot be expressed and fails with the error.
 */
import { App, Chart } from 'cdk8s';
import { BlueGreenService, CanaryService, collectValidationErrors, renderAllStages, RenderedStage, SAMPLE_USER_AGENTS, shareByVersion, SimRequest, simulate, STAGE_OVERRIDES_CONTEXT, TRAFFIC_CONTEXT, TRAFFIC_ENV_VAR, TrafficApi } from '../../lib';
import { defineExamples } from '../../examples/app';
import { withoutSkippedCharts } from '../../examples/skip-charts';
import { ANDROID_HOST, WeatherGatewayChart, WeatherReleaseChart } from '../../examples/weather/weather';
import { validateManifests } from '../support/schema';
import { ofKind } from '../support/synth';

const ISTIO_GROUP = 'networking.istio.io/';
const GW_GROUP = 'gateway.networking.k8s.io/';
/** Rollouts run by an engine: they set traffic 'istio' themselves (engines route with Istio). */
const ENGINE_ROLLOUTS = /^(demo4|weather-forecast|blue-green)-(flagger|argo-rollouts)\//;
type UA = keyof typeof SAMPLE_USER_AGENTS;

interface Rendering {
  readonly stages: RenderedStage[];
  /** The shared weather gateway chart (no rollout of its own). */
  readonly weatherGateway: any[];
}

/** Every stage of every example with `traffic` as the default; the weather release is left out for the Gateway API. */
function render(traffic: TrafficApi): Rendering {
  const examples = traffic === 'gateway-api' ? withoutSkippedCharts(defineExamples, 'weather-release') : defineExamples;
  const stages = renderAllStages((app) => {
    app.node.setContext(TRAFFIC_CONTEXT, traffic);
    examples(app);
  });
  const app = new App();
  app.node.setContext(TRAFFIC_CONTEXT, traffic);
  return { stages, weatherGateway: new WeatherGatewayChart(app, 'weather-gateway').toJson() };
}

const RENDERINGS: Record<TrafficApi, Rendering> = { 'istio': render('istio'), 'gateway-api': render('gateway-api') };

function at(r: Rendering, rollout: string, stage: string): any[] {
  const s = r.stages.find((x) => x.rolloutPath === rollout && x.stage === stage);
  if (!s) throw new Error(`no stage ${rollout}:${stage}`);
  return rollout.startsWith('weather-') ? [...s.manifests, ...r.weatherGateway] : s.manifests;
}
const stagesOf = (r: Rendering, rollout: string) => r.stages.filter((s) => s.rolloutPath === rollout).map((s) => s.stage);
const share = (m: any[], req: SimRequest) => shareByVersion(simulate(m, req));
const deployments = (m: any[], app: string) => ofKind(m, 'Deployment').filter((d) => d.metadata.labels.app === app).map((d) => d.metadata.name);

describe('the Gateway API rendering of the examples', () => {
  const gw = RENDERINGS['gateway-api'];
  const manual = gw.stages.filter((s) => !ENGINE_ROLLOUTS.test(s.rolloutPath));

  test('covers every stage of every example rollout but the weather release', () => {
    const istioStages = RENDERINGS.istio.stages.map((s) => `${s.rolloutPath}:${s.stage}`);
    expect(gw.stages.map((s) => `${s.rolloutPath}:${s.stage}`)).toEqual(istioStages.filter((s) => !s.startsWith('weather-release/')));
    expect(istioStages.filter((s) => s.startsWith('weather-release/'))).toHaveLength(5);
  });

  test('routed rollouts emit Gateway API objects and no Istio objects; the engine charts keep Istio', () => {
    const routed = ['demo4/demo4', 'weather-forecast-canary/forecast-canary', 'weather-forecast-by-browser/forecast-by-browser', 'weather-frontend-android/frontend-android', 'blue-green/web', 'tcp-echo/tcp-echo'];
    // examples/shop pins traffic: Traffic.istio() (its DestinationRule policy needs Istio), so it keeps Istio objects.
    expect(manual.filter((s) => s.rolloutPath === 'shop/shop').every((s) => s.manifests.some((o) => o.kind === 'DestinationRule'))).toBe(true);
    for (const s of manual.filter((x) => x.rolloutPath !== 'shop/shop')) {
      const kinds = s.manifests.map((o) => o.apiVersion);
      expect([s.rolloutPath, s.stage, kinds.filter((a) => a.startsWith(ISTIO_GROUP))]).toEqual([s.rolloutPath, s.stage, []]);
      if (routed.includes(s.rolloutPath)) expect([s.rolloutPath, s.stage, kinds.some((a) => a.startsWith(GW_GROUP))]).toEqual([s.rolloutPath, s.stage, true]);
    }
    expect(gw.weatherGateway.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual([`${GW_GROUP}v1 Gateway`]);
    const engines = gw.stages.filter((s) => ENGINE_ROLLOUTS.test(s.rolloutPath));
    expect(engines.length).toBeGreaterThan(0);
    for (const s of engines) {
      expect(s.manifests.filter((o) => o.apiVersion.startsWith(GW_GROUP))).toEqual([]);
      const same = RENDERINGS.istio.stages.find((x) => x.rolloutPath === s.rolloutPath && x.stage === s.stage)!;
      expect(JSON.stringify(s.manifests)).toBe(JSON.stringify(same.manifests));
    }
  });

  test('every object of every stage is valid against the Gateway API v1.6.1, Istio, engine and Kubernetes schemas', () => {
    expect(validateManifests([...gw.stages.flatMap((s) => s.manifests), ...gw.weatherGateway])).toEqual([]);
  });

  test('every parentRef and backendRef resolves to an object of the same stage (or the shared gateway)', () => {
    for (const s of manual) {
      const m = s.rolloutPath.startsWith('weather-') ? [...s.manifests, ...gw.weatherGateway] : s.manifests;
      const ns = (o: any) => o.metadata.namespace ?? 'default';
      const has = (kind: string, name: string, namespace: string) => m.some((o) => o.kind === kind && o.metadata.name === name && ns(o) === namespace);
      for (const r of m.filter((o) => o.kind === 'HTTPRoute' || o.kind === 'TCPRoute')) {
        for (const p of r.spec.parentRefs) {
          expect([s.rolloutPath, s.stage, p.name, has(p.kind ?? 'Gateway', p.name, p.namespace ?? ns(r))]).toEqual([s.rolloutPath, s.stage, p.name, true]);
        }
        for (const rule of r.spec.rules) {
          for (const b of rule.backendRefs) expect([s.rolloutPath, s.stage, b.name, has('Service', b.name, ns(r))]).toEqual([s.rolloutPath, s.stage, b.name, true]);
        }
      }
    }
  });

  test('the shared weather gateway admits the routes of every namespace, as an Istio Gateway binds VirtualServices of any namespace', () => {
    expect(gw.weatherGateway[0].spec).toEqual({
      gatewayClassName: 'istio',
      listeners: [{ name: 'http-80', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }],
    });
  });

  test('demo4 at canary-10: a Service per version and the seed\'s 90/10 as weighted backendRefs on demo4-gateway', () => {
    const m = at(gw, 'demo4/demo4', 'canary-10');
    expect(m.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Service/demo4', 'Deployment/demo4-v1', 'Deployment/demo4-v2', 'Service/demo4-v1', 'Service/demo4-v2', 'HTTPRoute/demo4-ingress', 'Gateway/demo4-gateway',
    ]);
    expect(m.find((o) => o.kind === 'HTTPRoute').spec).toEqual({
      parentRefs: [{ name: 'demo4-gateway' }],
      hostnames: ['demo4.a.com'],
      rules: [{ backendRefs: [{ name: 'demo4-v1', port: 80, weight: 90 }, { name: 'demo4-v2', port: 80, weight: 10 }] }],
    });
  });
});

/** The meaning assertions of the example tests, run on both renderings through `simulate()`. */
describe.each(['istio', 'gateway-api'] as const)('the examples mean the same with traffic %s', (traffic) => {
  const r = RENDERINGS[traffic];

  describe('demo4 (seed 001)', () => {
    const V2: Record<string, number> = { 'canary-10': 0.1, 'canary-25': 0.25, 'canary-50': 0.5, 'canary-100': 1, 'promoted': 1 };
    const expected = (v2: number) => (v2 === 1 ? { v2: 1 } : { v1: Math.round((1 - v2) * 1e9) / 1e9, v2 });

    test('every stage is rendered', () => {
      expect(stagesOf(r, 'demo4/demo4')).toEqual(Object.keys(V2));
    });

    test.each(Object.keys(V2))('%s through demo4-gateway: the stage weights', (stage) => {
      expect(share(at(r, 'demo4/demo4', stage), { host: 'demo4.a.com', gateway: 'test1/demo4-gateway' })).toEqual(expected(V2[stage]));
    });

    test('in the mesh the example (includeMesh: false) is not weighted in either output: the Service spreads over the pods', () => {
      expect(share(at(r, 'demo4/demo4', 'canary-10'), { host: 'demo4', sourceNamespace: 'test1' })).toEqual({ v1: 0.5, v2: 0.5 });
      expect(share(at(r, 'demo4/demo4', 'promoted'), { host: 'demo4', sourceNamespace: 'test1' })).toEqual({ v2: 1 });
    });

    test.each(Object.keys(V2))('%s with includeMesh: in-mesh callers and gateway users both get the stage weights', (stage) => {
      const app = new App();
      app.node.setContext(TRAFFIC_CONTEXT, traffic);
      app.node.setContext(STAGE_OVERRIDES_CONTEXT, { 'test/demo4': stage });
      const chart = new Chart(app, 'test', { namespace: 'test1' });
      new CanaryService(chart, 'demo4', {
        name: 'demo4',
        stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
        canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
        stages: [10, 25, 50, 100],
        stage: 'canary-10',
        gateway: { name: 'demo4-gateway', hosts: ['demo4.a.com'] },
      });
      expect(collectValidationErrors(app)).toEqual([]);
      const m = chart.toJson();
      expect(share(m, { host: 'demo4', sourceNamespace: 'test1' })).toEqual(expected(V2[stage]));
      expect(share(m, { host: 'demo4.a.com', gateway: 'demo4-gateway' })).toEqual(expected(V2[stage]));
    });

    test('promotion removes demo4-v1', () => {
      expect(deployments(at(r, 'demo4/demo4', 'promoted'), 'demo4')).toEqual(['demo4-v2']);
    });
  });

  describe('weather (seed 002)', () => {
    const R = 'weather-forecast-canary/forecast-canary';
    const fromFrontend: SimRequest = { host: 'forecast', sourceNamespace: 'weather-weights', sourceLabels: { app: 'frontend', version: 'v1' } };

    test('§2 forecast by weight: 50/50, then all v2, then v1 removed', () => {
      expect(stagesOf(r, R)).toEqual(['canary-50', 'canary-100', 'promoted']);
      expect(share(at(r, R, 'canary-50'), fromFrontend)).toEqual({ v1: 0.5, v2: 0.5 });
      expect(share(at(r, R, 'canary-100'), fromFrontend)).toEqual({ v2: 1 });
      expect(share(at(r, R, 'promoted'), fromFrontend)).toEqual({ v2: 1 });
      expect(deployments(at(r, R, 'promoted'), 'forecast')).toEqual(['forecast-v2']);
    });

    const browser = (ua: UA) => share(at(r, 'weather-forecast-by-browser/forecast-by-browser', 'chrome-v2'),
      { host: 'forecast', sourceNamespace: 'weather-browser', headers: { 'user-agent': SAMPLE_USER_AGENTS[ua] } });
    test.each(['chrome-windows', 'chrome-macos', 'chrome-android'] as UA[])('§3 %s gets forecast v2', (ua) => {
      expect(browser(ua)).toEqual({ v2: 1 });
    });
    test.each(['firefox-linux', 'firefox-android', 'safari-macos', 'safari-iphone', 'edge-windows'] as UA[])('§3 %s gets forecast v1', (ua) => {
      expect(browser(ua)).toEqual({ v1: 1 });
    });

    const android = (ua: UA) => share(at(r, 'weather-frontend-android/frontend-android', 'android-half'),
      { host: ANDROID_HOST, gateway: 'istio-system/weather-gateway', headers: { 'user-agent': SAMPLE_USER_AGENTS[ua] } });
    test.each(['chrome-android', 'firefox-android'] as UA[])('§4 %s through the shared gateway: frontend v1 and v2 at 0.5 each', (ua) => {
      expect(android(ua)).toEqual({ v1: 0.5, v2: 0.5 });
    });
    test.each(['safari-macos', 'chrome-macos', 'chrome-windows', 'firefox-linux', 'safari-iphone'] as UA[])('§4 %s (Mac and the rest): frontend v1', (ua) => {
      expect(android(ua)).toEqual({ v1: 1 });
    });
  });

  describe('blue-green example', () => {
    const W = 'blue-green/web';
    const users: SimRequest = { host: 'web.example.com', gateway: 'web-gateway' };

    test('web preview: users get blue; the preview host, the preview header and web-preview reach green', () => {
      const m = at(r, W, 'preview');
      expect(share(m, users)).toEqual({ v1: 1 });
      expect(share(m, { host: 'preview.web.example.com', gateway: 'web-gateway' })).toEqual({ v2: 1 });
      expect(share(m, { ...users, headers: { 'x-preview': 'true' } })).toEqual({ v2: 1 });
      expect(share(m, { host: 'web', sourceNamespace: 'blue-green', headers: { 'x-preview': 'true' } })).toEqual({ v2: 1 });
      expect(share(m, { host: 'web', sourceNamespace: 'blue-green' })).toEqual({ v1: 1 });
      expect(share(m, { host: 'web-preview', sourceNamespace: 'blue-green' })).toEqual({ v2: 1 });
    });

    test('web switch: every user on green, blue still running; finalize: blue removed', () => {
      expect(share(at(r, W, 'switch'), users)).toEqual({ v2: 1 });
      expect(deployments(at(r, W, 'switch'), 'web')).toEqual(['web-v1', 'web-v2']);
      expect(share(at(r, W, 'finalize'), users)).toEqual({ v2: 1 });
      expect(deployments(at(r, W, 'finalize'), 'web')).toEqual(['web-v2']);
    });

    test('api (Service selector, unchanged by the traffic API): blue, green, rollback to blue, green again, blue removed', () => {
      const apiUsers: SimRequest = { host: 'api', sourceNamespace: 'blue-green' };
      expect(['preview', 'switch', 'rollback', 'switch-again', 'finalize'].map((s) => share(at(r, 'blue-green/api', s), apiUsers)))
        .toEqual([{ v1: 1 }, { v2: 1 }, { v1: 1 }, { v2: 1 }, { v2: 1 }]);
    });

    test('a routed blue-green with a rollback stage: blue, green, back to blue (green kept and previewable), green, blue removed', () => {
      const stages = ['preview', 'switch', 'rollback', 'switch-again', 'finalize'];
      const run = (stage: string) => {
        const app = new App();
        app.node.setContext(TRAFFIC_CONTEXT, traffic);
        app.node.setContext(STAGE_OVERRIDES_CONTEXT, { 'test/shop': stage });
        const chart = new Chart(app, 'test', { namespace: 'shop' });
        new BlueGreenService(chart, 'shop', {
          name: 'shop',
          blue: { name: 'v1', image: 'example/shop:1.0.0' },
          green: { name: 'v2', image: 'example/shop:2.0.0' },
          stages: ['preview', 'switch', 'rollback', { name: 'switch-again', action: 'switch' }, 'finalize'],
          stage: 'preview',
          gateway: { name: 'shop-gateway', hosts: ['shop.example.com'] },
        });
        expect(collectValidationErrors(app)).toEqual([]);
        return chart.toJson();
      };
      const m = stages.map(run);
      expect(m.map((x) => share(x, { host: 'shop.example.com', gateway: 'shop-gateway' }))).toEqual([{ v1: 1 }, { v2: 1 }, { v1: 1 }, { v2: 1 }, { v2: 1 }]);
      expect(share(m[2], { host: 'shop.example.com', gateway: 'shop-gateway', headers: { 'x-preview': 'true' } })).toEqual({ v2: 1 });
      expect(deployments(m[2], 'shop')).toEqual(['shop-v1', 'shop-v2']);
      expect(deployments(m[4], 'shop')).toEqual(['shop-v2']);
    });
  });

  describe('tcp-echo (seed 002 §6)', () => {
    const R = 'tcp-echo/tcp-echo';
    const through: SimRequest = { host: 'tcp-echo.example.com', gateway: 'weather/tcp-echo-gateway', protocol: 'tcp', port: 31400 };

    test('connections through port 31400: all v1, then 80/20, then all v2, then v1 removed', () => {
      expect(stagesOf(r, R)).toEqual(['canary-0', 'canary-20', 'canary-100', 'promoted']);
      expect(['canary-0', 'canary-20', 'canary-100', 'promoted'].map((s) => share(at(r, R, s), through))).toEqual([{ v1: 1 }, { v1: 0.8, v2: 0.2 }, { v2: 1 }, { v2: 1 }]);
      expect(deployments(at(r, R, 'promoted'), 'tcp-echo')).toEqual(['tcp-echo-v2']);
    });

    test('another port of the gateway is not routed', () => {
      expect(simulate(at(r, R, 'canary-20'), { ...through, port: 31401 }).failed).toBe(1);
    });
  });

  test('nginx (no mesh, unchanged by the traffic API): the replica ratio is the share', () => {
    expect(share(at(r, 'nginx-canary/nginx', 'canary-25'), { host: 'nginx', sourceNamespace: 'rmh' })).toEqual({ 'v1-26': 0.75, 'v1-27': 0.25 });
    expect(share(at(r, 'nginx-switch/nginx', 'switch'), { host: 'nginx', sourceNamespace: 'rmh-switch' })).toEqual({ 'v1-28': 1 });
  });
});

describe('the weather release cannot be expressed in the Gateway API', () => {
  const SOURCE_LABELS = /^\[weather-release\/frontend-forecast-release\] traffic 'gateway-api' \(from (the context key cdk8s-progressive:traffic|ROLLOUT_TRAFFIC)\) cannot render this release: its downstream services route calls by the caller's version \(Istio sourceLabels app: <caller>, version: v2\), and sourceLabels cannot be expressed in the Gateway API, whose HTTPRoute has no condition on the calling workload\. Fix: set traffic: Traffic\.istio\(\) on this MultiServiceRelease .*$/;
  const build = (context: boolean): App => {
    const app = new App();
    if (context) app.node.setContext(TRAFFIC_CONTEXT, 'gateway-api');
    const { gateway } = new WeatherGatewayChart(app, 'weather-gateway');
    new WeatherReleaseChart(app, 'weather-release', { gateway });
    return app;
  };

  test('with the context default, synth fails with exactly that error', () => {
    const app = build(true);
    const errors = collectValidationErrors(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(SOURCE_LABELS);
    expect(errors[0]).toContain('from the context key');
    expect(() => app.synthYaml()).toThrow(/sourceLabels cannot be expressed in the Gateway API/);
  });

  test('with ROLLOUT_TRAFFIC=gateway-api, the same error names the environment variable', () => {
    const saved = process.env[TRAFFIC_ENV_VAR];
    process.env[TRAFFIC_ENV_VAR] = 'gateway-api';
    try {
      const errors = collectValidationErrors(build(false));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(SOURCE_LABELS);
      expect(errors[0]).toContain(`(from ${TRAFFIC_ENV_VAR})`);
    } finally {
      if (saved === undefined) delete process.env[TRAFFIC_ENV_VAR];
      else process.env[TRAFFIC_ENV_VAR] = saved;
    }
  });

  test('the whole example app with the Gateway API default fails on the release only', () => {
    const app = new App();
    app.node.setContext(TRAFFIC_CONTEXT, 'gateway-api');
    defineExamples(app);
    const errors = collectValidationErrors(app);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(SOURCE_LABELS);
  });

  test('ROLLOUT_SKIP_CHARTS leaves charts out and refuses an unknown chart id', () => {
    const app = new App();
    withoutSkippedCharts(defineExamples, 'weather-release, demo4')(app);
    const ids = app.node.children.map((c) => c.node.id);
    expect(ids).not.toContain('weather-release');
    expect(ids).not.toContain('demo4');
    expect(ids).toContain('weather-gateway');
    expect(() => withoutSkippedCharts(defineExamples, 'weather-relase')(new App())).toThrow(/ROLLOUT_SKIP_CHARTS names "weather-relase", which is not an example chart\. Charts: demo4, /);
  });
});
