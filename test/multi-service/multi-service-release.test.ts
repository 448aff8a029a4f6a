/**
 * MultiServiceRelease: a request chain never crosses versions, at every stage (traffic simulator,
 * exact probabilities), with schema-valid objects.
 */
import { Chart } from 'cdk8s';
import {
  cookie, IngressGateway, MultiServiceRelease, MultiServiceReleaseProps, shareByVersion, shareByVersionChain, simulate, simulateChain, SimRequest,
} from '../../lib';
import { expectValidManifests } from '../support/schema';
import { find, ofKind, synthChart, synthEveryStage } from '../support/synth';

const v = (app: string) => [{ name: 'v1', image: `weather/${app}:1.0.0` }, { name: 'v2', image: `weather/${app}:2.0.0` }];
const testers = cookie('user', 'tester');
const props = (gw: IngressGateway): MultiServiceReleaseProps => ({
  from: 'v1',
  to: 'v2',
  entry: { name: 'frontend', versions: v('frontend'), gateway: gw },
  downstream: [{ name: 'forecast', versions: v('forecast') }, { name: 'recommendation', versions: v('recommendation') }],
  stages: [
    { name: 'testers', matches: [testers] },
    { name: 'everyone-10', matches: [testers], weight: 10 },
    { name: 'everyone-50', matches: [testers], weight: 50 },
    { name: 'everyone-100', weight: 100 },
  ],
  stage: 'testers',
});
const define = (chart: Chart) => {
  const gw = new IngressGateway(chart, 'gateway', { name: 'weather-gateway', namespace: 'istio-system' });
  new MultiServiceRelease(chart, 'release', props(gw));
};
const STAGES = ['testers', 'everyone-10', 'everyone-50', 'everyone-100', 'promoted'];
const WEIGHT: Record<string, number> = { 'testers': 0, 'everyone-10': 0.1, 'everyone-50': 0.5, 'everyone-100': 1, 'promoted': 1 };
const everyStage = synthEveryStage(define, 'release', STAGES, { namespace: 'weather' });

const entry = (cookieHeader?: string): SimRequest => ({
  host: 'weather.example.com',
  gateway: 'istio-system/weather-gateway',
  ...(cookieHeader ? { headers: { cookie: cookieHeader } } : {}),
});
const chain = (stage: string, req: SimRequest) => shareByVersionChain(simulateChain(everyStage[stage], req, ['forecast', 'recommendation']));
const split = (w: number, key: (ver: string) => string) => Object.fromEntries(
  [[key('v1'), Math.round((1 - w) * 1e9) / 1e9], [key('v2'), w]].filter(([, p]) => (p as number) > 0),
);

describe('MultiServiceRelease: frontend -> forecast -> recommendation never crosses versions', () => {
  test.each(STAGES)('stage %s: a tester is on v2 of every service, with certainty', (stage) => {
    expect(chain(stage, entry('session=abc; user=tester'))).toEqual({ 'v2>v2>v2': 1 });
    expect(chain(stage, entry('user=tester'))).toEqual({ 'v2>v2>v2': 1 });
  });

  test.each(STAGES)('stage %s: everyone else is on v1 everywhere or v2 everywhere, by the stage weight', (stage) => {
    const expected = split(WEIGHT[stage], (ver) => `${ver}>${ver}>${ver}`);
    expect(chain(stage, entry())).toEqual(expected);
    expect(chain(stage, entry('xuser=tester; user=tester2'))).toEqual(expected);
  });

  test.each(STAGES.slice(0, -1))('stage %s: calls from outside the release (other apps, even one labelled version=v2) reach the old forecast', (stage) => {
    const call = (sourceLabels: Record<string, string>) => shareByVersion(simulate(everyStage[stage], { host: 'forecast', sourceNamespace: 'weather', sourceLabels }));
    expect(call({ app: 'advertisement', version: 'v1' })).toEqual({ v1: 1 });
    expect(call({ app: 'advertisement', version: 'v2' })).toEqual({ v1: 1 });
    expect(call({})).toEqual({ v1: 1 });
    expect(call({ app: 'frontend', version: 'v2' })).toEqual({ v2: 1 });
  });

  test('the downstream VirtualService routes by the caller\'s app and version labels', () => {
    expect(find(everyStage.testers, 'VirtualService', 'recommendation').spec.http).toEqual([
      {
        match: [{ sourceLabels: { app: 'frontend', version: 'v2' } }, { sourceLabels: { app: 'forecast', version: 'v2' } }],
        route: [{ destination: { host: 'recommendation.weather.svc.cluster.local', subset: 'v2' }, weight: 100 }],
      },
      { route: [{ destination: { host: 'recommendation.weather.svc.cluster.local', subset: 'v1' }, weight: 100 }] },
    ]);
  });

  test('the entry VirtualService is bound to the shared gateway only (host "*")', () => {
    const vs = find(everyStage.testers, 'VirtualService', 'frontend');
    expect(vs.spec.gateways).toEqual(['istio-system/weather-gateway']);
    expect(vs.spec.hosts).toEqual(['*']);
    expect(vs.spec.http[0].match).toEqual([{ headers: { cookie: { regex: '(?:.*;)?[ \\t]*user=tester[ \\t]*(?:;.*)?' } } }]);
  });

  test('stages apply to the whole group: both versions of every service run until promotion, then only v2', () => {
    const names = (stage: string) => ofKind(everyStage[stage], 'Deployment').map((d) => d.metadata.name);
    for (const stage of STAGES.slice(0, -1)) {
      expect(names(stage)).toEqual(['frontend-v1', 'frontend-v2', 'forecast-v1', 'forecast-v2', 'recommendation-v1', 'recommendation-v2']);
    }
    expect(names('promoted')).toEqual(['frontend-v2', 'forecast-v2', 'recommendation-v2']);
    for (const dr of ofKind(everyStage.promoted, 'DestinationRule')) expect(dr.spec.subsets.map((s: any) => s.name)).toEqual(['v2']);
  });

  test('the release exposes its services, their objects and rules', () => {
    let release!: MultiServiceRelease;
    synthChart((chart) => {
      const gw = new IngressGateway(chart, 'gateway', { name: 'weather-gateway', namespace: 'istio-system' });
      release = new MultiServiceRelease(chart, 'release', props(gw));
    }, { namespace: 'weather' });
    expect(Object.keys(release.services)).toEqual(['frontend', 'forecast', 'recommendation']);
    expect(release.entry).toBe(release.services.frontend);
    expect(release.versions).toEqual({ from: 'v1', to: 'v2' });
    expect(release.stageNames).toEqual(STAGES);
    expect(release.services.forecast.routing?.virtualService.name).toBe('forecast');
    expect(release.entry.rules.map((r) => r.split)).toEqual([[{ version: 'v2', weight: 100 }], [{ version: 'v1', weight: 100 }]]);
  });

  test('every object of every stage validates against the schemas', () => {
    expectValidManifests(STAGES.flatMap((s) => everyStage[s]));
  });

  test('each stage renders byte-identical output twice', () => {
    const again = synthEveryStage(define, 'release', STAGES, { namespace: 'weather' });
    for (const s of STAGES) expect(JSON.stringify(again[s])).toBe(JSON.stringify(everyStage[s]));
  });
});
