import { Chart, Duration } from 'cdk8s';
import { cookie, HeaderRoute, HeaderRouteProps, HeaderRouteStage, headerPrefix, Traffic, userAgent } from '../../lib';
import { planHeaderRouteStage } from '../../lib/header-route/header-route-plan';
import { TrafficSelection } from '../../lib/providers/traffic-routing';
import { synthErrors } from '../support/synth';

/** The planning is pure: these tests build no construct (except the last block, which checks that synth fails too). */
const V1 = { name: 'v1', image: 'weather/frontend:1.0.0' };
const V2 = { name: 'v2', image: 'weather/frontend:2.0.0' };
const android = userAgent({ os: 'android' });

function selection(traffic: Traffic): TrafficSelection {
  return { choice: { traffic: traffic.kind, source: 'code' }, declared: traffic.provider };
}

function plan(stages: HeaderRouteStage[], active: number, traffic: Traffic = Traffic.istio(), extra: Partial<HeaderRouteProps> = {}) {
  return planHeaderRouteStage({ props: { name: 'frontend', versions: [V1, V2], ...extra }, stages, activeStageIndex: active, selection: selection(traffic), namespace: 'weather' });
}

const messages = (p: { problems: readonly { message: string }[] }) => p.problems.map((x) => x.message);

describe('planHeaderRouteStage: what the stage renders', () => {
  test('a plain stage: its routes then the default, every version running, the model for the provider', () => {
    const p = plan([{ name: 'android-half', routes: [{ name: 'android', matches: [android], to: { v1: 50, v2: 50 } }], default: 'v1' }], 0);
    expect(p.problems).toEqual([]);
    expect(p.renderedStage).toBe('android-half');
    expect(p.versions.map((v) => v.name)).toEqual(['v1', 'v2']);
    expect(p.rules).toEqual([
      { name: 'android', matches: [android], split: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] },
      { split: [{ version: 'v1', weight: 100 }] },
    ]);
    expect(p.model?.versions.map((v) => v.name)).toEqual(['v1', 'v2']);
    expect(p.model?.http).toBe(p.rules);
  });

  test('a stage running one version only deploys it', () => {
    const p = plan([{ name: 'done', default: 'v2', running: ['v2'] }], 0);
    expect(p.versions.map((v) => v.name)).toEqual(['v2']);
    expect(p.model?.versions.map((v) => v.name)).toEqual(['v2']);
  });

  test('an invalid plan renders nothing and deploys every declared version', () => {
    const p = plan([{ name: 'bad', default: { v1: 60, v2: 30 } }], 0);
    expect(messages(p)).toEqual(['stage "bad", rule 1: the weights sum to 90 (60 + 30), not 100.']);
    expect(p.model).toBeUndefined();
    expect(p.rules).toEqual([]);
    expect(p.versions.map((v) => v.name)).toEqual(['v1', 'v2']);
  });

  test('a mirrored default: the catch-all rule copies 10% to v2 and serves v1 only', () => {
    const p = plan([{ name: 'shadow', default: 'v1', defaultMirror: { version: 'v2', percent: 10 } }], 0);
    expect(p.problems).toEqual([]);
    expect(p.rules).toEqual([{ split: [{ version: 'v1', weight: 100 }], mirror: { version: 'v2', percent: 10 } }]);
  });

  test('a sticky route: a cookie rule per served version, scoped to the route, before the weighted rule that sets the cookie', () => {
    const p = plan([{ name: 's', routes: [{ name: 'android', matches: [android], to: { v1: 90, v2: 10 }, sticky: { maxAge: Duration.minutes(30) } }], default: 'v1' }], 0);
    expect(p.problems).toEqual([]);
    expect(p.rules.map((r) => r.name)).toEqual(['android-sticky-v1', 'android-sticky-v2', 'android', undefined]);
    expect(p.rules[1].matches).toEqual([{ headers: { ...android.headers, cookie: { regex: '^(.*?;\\s*)?frontend-version=v2(;.*)?$' } } }]);
    expect(p.rules[1].split).toEqual([{ version: 'v2', weight: 100 }]);
    expect(p.rules[2].split).toEqual([
      { version: 'v1', weight: 90, setCookie: 'frontend-version=v1; Max-Age=1800; Path=/' },
      { version: 'v2', weight: 10, setCookie: 'frontend-version=v2; Max-Age=1800; Path=/' },
    ]);
  });
});

describe('planHeaderRouteStage: every stage is checked, not only the rendered one', () => {
  const later: HeaderRouteStage = { name: 'later', routes: [{ matches: [headerPrefix('user-agent', 'Android')], to: 'v2' }], default: 'v1' };
  const first: HeaderRouteStage = { name: 'first', default: 'v1' };

  test('istio-ambient: a header prefix in a stage that is not active is reported, named by its stage', () => {
    const p = plan([first, later], 0, Traffic.istioAmbient());
    expect(messages(p)).toEqual([
      'stage "later": istio-ambient cannot match header "user-agent" by prefix "Android" (HTTP route, rule 1): HTTPRoute header matches are Exact or RegularExpression only.',
    ]);
    // The active stage is still rendered; synth fails on the reported problem.
    expect(p.model).toBeDefined();
  });

  test('istio-ambient: the rendered stage is left to the routing (no double report)', () => {
    expect(plan([first, later], 1, Traffic.istioAmbient()).problems).toEqual([]);
  });

  test('gateway-api: the same stage is refused in the Gateway API words', () => {
    expect(messages(plan([first, later], 0, Traffic.gatewayApi()))).toEqual([
      expect.stringMatching(/^stage "later", HTTP route, rule 1: header "user-agent" prefix "Android" cannot be expressed in the Gateway API/),
    ]);
  });

  test('ingress-nginx: a stage its annotations cannot express is reported; problems shared with the rendered stage once', () => {
    const tooMany: HeaderRouteStage = { name: 'prefix', routes: [{ matches: [headerPrefix('x-team', 'qa')], to: 'v2' }], default: 'v1' };
    const p = plan([first, tooMany], 0, Traffic.ingressNginx(), { gateway: { name: 'nginx', hosts: ['shop.example.com'] } });
    expect(messages(p).length).toBeGreaterThan(0);
    expect(messages(p).every((m) => m.startsWith('stage "prefix": '))).toBe(true);
  });

  test('istio: both stages pass', () => {
    expect(plan([first, later], 0).problems).toEqual([]);
  });
});

describe('planHeaderRouteStage: mistakes in the techniques', () => {
  const one = (stage: HeaderRouteStage, traffic?: Traffic) => messages(plan([stage], 0, traffic));
  test('a mirror percent that is not a whole percentage', () => {
    expect(one({ name: 's', default: 'v1', defaultMirror: { version: 'v2', percent: 0.5 } })).toEqual(['stage "s", default: mirror percent 0.5 is not a whole percentage between 1 and 100.']);
  });
  test('a mirror to a version that does not run, or is not declared', () => {
    expect(one({ name: 's', default: 'v1', running: ['v1'], defaultMirror: { version: 'v2', percent: 10 } })).toEqual(['stage "s", default mirrors to version "v2", which does not run at this stage (running: v1).']);
    expect(one({ name: 's', default: 'v1', defaultMirror: { version: 'v3', percent: 10 } })).toEqual(['stage "s", default mirrors to version "v3", which is not declared.']);
  });
  test('a mirror to the version that already serves every request', () => {
    expect(one({ name: 's', routes: [{ name: 'qa', matches: [cookie('user', 'qa')], to: 'v2', mirror: { version: 'v2', percent: 10 } }], default: 'v1' }))
      .toEqual(['stage "s", route "qa" mirrors to version "v2", which already serves every request of it: each request would reach "v2" twice.']);
  });
  test('sticky on a single version, on a cookie route, with a maxAge that is not whole seconds', () => {
    expect(one({ name: 's', default: 'v1', defaultSticky: {} })).toEqual(['stage "s", default is sticky, but sends its requests to "v1" only: stickiness keeps a user on one version of a weighted split.']);
    expect(one({ name: 's', routes: [{ matches: [cookie('user', 'qa')], to: { v1: 50, v2: 50 }, sticky: {} }], default: 'v1' }))
      .toEqual([expect.stringMatching(/^stage "s", route 1 is sticky and matches on the cookie header/)]);
    expect(one({ name: 's', default: { v1: 50, v2: 50 }, defaultSticky: { maxAge: Duration.millis(1500) } }))
      .toEqual(['stage "s", default: sticky maxAge (1500 ms) is not a whole, positive number of seconds (the cookie\'s Max-Age).']);
  });
  test('providers that cannot mirror or set cookies are named, at every stage', () => {
    const shadow: HeaderRouteStage = { name: 'shadow', default: 'v1', defaultMirror: { version: 'v2', percent: 10 } };
    const sticky: HeaderRouteStage = { name: 'sticky', default: { v1: 50, v2: 50 }, defaultSticky: {} };
    expect(messages(plan([shadow, sticky], 0, Traffic.istioAmbient()))).toEqual([
      'stage "shadow", default mirrors 10% of its requests to "v2", which traffic \'istio-ambient\' cannot express.',
      'stage "sticky", default is sticky (its versions set a cookie on their responses), which traffic \'istio-ambient\' cannot express.',
    ]);
    expect(plan([shadow, sticky], 0, Traffic.istioAmbient()).model).toBeUndefined();
    expect(plan([shadow, sticky], 0, Traffic.gatewayApi()).problems).toEqual([]);
  });
});

describe('HeaderRoute reports the plan', () => {
  test('a problem in a stage that is not active fails synth (istio-ambient)', () => {
    const define = (chart: Chart) => new HeaderRoute(chart, 'frontend', {
      name: 'frontend', versions: [V1, V2], traffic: Traffic.istioAmbient(), stage: 'first',
      stages: [{ name: 'first', default: 'v1' }, { name: 'later', routes: [{ matches: [headerPrefix('user-agent', 'Android')], to: 'v2' }], default: 'v1' }],
    });
    expect(synthErrors(define)).toEqual([expect.stringMatching(/^\[test\/frontend\] stage "later": istio-ambient cannot match header "user-agent" by prefix "Android".*Fix: match the header with \{ regex: 'Android\.\*' \}/)]);
  });
});
