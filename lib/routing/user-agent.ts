import { Problem } from '../validation/problems';
import { withMatchProblems } from './match-helpers';
import { RequestMatch } from './route-model';

/**
 * User-Agent conditions as RE2 regexes on the `user-agent` header (full match, as Istio applies them).
 *
 * A browser User-Agent is `Mozilla/5.0 (<platform>) <engine> <products>`: the operating system is
 * named inside the platform comment, the browser by the product tokens after it. Many browsers copy
 * other browsers' tokens, so the families are told apart by token POSITION, not by a substring:
 *
 * - `chrome`: Google Chrome on desktop, Android and iOS: the product after the engine comment is
 *   `Chrome/<v>` (`CriOS/<v>` on iOS) and the string ends with `Safari/<v>`. Edge (`Edg/`), Opera
 *   (`OPR/`) and Yandex append their own token after `Safari/`; Samsung Internet and the Android
 *   WebView put a token before `Chrome/`: none of them match. Brave and Vivaldi send a User-Agent
 *   identical to Chrome's by design and do match. Headless Chrome (`HeadlessChrome/`) does not.
 * - `chromium`: every Chromium-based browser: `Chrome/` or `CriOS/` anywhere (Chrome, Edge, Opera,
 *   Samsung Internet, WebViews...). This is what the seed's `.*Chrome.*` means.
 * - `firefox`: `Firefox/` or `FxiOS/` (Firefox on iOS).
 * - `safari`: Apple Safari on macOS and iOS: `Version/<v> [Mobile/<build> ]Safari/<v>` at the end.
 *   Chrome, Firefox and Edge on iOS use WebKit too but send their own token and do not match.
 * - `edge`: `Edg/`, `Edge/`, `EdgA/` or `EdgiOS/`.
 * - `opera`: `OPR/` or `OPT/` (Opera Touch): Chromium-based Opera. Opera 12 and older (Presto, 2013)
 *   is not counted.
 *
 * - `android`: `Android` in the User-Agent.
 * - `ios`: an `iPhone`, `iPad` or `iPod` platform comment. iPadOS Safari asks for desktop sites by
 *   default and then reports `Macintosh`: it is counted as `macos`.
 * - `windows`: `Windows NT`.
 * - `macos`: a `(Macintosh;` platform comment. iOS User-Agents say `like Mac OS X` and do NOT match.
 * - `linux`: an X11 platform comment naming Linux (`(X11; Linux x86_64)`, `(X11; Ubuntu; Linux ...)`).
 *   Android (`(Linux; Android ...)`) and ChromeOS (`(X11; CrOS ...)`) do NOT match.
 */

/** A browser family, see the module comment for what each matches. */
export type BrowserFamily = 'chrome' | 'chromium' | 'firefox' | 'safari' | 'edge' | 'opera';

/** An operating-system family, see the module comment for what each matches. */
export type OsFamily = 'android' | 'ios' | 'windows' | 'macos' | 'linux';

/** Regex fragments that END a User-Agent (a product token, possibly followed by anything for `.*`-ended ones). */
const BROWSER_TAIL: Record<BrowserFamily, string> = {
  chrome: '\\) (?:Chrome|CriOS)/[0-9.]+ (?:Mobile(?:/[A-Za-z0-9]+)? )?Safari/[0-9.]+',
  chromium: '(?:Chrome|CriOS)/.*',
  firefox: '(?:Firefox|FxiOS)/.*',
  safari: 'Version/[0-9.]+ (?:Mobile/[A-Za-z0-9]+ )?Safari/[0-9.]+',
  edge: '(?:Edg|Edge|EdgA|EdgiOS)/.*',
  opera: '(?:OPR|OPT)/.*',
};

/** Regex fragments found inside the platform comment, which comes before every product token. */
const OS_PART: Record<OsFamily, string> = {
  android: 'Android',
  ios: '\\((?:iPhone|iPad|iPod)[ ;]',
  windows: 'Windows NT ',
  macos: '\\(Macintosh;',
  linux: '\\(X11;[^)]*Linux',
};

/** Which browser and/or operating system a User-Agent must show. */
export interface UserAgentSelector {
  /** Browser family. @default - any browser */
  readonly browser?: BrowserFamily;
  /** Operating-system family. @default - any operating system */
  readonly os?: OsFamily;
}

/**
 * The full-match RE2 regex for a browser and/or OS family, e.g. `{ browser: 'chrome', os: 'android' }`.
 * Returns undefined when neither is given.
 */
export function userAgentRegex(selector: UserAgentSelector): string | undefined {
  const { browser, os } = selector;
  if (browser && os) return `.*${OS_PART[os]}.*${BROWSER_TAIL[browser]}`;
  if (browser) return `.*${BROWSER_TAIL[browser]}`;
  if (os) return `.*${OS_PART[os]}.*`;
  return undefined;
}

function selectorProblems(selector: UserAgentSelector): Problem[] {
  const problems: Problem[] = [];
  if (selector.browser !== undefined && !(selector.browser in BROWSER_TAIL)) {
    problems.push({ message: `userAgent(): unknown browser family "${selector.browser}".`, fix: `use one of: ${Object.keys(BROWSER_TAIL).join(', ')}.` });
  }
  if (selector.os !== undefined && !(selector.os in OS_PART)) {
    problems.push({ message: `userAgent(): unknown OS family "${selector.os}".`, fix: `use one of: ${Object.keys(OS_PART).join(', ')}.` });
  }
  if (selector.browser === undefined && selector.os === undefined) {
    problems.push({ message: 'userAgent() was given neither a browser nor an os, so it would match every request.', fix: "name a family, e.g. userAgent({ browser: 'chrome' }) or userAgent({ os: 'android' })." });
  }
  return problems;
}

/**
 * The request's `user-agent` header shows the given browser and/or operating system family.
 * @example userAgent({ browser: 'chrome' }) // seed 002 §3
 * @example userAgent({ os: 'android' })     // seed 002 §4
 */
export function userAgent(selector: UserAgentSelector): RequestMatch {
  const problems = selectorProblems(selector);
  const regex = problems.length === 0 ? userAgentRegex(selector) : undefined;
  return withMatchProblems({ headers: { 'user-agent': { regex: regex ?? '.*' } } }, problems);
}
