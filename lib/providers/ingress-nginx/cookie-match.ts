import { cookieRegex } from '../../routing/match-helpers';
import { StringMatch } from '../../routing/route-model';

/** A cookie condition as the `cookie(name, value)` helper builds it. */
export interface CookieCondition {
  /** Cookie name. */
  readonly name: string;
  /** Cookie value. */
  readonly value: string;
}

const COOKIE_REGEX_SHAPE = /^\(\?:\.\*;\)\?\[ \\t\]\*(.+)=(.*)\[ \\t\]\*\(\?:;\.\*\)\?$/;

function unescapeRe2(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/**
 * Reads back the cookie of a condition on the `cookie` header made by `cookie(name, value)`
 * (lib/routing/match-helpers.ts, `cookieRegex`); undefined for any other condition (hand-written
 * regexes are not guessed at). The result is verified by rebuilding the regex.
 */
export function parseCookieCondition(match: StringMatch): CookieCondition | undefined {
  if (!('regex' in match)) return undefined;
  const m = COOKIE_REGEX_SHAPE.exec(match.regex);
  if (!m) return undefined;
  // The name cannot contain "=", so the first unescaped "=" separates name and value.
  const body = match.regex.slice('(?:.*;)?[ \\t]*'.length, match.regex.length - '[ \\t]*(?:;.*)?'.length);
  const eq = body.indexOf('=');
  const name = unescapeRe2(body.slice(0, eq));
  const value = unescapeRe2(body.slice(eq + 1));
  return cookieRegex(name, value) === match.regex ? { name, value } : undefined;
}
