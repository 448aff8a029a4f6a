/**
 * MultiServiceRelease pinning in ambient mode: caller-label rules become release-header rules, the
 * entry's waypoint sets `x-release: <version>` on the request to the chosen version, the application
 * propagates it, and downstream waypoints match it. The chain simulator proves, with exact
 * probabilities, that a request never crosses versions, and that it does when the app drops the header.
 */
import { Chart } from 'cdk8s';
import { cookie, RouteRule } from '../../../lib';
import { downstreamRules, entryRules } from '../../../lib/multi-service/release-rules';
import { resolveMultiServiceStages } from '../../../lib/multi-service/multi-service-stages';
import { ambientRuleProblems, crossesVersions, pinByReleaseHeader, releaseHeaderRules, simulateAmbientChain } from '../../../lib/providers/istio-ambient';
import { validateManifests } from '../../support/schema';
import { find, synthChart } from '../../support/synth';
import { ambientService } from './fixture';

const V = { from: 'v1', to: 'v2' };
const MEMBERS = ['frontend', 'forecast', 'history'];
const [testers, promoted] = resolveMultiServiceStages([{ name: 'testers', matches: [cookie('user', 'tester')], weight: 20 }], true);

function release(stage: typeof testers, pin = true): any[] {
  const releaseHeader = pin ? 'x-release' : undefined;
  return synthChart((c: Chart) => {
    ambientService(c, 'frontend', entryRules(stage, V), { releaseHeader, createNamespace: true });
    for (const s of MEMBERS.slice(1)) ambientService(c, s, pinByReleaseHeader(downstreamRules(stage, V, s, MEMBERS)), { releaseHeader, waypoint: { name: 'waypoint', create: false } });
  }, { namespace: 'weather' });
}

const paths = (r: ReturnType<typeof simulateAmbientChain>) => r.paths.map((p) => [p.hops.map((h) => `${h.host}:${h.version}`).join(' > '), p.probability]);
const CALLS = ['forecast', 'history'];

describe('converting caller-label pinning', () => {
  test('sourceLabels {app, version} matches become one x-release match; the result has no ambient problems', () => {
    const pinned = pinByReleaseHeader(downstreamRules(testers, V, 'forecast', MEMBERS));
    expect(pinned).toEqual(releaseHeaderRules('v1', 'v2', false));
    expect(pinned[0].matches).toEqual([{ headers: { 'x-release': { exact: 'v2' } } }]);
    expect(ambientRuleProblems({ http: pinned, versions: ['v1', 'v2'] })).toEqual([]);
    expect(ambientRuleProblems({ http: downstreamRules(testers, V, 'forecast', MEMBERS), versions: ['v1', 'v2'] })[0].message).toMatch(/^istio-ambient cannot match on the labels of the calling workload/);
  });

  test('other conditions of a match are kept; caller labels without a version are left for the checks', () => {
    const rules: RouteRule[] = [{ matches: [{ sourceLabels: { app: 'a', version: 'v2' }, uri: { exact: '/x' } }, { sourceLabels: { team: 'qa' } }], split: [{ version: 'v2', weight: 100 }] }];
    expect(pinByReleaseHeader(rules, 'x-rel')[0].matches).toEqual([{ uri: { exact: '/x' }, headers: { 'x-rel': { exact: 'v2' } } }, { sourceLabels: { team: 'qa' } }]);
  });

  test('promoted: everything to the new version', () => {
    expect(releaseHeaderRules('v1', 'v2', true)).toEqual([{ split: [{ version: 'v2', weight: 100 }] }]);
  });
});

describe('a request never crosses versions', () => {
  const m = release(testers);

  test('the objects are valid; each backend sets the release header to its version', () => {
    expect(validateManifests(m)).toEqual([]);
    const refs = find(m, 'HTTPRoute', 'frontend').spec.rules.flatMap((r: any) => r.backendRefs);
    for (const b of refs) {
      expect(b.filters).toEqual([{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-release', value: b.name.replace('frontend-', '') }] } }]);
    }
    expect(find(m, 'HTTPRoute', 'forecast').spec.rules[0].matches).toEqual([{ headers: [{ name: 'x-release', type: 'Exact', value: 'v2' }] }]);
  });

  test('weighted entry: 80% stay on v1 through the chain, 20% on v2', () => {
    const r = simulateAmbientChain(m, { host: 'frontend' }, CALLS);
    expect(paths(r)).toEqual([
      ['frontend:v1 > forecast:v1 > history:v1', 0.8],
      ['frontend:v2 > forecast:v2 > history:v2', 0.2],
    ]);
    expect(r.failed).toBe(0);
    expect(r.paths.some(crossesVersions)).toBe(false);
  });

  test('testers (cookie) go to v2 everywhere', () => {
    const r = simulateAmbientChain(m, { host: 'frontend', cookies: { user: 'tester' } }, CALLS);
    expect(paths(r)).toEqual([['frontend:v2 > forecast:v2 > history:v2', 1]]);
  });

  test('a client cannot choose the release: the entry waypoint overwrites a client-sent x-release', () => {
    const r = simulateAmbientChain(m, { host: 'frontend', headers: { 'x-release': 'v2' } }, CALLS);
    expect(paths(r)).toEqual([
      ['frontend:v1 > forecast:v1 > history:v1', 0.8],
      ['frontend:v2 > forecast:v2 > history:v2', 0.2],
    ]);
  });

  test('promoted: everyone on v2', () => {
    const r = simulateAmbientChain(release(promoted), { host: 'frontend' }, CALLS);
    expect(paths(r)).toEqual([['frontend:v2 > forecast:v2 > history:v2', 1]]);
  });
});

describe('the propagation requirement', () => {
  test('an application that does not copy x-release onto its calls sends v2 requests to v1 downstream', () => {
    const r = simulateAmbientChain(release(testers), { host: 'frontend' }, CALLS, { propagate: [] });
    expect(paths(r)).toEqual([
      ['frontend:v1 > forecast:v1 > history:v1', 0.8],
      ['frontend:v2 > forecast:v1 > history:v1', 0.2],
    ]);
    expect(r.paths.filter(crossesVersions).map((p) => p.probability)).toEqual([0.2]);
  });

  test('without releaseHeader nothing sets the header, so v2 entry requests cross to v1', () => {
    const r = simulateAmbientChain(release(testers, false), { host: 'frontend' }, CALLS);
    expect(r.paths.filter(crossesVersions).map((p) => p.probability)).toEqual([0.2]);
  });
});
