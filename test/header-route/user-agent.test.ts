/**
 * User-Agent families against real User-Agent strings, with Istio's full-match RE2 semantics.
 * Every UA lists the families it must match; it must match no other family.
 */
import { BrowserFamily, matchProblems, OsFamily, re2FullMatch, SAMPLE_USER_AGENTS, userAgent, userAgentRegex } from '../../lib';

type Family = BrowserFamily | OsFamily;
const BROWSERS: BrowserFamily[] = ['chrome', 'chromium', 'firefox', 'safari', 'edge', 'opera'];
const OSES: OsFamily[] = ['android', 'ios', 'windows', 'macos', 'linux'];

const CORPUS: Array<[string, string, Family[]]> = [
  ['Chrome / Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', ['chrome', 'chromium', 'windows']],
  ['Chrome / macOS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', ['chrome', 'chromium', 'macos']],
  ['Chrome / Linux', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', ['chrome', 'chromium', 'linux']],
  ['Chrome / Android phone', 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36', ['chrome', 'chromium', 'android']],
  ['Chrome / Android tablet', 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Safari/537.36', ['chrome', 'chromium', 'android']],
  ['Chrome / iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1', ['chrome', 'chromium', 'ios']],
  ['Chrome / ChromeOS', 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', ['chrome', 'chromium']],
  ['Edge / Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91', ['chromium', 'edge', 'windows']],
  ['Edge legacy / Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582', ['chromium', 'edge', 'windows']],
  ['Edge / Android', 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 EdgA/120.0.0.0', ['chromium', 'edge', 'android']],
  ['Edge / iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/120.0.2210.126 Mobile/15E148 Safari/605.1.15', ['edge', 'ios']],
  ['Opera / Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0', ['chromium', 'opera', 'windows']],
  ['Opera / Android', 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 OPR/79.2.4195.76754', ['chromium', 'opera', 'android']],
  ['Samsung Internet / Android', 'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36', ['chromium', 'android']],
  ['Yandex / Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 YaBrowser/24.1.0.0 Safari/537.36', ['chromium', 'windows']],
  ['Android WebView', 'Mozilla/5.0 (Linux; Android 10; K; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36', ['chromium', 'android']],
  ['Headless Chrome / Linux', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36', ['chromium', 'linux']],
  ['Firefox / Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0', ['firefox', 'windows']],
  ['Firefox / macOS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0', ['firefox', 'macos']],
  ['Firefox / Linux', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', ['firefox', 'linux']],
  ['Firefox / Ubuntu', 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', ['firefox', 'linux']],
  ['Firefox / Android', 'Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0', ['firefox', 'android']],
  ['Firefox / iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15', ['firefox', 'ios']],
  ['Safari / macOS', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15', ['safari', 'macos']],
  ['Safari / iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1', ['safari', 'ios']],
  ['Safari / iPad', 'Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1', ['safari', 'ios']],
  ['Safari / iPod', 'Mozilla/5.0 (iPod touch; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1', ['safari', 'ios']],
  ['old Android browser', 'Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30', ['android']],
  ['Opera Presto (pre-2013, not counted as opera)', 'Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18', ['windows']],
  ['curl', 'curl/8.4.0', []],
  ['empty', '', []],
];

const FAMILIES: Family[] = [...BROWSERS, ...OSES];
const regexOf = (f: Family) => userAgentRegex((BROWSERS as string[]).includes(f) ? { browser: f as BrowserFamily } : { os: f as OsFamily })!;

describe('User-Agent families (full-match RE2)', () => {
  test.each(CORPUS)('%s matches exactly its families', (_, ua, families) => {
    const matched = FAMILIES.filter((f) => re2FullMatch(regexOf(f), ua));
    expect(matched).toEqual(FAMILIES.filter((f) => families.includes(f)));
  });

  test('chrome excludes Edge and Opera although their User-Agents contain "Chrome/"; chromium (the seed\'s .*Chrome.*) includes them', () => {
    const edge = CORPUS.find(([l]) => l === 'Edge / Windows')![1];
    expect(re2FullMatch('.*Chrome.*', edge)).toBe(true);
    expect(re2FullMatch(regexOf('chrome'), edge)).toBe(false);
    expect(re2FullMatch(regexOf('chromium'), edge)).toBe(true);
  });

  test('iOS User-Agents say "like Mac OS X" but are not macOS; Android says "Linux" but is not linux', () => {
    expect(re2FullMatch('.*Mac OS X.*', SAMPLE_USER_AGENTS['safari-iphone'])).toBe(true);
    expect(re2FullMatch(regexOf('macos'), SAMPLE_USER_AGENTS['safari-iphone'])).toBe(false);
    expect(re2FullMatch('.*Linux.*', SAMPLE_USER_AGENTS['chrome-android'])).toBe(true);
    expect(re2FullMatch(regexOf('linux'), SAMPLE_USER_AGENTS['chrome-android'])).toBe(false);
  });

  test.each(CORPUS)('browser AND os in one regex: %s', (_, ua, families) => {
    for (const browser of BROWSERS) {
      for (const os of OSES) {
        const expected = families.includes(browser) && families.includes(os);
        expect([browser, os, re2FullMatch(userAgentRegex({ browser, os })!, ua)]).toEqual([browser, os, expected]);
      }
    }
  });

  test('userAgent() builds a user-agent regex condition', () => {
    expect(userAgent({ browser: 'chrome' })).toEqual({ headers: { 'user-agent': { regex: userAgentRegex({ browser: 'chrome' }) } } });
    expect(userAgent({ os: 'android' })).toEqual({ headers: { 'user-agent': { regex: '.*Android.*' } } });
    expect(matchProblems(userAgent({ browser: 'chrome', os: 'android' }), 'w')).toEqual([]);
  });

  test('userAgent() without a family, or with an unknown one, carries a problem', () => {
    expect(matchProblems(userAgent({}), 'w').map((p) => p.message)).toEqual(['w: userAgent() was given neither a browser nor an os, so it would match every request.']);
    expect(matchProblems(userAgent({ browser: 'netscape' as BrowserFamily }), 'w').map((p) => p.message)).toEqual(['w: userAgent(): unknown browser family "netscape".']);
    expect(matchProblems(userAgent({ os: 'beos' as OsFamily }), 'w').map((p) => p.message)).toEqual(['w: userAgent(): unknown OS family "beos".']);
  });
});
