import {
  HttpRouteSpecRules,
  HttpRouteSpecRulesBackendRefsFiltersType,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesMatches,
  HttpRouteSpecRulesMatchesHeadersType,
  HttpRouteSpecRulesMatchesPathType,
} from '../../../imports/gateway.networking.k8s.io';
import { RequestMatch, RouteRule, StringMatch } from '../../routing/route-model';
import { versionServiceName } from './version-services';

/**
 * Rendering of the protocol-neutral route model (`RouteRule[]`) as Gateway API route rules.
 * Each rule becomes an HTTPRoute rule whose `backendRefs` are the per-version Services
 * (`<service>-<version>`) with the rule's weights; header conditions become `Exact` or
 * `RegularExpression` header matches, `uri` becomes a path match. What the Gateway API cannot say
 * (see `gatewayApiMatchProblems`) is left out here and reported by the construct.
 */

/** The parent a route is rendered for: `mesh` (the Service, GAMMA) or an Istio-style gateway reference (`name` or `namespace/name`). */
export type RouteParent = string;

/** Where a match condition list applies: Istio `gateways` semantics (absent = every parent). */
export function matchAppliesTo(match: RequestMatch, parent: RouteParent, gatewayAliases: readonly string[] = []): boolean {
  if (!match.gateways || match.gateways.length === 0) return true;
  return match.gateways.some((g) => g === parent || gatewayAliases.includes(g));
}

function headerMatch(name: string, m: StringMatch) {
  if ('exact' in m) return { name, type: HttpRouteSpecRulesMatchesHeadersType.EXACT, value: m.exact };
  if ('regex' in m) return { name, type: HttpRouteSpecRulesMatchesHeadersType.REGULAR_EXPRESSION, value: m.regex };
  return undefined;
}

function pathMatch(m: StringMatch) {
  if ('exact' in m) return { type: HttpRouteSpecRulesMatchesPathType.EXACT, value: m.exact };
  if ('regex' in m) return { type: HttpRouteSpecRulesMatchesPathType.REGULAR_EXPRESSION, value: m.regex };
  if (m.prefix === '/') return { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/' };
  return undefined;
}

/** Renders one match (header and path conditions; the rest is reported by `gatewayApiMatchProblems`). */
export function toHttpRouteMatch(m: RequestMatch): HttpRouteSpecRulesMatches {
  const headers = Object.keys(m.headers ?? {}).sort().map((h) => headerMatch(h, m.headers![h])).filter((x): x is NonNullable<typeof x> => x !== undefined);
  const path = m.uri ? pathMatch(m.uri) : undefined;
  return { ...(path ? { path } : {}), ...(headers.length > 0 ? { headers } : {}) };
}

/** Options of `toHttpRouteRules`. */
export interface HttpRouteRulesOptions {
  /** Application (Service) name: backends are `<service>-<version>`. */
  readonly service: string;
  /** Port of the version Services. */
  readonly port: number;
  /** The parent the rules are rendered for (`mesh` or a gateway reference). */
  readonly parent: RouteParent;
  /** Other spellings of the parent gateway in `gateways` conditions (e.g. `name` and `namespace/name`). @default - none */
  readonly parentAliases?: readonly string[];
}

/** Rendered rules for one parent, with the index of the source rule of each. */
export interface RenderedRules {
  /** HTTPRoute rules in source order. */
  readonly rules: HttpRouteSpecRules[];
  /** `sourceIndex[i]` is the position in the input of rendered rule i. */
  readonly sourceIndex: number[];
}

/**
 * Renders route rules for one parent. A rule whose every match is bound (`gateways`) to other
 * parents is left out; a rule with a match that has no condition left matches every request.
 */
export function toHttpRouteRules(rules: readonly RouteRule[], options: HttpRouteRulesOptions): RenderedRules {
  const out: HttpRouteSpecRules[] = [];
  const sourceIndex: number[] = [];
  rules.forEach((r, i) => {
    let matches: HttpRouteSpecRulesMatches[] | undefined;
    if (r.matches && r.matches.length > 0) {
      const applicable = r.matches.filter((m) => matchAppliesTo(m, options.parent, options.parentAliases));
      if (applicable.length === 0) return;
      const rendered = applicable.map(toHttpRouteMatch);
      matches = rendered.some((m) => Object.keys(m).length === 0) ? undefined : rendered;
    }
    out.push({
      ...(r.name ? { name: r.name } : {}),
      ...(matches ? { matches } : {}),
      // Mirroring: a rule-level RequestMirror filter (Gateway API v1.6 standard: `percent`).
      ...(r.mirror ? {
        filters: [{
          type: HttpRouteSpecRulesFiltersType.REQUEST_MIRROR,
          requestMirror: { backendRef: { name: versionServiceName(options.service, r.mirror.version), port: options.port }, percent: r.mirror.percent },
        }],
      } : {}),
      backendRefs: r.split.map((s) => ({
        name: versionServiceName(options.service, s.version),
        port: options.port,
        weight: s.weight,
        // Sticky sessions: a ResponseHeaderModifier on the backendRef adds the cookie to that version's responses.
        ...(s.setCookie !== undefined ? {
          filters: [{ type: HttpRouteSpecRulesBackendRefsFiltersType.RESPONSE_HEADER_MODIFIER, responseHeaderModifier: { add: [{ name: 'Set-Cookie', value: s.setCookie }] } }],
        } : {}),
      })),
    });
    sourceIndex.push(i);
  });
  return { rules: out, sourceIndex };
}

/** Renders the TCP rules (no conditions in a TCPRoute) as TCPRoute rules. */
export function toTcpRouteRules(rules: readonly RouteRule[], service: string, port: number) {
  return rules.map((r) => ({
    ...(r.name ? { name: r.name } : {}),
    backendRefs: r.split.map((s) => ({ name: versionServiceName(service, s.version), port, weight: s.weight })),
  }));
}
