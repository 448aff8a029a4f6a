/**
 * What the ambient provider refuses, beyond the catalogue entries (which make every message fire in a
 * chart): the reused Gateway API checks are reworded to name the provider and never suggest the
 * sidecar provider; valid input has no problems; header filters behave as Envoy's.
 */
import { headerExact } from '../../../lib';
import { ambientRuleProblems, applyRequestHeaderFilters, renderAmbientRouting } from '../../../lib/providers/istio-ambient';

const VERSIONS = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];
const to = (v: string) => [{ version: v, weight: 100 }];
const render = (input: any) => renderAmbientRouting({ service: 'demo4', namespace: 'shop', versions: VERSIONS, waypoint: { name: 'waypoint' }, ...input });

test('a valid canary, header route and TCP split have no problems', () => {
  expect(render({ http: [{ matches: [headerExact('x-canary', '1')], split: to('v2') }, { split: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] }], releaseHeader: 'x-release' }).problems).toEqual([]);
  expect(render({ tcp: [{ split: to('v1') }] }).problems).toEqual([]);
});

test('a rule order the Gateway API precedence would change is refused, naming the provider, without suggesting traffic: istio', () => {
  const problems = render({ http: [
    { matches: [headerExact('x-a', '1')], split: to('v1') },
    { matches: [{ headers: { 'x-b': { exact: '2' }, 'x-c': { exact: '3' } } }], split: to('v2') },
    { split: to('v1') },
  ] }).problems;
  expect(problems).toHaveLength(1);
  expect(problems[0].message).toMatch(/^istio-ambient: HTTP route, rule 2 is more specific than rule 1/);
  expect(problems[0].fix).toBe('give the earlier rule at least the same conditions (e.g. the same headers), make the two rules exclusive (different exact values of one header).');
});

test('two TCP rules: one TCPRoute rule only (reworded)', () => {
  const problems = ambientRuleProblems({ tcp: [{ split: to('v1') }, { split: to('v2') }], versions: ['v1', 'v2'] });
  expect(problems.map((p) => p.message)).toContain('istio-ambient: TCP route has 2 TCP rules; a TCPRoute (gateway.networking.k8s.io/v1) has exactly one rule and no match conditions.');
  expect(problems.every((p) => !p.fix.includes("traffic: 'istio'"))).toBe(true);
});

test('caller labels, port, gateway binding and header prefix are each reported once, by ambient, not twice', () => {
  const problems = ambientRuleProblems({
    http: [{ matches: [{ sourceLabels: { app: 'a' }, port: 81, gateways: ['gw'], headers: { 'x-p': { prefix: 'a' } } }], split: to('v2') }, { split: to('v1') }],
    versions: ['v1', 'v2'],
  });
  expect(problems.map((p) => p.message.slice(0, 40))).toEqual([
    'istio-ambient cannot match on the labels',
    'istio-ambient cannot match on destinatio',
    'istio-ambient cannot bind HTTP route, ru',
    'istio-ambient cannot match header "x-p" ',
  ]);
});

test('a release header that is not a lower-case header name is refused', () => {
  expect(render({ http: [{ split: to('v1') }], releaseHeader: 'X-Release' }).problems.map((p) => p.message)).toEqual(['release header "X-Release" is not a lower-case HTTP header name.']);
});

test('RequestHeaderModifier: set overwrites, add appends with a comma, remove deletes (names case-insensitive)', () => {
  const filters = [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'X-Release', value: 'v2' }], add: [{ name: 'x-tag', value: 'b' }], remove: ['X-Drop'] } }];
  expect(applyRequestHeaderFilters({ 'x-release': 'v1', 'x-tag': 'a', 'x-drop': '1' }, filters)).toEqual({ 'x-release': 'v2', 'x-tag': 'a,b' });
  expect(applyRequestHeaderFilters({}, [{ type: 'RequestRedirect' }])).toEqual({});
});
