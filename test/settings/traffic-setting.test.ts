/**
 * ROLLOUT_TRAFFIC (and the context key) select any registered traffic provider by its kind, with
 * its default options: the accepted values come from the registry (TRAFFIC_PROVIDERS), a chosen
 * provider routes exactly as the same provider set in code, and an unknown value lists them all.
 */
import { App, Chart } from 'cdk8s';
import {
  BlueGreenService, CanaryService, collectValidationErrors, cookie, MultiServiceRelease, MultiServiceReleaseProps, shareByVersion, simulate, Traffic,
  TRAFFIC_CONTEXT, TRAFFIC_ENV_VAR, TRAFFIC_PROVIDERS,
} from '../../lib';
import { selectableTrafficKinds } from '../../lib/settings/traffic-setting';
import { withEnv as withEnvVars } from '../support/env';
import { find, ofKind, synthChart, synthErrors } from '../support/synth';

/** Runs `f` with ROLLOUT_TRAFFIC set to `value` (unset when undefined). */
const withEnv = <T>(value: string | undefined, f: () => T): T => withEnvVars({ [TRAFFIC_ENV_VAR]: value }, f);

const HOST = 'demo4.example.com';
const canary = (traffic?: Traffic) => (c: Chart) => {
  new CanaryService(c, 'demo4', {
    name: 'demo4', stable: { name: 'v1', image: 'mritd/demo:1.0.0' }, canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
    stages: [10, 50], stage: 'canary-10', gateway: { name: 'demo4-gateway', hosts: [HOST] }, ...(traffic ? { traffic } : {}),
  });
};
const v = (app: string) => [{ name: 'v1', image: `weather/${app}:1.0.0` }, { name: 'v2', image: `weather/${app}:2.0.0` }];
const release = (traffic?: Traffic): MultiServiceReleaseProps => ({
  from: 'v1', to: 'v2',
  entry: { name: 'frontend', versions: v('frontend'), gateway: { name: 'weather-gateway', hosts: ['weather.example.com'] } },
  downstream: [{ name: 'forecast', versions: v('forecast') }],
  stages: [{ name: 'testers', matches: [cookie('user', 'tester')] }],
  stage: 'testers',
  ...(traffic ? { traffic } : {}),
});

describe('ROLLOUT_TRAFFIC selects any registered provider', () => {
  test('the accepted values are the kinds of the registry, in registry order', () => {
    expect(selectableTrafficKinds()).toEqual(TRAFFIC_PROVIDERS.map((p) => p.kind));
    expect(selectableTrafficKinds()).toEqual(expect.arrayContaining(['istio-ambient', 'ingress-nginx']));
  });

  test('istio-ambient: the canary is rendered exactly as with Traffic.istioAmbient() in code, and serves its weight through the waypoint', () => {
    const fromEnv = withEnv('istio-ambient', () => synthChart(canary()));
    expect(fromEnv).toEqual(withEnv(undefined, () => synthChart(canary(Traffic.istioAmbient()))));
    expect(ofKind(fromEnv, 'VirtualService')).toEqual([]);
    expect(shareByVersion(simulate(fromEnv, { host: 'demo4', sourceNamespace: 'test1' }))).toEqual({ v1: 0.9, v2: 0.1 });
  });

  test('ingress-nginx: the canary is rendered exactly as with Traffic.ingressNginx() in code, and the Ingresses split by the weight', () => {
    const fromEnv = withEnv('ingress-nginx', () => synthChart(canary()));
    expect(fromEnv).toEqual(withEnv(undefined, () => synthChart(canary(Traffic.ingressNginx()))));
    expect(ofKind(fromEnv, 'Ingress').length).toBe(2);
    expect(shareByVersion(simulate(fromEnv, { host: HOST, path: '/' })).v2).toBeCloseTo(0.1);
  });

  test('service-selector: a BlueGreenService switches its Service selector, as with Traffic.serviceSelector() in code', () => {
    const bg = (traffic?: Traffic) => (c: Chart) => {
      new BlueGreenService(c, 'shop', { name: 'shop', blue: v('shop')[0], green: v('shop')[1], stage: 'switch', ...(traffic ? { traffic } : {}) });
    };
    const fromEnv = withEnv('service-selector', () => synthChart(bg()));
    expect(fromEnv).toEqual(withEnv(undefined, () => synthChart(bg(Traffic.serviceSelector()))));
    expect(find(fromEnv, 'Service', 'shop').spec.selector.version).toBe('v2');
  });

  test('per construct (id=kind), and the context key the same way', () => {
    const kindsOf = (env: string | undefined, context?: unknown) => withEnv(env, () => {
      const app = new App();
      if (context !== undefined) app.node.setContext(TRAFFIC_CONTEXT, context);
      const chart = new Chart(app, 'test', { namespace: 'test1' });
      canary()(chart);
      const other = new CanaryService(chart, 'other', { name: 'other', stable: { name: 'v1', image: 'mritd/demo:1.0.0' }, canary: { name: 'v2', image: 'mritd/demo:2.0.0' }, stages: [10], stage: 'canary-10' });
      return [(chart.node.findChild('demo4') as CanaryService).traffic, other.traffic];
    });
    expect(kindsOf('demo4=istio-ambient')).toEqual(['istio-ambient', 'istio']);
    expect(kindsOf(undefined, { other: 'ingress-nginx' })).toEqual(['istio', 'ingress-nginx']);
  });

  test('MultiServiceRelease: istio-ambient from the environment pins by the release header, as in code', () => {
    const define = (traffic?: Traffic) => (c: Chart) => { new MultiServiceRelease(c, 'release', release(traffic)); };
    const fromEnv = withEnv('istio-ambient', () => synthChart(define(), { namespace: 'weather' }));
    expect(fromEnv).toEqual(withEnv(undefined, () => synthChart(define(Traffic.istioAmbient()), { namespace: 'weather' })));
    const forecast = find(fromEnv, 'HTTPRoute', 'forecast');
    expect(JSON.stringify(forecast.spec.rules[0].matches)).toContain('x-release');
  });

  test('MultiServiceRelease: ingress-nginx from the environment cannot match the caller, and says where the choice came from', () => {
    const errors = withEnv('ingress-nginx', () => synthErrors((c) => { new MultiServiceRelease(c, 'release', release()); }, { namespace: 'weather' }));
    expect(errors).toEqual([expect.stringMatching(/^\[test\/release\] traffic 'ingress-nginx' \(from ROLLOUT_TRAFFIC\) cannot render this release: /)]);
  });

  test('an unknown value lists every registered kind', () => {
    const errors = withEnv('ambient', () => {
      const app = new App();
      canary()(new Chart(app, 'test', { namespace: 'test1' }));
      return collectValidationErrors(app);
    });
    const kinds = TRAFFIC_PROVIDERS.map((p) => `'${p.kind}'`).join(', ');
    expect(errors).toEqual([`[test/demo4] traffic "ambient" (from ROLLOUT_TRAFFIC) is not a traffic API this library renders. Fix: use one of ${kinds} (the registered traffic providers, each with its default options), or set traffic in code for other options (e.g. Traffic.replicaRatio({ totalReplicas, rounding })).`]);
  });
});
