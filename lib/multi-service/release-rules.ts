import { RouteRule, VersionWeight } from '../routing/route-model';
import { APP_LABEL, VERSION_LABEL } from '../workload/versioned-deployment';
import { ResolvedMultiServiceStage } from './multi-service-stages';

/** The old and new version names every service of a release shares. */
export interface ReleaseVersions {
  /** The version serving users today, e.g. `v1`. */
  readonly from: string;
  /** The version being released, e.g. `v2`. */
  readonly to: string;
}

function weighted(v: ReleaseVersions, weight: number): VersionWeight[] {
  if (weight <= 0) return [{ version: v.from, weight: 100 }];
  if (weight >= 100) return [{ version: v.to, weight: 100 }];
  return [{ version: v.from, weight: 100 - weight }, { version: v.to, weight }];
}

/**
 * Rules of the entry service at a stage: requests matching the stage's conditions to the new version,
 * the rest split by the stage's weight. At the promoted stage everything goes to the new version.
 */
export function entryRules(stage: ResolvedMultiServiceStage, v: ReleaseVersions): RouteRule[] {
  if (stage.promoted) return [{ split: [{ version: v.to, weight: 100 }] }];
  const rules: RouteRule[] = [];
  if (stage.matches && stage.matches.length > 0) rules.push({ matches: [...stage.matches], split: [{ version: v.to, weight: 100 }] });
  rules.push({ split: weighted(v, stage.weight) });
  return rules;
}

/**
 * Rules of a downstream service: calls from the NEW version of any other service of the release
 * (source labels `app: <caller>, version: <to>`) go to the new version; every other call to the old
 * one. So a request that entered a new version stays on new versions, and one that entered an old
 * version stays on old ones. At the promoted stage everything goes to the new version.
 */
export function downstreamRules(stage: ResolvedMultiServiceStage, v: ReleaseVersions, self: string, members: readonly string[]): RouteRule[] {
  if (stage.promoted) return [{ split: [{ version: v.to, weight: 100 }] }];
  const callers = members.filter((m) => m !== self);
  return [
    { matches: callers.map((app) => ({ sourceLabels: { [APP_LABEL]: app, [VERSION_LABEL]: v.to } })), split: [{ version: v.to, weight: 100 }] },
    { split: [{ version: v.from, weight: 100 }] },
  ];
}
