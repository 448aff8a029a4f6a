import { labelSelectorProblems } from '../validation/labels';
import { Problem } from '../validation/problems';
import { RequestMatch, StringMatch } from './route-model';

/**
 * Builders of request conditions (`RequestMatch`) with Istio semantics: header `exact`, `prefix`
 * and full-match RE2 `regex`, cookies, caller labels and paths. Conditions of one match all hold
 * (AND, see `allOf`); a rule's list of matches is OR-ed.
 *
 * Mistakes a helper can see (a cookie name that is not a cookie token, two conditions on one header
 * in `allOf`) travel with the match and are reported, with the construct path, by the construct
 * that uses it (`matchProblems`, which also rejects header names that are not lower case).
 */

const MATCH_PROBLEMS = Symbol.for('cdk8s-progressive.match-problems');

/** Attaches problems to a match (kept out of its JSON), so the construct that uses it reports them. */
export function withMatchProblems(match: RequestMatch, problems: readonly Problem[]): RequestMatch {
  if (problems.length > 0) {
    Object.defineProperty(match, MATCH_PROBLEMS, { value: [...helperProblems(match), ...problems], enumerable: false, configurable: true });
  }
  return match;
}

/** Problems a helper attached to a match (empty for hand-written matches). */
export function helperProblems(match: RequestMatch): readonly Problem[] {
  return ((match as any)[MATCH_PROBLEMS] as Problem[] | undefined) ?? [];
}

/** RE2 metacharacters; each is escaped with a backslash by `escapeRe2`. */
const RE2_META = /[\\.+*?()|[\]{}^$]/g;

/** Escapes a literal string for an RE2 regex, e.g. `a.b` -> `a\.b`. */
export function escapeRe2(literal: string): string {
  return literal.replace(RE2_META, '\\$&');
}

const HEADER_NAME = /^:?[a-z0-9!#$%&'*+.^_`|~-]+$/;
/** RFC 6265 cookie-name: an RFC 7230 token. */
const COOKIE_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** RFC 6265 cookie-octets (no whitespace, DQUOTE, comma, semicolon or backslash). */
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/** The pseudo-headers Istio's header matches accept. */
const ISTIO_PSEUDO_HEADERS = [':authority', ':method', ':path', ':scheme', ':status'];

/** Problem of a header name: Istio requires lower-case header keys made of token characters. */
export function checkHeaderName(name: string, what: string): Problem | undefined {
  if (HEADER_NAME.test(name) && name.startsWith(':') && !ISTIO_PSEUDO_HEADERS.includes(name)) {
    return {
      message: `${what} "${name}" is not an HTTP/2 pseudo-header Istio can match (${ISTIO_PSEUDO_HEADERS.join(', ')}).`,
      fix: 'match one of those pseudo-headers, or a regular header name without the leading ":".',
    };
  }
  if (HEADER_NAME.test(name)) return undefined;
  const lower = name.toLowerCase();
  return {
    message: `${what} "${name}" is not a lower-case HTTP header name.`,
    fix: HEADER_NAME.test(lower)
      ? `write it in lower case ("${lower}"): Istio requires lower-case header keys.`
      : 'use a header name of lower-case letters, digits and "-" (e.g. "user-agent", "x-canary").',
  };
}

/** A condition on one header. `name` must be lower case (`user-agent`, `cookie`, `x-canary`). */
export function header(name: string, match: StringMatch): RequestMatch {
  return { headers: { [name]: match } };
}

/** Header `name` equals `value` exactly. */
export function headerExact(name: string, value: string): RequestMatch {
  return header(name, { exact: value });
}

/** Header `name` starts with `prefix`. */
export function headerPrefix(name: string, prefix: string): RequestMatch {
  return withMatchProblems(header(name, { prefix }), prefix === '' ? [{
    message: `headerPrefix() was given an empty prefix for header "${name}", so it would match every value of that header.`,
    fix: `give the start of the value to match, or use headerRegex('${name}', '.*') to require only that the header is present.`,
  }] : []);
}

/**
 * Header `name` matches the RE2 `regex` as a WHOLE (Istio/Envoy full-match semantics: `Chrome`
 * does not match `Mozilla/5.0 ... Chrome/120`, `.*Chrome.*` does). Use `escapeRe2` for literals.
 */
export function headerRegex(name: string, regex: string): RequestMatch {
  return header(name, { regex });
}

/**
 * The RE2 regex that matches a `Cookie` header containing the cookie `name=value`, at ANY position,
 * with or without spaces after `;`, and nothing else: `xuser=tester` and `user=tester2` do not match.
 * Metacharacters in the name and value are escaped.
 *
 * For `user`/`tester`: `(?:.*;)?[ \t]*user=tester[ \t]*(?:;.*)?` (full match). Compare the common
 * `^(.*?;)?(user=tester)(;.*)?$`, which misses `session=abc; user=tester` (the space after `;`).
 */
export function cookieRegex(name: string, value: string): string {
  return `(?:.*;)?[ \\t]*${escapeRe2(name)}=${escapeRe2(value)}[ \\t]*(?:;.*)?`;
}

/** Problems of a cookie name and value (RFC 6265), for `cookie()`. */
export function cookieProblems(name: string, value: string): Problem[] {
  const problems: Problem[] = [];
  if (!COOKIE_NAME.test(name)) {
    problems.push({
      message: `cookie name "${name}" is not a valid cookie name, so no browser sends it and the condition never matches.`,
      fix: 'use a cookie name of letters, digits and !#$%&\'*+-.^_`|~ (no spaces, "=", ";" or quotes).',
    });
  }
  if (!COOKIE_VALUE.test(value)) {
    problems.push({
      message: `cookie value "${value}" of cookie "${name}" contains characters a cookie value cannot hold (space, ",", ";", "\\" or a quote).`,
      fix: 'match the value as the browser sends it: printable ASCII without spaces, commas, semicolons, backslashes or quotes.',
    });
  }
  return problems;
}

/**
 * The request carries the cookie `name=value` (in any position of the `Cookie` header; see `cookieRegex`).
 * @example cookie('user', 'tester')
 */
export function cookie(name: string, value: string): RequestMatch {
  return withMatchProblems({ headers: { cookie: { regex: cookieRegex(name, value) } } }, cookieProblems(name, value));
}

/**
 * The RE2 regex that matches a `Cookie` header containing a cookie `name` whose value ENDS WITH
 * `suffix` (the value may be just the suffix), with the guarantees of `cookieRegex`: any position,
 * with or without spaces after `;`, no longer names (`xemail=`), metacharacters escaped (the `.` of
 * `@some-company-name.com` matches only a dot). The value part never crosses a `;`, so the suffix
 * must end the value of that very cookie. Case-sensitive, like every Istio regex.
 *
 * For `email`/`@a.com`: `(?:.*;)?[ \t]*email=[^;]*@a\.com[ \t]*(?:;.*)?` (full match). Compare seed 001's
 * `^(.*?;)?(email=[^;]*@some-company-name.com)(;.*)?$`, which misses `session=1; email=...` (the
 * space after `;`) and matches `@some-company-nameXcom` (the unescaped dot).
 */
export function cookieSuffixRegex(name: string, suffix: string): string {
  return `(?:.*;)?[ \\t]*${escapeRe2(name)}=[^;]*${escapeRe2(suffix)}[ \\t]*(?:;.*)?`;
}

/**
 * The request carries a cookie `name` whose value ends with `suffix`, e.g. every user of one email
 * domain (see `cookieSuffixRegex`). An empty suffix, or a name or suffix a browser cannot send, is
 * reported by the construct that uses the match.
 * @example cookieSuffix('email', '@some-company-name.com')
 */
export function cookieSuffix(name: string, suffix: string): RequestMatch {
  const problems = cookieProblems(name, suffix);
  if (suffix === '') {
    problems.push({
      message: `cookieSuffix() was given an empty suffix for cookie "${name}", so it would match every value of that cookie.`,
      fix: "give the end of the value to match, e.g. cookieSuffix('email', '@some-company-name.com').",
    });
  }
  return withMatchProblems({ headers: { cookie: { regex: cookieSuffixRegex(name, suffix) } } }, problems);
}

/** The calling pod carries every label of `labels` (in-mesh traffic only). */
export function fromSourceLabels(labels: Readonly<Record<string, string>>): RequestMatch {
  return { sourceLabels: { ...labels } };
}

/** The request path starts with `prefix`. */
export function pathPrefix(prefix: string): RequestMatch {
  return { uri: { prefix } };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(m: StringMatch): string {
  return JSON.stringify(m);
}

/**
 * One match in which every given condition must hold (AND). Istio allows one condition per header
 * (and one path, port and gateway list) in a match, so two different conditions on the same
 * header are reported as a problem by the construct using the result: combine them into one regex
 * (for User-Agent: `userAgent({ browser, os })`), or route them in separate rules.
 */
export function allOf(...parts: RequestMatch[]): RequestMatch {
  const problems: Problem[] = parts.flatMap((p) => [...helperProblems(p)]);
  const headers: Record<string, StringMatch> = {};
  const sourceLabels: Record<string, string> = {};
  let uri: StringMatch | undefined;
  let gateways: readonly string[] | undefined;
  let port: number | undefined;
  const conflict = (what: string, a: string, b: string, fix: string) =>
    problems.push({ message: `allOf() puts two different conditions on ${what} (${a} and ${b}) in one match.`, fix });
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.headers ?? {})) {
      if (headers[k] && !sameJson(headers[k], v)) {
        conflict(`header "${k}"`, show(headers[k]), show(v),
          k === 'user-agent'
            ? 'Istio allows one condition per header in a match: for a browser on an OS use userAgent({ browser, os }).'
            : 'Istio allows one condition per header in a match: express both in one regex (headerRegex), or route them in separate rules.');
      } else headers[k] = v;
    }
    for (const [k, v] of Object.entries(p.sourceLabels ?? {})) {
      if (sourceLabels[k] !== undefined && sourceLabels[k] !== v) {
        conflict(`source label "${k}"`, `"${sourceLabels[k]}"`, `"${v}"`, 'a pod carries one value per label: route the two callers in separate matches.');
      } else sourceLabels[k] = v;
    }
    if (p.uri) {
      if (uri && !sameJson(uri, p.uri)) conflict('the path', show(uri), show(p.uri), 'use one path condition per match, or separate matches.');
      else uri = p.uri;
    }
    if (p.gateways) {
      if (gateways && !sameJson(gateways, p.gateways)) conflict('the gateways', gateways.join(','), p.gateways.join(','), 'list the gateways once per match.');
      else gateways = p.gateways;
    }
    if (p.port !== undefined) {
      if (port !== undefined && port !== p.port) conflict('the port', String(port), String(p.port), 'a request has one destination port: use separate matches.');
      else port = p.port;
    }
  }
  const merged: RequestMatch = {
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    ...(uri ? { uri } : {}),
    ...(Object.keys(sourceLabels).length > 0 ? { sourceLabels } : {}),
    ...(gateways ? { gateways: [...gateways] } : {}),
    ...(port !== undefined ? { port } : {}),
  };
  return withMatchProblems(merged, problems);
}

/**
 * Problems of one request condition as the user wrote it: those a helper attached, and header
 * names Istio rejects (not lower case). `where` prefixes each message, e.g. `stage "testers", route 1`.
 */
export function matchProblems(match: RequestMatch, where: string): Problem[] {
  const problems: Problem[] = helperProblems(match).map((p) => ({ ...p, message: `${where}: ${p.message}` }));
  for (const name of Object.keys(match.headers ?? {})) {
    const p = checkHeaderName(name, `${where}: header name`);
    if (p) problems.push(p);
  }
  problems.push(...labelSelectorProblems(match.sourceLabels ?? {}, `${where}: sourceLabels`));
  return problems;
}
