import { RequestMatch, RouteRule, StringMatch } from '../../routing/route-model';
import { compareMatchPrecedence, effectivePath, pathPrefixMatches } from './simulator';
import { re2FullMatch } from '../../traffic/istio-match';
import { Problem } from '../../validation/problems';
import { checkDnsLabel } from '../../validation/rules';
import { RenderedRules } from './route-rules';

/** Gateway API limits (v1.6.1 CRD validation) that a route must respect. */
export const GATEWAY_API_LIMITS = {
  /** Rules per HTTPRoute. */
  httpRules: 16,
  /** Matches per HTTPRoute rule. */
  matchesPerRule: 64,
  /** Header matches per match. */
  headersPerMatch: 16,
  /** backendRefs per rule. */
  backendRefs: 16,
  /** Hostnames per route. */
  hostnames: 16,
  /** Rules per TCPRoute (gateway.networking.k8s.io/v1). */
  tcpRules: 1,
} as const;

/** HTTP header name as the Gateway API accepts it (RFC 7230 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

function ruleLabel(where: string, rule: RouteRule, i: number): string {
  return `${where}, rule ${rule.name ? `"${rule.name}"` : i + 1}`;
}

function describeStringMatch(m: StringMatch): string {
  if ('exact' in m) return `exact "${m.exact}"`;
  if ('prefix' in m) return `prefix "${m.prefix}"`;
  return `regex /${m.regex}/`;
}

/**
 * What one match asks that the Gateway API cannot express: conditions on the calling workload
 * (`sourceLabels`), on the destination port, header prefixes, and path prefixes other than `/`
 * (a PathPrefix matches whole segments: `/api` matches `/api/x` but not `/apix`, Istio's prefix does).
 */
export function gatewayApiMatchProblems(m: RequestMatch, label: string, protocol: 'http' | 'tcp'): Problem[] {
  const problems: Problem[] = [];
  if (m.sourceLabels && Object.keys(m.sourceLabels).length > 0) {
    problems.push({
      message: `${label} matches on the labels of the calling workload (sourceLabels ${JSON.stringify(m.sourceLabels)}), which cannot be expressed in the Gateway API: HTTPRoute and TCPRoute have no condition on the caller.`,
      fix: 'keep traffic: Traffic.istio() for this routing, or give the callers their own namespace and route them with a consumer HTTPRoute there.',
    });
  }
  if (m.port !== undefined) {
    problems.push({
      message: `${label} matches on destination port ${m.port}, which a Gateway API route match cannot express (a route attaches to a port through its parentRef).`,
      fix: 'drop the port condition and set the Service port of the routing instead, or keep traffic: Traffic.istio().',
    });
  }
  if (protocol === 'tcp') {
    if (m.headers || m.uri) {
      problems.push({ message: `${label} has header or path conditions, which TCP routing cannot have.`, fix: 'remove the HTTP conditions from the TCP rule.' });
    }
    return problems;
  }
  for (const [name, sm] of Object.entries(m.headers ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if ('prefix' in sm) {
      problems.push({
        message: `${label}: header "${name}" ${describeStringMatch(sm)} cannot be expressed in the Gateway API, which has no prefix header match (only Exact and RegularExpression).`,
        fix: `match the header with { regex: '${sm.prefix.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')}.*' } (RE2 full match, same meaning) or { exact: ... }.`,
      });
    }
    if (!HEADER_NAME.test(name)) {
      problems.push({ message: `${label}: header name "${name}" is not an HTTP token, which the Gateway API rejects.`, fix: 'use letters, digits and !#$%&\'*+-.^_`|~ only.' });
    }
  }
  if (m.uri) {
    if ('prefix' in m.uri && m.uri.prefix !== '/') {
      problems.push({
        message: `${label}: uri prefix "${m.uri.prefix}" has no Gateway API equivalent: PathPrefix matches whole path segments ("${m.uri.prefix}" and "${m.uri.prefix.replace(/\/$/, '')}/x", not "${m.uri.prefix.replace(/\/$/, '')}x"), Istio's prefix matches any string prefix.`,
        fix: 'match the path with { exact: ... } or { regex: ... } instead (note that Istio ranks regex paths below prefix paths), or keep traffic: Traffic.istio().',
      });
    }
    if ('exact' in m.uri && !m.uri.exact.startsWith('/')) {
      problems.push({ message: `${label}: uri exact "${m.uri.exact}" does not start with "/".`, fix: 'write an absolute path such as "/login".' });
    }
  }
  if (Object.keys(m.headers ?? {}).length > GATEWAY_API_LIMITS.headersPerMatch) {
    problems.push({ message: `${label} has ${Object.keys(m.headers ?? {}).length} header conditions; the Gateway API allows ${GATEWAY_API_LIMITS.headersPerMatch}.`, fix: 'combine conditions into fewer headers.' });
  }
  return problems;
}

/** Problems of rules that the Gateway API cannot express (see `gatewayApiMatchProblems`), rule names and size limits. */
export function gatewayApiRuleProblems(rules: readonly RouteRule[], where: string, protocol: 'http' | 'tcp'): Problem[] {
  const problems: Problem[] = [];
  rules.forEach((rule, i) => {
    const label = ruleLabel(where, rule, i);
    if (rule.name) {
      const p = checkDnsLabel(rule.name, `${label}: the rule name`);
      if (p) problems.push({ message: `${p.message} Gateway API rule names are DNS-1123 labels.`, fix: p.fix });
    }
    if ((rule.matches ?? []).length > GATEWAY_API_LIMITS.matchesPerRule) {
      problems.push({ message: `${label} has ${rule.matches!.length} matches; the Gateway API allows ${GATEWAY_API_LIMITS.matchesPerRule} per rule.`, fix: 'split the rule in two with the same split.' });
    }
    if (rule.split.length > GATEWAY_API_LIMITS.backendRefs) {
      problems.push({ message: `${label} splits traffic over ${rule.split.length} versions; the Gateway API allows ${GATEWAY_API_LIMITS.backendRefs} backends per rule.`, fix: 'route to at most 16 versions per rule.' });
    }
    for (const m of rule.matches ?? []) problems.push(...gatewayApiMatchProblems(m, label, protocol));
  });
  if (protocol === 'http' && rules.length > GATEWAY_API_LIMITS.httpRules) {
    problems.push({ message: `${where} has ${rules.length} rules; an HTTPRoute allows ${GATEWAY_API_LIMITS.httpRules}.`, fix: 'merge rules that send traffic to the same split.' });
  }
  if (protocol === 'tcp') {
    if (rules.length > GATEWAY_API_LIMITS.tcpRules) {
      problems.push({
        message: `${where} has ${rules.length} TCP rules; a TCPRoute (gateway.networking.k8s.io/v1) has exactly one rule and no match conditions.`,
        fix: 'use one TCP rule with the weighted split, or keep traffic: Traffic.istio().',
      });
    }
  }
  return problems;
}

function headerList(m: any): Map<string, { type: string; value: string }> {
  const out = new Map<string, { type: string; value: string }>();
  for (const h of m?.headers ?? []) out.set(String(h.name).toLowerCase(), { type: h.type ?? 'Exact', value: h.value });
  return out;
}

function valuesDisjoint(a: { type: string; value: string }, b: { type: string; value: string }): boolean {
  if (a.type === 'Exact' && b.type === 'Exact') return a.value !== b.value;
  if (a.type === 'Exact' && b.type === 'RegularExpression') return !re2FullMatch(b.value, a.value);
  if (a.type === 'RegularExpression' && b.type === 'Exact') return !re2FullMatch(a.value, b.value);
  return false;
}

function pathsDisjoint(a: { type: string; value: string }, b: { type: string; value: string }): boolean {
  const test = (p: { type: string; value: string }, path: string) =>
    p.type === 'Exact' ? p.value === path : p.type === 'PathPrefix' ? pathPrefixMatches(p.value, path) : re2FullMatch(p.value, path);
  if (a.type === 'Exact') return !test(b, a.value);
  if (b.type === 'Exact') return !test(a, b.value);
  if (a.type === 'PathPrefix' && b.type === 'PathPrefix') return !pathPrefixMatches(a.value, b.value) && !pathPrefixMatches(b.value, a.value);
  return false;
}

/** True when no request can satisfy both HTTPRoute matches (decided for exact values; otherwise assumed to overlap). */
export function matchesDisjoint(a: any, b: any): boolean {
  if (pathsDisjoint(effectivePath(a), effectivePath(b))) return true;
  if (a?.method !== undefined && b?.method !== undefined && a.method !== b.method) return true;
  const ha = headerList(a);
  const hb = headerList(b);
  for (const [name, va] of ha) {
    const vb = hb.get(name);
    if (vb && valuesDisjoint(va, vb)) return true;
  }
  return false;
}

/**
 * The route model says "the first matching rule wins"; the Gateway API orders all matches by
 * specificity (exact path, longest prefix, method, number of headers, ...) and uses rule order only
 * on ties. Reports every pair of rules where a later rule's match outranks an earlier rule's match
 * and a request could satisfy both: that request would go elsewhere than the route model says.
 */
export function routeOrderProblems(rendered: RenderedRules, source: readonly RouteRule[], where: string): Problem[] {
  const problems: Problem[] = [];
  const matchesOf = (r: any) => (r.matches && r.matches.length > 0 ? r.matches : [{}]);
  for (let j = 1; j < rendered.rules.length; j++) {
    for (let i = 0; i < j; i++) {
      const conflict = matchesOf(rendered.rules[j]).some((b: any) =>
        matchesOf(rendered.rules[i]).some((a: any) => compareMatchPrecedence(b, a) < 0 && !matchesDisjoint(a, b)));
      if (!conflict) continue;
      const si = rendered.sourceIndex[i];
      const sj = rendered.sourceIndex[j];
      problems.push({
        message: `${ruleLabel(where, source[sj], sj)} is more specific than ${ruleLabel(where, source[si], si).replace(`${where}, `, '')} that comes before it, so in the Gateway API it wins for requests that match both (matches are ordered by exact path, longest path prefix, method and number of header matches, not by position), while the route model sends them to the earlier rule.`,
        fix: 'give the earlier rule at least the same conditions (e.g. the same headers), make the two rules exclusive (different exact values of one header), or keep traffic: Traffic.istio().',
      });
    }
  }
  return problems;
}
