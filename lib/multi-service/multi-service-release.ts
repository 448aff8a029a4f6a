import { Construct } from 'constructs';
import { istioApiVersionOf } from '../providers/istio/api-version-of';
import { resolveRouteGateway, RouteGateway } from '../providers/ingress-gateway';
import { providerOf, selectTraffic, trafficSelectionProblems } from '../providers/traffic-routing';
import { Traffic } from '../providers/traffic';
import { StagedRollout } from '../rollout/staged-rollout';
import { describeTrafficChoice, TrafficApi } from '../settings/traffic-setting';
import { Problem, reportProblems } from '../validation/problems';
import { firstDuplicate } from '../validation/rules';
import { httpRoutesOnTcpProblems } from '../routing/route-problems';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { workloadOptions } from '../workload/versioned-app';
import { MultiServiceStage, multiServiceStageProblems, ResolvedMultiServiceStage, resolveMultiServiceStages } from './multi-service-stages';
import { ReleasedService } from './released-service';
import { downstreamRules, entryRules, ReleaseVersions } from './release-rules';
import { requireProps } from '../validation/required-props';

/** One service released by a `MultiServiceRelease`. */
export interface ReleaseServiceSpec extends WorkloadOptions {
  /** Application name: Service, DestinationRule and VirtualService name, and the `app` label. */
  readonly name: string;
  /** The service's versions: exactly the release's `from` and `to` versions, each with its image. */
  readonly versions: readonly VersionSpec[];
  /** Service port. @default 80 */
  readonly servicePort?: number;
}

/** The entry service of a release: the one users reach through the gateway. */
export interface EntryServiceSpec extends ReleaseServiceSpec {
  /**
   * The gateway users reach the service through (a shared `IngressGateway` or `GatewayOptions`).
   * Needed as soon as a stage routes by request conditions.
   * @default - mesh traffic only
   */
  readonly gateway?: RouteGateway;
}

/** Properties of `MultiServiceRelease`. */
export interface MultiServiceReleaseProps {
  /** The version every service runs today, e.g. `v1`. */
  readonly from: string;
  /** The version every service is released to, e.g. `v2`; its pods carry the label `version: <to>`. */
  readonly to: string;
  /** The entry service (seed 002: `frontend`): it routes user requests by the stage's conditions and weight. */
  readonly entry: EntryServiceSpec;
  /** The services called behind it (seed 002: `forecast`): they route by the caller's version label. */
  readonly downstream: readonly ReleaseServiceSpec[];
  /** The stages, applied to every service at once. A final `promoted` stage is appended unless `promote` is false. */
  readonly stages: readonly MultiServiceStage[];
  /** The stage to render. The `ROLLOUT_STAGE` environment variable overrides it for one run. */
  readonly stage: string;
  /** Append a final `promoted` stage: only the new versions run and serve every request. @default true */
  readonly promote?: boolean;
  /**
   * The API of the routing objects. Only `istio` can express this release: the downstream services
   * route by the caller's version (Istio `sourceLabels`), which the Gateway API has no condition
   * for, so `gateway-api` fails synth. When not set here, the `cdk8s-progressive:traffic` context
   * key or the `ROLLOUT_TRAFFIC` environment variable chooses it (and `gateway-api` fails the same way).
   * @default 'istio'
   */
  readonly traffic?: Traffic;
}

/**
 * Releases several services of one application together so that a request chain never crosses
 * versions (seed 002 §5). The entry service sends requests matching the stage's conditions (e.g.
 * cookie `user=tester`), plus `weight`% of the others, to its new version; each downstream service
 * sends calls from the new version of another service of the release (source labels
 * `app: <caller>, version: <to>`) to its own new version, and everything else to the old one.
 *
 * @example
 * new MultiServiceRelease(chart, 'release', {
 *   from: 'v1', to: 'v2',
 *   entry: { name: 'frontend', versions: [frontendV1, frontendV2], gateway: weatherGateway },
 *   downstream: [{ name: 'forecast', versions: [forecastV1, forecastV2] }],
 *   stages: [{ name: 'testers', matches: [cookie('user', 'tester')] }],
 *   stage: 'testers',
 * });
 */
export class MultiServiceRelease extends StagedRollout<ResolvedMultiServiceStage> {
  /** The services of the active stage, keyed by name, the entry first. */
  public readonly services: Record<string, ReleasedService> = {};
  /** The entry service. */
  public readonly entry: ReleasedService;
  /** The old and new version names. */
  public readonly versions: ReleaseVersions;
  /** The API of the routing objects (always `istio` for a valid release). */
  public readonly traffic: TrafficApi;

  constructor(scope: Construct, id: string, props: MultiServiceReleaseProps) {
    requireProps(scope, id, 'MultiServiceRelease', props, ['from', 'to', 'entry', 'downstream', 'stages', 'stage']);
    super(scope, id, resolveMultiServiceStages(props.stages, props.promote ?? true), props.stage);
    this.versions = { from: props.from, to: props.to };
    const selection = selectTraffic(this, props.traffic);
    const trafficChoice = selection.choice;
    this.traffic = trafficChoice.traffic as TrafficApi;
    const trafficOk = reportProblems(this, trafficSelectionProblems(selection));
    const gatewayApi = this.traffic === 'gateway-api';
    if (gatewayApi) {
      this.problem(
        `${describeTrafficChoice(trafficChoice)} cannot render this release: its downstream services route calls by the caller's version (Istio sourceLabels app: <caller>, version: ${props.to}), and sourceLabels cannot be expressed in the Gateway API, whose HTTPRoute has no condition on the calling workload.`,
        'set traffic: Traffic.istio() on this MultiServiceRelease (a traffic prop set in code wins over ROLLOUT_TRAFFIC), or release the services one at a time with CanaryService or HeaderRoute.',
      );
    }
    // Another provider that cannot match the caller (e.g. Traffic.ingressNginx()) cannot render it either.
    // A provider that pins releases its own way (releasePinning, e.g. Traffic.istioAmbient()'s release header) can.
    const noCaller = !gatewayApi && selection.declared !== undefined && !selection.declared.features.sourceLabels && !selection.declared.releasePinning;
    if (noCaller) this.problem(`${describeTrafficChoice(trafficChoice)} cannot render this release: its downstream services route calls by the caller's version (sourceLabels app: <caller>, version: ${props.to}), which it cannot express (it has no condition on the calling workload).`, 'set traffic: Traffic.istio() on this MultiServiceRelease, or release the services one at a time with CanaryService or HeaderRoute.');
    const members = [props.entry, ...props.downstream];
    const planOk = reportProblems(this, [
      ...releaseProblems(props),
      ...(props.from === props.to ? [] : members.flatMap((m, i) => memberProblems(m, i === 0 ? 'entry' : 'downstream', this.versions))),
      ...multiServiceStageProblems(this.stages),
    ]);
    // Without a routing API to render, the services keep their workloads and get no routing.
    const stage = planOk && trafficOk && !gatewayApi && !noCaller ? this.active : undefined;
    const running = stage?.promoted ? [props.to] : [props.from, props.to];
    const names = members.map((m) => m.name);
    // A provider without caller conditions that pins releases its own way (Traffic.istioAmbient(): a release header).
    const pinning = selection.declared?.releasePinning;

    members.forEach((m, i) => {
      if (this.services[m.name]) return; // listed twice: reported above
      const unpinned = stage ? (i === 0 ? entryRules(stage, this.versions) : downstreamRules(stage, this.versions, m.name, names)) : undefined;
      const rules = pinning && unpinned && i > 0 ? pinning.downstreamRules(unpinned) : unpinned;
      this.services[m.name] = new ReleasedService(this, m.name, {
        ...workloadOptions(m),
        app: m.name,
        versions: m.versions,
        running: stage ? running : m.versions.map((v) => v.name),
        rules,
        servicePort: m.servicePort,
        gateway: i === 0 ? resolveRouteGateway(props.entry.gateway) : undefined,
        apiVersion: istioApiVersionOf(providerOf(selection)),
        provider: pinning?.memberProvider(i),
      });
    });
    this.entry = this.services[props.entry.name];
  }
}

function releaseProblems(props: MultiServiceReleaseProps): Problem[] {
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

function memberProblems(m: ReleaseServiceSpec, role: 'entry' | 'downstream', v: ReleaseVersions): Problem[] {
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
