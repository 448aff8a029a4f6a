import { Duration } from 'cdk8s';
import { Problem } from '../validation/problems';
import { wholeSeconds } from '../validation/whole-seconds';

/**
 * Sticky canary sessions of a weighted stage: the first response the canary serves sets a cookie,
 * and every request that carries it goes to the canary (so a user who landed on the canary stays
 * there). Stickiness ends at promotion (only the canary runs) or at a `rollback: true` stage, which
 * routes requests carrying the cookie to stable and expires it (`Max-Age=0`).
 */
export interface StickySession {
  /** Cookie name. @default '<service>-canary' */
  readonly cookieName?: string;
  /** How long the cookie keeps a user on the canary (whole seconds). @default Duration.hours(1) */
  readonly maxAge?: Duration;
  /** Cookie `Path` (its scope on the host). @default '/' */
  readonly path?: string;
  /** Cookie `Domain` (e.g. `.example.com` to share it across sub-domains). @default - the host of the request only */
  readonly domain?: string;
}

/** A sticky session with its defaults filled in. */
export interface ResolvedStickySession {
  /** Cookie name. */
  readonly cookieName: string;
  /** Max-Age in seconds. */
  readonly maxAgeSeconds: number;
  /** Cookie path. */
  readonly path: string;
  /** Cookie domain. @default - none */
  readonly domain?: string;
}

/** RFC 6265 cookie-name (an HTTP token). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 6265 path-value: starts with `/` here; no control characters, no `;`. */
// eslint-disable-next-line no-control-regex -- control characters are what the path may not hold
const COOKIE_PATH = /^\/[^\x00-\x1f\x7f;]*$/;
/** RFC 6265 domain-value: a host name, optionally with a leading dot. */
const COOKIE_DOMAIN = /^\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/**
 * Problems of a sticky session's fields, which end up in a `Set-Cookie` response header that neither Istio
 * nor the Gateway API checks: a cookie name that is not an HTTP token (a space, `;` or `=` would split the
 * header), a path or domain the browser would not take, a maxAge that is not whole seconds. `label` names
 * the stage or route.
 */
export function stickySessionProblems(sticky: StickySession, label: string): Problem[] {
  const problems: Problem[] = [];
  if (sticky.cookieName !== undefined && !COOKIE_NAME.test(sticky.cookieName)) {
    problems.push({
      message: `${label}: sticky cookieName ${JSON.stringify(sticky.cookieName)} is not a cookie name (letters, digits and !#$%&'*+-.^_\`|~ only, RFC 6265).`,
      fix: "use a name such as 'shop-canary'.",
    });
  }
  if (sticky.path !== undefined && !COOKIE_PATH.test(sticky.path)) {
    problems.push({
      message: `${label}: sticky path ${JSON.stringify(sticky.path)} is not a cookie path (it starts with "/" and has no ";" or control characters).`,
      fix: "use a path such as '/' or '/shop'.",
    });
  }
  if (sticky.domain !== undefined && !COOKIE_DOMAIN.test(sticky.domain)) {
    problems.push({
      message: `${label}: sticky domain ${JSON.stringify(sticky.domain)} is not a cookie domain (a host name, optionally with a leading dot).`,
      fix: "use a domain such as '.example.com', or leave it out (the cookie is then the request host's).",
    });
  }
  if (sticky.maxAge !== undefined && wholeSeconds(sticky.maxAge) === undefined) {
    problems.push({
      message: `${label}: sticky maxAge (${sticky.maxAge.toMilliseconds()} ms) is not a whole, positive number of seconds (the cookie's Max-Age).`,
      fix: 'use e.g. maxAge: Duration.minutes(30).',
    });
  }
  return problems;
}

/**
 * Fills in the defaults of a sticky session for `service`. A maxAge that is not whole seconds is
 * reported by `stickySessionProblems` (nothing is rendered then); the default stands in for it here.
 */
export function resolveSticky(service: string, sticky: StickySession): ResolvedStickySession {
  return {
    cookieName: sticky.cookieName ?? `${service}-canary`,
    maxAgeSeconds: (sticky.maxAge && wholeSeconds(sticky.maxAge)) ?? Duration.hours(1).toSeconds(),
    path: sticky.path ?? '/',
    domain: sticky.domain,
  };
}

/** The `Set-Cookie` value pinning a user to `version` (`maxAgeSeconds` 0 expires it). */
export function stickyCookie(s: ResolvedStickySession, version: string, maxAgeSeconds: number = s.maxAgeSeconds): string {
  return `${s.cookieName}=${maxAgeSeconds === 0 ? '' : version}; Max-Age=${maxAgeSeconds}; Path=${s.path}${s.domain ? `; Domain=${s.domain}` : ''}`;
}

/** RE2 full match of a `cookie` header that carries `<name>=<version>`. */
export function stickyCookieRegex(name: string, version: string): string {
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `^(.*?;\\s*)?${esc(name)}=${esc(version)}(;.*)?$`;
}
