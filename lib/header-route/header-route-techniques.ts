import { RouteFeatures } from '../providers/core/provider';
import { RequestMatch, RouteMirror, RouteRule } from '../routing/route-model';
import { resolveSticky, ResolvedStickySession, StickySession, stickyCookie, stickyCookieRegex, stickySessionProblems } from '../stages/sticky-session';
import { Problem } from '../validation/problems';
import { RouteTarget, targetSplit } from './route-target';

/**
 * The release techniques of HeaderRoute stages: mirroring the requests of a route (or of the
 * default) to a version, and sticky sessions for a weighted split. The rules they become and the
 * mistakes in them; `planHeaderRouteStage` calls these.
 */

/** One part of a stage that sends traffic somewhere: a content route or the default. */
export interface StagePart {
  /** How messages name the part: `stage "s", route "chrome"` or `stage "s", default`. */
  readonly label: string;
  /** The route name (rendered as the rule name). @default - unnamed */
  readonly name?: string;
  /** The route's conditions (OR-ed). @default - none: the default, every request left */
  readonly matches?: readonly RequestMatch[];
  /** Where the part's requests go. */
  readonly target: RouteTarget;
  /** Copies of the part's requests. @default - none */
  readonly mirror?: RouteMirror;
  /** Sticky sessions of the part's weighted split. @default - none */
  readonly sticky?: StickySession;
  /** Prefix of the names of the sticky rules: `<prefix>-<version>`. */
  readonly stickyRulePrefix: string;
}

/** The sticky session of a part with its defaults: the cookie is `<service>-version` unless named. */
export function resolvePartSticky(service: string, sticky: StickySession): ResolvedStickySession {
  return resolveSticky(service, { ...sticky, cookieName: sticky.cookieName ?? `${service}-version` });
}

/**
 * The route rules of one part, first match wins:
 * - sticky: one rule per served version `v` (`<prefix>-<v>`: the part's conditions AND a `cookie`
 *   carrying `<cookie>=<v>`, all to `v`), then the weighted rule, whose destinations set the cookie;
 * - mirror: the weighted (or single) rule copies `percent` of its requests to the mirror version.
 * A part without techniques is the plain rule `{ name?, matches?, split }`.
 */
export function partRules(part: StagePart, service: string): RouteRule[] {
  const split = targetSplit(part.target);
  const head = { ...(part.name ? { name: part.name } : {}), ...(part.matches ? { matches: [...part.matches] } : {}) };
  const mirror = part.mirror ? { mirror: { version: part.mirror.version, percent: part.mirror.percent } } : {};
  if (!part.sticky) return [{ ...head, split, ...mirror }];
  const s = resolvePartSticky(service, part.sticky);
  const conditions = part.matches && part.matches.length > 0 ? part.matches : [{}];
  const served = split.filter((x) => x.weight > 0);
  const pins: RouteRule[] = served.map((x) => ({
    name: `${part.stickyRulePrefix}-${x.version}`,
    matches: conditions.map((m) => ({ ...m, headers: { ...(m.headers ?? {}), cookie: { regex: stickyCookieRegex(s.cookieName, x.version) } } })),
    split: [{ version: x.version, weight: 100 }],
  }));
  return [...pins, { ...head, split: split.map((x) => (x.weight > 0 ? { ...x, setCookie: stickyCookie(s, x.version) } : x)), ...mirror }];
}

/** The mirror versions of the parts (for the route checks, which must know them). */
export function mirrorVersions(parts: readonly StagePart[]): string[] {
  return parts.flatMap((p) => (p.mirror ? [p.mirror.version] : []));
}

/**
 * Mistakes in the techniques of the parts: a mirror percent that is not a whole 1..100, a mirror to a
 * version that is not declared, does not run, or already serves every request of the part; sticky
 * sessions on a split that is not weighted, on a route that matches on cookies, or with a cookie
 * lifetime that is not whole seconds.
 */
export function partTechniqueProblems(parts: readonly StagePart[], declared: readonly string[], running: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const p of parts) {
    const split = targetSplit(p.target);
    if (p.mirror) {
      const { version, percent } = p.mirror;
      if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
        problems.push({
          message: `${p.label}: mirror percent ${percent} is not a whole percentage between 1 and 100.`,
          fix: `set percent to the share of the requests copied to "${version}", e.g. 10, or remove the mirror.`,
        });
      }
      if (!declared.includes(version)) {
        problems.push({ message: `${p.label} mirrors to version "${version}", which is not declared.`, fix: `mirror to one of the declared versions (${declared.join(', ')}), or declare "${version}" in versions.` });
      } else if (!running.includes(version)) {
        problems.push({
          message: `${p.label} mirrors to version "${version}", which does not run at this stage (running: ${running.join(', ')}).`,
          fix: `add "${version}" to the stage's running versions, or remove the mirror.`,
        });
      } else if (split.every((x) => x.version === version || x.weight === 0)) {
        problems.push({
          message: `${p.label} mirrors to version "${version}", which already serves every request of it: each request would reach "${version}" twice.`,
          fix: 'mirror to the version that is not serving these requests yet (the new one), or remove the mirror.',
        });
      }
    }
    if (p.sticky) {
      const served = split.filter((x) => x.weight > 0);
      if (served.length < 2) {
        problems.push({
          message: `${p.label} is sticky, but sends its requests to ${served.length === 1 ? `"${served[0].version}" only` : 'no version'}: stickiness keeps a user on one version of a weighted split.`,
          fix: 'give it a weighted split such as { v1: 90, v2: 10 }, or remove sticky.',
        });
      }
      const withCookie = (p.matches ?? []).find((m) => m.headers?.cookie !== undefined);
      if (withCookie) {
        problems.push({
          message: `${p.label} is sticky and matches on the cookie header (${JSON.stringify(withCookie.headers!.cookie)}): its sticky rules need a condition on that header too, and Istio and the Gateway API allow one condition per header in a match.`,
          fix: 'match these users by another header, or make a route without cookie conditions sticky.',
        });
      }
      problems.push(...stickySessionProblems(p.sticky, p.label));
    }
  }
  return problems;
}

/**
 * What a provider that renders routing objects cannot render of the techniques: mirroring
 * (`features.mirroring`) and the `Set-Cookie` of sticky sessions (`features.responseHeaders`).
 * `provider` names it in the messages, e.g. `traffic 'istio-ambient'`.
 */
export function partProviderProblems(parts: readonly StagePart[], features: RouteFeatures, provider: string): Problem[] {
  const problems: Problem[] = [];
  for (const p of parts) {
    if (p.mirror && !features.mirroring) {
      problems.push({
        message: `${p.label} mirrors ${p.mirror.percent}% of its requests to "${p.mirror.version}", which ${provider} cannot express.`,
        fix: 'remove the mirror, or use traffic: Traffic.istio() or Traffic.gatewayApi() (both mirror requests).',
      });
    }
    if (p.sticky && !features.responseHeaders) {
      problems.push({
        message: `${p.label} is sticky (its versions set a cookie on their responses), which ${provider} cannot express.`,
        fix: 'remove sticky, or use traffic: Traffic.istio() or Traffic.gatewayApi() (both set response headers).',
      });
    }
  }
  return problems;
}
