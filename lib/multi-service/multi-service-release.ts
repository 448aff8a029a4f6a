import { Construct } from 'constructs';
import { selectTraffic } from '../providers/traffic-routing';
import { StagedRollout } from '../rollout/staged-rollout';
import { TrafficApi } from '../settings/traffic-setting';
import { reportProblems } from '../validation/problems';
import { workloadOptions } from '../workload/versioned-app';
import { planMultiServiceStage } from './multi-service-plan';
import { ResolvedMultiServiceStage, resolveMultiServiceStages } from './multi-service-stages';
import { ReleasedService } from './released-service';
import { ReleaseVersions } from './release-rules';
import { MultiServiceReleaseProps } from './release-spec';
import { requireProps } from '../validation/required-props';

export type { EntryServiceSpec, MultiServiceReleaseProps, ReleaseServiceSpec } from './release-spec';

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
  /** The kind of the traffic provider (`istio`, or `istio-ambient`, which pins the release by a header, for a valid release). */
  public readonly traffic: TrafficApi;

  constructor(scope: Construct, id: string, props: MultiServiceReleaseProps) {
    requireProps(scope, id, 'MultiServiceRelease', props, ['from', 'to', 'entry', 'downstream', 'stages', 'stage']);
    super(scope, id, resolveMultiServiceStages(props.stages, props.promote ?? true), props.stage);
    const selection = selectTraffic(this, props.traffic);
    this.traffic = selection.choice.traffic as TrafficApi;
    const plan = planMultiServiceStage({ props, stages: this.stages, activeStageIndex: this.activeStageIndex, selection });
    this.versions = plan.versions;
    reportProblems(this, plan.problems);
    for (const m of plan.members) {
      this.services[m.spec.name] = new ReleasedService(this, m.spec.name, {
        ...workloadOptions(m.spec),
        app: m.spec.name,
        versions: m.spec.versions,
        running: m.running,
        rules: m.rules,
        servicePort: m.spec.servicePort,
        gateway: m.gateway,
        apiVersion: plan.apiVersion,
        provider: m.provider,
      });
    }
    this.entry = this.services[props.entry.name];
  }
}
