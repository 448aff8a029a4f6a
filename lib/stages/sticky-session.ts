import { Duration } from 'cdk8s';

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

/** Fills in the defaults of a sticky session for `service`. */
export function resolveSticky(service: string, sticky: StickySession): ResolvedStickySession {
  return {
    cookieName: sticky.cookieName ?? `${service}-canary`,
    maxAgeSeconds: (sticky.maxAge ?? Duration.hours(1)).toSeconds(),
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
