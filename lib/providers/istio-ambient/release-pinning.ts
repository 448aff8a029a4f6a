import { RequestMatch, RouteRule } from '../../routing/route-model';

/**
 * Release pinning that works in ambient mode. With sidecars, a MultiServiceRelease keeps a request on
 * one release by matching the caller's pod labels (`sourceLabels: { app, version }`); waypoints drop
 * those conditions (istio/istio#51565). Instead, the waypoint sets a release header on every request
 * it routes (`x-release: <version of the chosen backend>`, an HTTPRoute backendRef
 * `RequestHeaderModifier`), the application copies it onto its outgoing calls (like a trace header),
 * and the downstream routes match it: `x-release: <new>` to the new version, everything else to the old.
 */

/** The release header used when none is named. */
export const DEFAULT_RELEASE_HEADER = 'x-release';

/** The pod label naming the version (MultiServiceRelease's caller conditions use it). */
const VERSION_LABEL = 'version';

/**
 * Rewrites caller-label pinning into release-header pinning: every match whose `sourceLabels` name a
 * version (`{ app: 'frontend', version: 'v2' }`) becomes `headers: { [header]: { exact: 'v2' } }`
 * (other conditions of the match kept); matches that become identical are merged. Matches on
 * caller labels without a version are left as they are (and refused by the ambient checks).
 */
export function pinByReleaseHeader(rules: readonly RouteRule[], header: string = DEFAULT_RELEASE_HEADER): RouteRule[] {
  return rules.map((rule) => {
    if (!rule.matches) return rule;
    const out: RequestMatch[] = [];
    const seen = new Set<string>();
    for (const m of rule.matches) {
      let converted: RequestMatch = m;
      const version = m.sourceLabels?.[VERSION_LABEL];
      if (version !== undefined) {
        const { sourceLabels: _dropped, ...rest } = m;
        void _dropped;
        converted = { ...rest, headers: { ...(m.headers ?? {}), [header]: { exact: version } } };
      }
      const key = JSON.stringify(converted);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(converted);
    }
    return { ...rule, matches: out };
  });
}

/**
 * The rules of a downstream service of a header-pinned release: requests carrying
 * `<header>: <to>` go to `to`, every other request to `from`; once promoted, everything to `to`.
 */
export function releaseHeaderRules(from: string, to: string, promoted: boolean, header: string = DEFAULT_RELEASE_HEADER): RouteRule[] {
  if (promoted) return [{ split: [{ version: to, weight: 100 }] }];
  return [
    { matches: [{ headers: { [header]: { exact: to } } }], split: [{ version: to, weight: 100 }] },
    { split: [{ version: from, weight: 100 }] },
  ];
}
