/**
 * Request-match helpers, proven with the simulator's RE2 full-match semantics (`re2FullMatch`):
 * the cookie regex in any position, with or without spaces, never a neighbour cookie, escaped.
 */
import * as fc from 'fast-check';
import {
  allOf, cookie, cookieRegex, escapeRe2, fromSourceLabels, headerExact, headerPrefix, headerRegex, matchProblems, pathPrefix, re2FullMatch,
} from '../../lib';

const SEED_REGEX = '^(.*?;)?(user=tester)(;.*)?$';
const ours = cookieRegex('user', 'tester');

describe('cookie regex: the seed regex vs ours', () => {
  test('the seed regex misses "session=abc; user=tester" (a real browser header), ours matches it', () => {
    expect(re2FullMatch(SEED_REGEX, 'session=abc; user=tester')).toBe(false);
    expect(re2FullMatch(ours, 'session=abc; user=tester')).toBe(true);
  });

  test.each([
    ['only cookie', 'user=tester'],
    ['first, with space', 'user=tester; session=abc'],
    ['first, no space', 'user=tester;session=abc'],
    ['middle, with spaces', 'a=1; user=tester; b=2'],
    ['middle, no spaces', 'a=1;user=tester;b=2'],
    ['last, with space', 'session=abc; user=tester'],
    ['last, no space', 'session=abc;user=tester'],
    ['several spaces', 'a=1;   user=tester  ;b=2'],
    ['trailing semicolon', 'user=tester;'],
  ])('matches the cookie %s: %s', (_, header) => {
    expect(re2FullMatch(ours, header)).toBe(true);
  });

  test.each([
    ['longer name', 'xuser=tester'],
    ['longer name, not first', 'a=1; xuser=tester'],
    ['name with a prefix separator', 'a=1; my_user=tester'],
    ['longer value', 'user=tester2'],
    ['longer value, not last', 'user=tester2; a=1'],
    ['value prefix', 'user=test'],
    ['another value', 'user=admin; role=tester'],
    ['value of another cookie', 'a=user=tester'],
    ['no cookie', ''],
    ['name only', 'user'],
  ])('does not match %s: %s', (_, header) => {
    expect(re2FullMatch(ours, header)).toBe(false);
  });

  test('the seed regex does match the cases it was written for (so the comparison is fair)', () => {
    expect(re2FullMatch(SEED_REGEX, 'user=tester')).toBe(true);
    expect(re2FullMatch(SEED_REGEX, 'session=abc;user=tester')).toBe(true);
  });
});

describe('cookie regex: properties over random cookie jars', () => {
  const tokenChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&\'*+-.^_`|~'.split(''));
  const octet = fc.constantFrom(...'abcXYZ019!#$%&\'()*+-./:<=>?@[]^_`{|}~'.split(''));
  const name = fc.array(tokenChar, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
  const value = fc.array(octet, { minLength: 0, maxLength: 8 }).map((a) => a.join(''));
  const pair = fc.tuple(name, value);
  const sep = fc.constantFrom(';', '; ', ';  ', ' ;', ' ; ');
  const jar = (pairs: Array<[string, string]>, seps: string[]) => pairs.map(([n, v]) => `${n}=${v}`).reduce((acc, c, i) => (i === 0 ? c : `${acc}${seps[i % seps.length]}${c}`), '');

  test('the cookie is found at any position, with any spacing, whatever the other cookies', () => {
    fc.assert(fc.property(name, value, fc.array(pair, { maxLength: 5 }), fc.nat(), fc.array(sep, { minLength: 1, maxLength: 6 }), (n, v, others, at, seps) => {
      const pairs = [...others];
      pairs.splice(at % (others.length + 1), 0, [n, v]);
      expect(re2FullMatch(cookieRegex(n, v), jar(pairs, seps))).toBe(true);
    }), { numRuns: 500 });
  });

  test('a jar without that exact name=value never matches, even with longer names or values around it', () => {
    fc.assert(fc.property(name, value, fc.array(pair, { maxLength: 5 }), fc.array(sep, { minLength: 1, maxLength: 6 }), name, value, (n, v, others, seps, pre, post) => {
      const near: Array<[string, string]> = [[`${pre}${n}`, v], [n, `${v}${post}`]];
      const pairs = [...others, ...near].filter(([a, b]) => !(a === n && b === v));
      expect(re2FullMatch(cookieRegex(n, v), jar(pairs, seps))).toBe(false);
    }), { numRuns: 500 });
  });
});

describe('escaping regex metacharacters', () => {
  test('escapeRe2 makes every metacharacter literal', () => {
    const meta = '\\.+*?()|[]{}^$';
    expect(re2FullMatch(escapeRe2(meta), meta)).toBe(true);
    expect(re2FullMatch(escapeRe2('a.b'), 'axb')).toBe(false);
    expect(re2FullMatch(escapeRe2('a+'), 'aa')).toBe(false);
  });

  test.each([
    ['a dot in the name', 'user.id', '7', 'user.id=7', 'userxid=7'],
    ['a dot in the value', 'ver', '1.0', 'ver=1.0', 'ver=1x0'],
    ['a plus in the value', 'q', 'a+', 'q=a+', 'q=aa'],
    ['a star in the value', 'q', 'a*', 'q=a*', 'q=aaa'],
    ['brackets in the value', 'q', '[x]', 'q=[x]', 'q=x'],
    ['parentheses and a pipe', 'q', '(a|b)', 'q=(a|b)', 'q=a'],
    ['a dollar in the name', '$v', '1', '$v=1', 'v=1'],
    ['a caret in the name', '^v', '1', 'x; ^v=1', 'v=1'],
    ['a question mark in the value', 'q', 'a?', 'q=a?', 'q='],
  ])('%s is matched literally', (_, n, v, yes, no) => {
    expect(re2FullMatch(cookieRegex(n, v), yes)).toBe(true);
    expect(re2FullMatch(cookieRegex(n, v), no)).toBe(false);
  });
});

describe('header helpers build the Istio conditions', () => {
  test('exact, prefix, regex, cookie', () => {
    expect(headerExact('x-canary', 'true')).toEqual({ headers: { 'x-canary': { exact: 'true' } } });
    expect(headerPrefix('x-build', 'beta-')).toEqual({ headers: { 'x-build': { prefix: 'beta-' } } });
    expect(headerRegex('user-agent', '.*Chrome.*')).toEqual({ headers: { 'user-agent': { regex: '.*Chrome.*' } } });
    expect(cookie('user', 'tester')).toEqual({ headers: { cookie: { regex: '(?:.*;)?[ \\t]*user=tester[ \\t]*(?:;.*)?' } } });
    expect(fromSourceLabels({ version: 'v2' })).toEqual({ sourceLabels: { version: 'v2' } });
    expect(pathPrefix('/api')).toEqual({ uri: { prefix: '/api' } });
  });

  test('allOf merges conditions into ONE match (AND)', () => {
    expect(allOf(cookie('user', 'tester'), headerExact('x-canary', 'true'), pathPrefix('/api'))).toEqual({
      headers: { 'cookie': { regex: cookieRegex('user', 'tester') }, 'x-canary': { exact: 'true' } },
      uri: { prefix: '/api' },
    });
  });

  test('the same condition twice is fine; two different conditions on one header are a problem', () => {
    expect(matchProblems(allOf(headerExact('x-a', '1'), headerExact('x-a', '1')), 'where')).toEqual([]);
    const problems = matchProblems(allOf(cookie('user', 'tester'), cookie('beta', 'on')), 'route 1');
    expect(problems.map((p) => p.message)).toEqual([
      `route 1: allOf() puts two different conditions on header "cookie" ({"regex":"${cookieRegex('user', 'tester').replace(/\\/g, '\\\\')}"} and {"regex":"${cookieRegex('beta', 'on').replace(/\\/g, '\\\\')}"}) in one match.`,
    ]);
  });

  test('problems survive nesting allOf', () => {
    const inner = allOf(headerExact('x-a', '1'), headerExact('x-a', '2'));
    expect(matchProblems(allOf(inner, pathPrefix('/')), 'w')).toHaveLength(1);
  });

  test('a hand-written match has no helper problems; its header names are still checked', () => {
    expect(matchProblems({ headers: { 'x-a': { exact: '1' } } }, 'w')).toEqual([]);
    expect(matchProblems({ headers: { 'X-A': { exact: '1' } } }, 'w').map((p) => p.message)).toEqual(['w: header name "X-A" is not a lower-case HTTP header name.']);
  });
});
