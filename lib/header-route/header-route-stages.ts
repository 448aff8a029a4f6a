import { gatewayApiRuleProblems, routeOrderProblems } from '../providers/gateway-api/route-problems';
import { toHttpRouteRules } from '../providers/gateway-api/route-rules';
import { matchProblems } from '../routing/match-helpers';
import { RouteRule } from '../routing/route-model';
import { routeProblems } from '../routing/route-problems';
import { Problem } from '../validation/problems';
import { ContentRoute, contentRules, RouteTarget } from './route-target';

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
}

/** The route rules a stage renders: its routes, then the default rule. */
export function headerRouteRules(stage: HeaderRouteStage): RouteRule[] {
  return contentRules(stage.routes ?? [], stage.default);
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
  const referenced = rules.flatMap((r) => r.split.map((s) => s.version));
  for (const v of [...new Set(referenced)]) {
    if (!declared.includes(v)) {
      problems.push({ message: `${where} routes to version "${v}", which is not declared.`, fix: `route to one of the declared versions (${declared.join(', ')}), or declare "${v}" in versions.` });
    } else if (!running.includes(v) && running.length > 0) {
      problems.push({ message: `${where} routes to version "${v}", which does not run at this stage (running: ${running.join(', ')}).`, fix: `add "${v}" to the stage's running versions, or route its traffic elsewhere.` });
    }
  }
  // Unknown versions are reported above with a clearer message; routeProblems checks the rest.
  problems.push(...routeProblems(rules, [...new Set([...declared, ...referenced])], where));
  (stage.routes ?? []).forEach((r, i) => {
    const label = `${where}, route ${r.name ? `"${r.name}"` : i + 1}`;
    for (const m of r.matches) problems.push(...matchProblems(m, label));
  });
  return problems;
}

/**
 * What the Gateway API cannot express in a stage's rules (header prefixes, caller labels, a rule
 * order its precedence would change, ...), for the stages that are not rendered: the routing checks
 * the active one, and a stage must not pass synth today only to fail once it becomes active.
 */
export function headerRouteGatewayApiProblems(stage: HeaderRouteStage, service: string): Problem[] {
  const rules = headerRouteRules(stage);
  const where = `stage "${stage.name}", HTTP route`;
  return [
    ...gatewayApiRuleProblems(rules, where, 'http'),
    ...routeOrderProblems(toHttpRouteRules(rules, { service, port: 80, parent: 'mesh' }), rules, where),
  ];
}
