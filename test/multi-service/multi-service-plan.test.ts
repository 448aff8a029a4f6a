/**
 * planMultiServiceStage decides a MultiServiceRelease stage without building a construct: the
 * route rules of every service (which version a request of each kind reaches), the versions that
 * run, how the release is pinned across services, and the problems.
 */
import { cookie, MultiServiceReleaseProps, Traffic } from '../../lib';
import { IstioAmbientProvider } from '../../lib/providers/istio-ambient/provider';
import { TrafficSelection } from '../../lib/providers/traffic-routing';
import { MultiServiceStagePlan, planMultiServiceStage } from '../../lib/multi-service/multi-service-plan';
import { resolveMultiServiceStages } from '../../lib/multi-service/multi-service-stages';
import { formatProblem } from '../../lib/validation/problems';

const v = (app: string, names = ['v1', 'v2']) => names.map((n) => ({ name: n, image: `weather/${app}:${n.slice(1)}.0.0` }));
const testers = cookie('user', 'tester');
const gateway = { name: 'weather-gateway', namespace: 'istio-system', hosts: ['weather.example.com'], create: false, includeMesh: false };
const base: MultiServiceReleaseProps = {
  from: 'v1',
  to: 'v2',
  entry: { name: 'frontend', versions: v('frontend'), gateway },
  downstream: [{ name: 'forecast', versions: v('forecast') }, { name: 'recommendation', versions: v('recommendation') }],
  stages: [{ name: 'testers', matches: [testers] }, { name: 'half', matches: [testers], weight: 50 }],
  stage: 'testers',
};
const inCode = (t: Traffic): TrafficSelection => ({ choice: { traffic: t.kind, source: 'code' }, declared: t.provider });
const byDefault: TrafficSelection = { choice: { traffic: 'istio', source: 'default' } };

function plan(overrides: Partial<MultiServiceReleaseProps> = {}, stage = 'testers', selection: TrafficSelection = byDefault): MultiServiceStagePlan {
  const props = { ...base, ...overrides };
  const stages = resolveMultiServiceStages(props.stages, props.promote ?? true);
  return planMultiServiceStage({ props, stages, activeStageIndex: stages.findIndex((s) => s.name === stage), selection });
}
const member = (p: MultiServiceStagePlan, name: string) => p.members.find((m) => m.spec.name === name)!;
const messages = (p: MultiServiceStagePlan) => p.problems.map(formatProblem);

describe('planMultiServiceStage: routes of every service, without a construct', () => {
  test('testers: tester requests enter the new frontend, whose calls (caller labels) stay on new versions; the rest stays old', () => {
    const p = plan();
    expect(p.problems).toEqual([]);
    expect(p.renderedStage).toBe('testers');
    expect(p.pinning).toBeUndefined();
    expect(p.members.map((m) => [m.spec.name, m.entry, m.running])).toEqual([
      ['frontend', true, ['v1', 'v2']], ['forecast', false, ['v1', 'v2']], ['recommendation', false, ['v1', 'v2']],
    ]);
    expect(member(p, 'frontend').rules).toEqual([{ matches: [testers], split: [{ version: 'v2', weight: 100 }] }, { split: [{ version: 'v1', weight: 100 }] }]);
    expect(member(p, 'frontend').gateway).toEqual(gateway);
    // forecast is called by the new version of any OTHER service of the release, never by itself.
    expect(member(p, 'forecast').rules).toEqual([
      { matches: [{ sourceLabels: { app: 'frontend', version: 'v2' } }, { sourceLabels: { app: 'recommendation', version: 'v2' } }], split: [{ version: 'v2', weight: 100 }] },
      { split: [{ version: 'v1', weight: 100 }] },
    ]);
    expect(member(p, 'forecast').gateway).toBeUndefined();
    expect(member(p, 'forecast').provider).toBeUndefined();
  });

  test('a weighted stage splits only the unmatched entry requests', () => {
    expect(member(plan({}, 'half'), 'frontend').rules).toEqual([
      { matches: [testers], split: [{ version: 'v2', weight: 100 }] },
      { split: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] },
    ]);
  });

  test('promoted: only the new versions run, and every service sends everything to them', () => {
    const p = plan({}, 'promoted');
    for (const m of p.members) {
      expect(m.running).toEqual(['v2']);
      expect(m.rules).toEqual([{ split: [{ version: 'v2', weight: 100 }] }]);
    }
  });

  test('Traffic.istioAmbient(): the provider pins by its release header; only the entry creates the waypoint', () => {
    const p = plan({}, 'testers', inCode(Traffic.istioAmbient()));
    expect(p.problems).toEqual([]);
    expect(p.pinning).toBeDefined();
    expect(member(p, 'forecast').rules).toEqual([
      { matches: [{ headers: { 'x-release': { exact: 'v2' } } }], split: [{ version: 'v2', weight: 100 }] },
      { split: [{ version: 'v1', weight: 100 }] },
    ]);
    const waypoints = p.members.map((m) => (m.provider as IstioAmbientProvider).waypoint.create);
    expect(waypoints).toEqual([undefined, false, false]);
  });

  test('the same props give the same plan (deterministic)', () => {
    expect(JSON.stringify(plan({}, 'half'))).toEqual(JSON.stringify(plan({}, 'half')));
  });
});

describe('planMultiServiceStage: problems, and nothing routed when there is one', () => {
  const unrouted = (p: MultiServiceStagePlan) => {
    expect(p.renderedStage).toBeUndefined();
    for (const m of p.members) {
      expect(m.rules).toBeUndefined();
      expect(m.running).toEqual(m.spec.versions.map((x) => x.name));
    }
  };

  test('Traffic.gatewayApi() has no condition on the caller', () => {
    const p = plan({}, 'testers', inCode(Traffic.gatewayApi()));
    expect(messages(p)).toEqual([expect.stringMatching(/^traffic 'gateway-api' cannot render this release: /)]);
    unrouted(p);
  });

  test('Traffic.ingressNginx() has no condition on the caller and no release pinning', () => {
    const p = plan({}, 'testers', inCode(Traffic.ingressNginx()));
    expect(messages(p)).toEqual([expect.stringMatching(/^traffic 'ingress-nginx' cannot render this release: .*it has no condition on the calling workload/)]);
    unrouted(p);
  });

  test('an entry without sidecar under caller-label pinning: no sourceLabels rule could match', () => {
    const p = plan({ entry: { ...base.entry, sidecarInjection: false } });
    expect(messages(p)).toEqual([
      'entry service "frontend" has sidecarInjection: false, but the downstream services pin the release by the caller\'s pod labels (sourceLabels app: frontend, version: v2), which only the caller\'s sidecar sends: no such rule can ever match, so requests entering "frontend" v2 would reach the v1 downstream versions. Fix: remove sidecarInjection: false from entry service "frontend" (the sidecar routes its calls by the release), or use a provider that pins the release by a request header (traffic: Traffic.istioAmbient()).',
    ]);
    unrouted(p);
  });

  test('an entry without sidecar is fine when the provider pins by a header (ambient has no sidecars at all)', () => {
    expect(plan({ entry: { ...base.entry, sidecarInjection: false } }, 'testers', inCode(Traffic.istioAmbient())).problems).toEqual([]);
  });

  test('a called service without sidecar keeps the release: the caller\'s sidecar applies the rules', () => {
    expect(plan({ downstream: [{ name: 'forecast', versions: v('forecast'), sidecarInjection: false }] }).problems).toEqual([]);
  });

  test('a service listed twice is planned once, and nothing is routed', () => {
    const p = plan({ downstream: [{ name: 'frontend', versions: v('frontend') }] });
    expect(messages(p)).toEqual([expect.stringMatching(/^service "frontend" is listed twice in the release\./)]);
    expect(p.members.map((m) => m.spec.name)).toEqual(['frontend']);
    unrouted(p);
  });

  test('an unknown stage (active index -1) routes nothing', () => {
    const p = plan({}, 'nope');
    expect(p.problems).toEqual([]);
    unrouted(p);
  });
});
