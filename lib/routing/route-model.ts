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
  /**
   * Share of the rule's traffic: an integer 0..`weightTotal` of the rule (percent by default); a
   * rule's weights sum to its `weightTotal`, and the version gets `weight / weightTotal` of the traffic.
   */
  readonly weight: number;
  /**
   * A `Set-Cookie` header value added to every response this version serves through this rule
   * (sticky canary sessions, e.g. `canary=v2; Max-Age=3600; Path=/`). @default - no response header
   */
  readonly setCookie?: string;
}

/** A copy of a rule's traffic sent to one version; the copy's responses are discarded. */
export interface RouteMirror {
  /** Version (subset) that receives the copies. */
  readonly version: string;
  /** Percent of the rule's requests copied, 0..100 (whole percent). */
  readonly percent: number;
}

/** One routing rule: if any match holds (or there is none), traffic is split by weight. */
export interface RouteRule {
  /** Rule name, rendered as the Istio route name. @default - unnamed */
  readonly name?: string;
  /** Conditions, OR-ed; empty or absent means "every request". @default - every request */
  readonly matches?: readonly RequestMatch[];
  /** Where the matched traffic goes. */
  readonly split: readonly VersionWeight[];
  /** The total the split's weights sum to (1000 for 0.1% steps). @default 100 */
  readonly weightTotal?: number;
  /** Copy part of the matched traffic to a version (served responses still come from `split`). @default - no mirroring */
  readonly mirror?: RouteMirror;
}

/** True when a match has no conditions, i.e. matches every request. */
export function isCatchAll(match: RequestMatch): boolean {
  return !match.headers && !match.uri && !match.sourceLabels && !match.gateways && match.port === undefined;
}

/** True when a rule applies to every request (no matches, or one empty match). */
export function ruleMatchesEverything(rule: RouteRule): boolean {
  return !rule.matches || rule.matches.length === 0 || rule.matches.some(isCatchAll);
}
