import { gatewayApiRuleProblems, routeOrderProblems } from '../providers/gateway-api/route-problems';
import { toHttpRouteRules } from '../providers/gateway-api/route-rules';
import { matchProblems } from '../routing/match-helpers';
import { RouteMirror, RouteRule } from '../routing/route-model';
import { routeProblems } from '../routing/route-problems';
import { StickySession } from '../stages/sticky-session';
import { Problem } from '../validation/problems';
import { mirrorVersions, partRules, partTechniqueProblems, StagePart } from './header-route-techniques';
import { ContentRoute, RouteTarget } from './route-target';

/** One stage of a `HeaderRoute`: content routes in order, then a default for everything else. */
export interface HeaderRouteStage {
  /** Stage name (DNS-1123 label), e.g. `testers`. */
  readonly name: string;
  /** Content routes, in order: the first whose conditions hold wins. @default - none (every request takes the default) */
  readonly routes?: readonly ContentRoute[];
  /** Where requests no route matches go: one version or its own weighted split. */
  readonly default: RouteTarget;
  /**
   * The versions that run (have a Deployment and a DestinationRule subset) at this stage.
   * Narrow it in a final stage to remove the old version.
   * @default - every declared version
   */
  readonly running?: readonly string[];
  /**
   * Copy this percentage of the requests no route matches (those `default` serves) to a version,
   * e.g. `{ version: 'v2', percent: 10 }` with `default: 'v1'`: v2 sees real traffic before it serves anyone.
   * @default - no mirroring
   */
  readonly defaultMirror?: RouteMirror;
  /**
   * Sticky sessions for a weighted `default`: every version of the split sets a cookie
   * (`<cookieName>=<version>`, default name `<name>-version`) on its responses, and unmatched requests
   * carrying it go to that version, so a user stays on the version that first served them.
   * @default - no stickiness (every request is split by weight)
   */
  readonly defaultSticky?: StickySession;
}

/** The parts of a stage that send traffic somewhere: its routes in order, then the default. */
export function stageParts(stage: HeaderRouteStage): StagePart[] {
  const where = `stage "${stage.name}"`;
  return [
    ...(stage.routes ?? []).map((r, i): StagePart => ({
      label: `${where}, route ${r.name ? `"${r.name}"` : i + 1}`,
      ...(r.name ? { name: r.name } : {}),
      matches: r.matches,
      target: r.to,
      mirror: r.mirror,
      sticky: r.sticky,
      stickyRulePrefix: r.name ? `${r.name}-sticky` : `route-${i + 1}-sticky`,
    })),
    { label: `${where}, default`, target: stage.default, mirror: stage.defaultMirror, sticky: stage.defaultSticky, stickyRulePrefix: 'sticky' },
  ];
}

/**
 * The route rules a stage renders: its routes, then the default rule (first match wins). A sticky
 * part is preceded by its cookie rules; `service` names the default sticky cookie (`<service>-version`).
 */
export function headerRouteRules(stage: HeaderRouteStage, service: string = 'app'): RouteRule[] {
  return stageParts(stage).flatMap((p) => partRules(p, service));
}

/** The versions running at a stage. */
export function runningVersions(stage: HeaderRouteStage, declared: readonly string[]): string[] {
  return stage.running ? [...stage.running] : [...declared];
}

/**
 * Problems of one stage: versions not declared or not running, route problems (weights, RE2,
 * a route without conditions shadowing the default) and request conditions Istio rejects.
 */
export function headerRouteStageProblems(stage: HeaderRouteStage, declared: readonly string[]): Problem[] {
  const where = `stage "${stage.name}"`;
  const problems: Problem[] = [];
  const running = runningVersions(stage, declared);
  if (running.length === 0) {
    problems.push({ message: `${where} runs no version.`, fix: `list at least one of the declared versions (${declared.join(', ')}) in running, or leave it out to run them all.` });
  }
  for (const v of running) {
    if (!declared.includes(v)) {
      problems.push({ message: `${where} runs version "${v}", which is not declared.`, fix: `declare "${v}" in versions, or run one of: ${declared.join(', ')}.` });
    }
  }
  const rules = headerRouteRules(stage);
  const parts = stageParts(stage);
  const referenced = rules.flatMap((r) => r.split.map((s) => s.version));
  for (const v of [...new Set(referenced)]) {
    if (!declared.includes(v)) {
      problems.push({ message: `${where} routes to version "${v}", which is not declared.`, fix: `route to one of the declared versions (${declared.join(', ')}), or declare "${v}" in versions.` });
    } else if (!running.includes(v) && running.length > 0) {
      problems.push({ message: `${where} routes to version "${v}", which does not run at this stage (running: ${running.join(', ')}).`, fix: `add "${v}" to the stage's running versions, or route its traffic elsewhere.` });
    }
  }
  // Unknown versions are reported above with a clearer message; routeProblems checks the rest.
  problems.push(...routeProblems(rules, [...new Set([...declared, ...referenced, ...mirrorVersions(parts)])], where));
  (stage.routes ?? []).forEach((r, i) => {
    const label = `${where}, route ${r.name ? `"${r.name}"` : i + 1}`;
    for (const m of r.matches) problems.push(...matchProblems(m, label));
  });
  problems.push(...partTechniqueProblems(parts, declared, running));
  return problems;
}

/**
 * What the Gateway API cannot express in a stage's rules (header prefixes, caller labels, a rule
 * order its precedence would change, ...), for the stages that are not rendered: the routing checks
 * the active one, and a stage must not pass synth today only to fail once it becomes active.
 */
export function headerRouteGatewayApiProblems(stage: HeaderRouteStage, service: string): Problem[] {
  const rules = headerRouteRules(stage, service);
  const where = `stage "${stage.name}", HTTP route`;
  return [
    ...gatewayApiRuleProblems(rules, where, 'http'),
    ...routeOrderProblems(toHttpRouteRules(rules, { service, port: 80, parent: 'mesh' }), rules, where),
  ];
}
