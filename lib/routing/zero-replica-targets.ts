import { IConstruct } from 'constructs';
import { VersionedDeployment } from '../workload/versioned-deployment';
import { formatProblem, Problem } from '../validation/problems';
import { RouteRule } from './route-model';

/**
 * Istio's IST0173 (DestinationRuleSubsetNotSelectPods) at the stage level: a version whose Deployment
 * runs `replicas: 0` while a rule of the stage still sends it traffic (a weight above 0, the target of a
 * header route, or a mirror), so those requests fail with 503 "no healthy upstream". A Deployment whose
 * replicas a HorizontalPodAutoscaler owns (no `spec.replicas`) is not judged, nor is a split made by pod
 * counts (replica ratio, Service selector: no routing objects, so this is not called).
 */

/** Where each version of `rules` receives traffic: `weight 10 in rule 1`, `mirror of rule 2`. */
function trafficTargets(rules: readonly RouteRule[], where: string): Map<string, string[]> {
  const targets = new Map<string, string[]>();
  const add = (version: string, how: string) => targets.set(version, [...(targets.get(version) ?? []), how]);
  rules.forEach((rule, i) => {
    const label = `${where}, rule ${rule.name ? `"${rule.name}"` : i + 1}`;
    for (const s of rule.split) if (s.weight > 0) add(s.version, `weight ${s.weight} in ${label}`);
    if (rule.mirror && rule.mirror.percent > 0) add(rule.mirror.version, `mirror of ${label}`);
  });
  return targets;
}

/** The problems of Deployments of `service` below `scope` that run 0 replicas while `rules` route to their version. */
export function zeroReplicaTargetProblems(scope: IConstruct, service: string, rules: readonly RouteRule[], where: string): Problem[] {
  const targets = trafficTargets(rules, where);
  const problems: Problem[] = [];
  for (const c of scope.node.findAll()) {
    if (!(c instanceof VersionedDeployment) || c.podLabels.app !== service || c.replicas !== 0) continue;
    const version = c.podLabels.version;
    const how = targets.get(version);
    if (!how) continue;
    problems.push({
      message: `version "${version}" of "${service}" runs 0 replicas (Deployment "${c.name}"), but the stage still routes to it (${how.join('; ')}), so those requests fail with 503 no healthy upstream (Istio IST0173).`,
      fix: `scale "${version}" up (replicas of at least 1) at this stage, or route its traffic to a running version (weight 0, no header route or mirror to it).`,
    });
  }
  return problems;
}

/**
 * Registers the check on `scope`, run when the app is validated (after every Deployment of the
 * construct exists, whatever order the strategy creates them in).
 */
export function checkZeroReplicaTargets(scope: IConstruct, service: string, rules: readonly RouteRule[], where: string = 'route'): void {
  scope.node.addValidation({ validate: () => zeroReplicaTargetProblems(scope, service, rules, where).map(formatProblem) });
}
