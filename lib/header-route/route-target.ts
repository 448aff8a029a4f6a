import { RequestMatch, RouteRule, VersionWeight } from '../routing/route-model';

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
