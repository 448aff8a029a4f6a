import { matchProblems } from '../../routing/match-helpers';
import { Problem } from '../../validation/problems';
import { checkDns1035Label, checkPort, checkWeight, checkWeightSum, firstDuplicate } from '../../validation/rules';
import { canaryIngressName, IngressNginxInput, versionServiceNameOf } from './ingress-input';
import { shadowedMatchProblems } from '../../routing/shadowed-matches';

/**
 * Every input the ingress-nginx provider refuses, as `Problem`s naming the provider: what the
 * canary annotations cannot express (see docs/ingress-nginx.md) and invalid hosts and paths.
 * `canary-plan.ts` decides when each applies; the wording lives here, one builder per mistake.
 */

/** How a rule is named in messages: `rule 2 ("testers")`. */
export function nginxRuleLabel(index: number, name?: string): string {
  return `rule ${index + 1}${name ? ` ("${name}")` : ''}`;
}

const ONE_CANARY = 'ingress-nginx allows one canary Ingress per host and path';

/** The problems' wording, one builder per mistake (each has a catalogue entry). */
export const NGINX_PROBLEMS = {
  noHosts: (svc: string): Problem => ({
    message: `ingress-nginx cannot route "${svc}" without a host: the canary Ingress merges into the main Ingress by host and path.`,
    fix: "give at least one host, e.g. hosts: ['demo4.example.com'].",
  }),
  badHost: (svc: string, host: string): Problem => ({
    message: `ingress-nginx cannot serve host "${host}" of "${svc}": an Ingress host is a lower-case DNS name (a leading "*." wildcard allowed), not an IP address or a name with a port.`,
    fix: 'write a DNS name such as "demo4.example.com" or "*.example.com".',
  }),
  duplicateHost: (svc: string, host: string): Problem => ({
    message: `ingress-nginx routing of "${svc}" lists host "${host}" twice.`,
    fix: 'list each host once.',
  }),
  badPath: (svc: string, path: string, pathType: string): Problem => ({
    message: `ingress-nginx cannot serve path "${path}" (pathType ${pathType}) of "${svc}": with strict-validate-path-type (the default) a path is "/" followed by letters, digits, ".", "_", "-" and "/" only.`,
    fix: 'use a plain path such as "/" or "/api".',
  }),
  pathConflict: (svc: string, path: string, uri: string): Problem => ({
    message: `ingress-nginx routing of "${svc}" has path "${path}" but its rules match uri ${uri}: both would decide the Ingress path.`,
    fix: 'give the path once: either the path input or the uri of the rules.',
  }),
  uriDiffers: (svc: string, a: string, b: string): Problem => ({
    message: `ingress-nginx cannot route "${svc}" on different paths in one stage (uri ${a} and ${b}): the canary Ingress has the same host and path as the main Ingress, so every rule applies to that one path.`,
    fix: 'use the same uri condition (or none) in every rule, and route other paths with their own service.',
  }),
  uriRegex: (svc: string, regex: string): Problem => ({
    message: `ingress-nginx cannot match the uri regex "${regex}" of "${svc}" with canary annotations: regex paths need use-regex, which the canary Ingress inherits from the main Ingress and changes the matching of every path of the host.`,
    fix: 'match the path with { exact: ... } or { prefix: ... }.',
  }),
  unknownStable: (svc: string, stable: string, versions: string): Problem => ({
    message: `ingress-nginx routing of "${svc}": the stable version "${stable}" is not one of the versions (${versions}).`,
    fix: 'name one of the versions as stable.',
  }),
  unknownVersion: (svc: string, label: string, version: string, versions: string): Problem => ({
    message: `ingress-nginx routing of "${svc}", ${label} sends traffic to version "${version}", which is not one of the versions (${versions}).`,
    fix: 'route to a listed version, or add it to the versions.',
  }),
  twoCanaries: (svc: string, stable: string, canaries: string): Problem => ({
    message: `ingress-nginx cannot send traffic of "${svc}" to more than one version besides the stable "${stable}" (here ${canaries}): ${ONE_CANARY}.`,
    fix: "release one new version at a time, or use traffic: 'istio' or 'gateway-api'.",
  }),
  weightedInMatch: (svc: string, label: string, split: string): Problem => ({
    message: `ingress-nginx cannot split the traffic of "${svc}", ${label} (${split}): a canary-by-header or canary-by-cookie match sends 100% of its requests to the canary; only the requests no match takes are split by canary-weight.`,
    fix: 'send the matched requests to one version, and split only the last rule (without conditions).',
  }),
  sourceLabels: (svc: string, label: string, labels: string): Problem => ({
    message: `ingress-nginx cannot match the calling workload of "${svc}", ${label} (sourceLabels ${labels}): the Ingress controller sees external requests, not the labels of a calling pod.`,
    fix: "route in-mesh callers with traffic: 'istio'.",
  }),
  port: (svc: string, label: string, port: number): Problem => ({
    message: `ingress-nginx cannot match destination port ${port} of "${svc}", ${label}: canary annotations have no port condition.`,
    fix: 'drop the port condition; the Ingress serves HTTP on the controller\'s ports.',
  }),
  gateways: (svc: string, label: string, gateways: string): Problem => ({
    message: `ingress-nginx cannot restrict "${svc}", ${label} to gateways (${gateways}): the Ingress controller is the only entry point of the Ingress.`,
    fix: 'drop the gateways condition.',
  }),
  tcp: (svc: string, count: number): Problem => ({
    message: `ingress-nginx cannot route the ${count} TCP rule(s) of "${svc}": canary annotations apply to HTTP Ingresses only (TCP services of ingress-nginx have no canary).`,
    fix: "route TCP with traffic: 'istio' or 'gateway-api' (TcpCanary).",
  }),
  mirror: (svc: string, version: string): Problem => ({
    message: `ingress-nginx cannot mirror the traffic of "${svc}" to version "${version}" with canary annotations.`,
    fix: "drop the mirror, or use traffic: 'istio'.",
  }),
  orMatches: (svc: string, label: string, count: number): Problem => ({
    message: `ingress-nginx cannot express "${svc}", ${label} with ${count} alternative matches: a canary Ingress has one header condition and one cookie condition.`,
    fix: 'use one match per rule (for two values of one header, one regex such as "a|b").',
  }),
  multipleHeaders: (svc: string, label: string, names: string): Problem => ({
    message: `ingress-nginx cannot require several conditions at once in "${svc}", ${label} (${names}): each canary annotation tests one header or one cookie on its own.`,
    fix: 'use one header or one cookie per rule.',
  }),
  headerPrefix: (svc: string, label: string, name: string, prefix: string): Problem => ({
    message: `ingress-nginx cannot match header "${name}" prefix "${prefix}" of "${svc}", ${label} as such: canary-by-header-value is exact, canary-by-header-pattern a regex.`,
    fix: `match the header with { regex: '${prefix.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')}.*' } (same meaning) or { exact: ... }.`,
  }),
  headerName: (svc: string, label: string, name: string): Problem => ({
    message: `ingress-nginx cannot match header "${name}" of "${svc}", ${label}: canary-by-header needs a name of lower-case letters, digits and "-" (nginx ignores headers with "_" and reads pseudo-headers differently).`,
    fix: 'use a header name such as "x-canary".',
  }),
  headerValue: (svc: string, label: string, name: string, value: string): Problem => ({
    message: `ingress-nginx cannot match header "${name}" exactly "${value}" of "${svc}", ${label}: canary-by-header-value must be non-empty and made of letters, digits and "-._~/:" only (the controller drops any other value).`,
    fix: 'use a value such as "always" or "beta-testers", or a regex with the same meaning.',
  }),
  headerRegex: (svc: string, label: string, name: string, regex: string, reason: string): Problem => ({
    message: `ingress-nginx cannot match header "${name}" regex /${regex}/ of "${svc}", ${label} with the same meaning: ${reason}.`,
    fix: 'use an exact value, or a regex of letters, digits, "-._~/:" and regex operators only.',
  }),
  stableByCondition: (svc: string, label: string, stable: string): Problem => ({
    message: `ingress-nginx cannot send the requests of "${svc}", ${label} to the stable version "${stable}": canary annotations only select requests for the canary; the only conditions for the stable version are header "never" (with canary-by-header "always") and cookie "never".`,
    fix: "drop the rule (requests no rule takes go to the weighted split), or match header { exact: 'never' } / cookie(name, 'never').",
  }),
  headerNeverAlone: (svc: string, label: string, name: string): Problem => ({
    message: `ingress-nginx cannot send header "${name}: never" of "${svc}", ${label} to the stable version on its own: canary-by-header without a value also sends "${name}: always" to the canary.`,
    fix: `add a rule before the split sending header "${name}" exact "always" to the canary, or drop the "never" rule.`,
  }),
  twoHeaders: (svc: string, names: string): Problem => ({
    message: `ingress-nginx cannot route "${svc}" on more than one header (${names}): a canary Ingress has one canary-by-header, and ${ONE_CANARY}.`,
    fix: 'route on one header (a regex can accept several values).',
  }),
  twoHeaderConditions: (svc: string, name: string, conditions: string): Problem => ({
    message: `ingress-nginx cannot send several conditions on header "${name}" of "${svc}" to the canary (${conditions}): a canary Ingress has one canary-by-header-value or one canary-by-header-pattern.`,
    fix: 'merge them into one regex, e.g. { regex: "a|b" }.',
  }),
  cookieNotHelper: (svc: string, label: string, regex: string): Problem => ({
    message: `ingress-nginx cannot match the cookie header regex /${regex}/ of "${svc}", ${label}: canary-by-cookie tests one cookie for the values "always" and "never" only.`,
    fix: "write the condition with cookie(name, 'always').",
  }),
  cookieValue: (svc: string, label: string, name: string, value: string): Problem => ({
    message: `ingress-nginx cannot match cookie "${name}=${value}" of "${svc}", ${label}: canary-by-cookie only understands the values "always" (canary) and "never" (stable).`,
    fix: `use cookie('${name}', 'always') and have the testers set that value, or match a header with canary-by-header instead.`,
  }),
  cookieName: (svc: string, label: string, name: string): Problem => ({
    message: `ingress-nginx cannot use cookie "${name}" of "${svc}", ${label}: canary-by-cookie must be letters, digits and "-._~/:" only (the controller drops any other name).`,
    fix: 'use a cookie name such as "canary".',
  }),
  twoCookies: (svc: string, names: string): Problem => ({
    message: `ingress-nginx cannot route "${svc}" on more than one cookie (${names}): a canary Ingress has one canary-by-cookie.`,
    fix: 'route on one cookie.',
  }),
  cookieNeverMissing: (svc: string, name: string, weight: number): Problem => ({
    message: `ingress-nginx would send cookie "${name}=never" of "${svc}" to the stable version (canary-by-cookie always does), while the route model sends it to the ${weight}% split.`,
    fix: `add a rule cookie('${name}', 'never') to the stable version after the "always" rule, so the route model says what nginx does.`,
  }),
  cookieNeverAlone: (svc: string, label: string, name: string): Problem => ({
    message: `ingress-nginx cannot send cookie "${name}=never" of "${svc}", ${label} to the stable version on its own: canary-by-cookie also sends "${name}=always" to the canary.`,
    fix: `add a rule cookie('${name}', 'always') to the canary before it, or drop the rule.`,
  }),
  order: (svc: string, cookieRule: string, headerRule: string): Problem => ({
    message: `ingress-nginx evaluates canary-by-header before canary-by-cookie, so for "${svc}" a request matching both ${cookieRule} (cookie) and ${headerRule} (header) goes where ${headerRule} says, while the route model sends it where ${cookieRule} says.`,
    fix: 'put the header rules before the cookie rules.',
  }),
  duplicateVersion: (svc: string, what: string, name: string): Problem => ({
    message: `ingress-nginx routing of "${svc}" lists ${what} "${name}" twice.`,
    fix: 'give every version its own name and Service.',
  }),
  shadowed: (svc: string, label: string, count: number): Problem => ({
    message: `ingress-nginx routing of "${svc}", ${label} matches every request, so the ${count} rule(s) after it can never match (shadowed).`,
    fix: 'put the rule without conditions last.',
  }),
  noCatchAll: (svc: string): Problem => ({
    message: `ingress-nginx cannot leave requests of "${svc}" unrouted: the main Ingress serves every request no canary rule takes, but the last rule has conditions.`,
    fix: 'end the rules with one rule without conditions (the weighted split).',
  }),
} as const;

const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4 = /^\d+(\.\d+){3}$/;

/** Problems of the hosts: none, not a DNS name (or wildcard), an IP address, duplicates. */
export function hostProblems(input: IngressNginxInput): Problem[] {
  if (input.hosts.length === 0) return [NGINX_PROBLEMS.noHosts(input.service)];
  const problems: Problem[] = [];
  input.hosts.forEach((h, i) => {
    if (!HOST.test(h) || IPV4.test(h) || h.length > 253) problems.push(NGINX_PROBLEMS.badHost(input.service, h));
    else if (input.hosts.indexOf(h) !== i) problems.push(NGINX_PROBLEMS.duplicateHost(input.service, h));
  });
  return problems;
}

/** ingress-nginx `validPathType` (strict-validate-path-type, on by default). */
const VALID_PATH = /^\/[A-Za-z0-9._\-/]*$/;

/** Problem of the Ingress path (applied to every pathType, stricter than the controller for ImplementationSpecific). */
export function pathProblem(svc: string, path: string, pathType: string): Problem | undefined {
  return VALID_PATH.test(path) ? undefined : NGINX_PROBLEMS.badPath(svc, path, pathType);
}

/**
 * Problems of the input as such, before any translation: object names (the Ingress names
 * `<service>` and `<service>-canary` and the version Service names are DNS-1035 labels), ports,
 * duplicate versions, the weights of every rule (integers 0..100 summing to 100), what the match
 * helpers found (`matchProblems`), and rules after a rule without conditions.
 */
export function inputProblems(input: IngressNginxInput): Problem[] {
  const svc = input.service;
  const where = `ingress-nginx routing of "${svc}"`;
  const problems: Problem[] = [];
  const push = (p: Problem | undefined) => { if (p) problems.push(p); };
  push(checkDns1035Label(svc, `${where}: the service name`));
  if (!checkDns1035Label(svc, '')) push(checkDns1035Label(canaryIngressName(svc), `${where}: the canary Ingress name`));
  for (const v of input.versions) {
    push(checkDns1035Label(versionServiceNameOf(input, v), `${where}: the Service name of version "${v.name}"`));
    push(checkPort(v.port ?? 80, `${where}: the Service port of version "${v.name}"`));
  }
  push(checkPort(input.targetPort ?? 80, `${where}: the target port`));
  const dupName = firstDuplicate(input.versions.map((v) => v.name));
  if (dupName !== undefined) problems.push(NGINX_PROBLEMS.duplicateVersion(svc, 'version', dupName));
  const dupService = firstDuplicate(input.versions.map((v) => versionServiceNameOf(input, v)));
  if (dupName === undefined && dupService !== undefined) problems.push(NGINX_PROBLEMS.duplicateVersion(svc, 'Service', dupService));
  input.rules.forEach((rule, i) => {
    const label = `${where}, ${nginxRuleLabel(i, rule.name)}`;
    for (const s of rule.split) push(checkWeight(s.weight, `${label}: weight of version "${s.version}"`));
    push(checkWeightSum(rule.split.map((s) => s.weight), `${label}: the weights`));
    for (const m of rule.matches ?? []) problems.push(...matchProblems(m, label));
  });
  problems.push(...shadowedMatchProblems(input.rules, (i) => `${where}, ${nginxRuleLabel(i, input.rules[i].name)}`));
  return problems;
}
