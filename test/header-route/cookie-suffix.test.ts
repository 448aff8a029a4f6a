/**
 * cookieSuffix(): "a cookie whose value ends with ...", proven with the simulator's RE2 full-match
 * semantics (`re2FullMatch`), against seed 001's email-domain regex, and by properties over random
 * cookie jars (any position, any spacing, no longer names, escaped metacharacters).
 */
import * as fc from 'fast-check';
import { RE2JS } from 're2js';
import { cookieSuffix, cookieSuffixRegex, matchProblems, re2FullMatch } from '../../lib';

/** Seed 001's regex for "users of one site" (cookie email=...@some-company-name.com). */
const SEED_REGEX = '^(.*?;)?(email=[^;]*@some-company-name.com)(;.*)?$';
const ours = cookieSuffixRegex('email', '@some-company-name.com');

describe('cookieSuffix: the seed 001 regex vs ours', () => {
  test('the seed regex misses "session=1; email=ann@some-company-name.com" (space after ";"), ours matches it', () => {
    expect(re2FullMatch(SEED_REGEX, 'session=1; email=ann@some-company-name.com')).toBe(false);
    expect(re2FullMatch(ours, 'session=1; email=ann@some-company-name.com')).toBe(true);
  });

  test('the seed regex matches "email=ann@some-company-nameXcom" (unescaped dot), ours does not', () => {
    expect(re2FullMatch(SEED_REGEX, 'email=ann@some-company-nameXcom')).toBe(true);
    expect(re2FullMatch(ours, 'email=ann@some-company-nameXcom')).toBe(false);
  });

  test('the seed regex does match the cases it was written for (so the comparison is fair)', () => {
    expect(re2FullMatch(SEED_REGEX, 'email=ann@some-company-name.com')).toBe(true);
    expect(re2FullMatch(SEED_REGEX, 'session=1;email=ann@some-company-name.com;lang=zh')).toBe(true);
  });

  test('ours is valid RE2 (what Istio compiles)', () => {
    expect(() => RE2JS.compile(ours)).not.toThrow();
  });

  test.each([
    ['only cookie', 'email=ann@some-company-name.com'],
    ['first, with space', 'email=ann@some-company-name.com; session=1'],
    ['middle, no spaces', 'a=1;email=ann@some-company-name.com;b=2'],
    ['last, with space', 'session=1; email=ann@some-company-name.com'],
    ['the suffix alone', 'email=@some-company-name.com'],
    ['a value that contains the suffix twice', 'email=a@some-company-name.com@some-company-name.com'],
  ])('matches %s: %s', (_, header) => {
    expect(re2FullMatch(ours, header)).toBe(true);
  });

  test.each([
    ['unescaped-dot lookalike', 'email=ann@some-company-nameXcom'],
    ['another domain', 'email=ann@other.com'],
    ['the domain followed by more', 'email=ann@some-company-name.com.evil'],
    ['longer cookie name', 'xemail=ann@some-company-name.com'],
    ['longer cookie name, not first', 'a=1; my_email=ann@some-company-name.com'],
    ['the suffix in another cookie', 'email=ann; note=@some-company-name.com'],
    ['the cookie inside another value', 'a=email=ann@some-company-name.com'],
    ['no cookie', ''],
  ])('does not match %s: %s', (_, header) => {
    expect(re2FullMatch(ours, header)).toBe(false);
  });

  test('the helper renders the regex on the cookie header and reports an empty suffix', () => {
    expect(cookieSuffix('email', '@some-company-name.com')).toEqual({ headers: { cookie: { regex: ours } } });
    expect(matchProblems(cookieSuffix('email', '@some-company-name.com'), 'r')).toEqual([]);
    expect(matchProblems(cookieSuffix('email', ''), 'r').map((p) => p.message)).toEqual([
      'r: cookieSuffix() was given an empty suffix for cookie "email", so it would match every value of that cookie.',
    ]);
    expect(matchProblems(cookieSuffix('e mail', 'a;b'), 'r')).toHaveLength(2);
  });
});

describe('cookieSuffix: properties over random cookie jars', () => {
  const tokenChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&\'*+-.^_`|~'.split(''));
  const octet = fc.constantFrom(...'abcXYZ019!#$%&\'()*+-./:<=>?@[]^_`{|}~'.split(''));
  const name = fc.array(tokenChar, { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
  const value = fc.array(octet, { minLength: 0, maxLength: 8 }).map((a) => a.join(''));
  const suffix = fc.array(octet, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
  const pair = fc.tuple(name, value);
  const sep = fc.constantFrom(';', '; ', ';  ', ' ;', ' ; ');
  const jar = (pairs: Array<[string, string]>, seps: string[]) => pairs.map(([n, v]) => `${n}=${v}`).reduce((acc, c, i) => (i === 0 ? c : `${acc}${seps[i % seps.length]}${c}`), '');

  test('a cookie whose value ends with the suffix is found at any position, with any spacing', () => {
    fc.assert(fc.property(name, value, suffix, fc.array(pair, { maxLength: 5 }), fc.nat(), fc.array(sep, { minLength: 1, maxLength: 6 }), (n, head, s, others, at, seps) => {
      const pairs = [...others];
      pairs.splice(at % (others.length + 1), 0, [n, `${head}${s}`]);
      expect(re2FullMatch(cookieSuffixRegex(n, s), jar(pairs, seps))).toBe(true);
    }), { numRuns: 500 });
  });

  test('a jar where no cookie of exactly that name ends with the suffix never matches', () => {
    fc.assert(fc.property(name, suffix, fc.array(pair, { maxLength: 5 }), fc.array(sep, { minLength: 1, maxLength: 6 }), name, value, value, (n, s, others, seps, pre, head, tail) => {
      // Near misses: a longer name with the suffix, the right name with text after the suffix.
      const near: Array<[string, string]> = [[`${pre}${n}`, `${head}${s}`], [n, `${head}${s}${tail}`]];
      const pairs = [...others, ...near].filter(([a, b]) => !(a === n && b.endsWith(s)));
      expect(re2FullMatch(cookieSuffixRegex(n, s), jar(pairs, seps))).toBe(false);
    }), { numRuns: 500 });
  });

  test('metacharacters in the name and suffix are literal', () => {
    fc.assert(fc.property(name, suffix, value, (n, s, head) => {
      const header = `${n}=${head}${s}`;
      expect(re2FullMatch(cookieSuffixRegex(n, s), header)).toBe(true);
      // Replacing the suffix's last character by another one breaks the match (no wildcard).
      const other = s.endsWith('x') ? 'y' : 'x';
      const bent = `${n}=${head}${s.slice(0, -1)}${other}`;
      if (!bent.endsWith(s)) expect(re2FullMatch(cookieSuffixRegex(n, s), bent)).toBe(false);
    }), { numRuns: 500 });
  });
});
