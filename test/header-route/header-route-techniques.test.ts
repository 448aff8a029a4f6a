import { App, Chart, Duration } from 'cdk8s';
import { formatPlans, HeaderRoute, HeaderRouteStage, planRollouts, simulate, SimRequest, SimResult, Traffic, userAgent } from '../../lib';
import { STAGE_OVERRIDES_CONTEXT } from '../../lib/rollout/active-stage';
import { collectValidationErrors } from '../../lib/validation/problems';
import { ANDROID_HOST, WeatherFrontendAndroidChart, WeatherGatewayChart } from '../../examples/weather/weather';
import { expectValidManifests } from '../support/schema';
import { synthEveryStage } from '../support/synth';

/** Mirroring and sticky sessions in HeaderRoute stages, read back through the simulator and `plan`. */

const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const DESKTOP_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** Share of the served traffic (or of the copies) by version label. */
function byVersion(outcomes: SimResult['outcomes'] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of outcomes ?? []) out[o.version ?? '?'] = (out[o.version ?? '?'] ?? 0) + o.probability;
  return out;
}

/** The cookie a response sets, as the browser sends it back: `{ name: value }`. */
function cookieOf(setCookie: string): Record<string, string> {
  const [name, value] = setCookie.split(';')[0].split('=');
  return { [name]: value };
}

describe('the weather example: frontend-android stages through the shared gateway (Istio)', () => {
  const STAGES = ['android-half', 'android-half-sticky', 'others-shadow-10'];
  const manifestsAt = (stage: string): any[] => {
    const app = new App();
    app.node.setContext(STAGE_OVERRIDES_CONTEXT, { 'weather-frontend-android/frontend-android': stage });
    const { gateway } = new WeatherGatewayChart(app, 'weather-gateway');
    new WeatherFrontendAndroidChart(app, 'weather-frontend-android', { gateway });
    expect(collectValidationErrors(app)).toEqual([]);
    return app.charts.flatMap((c) => c.toJson());
  };
  const at = Object.fromEntries(STAGES.map((s) => [s, manifestsAt(s)]));
  const req = (ua: string, cookies?: Record<string, string>): SimRequest => ({ host: ANDROID_HOST, gateway: 'istio-system/weather-gateway', headers: { 'user-agent': ua }, ...(cookies ? { cookies } : {}) });

  test.each(STAGES)('stage %s passes schema validation', (stage) => expectValidManifests(at[stage]));

  test('android-half (unchanged): Android 50/50, no cookie, no copies', () => {
    const r = simulate(at['android-half'], req(ANDROID_UA));
    expect(byVersion(r.outcomes)).toEqual({ v1: 0.5, v2: 0.5 });
    expect(r.outcomes.every((o) => o.setCookie === undefined)).toBe(true);
    expect(r.mirrored).toBeUndefined();
  });

  test('android-half-sticky: an Android user served by v2 stays on v2 across requests', () => {
    const first = simulate(at['android-half-sticky'], req(ANDROID_UA));
    expect(byVersion(first.outcomes)).toEqual({ v1: 0.5, v2: 0.5 });
    const v2 = first.outcomes.find((o) => o.version === 'v2')!;
    expect(v2.setCookie).toBe('frontend-version=v2; Max-Age=3600; Path=/');
    for (let i = 0; i < 3; i++) {
      const next = simulate(at['android-half-sticky'], req(ANDROID_UA, { session: 'abc', ...cookieOf(v2.setCookie!) }));
      expect(byVersion(next.outcomes)).toEqual({ v2: 1 });
    }
    // And one served by v1 stays on v1.
    const v1 = first.outcomes.find((o) => o.version === 'v1')!;
    expect(byVersion(simulate(at['android-half-sticky'], req(ANDROID_UA, cookieOf(v1.setCookie!))).outcomes)).toEqual({ v1: 1 });
    // The cookie only pins Android requests: the others still go to v1.
    expect(byVersion(simulate(at['android-half-sticky'], req(DESKTOP_UA, cookieOf(v2.setCookie!))).outcomes)).toEqual({ v1: 1 });
  });

  test('others-shadow-10: v1 serves 100% of the other requests and 10% are copied to v2', () => {
    const r = simulate(at['others-shadow-10'], req(DESKTOP_UA));
    expect(byVersion(r.outcomes)).toEqual({ v1: 1 });
    expect(byVersion(r.mirrored)).toEqual({ v2: 0.1 });
    expect(r.failed).toBe(0);
    // Android requests are not copied.
    expect(simulate(at['others-shadow-10'], req(ANDROID_UA)).mirrored).toBeUndefined();
  });

  test('plan shows the copies apart from the served shares, and who sets the cookie', () => {
    const plan = planRollouts((app: App) => {
      const { gateway } = new WeatherGatewayChart(app, 'weather-gateway');
      new WeatherFrontendAndroidChart(app, 'weather-frontend-android', { gateway });
    }).find((p) => p.path.includes('frontend-android'))!;
    const text = formatPlans([plan]);
    expect(text).toContain('| 00 android-half (active) | v1 50%, v2 50% | v1 100% |');
    expect(text).toContain('| 01 android-half-sticky | v1 50%, v2 50% (Set-Cookie from v1, v2) | v1 100% |');
    expect(text).toContain('| 02 others-shadow-10 | v1 50%, v2 50% (Set-Cookie from v1, v2) | v1 100% (+ copies: v2 10%) |');
    // The request class of an Android user carrying the v2 cookie: pinned at the sticky stages.
    const pinned = plan.conditions.findIndex((c) => /frontend-version=v2/.test(c.label) && /weather-gateway/.test(c.label));
    expect(plan.rows.map((r) => r.shares[pinned])).toEqual([{ v1: 0.5, v2: 0.5 }, { v2: 1 }, { v2: 1 }]);
  });
});

const V1 = { name: 'v1', image: 'weather/frontend:1.0.0' };
const V2 = { name: 'v2', image: 'weather/frontend:2.0.0' };
const android = userAgent({ os: 'android' });
const STAGES: HeaderRouteStage[] = [
  { name: 'android-shadow-10', routes: [{ name: 'android', matches: [android], to: 'v1', mirror: { version: 'v2', percent: 10 } }], default: 'v1' },
  { name: 'android-sticky-20', routes: [{ name: 'android', matches: [android], to: { v1: 80, v2: 20 }, sticky: { cookieName: 'fe', maxAge: Duration.minutes(30) } }], default: 'v1' },
  { name: 'everyone-sticky-50', default: { v1: 50, v2: 50 }, defaultSticky: {} },
];
const PROVIDERS: Record<string, Traffic> = { 'istio': Traffic.istio(), 'gateway-api': Traffic.gatewayApi() };

describe.each(Object.keys(PROVIDERS))('HeaderRoute techniques with traffic %s (mesh traffic)', (kind) => {
  const define = (chart: Chart) => { new HeaderRoute(chart, 'frontend', { name: 'frontend', versions: [V1, V2], stages: STAGES, stage: 'android-shadow-10', traffic: PROVIDERS[kind] }); };
  const at = synthEveryStage(define, 'frontend', STAGES.map((s) => s.name), { namespace: 'weather' });
  const req = (ua: string, cookies?: Record<string, string>): SimRequest => ({ host: 'frontend', sourceNamespace: 'weather', headers: { 'user-agent': ua }, ...(cookies ? { cookies } : {}) });

  test.each(STAGES.map((s) => s.name))('stage %s passes schema validation', (stage) => expectValidManifests(at[stage]));

  test('a 10% mirror of the matched traffic: v1 serves 100%, 10% of the copies reach v2', () => {
    const r = simulate(at['android-shadow-10'], req(ANDROID_UA));
    expect(byVersion(r.outcomes)).toEqual({ v1: 1 });
    expect(byVersion(r.mirrored)).toEqual({ v2: 0.1 });
    expect(simulate(at['android-shadow-10'], req(DESKTOP_UA)).mirrored).toBeUndefined();
  });

  test('a sticky user stays on v2 across requests', () => {
    const first = simulate(at['android-sticky-20'], req(ANDROID_UA));
    expect(byVersion(first.outcomes)).toEqual({ v1: 0.8, v2: 0.2 });
    const v2 = first.outcomes.find((o) => o.version === 'v2')!;
    expect(v2.setCookie).toBe('fe=v2; Max-Age=1800; Path=/');
    for (let i = 0; i < 3; i++) expect(byVersion(simulate(at['android-sticky-20'], req(ANDROID_UA, { ...cookieOf(v2.setCookie!), other: 'x' })).outcomes)).toEqual({ v2: 1 });
    // A cookie value that is no version pins nobody.
    expect(byVersion(simulate(at['android-sticky-20'], req(ANDROID_UA, { fe: 'v9' })).outcomes)).toEqual({ v1: 0.8, v2: 0.2 });
  });

  test('a sticky default: the cookie is <name>-version and keeps everyone on their version', () => {
    const first = simulate(at['everyone-sticky-50'], req(DESKTOP_UA));
    expect(first.outcomes.map((o) => o.setCookie).sort()).toEqual(['frontend-version=v1; Max-Age=3600; Path=/', 'frontend-version=v2; Max-Age=3600; Path=/']);
    expect(byVersion(simulate(at['everyone-sticky-50'], req(DESKTOP_UA, { 'frontend-version': 'v1' })).outcomes)).toEqual({ v1: 1 });
    expect(byVersion(simulate(at['everyone-sticky-50'], req(DESKTOP_UA, { 'frontend-version': 'v2' })).outcomes)).toEqual({ v2: 1 });
  });
});
