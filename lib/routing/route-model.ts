/**
 * The protocol-neutral routing model every strategy produces for a stage, and every output
 * (Istio VirtualService, Gateway API routes) renders. Strategies never write routing YAML themselves.
 */

/** How a string is matched, with Istio semantics: `exact`, `prefix`, or a full-match RE2 `regex`. */
export type StringMatch = { readonly exact: string } | { readonly prefix: string } | { readonly regex: string };

/**
 * One request condition. All fields given must hold (AND). A rule's list of matches is OR-ed.
 */
export interface RequestMatch {
  /** Header conditions, keyed by lower-case header name. @default - any headers */
  readonly headers?: Readonly<Record<string, StringMatch>>;
  /** Path condition. @default - any path */
  readonly uri?: StringMatch;
  /** Labels the calling pod must carry (mesh traffic only). @default - any caller */
  readonly sourceLabels?: Readonly<Record<string, string>>;
  /** Gateways the request must arrive through (`mesh` for sidecar traffic). @default - every gateway of the route */
  readonly gateways?: readonly string[];
  /** Destination port the request is sent to. @default - any port */
  readonly port?: number;
}

/** A share of traffic going to one version. */
export interface VersionWeight {
  /** Version (subset) name. */
  readonly version: string;
  /** Percent of the rule's traffic, 0..100; a rule's weights sum to 100. */
  readonly weight: number;
}

/** One routing rule: if any match holds (or there is none), traffic is split by weight. */
export interface RouteRule {
  /** Rule name, rendered as the Istio route name. @default - unnamed */
  readonly name?: string;
  /** Conditions, OR-ed; empty or absent means "every request". @default - every request */
  readonly matches?: readonly RequestMatch[];
  /** Where the matched traffic goes. */
  readonly split: readonly VersionWeight[];
}

/** True when a match has no conditions, i.e. matches every request. */
export function isCatchAll(match: RequestMatch): boolean {
  return !match.headers && !match.uri && !match.sourceLabels && !match.gateways && match.port === undefined;
}

/** True when a rule applies to every request (no matches, or one empty match). */
export function ruleMatchesEverything(rule: RouteRule): boolean {
  return !rule.matches || rule.matches.length === 0 || rule.matches.some(isCatchAll);
}
