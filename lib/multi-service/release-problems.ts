import { httpRoutesOnTcpProblems } from '../routing/route-problems';
import { Problem } from '../validation/problems';
import { firstDuplicate } from '../validation/rules';
import { ReleaseVersions } from './release-rules';
import { MultiServiceReleaseProps, ReleaseServiceSpec } from './release-spec';

/** Problems of the release as a whole: same versions, no downstream service, names twice, a condition without a gateway. */
export function releaseProblems(props: MultiServiceReleaseProps): Problem[] {
  const problems: Problem[] = [];
  if (props.from === props.to) {
    problems.push({ message: `from and to are both "${props.from}", so nothing is released.`, fix: "name the old and the new version differently, e.g. from: 'v1', to: 'v2'." });
  }
  if (props.downstream.length === 0) {
    problems.push({ message: `the release of "${props.entry.name}" has no downstream services.`, fix: 'list the services called behind the entry service in downstream; to route one service by request content use HeaderRoute.' });
  }
  const dup = firstDuplicate([props.entry.name, ...props.downstream.map((d) => d.name)]);
  if (dup !== undefined) problems.push({ message: `service "${dup}" is listed twice in the release.`, fix: 'list every service once: the entry service once, and each downstream service once.' });
  // Deployments are named <service>-<version>: two services must not make the same one (e.g. "web" with "api-v2" and "web-api" with "v2").
  const madeBy = new Map<string, { service: string; version: string }>();
  for (const m of [props.entry, ...props.downstream]) {
    for (const v of m.versions) {
      const name = `${m.name}-${v.name}`;
      const other = madeBy.get(name);
      if (other && other.service !== m.name) {
        problems.push({
          message: `Deployment "${name}" would be made twice: by service "${other.service}" (version "${other.version}") and by service "${m.name}" (version "${v.name}").`,
          fix: 'rename one of the services or versions so that every <service>-<version> is distinct.',
        });
      } else if (!other) {
        madeBy.set(name, { service: m.name, version: v.name });
      }
    }
  }
  const conditional = props.stages.find((s) => (s.matches ?? []).length > 0);
  if (conditional && !props.entry.gateway) {
    problems.push({
      message: `stage "${conditional.name}" routes by request conditions on entry service "${props.entry.name}", which is not reachable through a gateway, so user requests never bring those conditions to it.`,
      fix: 'give the entry service the gateway users come through (entry.gateway: an IngressGateway or GatewayOptions), or make the service behind that gateway the entry.',
    });
  }
  return problems;
}

/** Problems of one service of the release: HTTP routes on a TCP port, missing or extra versions. */
export function memberProblems(m: ReleaseServiceSpec, role: 'entry' | 'downstream', v: ReleaseVersions): Problem[] {
  const problems: Problem[] = httpRoutesOnTcpProblems(m.protocol, `the HTTP routes of ${role} service "${m.name}" (conditions, weights, the caller's version)`);
  const names = m.versions.map((x) => x.name);
  for (const want of [v.from, v.to]) {
    if (!names.includes(want)) {
      problems.push({
        message: `${role} service "${m.name}" has no version "${want}", so requests of the release would have nowhere to go on it.`,
        fix: `every service of the release needs both "${v.from}" and "${v.to}": add { name: '${want}', image: ... } to the versions of "${m.name}".`,
      });
    }
  }
  for (const n of names) {
    if (n !== v.from && n !== v.to) {
      problems.push({
        message: `${role} service "${m.name}" declares version "${n}", but the release moves every service from "${v.from}" to "${v.to}": mixed version names break the routing by the caller's version label.`,
        fix: `name the versions of "${m.name}" "${v.from}" and "${v.to}", like every other service of the release.`,
      });
    }
  }
  return problems;
}
