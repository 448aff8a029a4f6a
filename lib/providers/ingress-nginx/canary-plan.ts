import { RequestMatch, RouteRule, StringMatch } from '../../routing/route-model';
import { Problem } from '../../validation/problems';
import { NGINX_BASIC_CHARS } from './annotations';
import { parseCookieCondition } from './cookie-match';
import { toNginxHeaderPattern } from './header-pattern';
import { IngressNginxInput } from './ingress-input';
import { hostProblems, inputProblems, NGINX_PROBLEMS, pathProblem, nginxRuleLabel } from './ingress-problems';

/** How the Ingress path matches: ingress-nginx `pathType`. */
export type NginxPathType = 'Prefix' | 'Exact' | 'ImplementationSpecific';

/** The canary-by-header condition: with `value` an exact match, with `pattern` a PCRE search, with neither `always`/`never`. */
export interface CanaryHeader {
  /** Header name (`canary-by-header`). */
  readonly name: string;
  /** Exact value (`canary-by-header-value`). @default - none */
  readonly value?: string;
  /** Anchored PCRE pattern (`canary-by-header-pattern`). @default - none */
  readonly pattern?: string;
}

/** What the Ingresses of one stage must say: the translation of the route model to ingress-nginx. */
export interface CanaryPlan {
  /** The version of the main Ingress. */
  readonly stable: string;
  /** The version of the canary Ingress. @default - no canary Ingress (all traffic to stable) */
  readonly canary?: string;
  /** The header condition. @default - none */
  readonly header?: CanaryHeader;
  /** The cookie of `canary-by-cookie`. @default - none */
  readonly cookie?: string;
  /** `canary-weight`: requests no condition takes that go to the canary, out of `weightTotal`. */
  readonly weight: number;
  /** `canary-weight-total`: 100, since the route model's weights are whole percents (`inputProblems` checks them). */
  readonly weightTotal: number;
  /** Path of both Ingresses. */
  readonly path: string;
  /** pathType of both Ingresses. */
  readonly pathType: NginxPathType;
}

/** The plan, or the problems that prevent it. */
export interface CanaryPlanResult {
  /** The plan when there are no problems. @default - none */
  readonly plan?: CanaryPlan;
  /** Everything ingress-nginx cannot express, empty when `plan` is set. */
  readonly problems: Problem[];
}

type Condition =
  | { kind: 'headerValue'; name: string; value: string }
  | { kind: 'headerPattern'; name: string; pattern: string; regex: string }
  | { kind: 'headerNever'; name: string }
  | { kind: 'cookieAlways'; name: string }
  | { kind: 'cookieNever'; name: string };

interface Classified {
  readonly index: number;
  readonly label: string;
  readonly to: string;
  readonly condition: Condition;
}

const HEADER_NAME = /^[a-z0-9][a-z0-9-]*$/;

function showMatch(m: StringMatch): string {
  return JSON.stringify(m);
}

/** The one version a rule sends everything to, or undefined for a real split. */
function soleTarget(rule: RouteRule): string | undefined {
  const live = rule.split.filter((s) => s.weight > 0);
  return live.length === 1 ? live[0].version : undefined;
}

function withoutUri(m: RequestMatch): RequestMatch {
  const { uri: _uri, ...rest } = m;
  return rest;
}

/** True when a match (its uri set aside) has no condition left. */
function isUnconditional(m: RequestMatch): boolean {
  const empty = (o: object | undefined) => !o || Object.keys(o).length === 0;
  return empty(m.headers) && empty(m.sourceLabels) && (!m.gateways || m.gateways.length === 0) && m.port === undefined;
}

/** The Ingress path: the rules' common uri, else the input path, else `/`. */
function planPath(input: IngressNginxInput, problems: Problem[]): { path: string; pathType: NginxPathType } {
  const svc = input.service;
  const uris = new Map<string, StringMatch | undefined>();
  for (const r of input.rules) {
    const ms = r.matches && r.matches.length > 0 ? r.matches : [{}];
    for (const m of ms) uris.set(m.uri ? showMatch(m.uri) : 'none', m.uri);
  }
  const keys = [...uris.keys()];
  if (keys.length > 1) {
    problems.push(NGINX_PROBLEMS.uriDiffers(svc, keys[0] === 'none' ? 'none' : keys[0], keys[1] === 'none' ? 'none' : keys[1]));
    return { path: input.path ?? '/', pathType: 'Prefix' };
  }
  const uri = uris.get(keys[0]);
  let planned: { path: string; pathType: NginxPathType } = { path: input.path ?? '/', pathType: 'Prefix' };
  if (uri) {
    if ('regex' in uri) {
      problems.push(NGINX_PROBLEMS.uriRegex(svc, uri.regex));
      return planned;
    }
    // Istio's prefix is a string prefix, like an nginx prefix location (ImplementationSpecific without
    // use-regex); pathType Prefix matches whole segments, the same only for "/".
    planned = 'exact' in uri ? { path: uri.exact, pathType: 'Exact' } : { path: uri.prefix, pathType: uri.prefix === '/' ? 'Prefix' : 'ImplementationSpecific' };
    if (input.path !== undefined && input.path !== planned.path) problems.push(NGINX_PROBLEMS.pathConflict(svc, input.path, showMatch(uri)));
  }
  const p = pathProblem(svc, planned.path, planned.pathType);
  if (p) problems.push(p);
  return planned;
}

/** Classifies one conditional rule that sends everything to `to`; undefined (with problems) when nginx cannot express it. */
function classify(input: IngressNginxInput, rule: RouteRule, index: number, to: string, problems: Problem[]): Condition | undefined {
  const svc = input.service;
  const label = nginxRuleLabel(index, rule.name);
  const matches = rule.matches!.map(withoutUri);
  if (matches.length > 1) {
    problems.push(NGINX_PROBLEMS.orMatches(svc, label, matches.length));
    return undefined;
  }
  const m = matches[0];
  let ok = true;
  if (m.sourceLabels && Object.keys(m.sourceLabels).length > 0) { problems.push(NGINX_PROBLEMS.sourceLabels(svc, label, JSON.stringify(m.sourceLabels))); ok = false; }
  if (m.port !== undefined) { problems.push(NGINX_PROBLEMS.port(svc, label, m.port)); ok = false; }
  if (m.gateways && m.gateways.length > 0) { problems.push(NGINX_PROBLEMS.gateways(svc, label, m.gateways.join(', '))); ok = false; }
  const headers = Object.entries(m.headers ?? {});
  if (headers.length > 1) {
    problems.push(NGINX_PROBLEMS.multipleHeaders(svc, label, headers.map(([n]) => `"${n}"`).join(', ')));
    return undefined;
  }
  if (!ok || headers.length === 0) return undefined;
  const [name, sm] = headers[0];
  const toCanary = to !== input.stable;
  if (name === 'cookie') {
    const c = parseCookieCondition(sm);
    if (!c) { problems.push(NGINX_PROBLEMS.cookieNotHelper(svc, label, 'regex' in sm ? sm.regex : showMatch(sm))); return undefined; }
    if (!NGINX_BASIC_CHARS.test(c.name)) { problems.push(NGINX_PROBLEMS.cookieName(svc, label, c.name)); return undefined; }
    if (c.value === 'always' && toCanary) return { kind: 'cookieAlways', name: c.name };
    if (c.value === 'never' && !toCanary) return { kind: 'cookieNever', name: c.name };
    if (c.value !== 'always' && c.value !== 'never') { problems.push(NGINX_PROBLEMS.cookieValue(svc, label, c.name, c.value)); return undefined; }
    problems.push(NGINX_PROBLEMS.stableByCondition(svc, label, input.stable));
    return undefined;
  }
  if (!HEADER_NAME.test(name)) { problems.push(NGINX_PROBLEMS.headerName(svc, label, name)); return undefined; }
  if ('prefix' in sm) { problems.push(NGINX_PROBLEMS.headerPrefix(svc, label, name, sm.prefix)); return undefined; }
  if (!toCanary) {
    if ('exact' in sm && sm.exact === 'never') return { kind: 'headerNever', name };
    problems.push(NGINX_PROBLEMS.stableByCondition(svc, label, input.stable));
    return undefined;
  }
  if ('exact' in sm) {
    if (sm.exact === '' || !NGINX_BASIC_CHARS.test(sm.exact)) { problems.push(NGINX_PROBLEMS.headerValue(svc, label, name, sm.exact)); return undefined; }
    return { kind: 'headerValue', name, value: sm.exact };
  }
  const t = toNginxHeaderPattern(sm.regex);
  if (!t.pattern) { problems.push(NGINX_PROBLEMS.headerRegex(svc, label, name, sm.regex, t.reason!)); return undefined; }
  return { kind: 'headerPattern', name, pattern: t.pattern, regex: sm.regex };
}

function describe(c: Condition): string {
  if (c.kind === 'headerValue') return `exact "${c.value}"`;
  if (c.kind === 'headerPattern') return `regex /${c.regex}/`;
  return 'exact "never"';
}

/**
 * Translates the route model of one stage into what ingress-nginx canary annotations can say, or
 * reports everything they cannot (see ingress-problems.ts and docs/ingress-nginx.md).
 */
export function planIngressNginx(input: IngressNginxInput): CanaryPlanResult {
  const svc = input.service;
  const problems: Problem[] = [...inputProblems(input), ...hostProblems(input)];
  const names = input.versions.map((v) => v.name);
  const listed = names.map((n) => `"${n}"`).join(', ');
  if (!names.includes(input.stable)) problems.push(NGINX_PROBLEMS.unknownStable(svc, input.stable, listed));
  if ((input.tcp ?? []).length > 0) problems.push(NGINX_PROBLEMS.tcp(svc, input.tcp!.length));
  if (input.mirror !== undefined) problems.push(NGINX_PROBLEMS.mirror(svc, input.mirror));
  input.rules.forEach((r, i) => {
    for (const s of r.split) if (!names.includes(s.version)) problems.push(NGINX_PROBLEMS.unknownVersion(svc, nginxRuleLabel(i, r.name), s.version, listed));
  });

  const others = [...new Set(input.rules.flatMap((r) => r.split.map((s) => s.version)))].filter((v) => v !== input.stable);
  const served = others.filter((v) => input.rules.some((r) => r.split.some((s) => s.version === v && s.weight > 0)));
  if (served.length > 1 && names.includes(input.stable)) problems.push(NGINX_PROBLEMS.twoCanaries(svc, input.stable, served.map((v) => `"${v}"`).join(', ')));
  const canary = served[0] ?? others[0];

  const { path, pathType } = planPath(input, problems);

  const classified: Classified[] = [];
  let catchAll: RouteRule | undefined;
  for (let i = 0; i < input.rules.length && !catchAll; i++) {
    const rule = input.rules[i];
    const label = nginxRuleLabel(i, rule.name);
    const matches = (rule.matches ?? []).map(withoutUri);
    const everything = matches.length === 0 || matches.some(isUnconditional);
    if (everything) {
      catchAll = rule;
      if (i < input.rules.length - 1) problems.push(NGINX_PROBLEMS.shadowed(svc, label, input.rules.length - 1 - i));
      break;
    }
    const to = soleTarget(rule);
    if (to === undefined) {
      problems.push(NGINX_PROBLEMS.weightedInMatch(svc, label, rule.split.map((s) => `${s.version} ${s.weight}%`).join(', ')));
      continue;
    }
    const condition = classify(input, rule, i, to, problems);
    if (condition) classified.push({ index: i, label, to, condition });
  }
  if (!catchAll) problems.push(NGINX_PROBLEMS.noCatchAll(svc));
  const percent = catchAll && canary ? catchAll.split.filter((s) => s.version === canary).reduce((a, s) => a + s.weight, 0) : 0;

  // Header: one name; a value, a pattern, or "always" together with "never" (no value annotation).
  let header: CanaryHeader | undefined;
  const headerRules = classified.filter((c) => c.condition.kind.startsWith('header'));
  const headerNames = [...new Set(headerRules.map((c) => c.condition.name))];
  if (headerNames.length > 1) problems.push(NGINX_PROBLEMS.twoHeaders(svc, headerNames.map((n) => `"${n}"`).join(', ')));
  else if (headerNames.length === 1) {
    const name = headerNames[0];
    const toCanary = headerRules.filter((c) => c.condition.kind !== 'headerNever');
    const never = headerRules.find((c) => c.condition.kind === 'headerNever');
    if (toCanary.length > 1) problems.push(NGINX_PROBLEMS.twoHeaderConditions(svc, name, toCanary.map((c) => `${c.label}: ${describe(c.condition)}`).join(', ')));
    else if (never) {
      const only = toCanary[0]?.condition;
      if (only && only.kind === 'headerValue' && only.value === 'always') header = { name };
      else if (!only) problems.push(NGINX_PROBLEMS.headerNeverAlone(svc, never.label, name));
      else problems.push(NGINX_PROBLEMS.twoHeaderConditions(svc, name, `${toCanary[0].label}: ${describe(only)}, ${never.label}: exact "never" to the stable version`));
    } else if (toCanary.length === 1) {
      const c = toCanary[0].condition;
      header = c.kind === 'headerValue' ? { name, value: c.value } : c.kind === 'headerPattern' ? { name, pattern: c.pattern } : undefined;
    }
  }

  // Cookie: one name; "always" to the canary, and "never" to stable unless nothing else reaches the canary.
  let cookie: string | undefined;
  const cookieRules = classified.filter((c) => c.condition.kind.startsWith('cookie'));
  const cookieNames = [...new Set(cookieRules.map((c) => c.condition.name))];
  if (cookieNames.length > 1) problems.push(NGINX_PROBLEMS.twoCookies(svc, cookieNames.map((n) => `"${n}"`).join(', ')));
  else if (cookieNames.length === 1) {
    const always = cookieRules.find((c) => c.condition.kind === 'cookieAlways');
    const never = cookieRules.find((c) => c.condition.kind === 'cookieNever');
    if (!always) problems.push(NGINX_PROBLEMS.cookieNeverAlone(svc, never!.label, cookieNames[0]));
    else if (!never && percent > 0) problems.push(NGINX_PROBLEMS.cookieNeverMissing(svc, cookieNames[0], percent));
    else cookie = cookieNames[0];
  }

  // Order: nginx tests the header before the cookie; a cookie rule before a header rule with another target changes meaning.
  for (const a of cookieRules) {
    for (const b of headerRules) {
      if (a.index < b.index && a.to !== b.to) problems.push(NGINX_PROBLEMS.order(svc, a.label, b.label));
    }
  }

  if (problems.length > 0) return { problems };
  return {
    plan: { stable: input.stable, ...(canary ? { canary } : {}), ...(header ? { header } : {}), ...(cookie ? { cookie } : {}), weight: percent, weightTotal: 100, path, pathType },
    problems: [],
  };
}

/**
 * The stable version to render for a route model that does not name one (the provider interface's
 * `StageRouteModel` has only the versions): the first of `candidates` (the versions in order) for
 * which the plan has no problems, else the first candidate. Keeping the earlier version as stable
 * keeps the main Ingress on it while that is expressible (e.g. every canary stage).
 */
export function pickStableVersion(input: IngressNginxInput, candidates: readonly string[]): string {
  return candidates.find((v) => planIngressNginx({ ...input, stable: v }).problems.length === 0) ?? candidates[0];
}
