import { Problem } from '../validation/problems';
import { isCatchAll, RequestMatch, RouteRule, StringMatch } from './route-model';

/**
 * Istio's IST0130 (VirtualServiceUnreachableRule) and IST0131 (VirtualServiceIneffectiveMatch) beyond a
 * catch-all: a match of a later rule that an earlier rule's match covers (the same match repeated, a
 * prefix under an earlier prefix such as /api/v2 after /api, anything after `prefix: '/'`, which matches
 * every path) never applies, because Istio takes the first rule that matches.
 */

/** True when every string `inner` accepts is accepted by `outer`. */
function stringCovers(outer: StringMatch, inner: StringMatch): boolean {
  if ('exact' in outer) return 'exact' in inner && inner.exact === outer.exact;
  if ('prefix' in outer) {
    if ('exact' in inner) return inner.exact.startsWith(outer.prefix);
    if ('prefix' in inner) return inner.prefix.startsWith(outer.prefix);
    return outer.prefix === '' || (outer.prefix === '/' && inner.regex.startsWith('/'));
  }
  return 'regex' in inner && inner.regex === outer.regex;
}

/** True when every request `inner` matches is matched by `outer`. */
export function matchCovers(outer: RequestMatch, inner: RequestMatch): boolean {
  for (const [name, m] of Object.entries(outer.headers ?? {})) {
    const other = inner.headers?.[name];
    if (!other || !stringCovers(m, other)) return false;
  }
  // Every path starts with "/", so the prefix "/" covers any path condition.
  const rootPrefix = outer.uri && 'prefix' in outer.uri && (outer.uri.prefix === '/' || outer.uri.prefix === '');
  if (outer.uri && !rootPrefix && (!inner.uri || !stringCovers(outer.uri, inner.uri))) return false;
  for (const [k, v] of Object.entries(outer.sourceLabels ?? {})) if (inner.sourceLabels?.[k] !== v) return false;
  if (outer.gateways && (!inner.gateways || !inner.gateways.every((g) => outer.gateways!.includes(g)))) return false;
  if (outer.port !== undefined && inner.port !== outer.port) return false;
  return true;
}

/** True when a match has no condition, or only `prefix: '/'` (every path). */
function matchesEverything(m: RequestMatch): boolean {
  return !m.headers && !m.sourceLabels && !m.gateways && m.port === undefined && (!m.uri || ('prefix' in m.uri && (m.uri.prefix === '/' || m.uri.prefix === '')));
}

/** The matches of later rules that an earlier rule's match covers. `label(i)` names rule i. */
export function shadowedMatchProblems(rules: readonly RouteRule[], label: (i: number) => string): Problem[] {
  const problems: Problem[] = [];
  rules.forEach((rule, j) => {
    const matches = rule.matches ?? [];
    for (let i = 0; i < j; i++) {
      const earlier = rules[i].matches ?? [];
      // An earlier rule without matches (or with an empty one) is reported as a catch-all already.
      if (earlier.length === 0 || earlier.some(isCatchAll)) return;
      const everything = earlier.find(matchesEverything);
      if (everything) {
        problems.push({
          message: `${label(i)} matches every request (a path prefix "/" matches every path), so ${label(j)} can never match (shadowed).`,
          fix: 'put the catch-all rule last, or give it a narrower match condition.',
        });
        return;
      }
    }
    matches.forEach((m, k) => {
      for (let i = 0; i < j; i++) {
        const cover = (rules[i].matches ?? []).findIndex((e) => matchCovers(e, m));
        if (cover < 0) continue;
        problems.push({
          message: `${label(j)}, match ${k + 1} ${JSON.stringify(m)} is covered by match ${cover + 1} of ${label(i)}, which comes first, so it never applies.`,
          fix: 'remove the repeated match, or put the narrower rule (e.g. /api/v2) before the wider one (/api).',
        });
        return;
      }
    });
  });
  return problems;
}
