import { RequestMatch, RouteMirror, RouteRule, VersionWeight } from '../routing/route-model';
import { StickySession } from '../stages/sticky-session';

/**
 * Where traffic goes: one version (`'v2'`) or a weighted split (`{ v1: 50, v2: 50 }`, percentages
 * summing to 100, listed in the order they are rendered).
 */
export type RouteTarget = string | Readonly<Record<string, number>>;

/** A content-based route: requests matching any of `matches` go to `to`. */
export interface ContentRoute {
  /** Route name, rendered as the Istio route name. @default - unnamed */
  readonly name?: string;
  /**
   * Request conditions, OR-ed; within one condition everything must hold (combine with `allOf`).
   * Build them with `cookie`, `userAgent`, `headerExact`, `headerPrefix`, `headerRegex`, ...
   */
  readonly matches: readonly RequestMatch[];
  /** Where matching requests go. */
  readonly to: RouteTarget;
  /**
   * Copy this percentage of the matching requests to a version (a shadow: the copies' responses are
   * discarded, users get the responses of `to`), e.g. `{ version: 'v2', percent: 10 }` with `to: 'v1'`.
   * @default - no mirroring
   */
  readonly mirror?: RouteMirror;
  /**
   * Sticky sessions for a weighted `to`: every version of the split sets a cookie
   * (`<cookieName>=<version>`) on the responses it serves, and matching requests that carry it go to
   * that version. The route must not match on cookies itself (one condition per header).
   * @default - no stickiness (every request is split by weight)
   */
  readonly sticky?: StickySession;
}

/** The weighted split of a target. */
export function targetSplit(target: RouteTarget): VersionWeight[] {
  if (typeof target === 'string') return [{ version: target, weight: 100 }];
  return Object.entries(target).map(([version, weight]) => ({ version, weight }));
}

/** The route rules of content routes followed by the default for unmatched traffic (first match wins). */
export function contentRules(routes: readonly ContentRoute[], otherwise: RouteTarget): RouteRule[] {
  return [
    ...routes.map((r) => ({ ...(r.name ? { name: r.name } : {}), matches: [...r.matches], split: targetSplit(r.to) })),
    { split: targetSplit(otherwise) },
  ];
}
