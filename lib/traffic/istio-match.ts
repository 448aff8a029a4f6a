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
  /** Destination port, when known. @default - unknown (a `port` condition then never holds) */
  readonly port?: number;
  /** HTTP method, e.g. `GET`. @default - none (a `method` condition then never holds) */
  readonly method?: string;
  /** The `:authority` (Host) of the request. @default - none (an `authority` condition then never holds) */
  readonly authority?: string;
  /** `http` or `https`. @default - none (a `scheme` condition then never holds) */
  readonly scheme?: string;
  /** Query parameters. @default - none */
  readonly query?: Record<string, string>;
  /** Namespace of the calling pod (mesh traffic). @default - none (a `sourceNamespace` condition then never holds) */
  readonly sourceNamespace?: string;
}

/** Match-block fields the simulator evaluates; any other field makes it throw rather than answer wrongly. */
export const SUPPORTED_MATCH_FIELDS: readonly string[] = [
  'name', 'statPrefix', 'headers', 'withoutHeaders', 'uri', 'ignoreUriCase', 'method', 'authority', 'scheme',
  'queryParams', 'sourceLabels', 'sourceNamespace', 'gateways', 'port',
];

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

/** Like `stringMatches`, lower-casing both sides of `exact` and `prefix` (Istio's `ignoreUriCase`). */
function uriMatches(m: { exact?: string; prefix?: string; regex?: string }, value: string, ignoreCase: boolean): boolean {
  if (!ignoreCase || m.regex !== undefined) return stringMatches(m, value);
  const lower = { exact: m.exact?.toLowerCase(), prefix: m.prefix?.toLowerCase() };
  return stringMatches(lower, value.toLowerCase());
}

/**
 * True when one Istio match block (HTTP or TCP) holds for the request. Throws on a match field the
 * simulator does not evaluate (e.g. `sourceSubnet`), so it never answers wrongly.
 */
export function matchBlockHolds(block: any, ctx: MatchContext, vsNamespace: string, vsGateways: string[]): boolean {
  const unsupported = Object.keys(block).filter((k) => !SUPPORTED_MATCH_FIELDS.includes(k));
  if (unsupported.length > 0) throw new Error(`the traffic simulator does not evaluate match field(s) ${unsupported.join(', ')}`);
  for (const [name, sm] of Object.entries<any>(block.headers ?? {})) {
    if (!stringMatches(sm, ctx.headers[name.toLowerCase()])) return false;
  }
  for (const name of Object.keys(block.withoutHeaders ?? {})) {
    const sm = block.withoutHeaders[name];
    if (stringMatches(sm, ctx.headers[name.toLowerCase()])) return false;
  }
  if (block.uri && !uriMatches(block.uri, ctx.path, block.ignoreUriCase === true)) return false;
  if (block.method && !stringMatches(block.method, ctx.method)) return false;
  if (block.authority && !stringMatches(block.authority, ctx.authority)) return false;
  if (block.scheme && !stringMatches(block.scheme, ctx.scheme)) return false;
  for (const [name, sm] of Object.entries<any>(block.queryParams ?? {})) {
    if (!stringMatches(sm, ctx.query?.[name])) return false;
  }
  if (block.sourceNamespace !== undefined && block.sourceNamespace !== ctx.sourceNamespace) return false;
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
