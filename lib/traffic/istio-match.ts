import { RE2JS } from 're2js';

/**
 * Istio's request-matching semantics, as Envoy applies them:
 * string matches are `exact`, `prefix`, or an RE2 `regex` that must match the WHOLE value;
 * a header condition on a missing header never matches; within one match block every condition
 * must hold (AND); a rule matches when any of its match blocks does (OR), or when it has none.
 */

/** The request as the matcher sees it. */
export interface MatchContext {
  /** Lower-case header names to values (cookies are in `cookie`). */
  readonly headers: Record<string, string>;
  /** Request path. */
  readonly path: string;
  /** Labels of the calling pod; empty for gateway traffic. */
  readonly sourceLabels: Record<string, string>;
  /** Where the request enters: `mesh` or a gateway as `namespace/name`. */
  readonly gateway: string;
  /** Destination port, when known. */
  readonly port?: number;
}

const REGEX_CACHE = new Map<string, RE2JS>();

/** Full-match RE2, as Istio's `regex` string match. */
export function re2FullMatch(regex: string, value: string): boolean {
  let re = REGEX_CACHE.get(regex);
  if (!re) {
    re = RE2JS.compile(regex);
    REGEX_CACHE.set(regex, re);
  }
  return re.matches(value);
}

/** Matches a value against an Istio StringMatch object. An empty StringMatch (`{}`) matches anything present. */
export function stringMatches(m: { exact?: string; prefix?: string; regex?: string }, value: string | undefined): boolean {
  if (value === undefined) return false;
  if (m.exact !== undefined) return value === m.exact;
  if (m.prefix !== undefined) return value.startsWith(m.prefix);
  if (m.regex !== undefined) return re2FullMatch(m.regex, value);
  return true;
}

/** Normalizes a gateway reference relative to the namespace of the VirtualService that names it. */
export function gatewayRef(ref: string, vsNamespace: string): string {
  if (ref === 'mesh') return 'mesh';
  return ref.includes('/') ? ref : `${vsNamespace}/${ref}`;
}

/** True when one Istio match block (HTTP or TCP) holds for the request. */
export function matchBlockHolds(block: any, ctx: MatchContext, vsNamespace: string, vsGateways: string[]): boolean {
  for (const [name, sm] of Object.entries<any>(block.headers ?? {})) {
    if (!stringMatches(sm, ctx.headers[name.toLowerCase()])) return false;
  }
  for (const name of Object.keys(block.withoutHeaders ?? {})) {
    const sm = block.withoutHeaders[name];
    if (stringMatches(sm, ctx.headers[name.toLowerCase()])) return false;
  }
  if (block.uri && !stringMatches(block.uri, ctx.path)) return false;
  if (block.sourceLabels) {
    for (const [k, v] of Object.entries<string>(block.sourceLabels)) if (ctx.sourceLabels[k] !== v) return false;
  }
  const gateways: string[] = block.gateways ? block.gateways.map((g: string) => gatewayRef(g, vsNamespace)) : vsGateways;
  if (!gateways.includes(ctx.gateway)) return false;
  if (block.port !== undefined && ctx.port !== undefined && block.port !== ctx.port) return false;
  if (block.port !== undefined && ctx.port === undefined) return false;
  return true;
}

/** True when a rule (list of OR-ed match blocks) holds; a rule without blocks matches everything on the VS's gateways. */
export function ruleHolds(matches: any[] | undefined, ctx: MatchContext, vsNamespace: string, vsGateways: string[]): boolean {
  if (!matches || matches.length === 0) return vsGateways.includes(ctx.gateway);
  return matches.some((b) => matchBlockHolds(b, ctx, vsNamespace, vsGateways));
}
