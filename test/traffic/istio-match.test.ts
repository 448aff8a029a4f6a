/**
 * Istio's string and match-block semantics as the simulator applies them, tested directly.
 */
import { gatewayRef, matchBlockHolds, MatchContext, re2FullMatch, ruleHolds, stringMatches } from '../../lib';

const ctx = (over: Partial<MatchContext> = {}): MatchContext => ({
  headers: {},
  path: '/',
  sourceLabels: {},
  gateway: 'mesh',
  ...over,
});

describe('regex: RE2, full match (Envoy anchors the whole value)', () => {
  test('a regex must match the WHOLE value, not a substring', () => {
    expect(re2FullMatch('Chrome', 'Mozilla/5.0 Chrome/120')).toBe(false);
    expect(re2FullMatch('.*Chrome.*', 'Mozilla/5.0 Chrome/120')).toBe(true);
    expect(re2FullMatch('abc', 'abc')).toBe(true);
    expect(re2FullMatch('abc', 'xabc')).toBe(false);
    expect(re2FullMatch('abc', 'abcx')).toBe(false);
  });

  test('alternation is anchored as a whole: a|b does not match "ab"', () => {
    expect(re2FullMatch('a|b', 'a')).toBe(true);
    expect(re2FullMatch('a|b', 'ab')).toBe(false);
  });

  test('explicit ^ and $ change nothing under full match', () => {
    for (const v of ['user=tester', 'x user=tester', 'user=tester x']) {
      expect(re2FullMatch('^user=tester$', v)).toBe(re2FullMatch('user=tester', v));
    }
  });

  test('RE2 rejects lookahead (Envoy would reject the route)', () => {
    expect(() => re2FullMatch('(?!Edg).*Chrome.*', 'Chrome')).toThrow();
  });
});

describe('stringMatches', () => {
  test('exact', () => {
    expect(stringMatches({ exact: 'v2' }, 'v2')).toBe(true);
    expect(stringMatches({ exact: 'v2' }, 'v2 ')).toBe(false);
    expect(stringMatches({ exact: 'v2' }, 'V2')).toBe(false);
  });

  test('prefix', () => {
    expect(stringMatches({ prefix: '/api' }, '/api/v1')).toBe(true);
    expect(stringMatches({ prefix: '/api' }, '/api')).toBe(true);
    expect(stringMatches({ prefix: '/api' }, '/ap')).toBe(false);
    expect(stringMatches({ prefix: '/api' }, '/v1/api')).toBe(false);
  });

  test('a missing value never matches, not even an empty exact, an empty prefix or ".*"', () => {
    expect(stringMatches({ exact: '' }, undefined)).toBe(false);
    expect(stringMatches({ prefix: '' }, undefined)).toBe(false);
    expect(stringMatches({ regex: '.*' }, undefined)).toBe(false);
    expect(stringMatches({}, undefined)).toBe(false);
  });

  test('an empty condition ({}) means "present with any value"', () => {
    expect(stringMatches({}, '')).toBe(true);
    expect(stringMatches({}, 'anything')).toBe(true);
  });
});

describe('match blocks: AND within a block, OR across blocks', () => {
  const both = { headers: { 'x-a': { exact: '1' }, 'x-b': { exact: '2' } } };

  test('every condition of one block must hold', () => {
    expect(matchBlockHolds(both, ctx({ headers: { 'x-a': '1', 'x-b': '2' } }), 'ns', ['mesh'])).toBe(true);
    expect(matchBlockHolds(both, ctx({ headers: { 'x-a': '1' } }), 'ns', ['mesh'])).toBe(false);
    expect(matchBlockHolds(both, ctx({ headers: { 'x-a': '1', 'x-b': '3' } }), 'ns', ['mesh'])).toBe(false);
  });

  test('headers AND sourceLabels AND uri in one block', () => {
    const block = { headers: { 'x-a': { exact: '1' } }, sourceLabels: { version: 'v2' }, uri: { prefix: '/api' } };
    const ok = ctx({ headers: { 'x-a': '1' }, sourceLabels: { app: 'frontend', version: 'v2' }, path: '/api/x' });
    expect(matchBlockHolds(block, ok, 'ns', ['mesh'])).toBe(true);
    expect(matchBlockHolds(block, { ...ok, path: '/web' }, 'ns', ['mesh'])).toBe(false);
    expect(matchBlockHolds(block, { ...ok, sourceLabels: { version: 'v1' } }, 'ns', ['mesh'])).toBe(false);
  });

  test('a rule holds when ANY of its blocks holds', () => {
    const blocks = [{ headers: { 'x-a': { exact: '1' } } }, { headers: { 'x-b': { exact: '2' } } }];
    expect(ruleHolds(blocks, ctx({ headers: { 'x-a': '1' } }), 'ns', ['mesh'])).toBe(true);
    expect(ruleHolds(blocks, ctx({ headers: { 'x-b': '2' } }), 'ns', ['mesh'])).toBe(true);
    expect(ruleHolds(blocks, ctx({ headers: { 'x-c': '3' } }), 'ns', ['mesh'])).toBe(false);
  });

  test('a rule without blocks holds for every request on the VirtualService gateways, and only there', () => {
    expect(ruleHolds(undefined, ctx(), 'ns', ['mesh'])).toBe(true);
    expect(ruleHolds([], ctx({ gateway: 'istio-system/gw' }), 'ns', ['mesh'])).toBe(false);
    expect(ruleHolds([], ctx({ gateway: 'istio-system/gw' }), 'ns', ['istio-system/gw'])).toBe(true);
  });

  test('withoutHeaders excludes matching requests; a missing header is not excluded', () => {
    const block = { headers: { 'user-agent': { regex: '.*Chrome/.*' } }, withoutHeaders: { 'user-agent': { regex: '.*Edg/.*' } } };
    expect(matchBlockHolds(block, ctx({ headers: { 'user-agent': 'x Chrome/1 Safari/2' } }), 'ns', ['mesh'])).toBe(true);
    expect(matchBlockHolds(block, ctx({ headers: { 'user-agent': 'x Chrome/1 Safari/2 Edg/3' } }), 'ns', ['mesh'])).toBe(false);
    expect(matchBlockHolds({ withoutHeaders: { 'x-debug': {} } }, ctx(), 'ns', ['mesh'])).toBe(true);
  });

  test('a block naming gateways overrides the VirtualService gateways', () => {
    const meshOnly = { gateways: ['mesh'] };
    expect(matchBlockHolds(meshOnly, ctx(), 'ns', ['gw', 'mesh'])).toBe(true);
    expect(matchBlockHolds(meshOnly, ctx({ gateway: 'ns/gw' }), 'ns', ['ns/gw', 'mesh'])).toBe(false);
    expect(matchBlockHolds({ gateways: ['gw'] }, ctx({ gateway: 'ns/gw' }), 'ns', ['mesh'])).toBe(true);
  });

  test('gateway references resolve against the VirtualService namespace', () => {
    expect(gatewayRef('gw', 'weather')).toBe('weather/gw');
    expect(gatewayRef('istio-system/gw', 'weather')).toBe('istio-system/gw');
    expect(gatewayRef('mesh', 'weather')).toBe('mesh');
  });

  test('port, method, authority, query parameters, source namespace and ignoreUriCase', () => {
    expect(matchBlockHolds({ port: 80 }, ctx({ port: 80 }), 'ns', ['mesh'])).toBe(true);
    expect(matchBlockHolds({ port: 80 }, ctx({ port: 8080 }), 'ns', ['mesh'])).toBe(false);
    expect(matchBlockHolds({ method: { exact: 'POST' } }, ctx({ method: 'GET' }), 'ns', ['mesh'])).toBe(false);
    expect(matchBlockHolds({ method: { exact: 'POST' } }, ctx({ method: 'POST' }), 'ns', ['mesh'])).toBe(true);
    expect(matchBlockHolds({ authority: { prefix: 'api.' } }, ctx({ authority: 'api.a.com' }), 'ns', ['mesh'])).toBe(true);
    expect(matchBlockHolds({ queryParams: { beta: { exact: '1' } } }, ctx({ query: { beta: '1' } }), 'ns', ['mesh'])).toBe(true);
    expect(matchBlockHolds({ queryParams: { beta: { exact: '1' } } }, ctx(), 'ns', ['mesh'])).toBe(false);
    expect(matchBlockHolds({ sourceNamespace: 'weather' }, ctx({ sourceNamespace: 'weather' }), 'ns', ['mesh'])).toBe(true);
    expect(matchBlockHolds({ sourceNamespace: 'weather' }, ctx({ sourceNamespace: 'other' }), 'ns', ['mesh'])).toBe(false);
    expect(matchBlockHolds({ uri: { prefix: '/API' }, ignoreUriCase: true }, ctx({ path: '/api/x' }), 'ns', ['mesh'])).toBe(true);
    expect(matchBlockHolds({ uri: { prefix: '/API' } }, ctx({ path: '/api/x' }), 'ns', ['mesh'])).toBe(false);
  });

  test('a match field the simulator does not evaluate makes it throw instead of answering wrongly', () => {
    expect(() => matchBlockHolds({ sourceSubnet: '10.0.0.0/8' }, ctx(), 'ns', ['mesh'])).toThrow(/does not evaluate match field\(s\) sourceSubnet/);
  });
});
