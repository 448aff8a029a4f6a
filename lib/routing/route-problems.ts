import { Problem } from '../validation/problems';
import { checkRe2, checkWeight, checkWeightSum, firstDuplicate } from '../validation/rules';
import { matchBindingProblems } from './match-bindings';
import { RouteRule, ruleMatchesEverything, StringMatch } from './route-model';
import { shadowedMatchProblems } from './shadowed-matches';
import { weightTotalProblems } from './weight-total';

function stringMatchProblems(m: StringMatch, what: string): Problem[] {
  if ('regex' in m) {
    const p = checkRe2(m.regex, what);
    return p ? [p] : [];
  }
  return [];
}

/**
 * Problems of a routing: weights (integers 0..100 summing to 100 per rule), versions the
 * destination rule does not define, invalid regexes, and rules shadowed by an earlier catch-all.
 */
export function routeProblems(rules: readonly RouteRule[], knownVersions: readonly string[], where: string): Problem[] {
  const problems: Problem[] = [];
  rules.forEach((rule, i) => {
    const label = `${where}, rule ${rule.name ? `"${rule.name}"` : i + 1}`;
    if (rule.split.length === 0) {
      problems.push({ message: `${label} sends traffic nowhere.`, fix: 'give the rule at least one version with a weight.' });
    }
    const total = rule.weightTotal;
    if (total !== undefined) problems.push(...weightTotalProblems(rule, label));
    for (const s of rule.split) {
      const p = total === undefined ? checkWeight(s.weight, `${label}: weight of version "${s.version}"`) : undefined;
      if (p) problems.push(p);
      if (!knownVersions.includes(s.version)) {
        problems.push({
          message: `${label} routes to version "${s.version}", which no DestinationRule subset defines.`,
          fix: `route to one of the declared versions (${knownVersions.join(', ')}) or declare "${s.version}".`,
        });
      }
    }
    if (rule.mirror && !knownVersions.includes(rule.mirror.version)) {
      problems.push({
        message: `${label} mirrors to version "${rule.mirror.version}", which no DestinationRule subset defines.`,
        fix: `mirror to one of the declared versions (${knownVersions.join(', ')}).`,
      });
    }
    const sum = total === undefined ? checkWeightSum(rule.split.map((s) => s.weight), `${label}: the weights`) : undefined;
    if (sum && rule.split.length > 0) problems.push(sum);
    const dup = firstDuplicate(rule.split.map((s) => s.version));
    if (dup) problems.push({ message: `${label} lists version "${dup}" twice.`, fix: 'list each version once per rule.' });
    for (const m of rule.matches ?? []) {
      for (const [h, sm] of Object.entries(m.headers ?? {})) problems.push(...stringMatchProblems(sm, `${label}: header "${h}" regex`));
      if (m.uri) problems.push(...stringMatchProblems(m.uri, `${label}: uri regex`));
      problems.push(...matchBindingProblems(m, label));
    }
    if (i < rules.length - 1 && ruleMatchesEverything(rule)) {
      problems.push({
        message: `${label} matches every request, so the ${rules.length - 1 - i} rule(s) after it can never match (shadowed).`,
        fix: 'put the catch-all rule last, or give it a match condition.',
      });
    }
  });
  problems.push(...shadowedMatchProblems(rules, (i) => `${where}, rule ${rules[i].name ? `"${rules[i].name}"` : i + 1}`));
  return problems;
}

/**
 * Problems of TCP rules: header and uri conditions, which Istio's TCP routes cannot express
 * (a TCP connection carries no headers or path), so rendering them would silently drop them.
 */
export function tcpRouteProblems(rules: readonly RouteRule[], where: string): Problem[] {
  const problems: Problem[] = [];
  rules.forEach((rule, i) => {
    const label = `${where}, rule ${rule.name ? `"${rule.name}"` : i + 1}`;
    for (const m of rule.matches ?? []) {
      const httpOnly = [...(m.headers ? ['header'] : []), ...(m.uri ? ['uri'] : [])];
      if (httpOnly.length > 0) {
        problems.push({
          message: `${label} has a ${httpOnly.join(' and ')} condition, but a TCP connection carries no headers or path, so a TCP route cannot match it.`,
          fix: 'match TCP rules on port, sourceLabels or gateways only, or route this traffic with HTTP rules.',
        });
      }
    }
  });
  return problems;
}

/**
 * The problem of routing a `tcp` port with HTTP rules: the ports are named `tcp`, so Istio (and the
 * Gateway API) treat the traffic as opaque TCP and never apply HTTP routes, whose conditions and
 * weights would be ignored. `what` names the routes, e.g. `HeaderRoute's HTTP routes`.
 */
export function httpRoutesOnTcpProblems(protocol: string | undefined, what: string): Problem[] {
  if (protocol !== 'tcp') return [];
  return [{
    message: `protocol 'tcp' names the ports "tcp", so Istio treats the traffic as plain TCP and never applies ${what}.`,
    fix: "use an HTTP protocol ('http', 'http2' or 'grpc'), or TcpCanary for a TCP service.",
  }];
}
