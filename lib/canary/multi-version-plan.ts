import { EngineProgression, engineName } from '../progressive/progression';
import { RouteRule } from '../routing/route-model';
import { ResolvedCanaryStage } from '../stages/canary-stages';
import { canaryStageRules, CanaryRuleInput } from '../stages/stage-techniques';
import { bothWeightFormsProblems, promotedVersionProblems, usesVersionWeights, VersionRoles, versionWeightsPlanProblems, versionWeightsReplicas, versionWeightsRules } from '../stages/version-weights';
import { Problem } from '../validation/problems';
import { VersionSpec } from '../workload/options';
import { StageReplicas } from './replica-split';

/**
 * The multi-version part of a canary plan (`otherVersions`, `versionWeights` stages,
 * `promotedVersion`): which versions run, the rules of a stage, the problems, and the pod counts
 * of `Traffic.replicaRatio()` for more than two versions. `planCanaryStage` calls these.
 */

/** The props the multi-version planning reads. */
export interface MultiVersionSource {
  /** The version serving users today. */
  readonly stable: VersionSpec;
  /** The new version. */
  readonly canary: VersionSpec;
  /** Versions running besides stable and canary until the promotion. @default - none */
  readonly otherVersions?: VersionSpec[];
  /** The version the promoted stage keeps. @default - the canary */
  readonly promotedVersion?: string;
  /** Append the promoted stage. @default true */
  readonly promote?: boolean;
  /** The stages as given (before the canary's weight of a `versionWeights` stage is derived). @default - none */
  readonly stages?: readonly unknown[];
}

/** The names of the versions and their roles. */
export function versionRoles(p: MultiVersionSource): VersionRoles {
  return { stable: p.stable.name, canary: p.canary.name, others: (p.otherVersions ?? []).map((v) => v.name) };
}

/** The version the promoted stage keeps (the canary unless `promotedVersion` names one of the others). */
export function promotedVersionOf(p: MultiVersionSource): VersionSpec {
  return (p.otherVersions ?? []).find((v) => v.name === p.promotedVersion) ?? p.canary;
}

/** Every declared version, in declaration order: stable, canary, then the other versions. */
export function declaredCanaryVersions(p: MultiVersionSource): VersionSpec[] {
  return [p.stable, p.canary, ...(p.otherVersions ?? [])];
}

/** The versions running at a stage: the promoted version alone at the promoted stage, else every declared version. */
export function runningCanaryVersions(p: MultiVersionSource, stage: ResolvedCanaryStage | undefined): VersionSpec[] {
  return stage?.promoted ? [promotedVersionOf(p)] : declaredCanaryVersions(p);
}

/** The route rules of a stage: a weight per version, the promoted version alone, or the two-version canary rules. */
export function multiVersionStageRules(p: MultiVersionSource, input: CanaryRuleInput): RouteRule[] {
  const stage = input.stages[input.index] as ResolvedCanaryStage;
  if (stage.promoted) return [{ split: [{ version: promotedVersionOf(p).name, weight: 100 }] }];
  return usesVersionWeights(stage) ? versionWeightsRules(stage) : canaryStageRules(input);
}

/** True when more than the stable version and the canary take part. */
export function isMultiVersion(p: MultiVersionSource): boolean {
  return (p.otherVersions ?? []).length > 0;
}

/** Problems of the multi-version props against the stages (version names, promotedVersion, an engine). */
export function multiVersionProblems(p: MultiVersionSource, stages: readonly ResolvedCanaryStage[], engine: EngineProgression | undefined): Problem[] {
  const roles = versionRoles(p);
  const problems: Problem[] = [
    ...bothWeightFormsProblems(Array.isArray(p.stages) ? p.stages : []),
    ...versionWeightsPlanProblems(stages, roles),
    ...promotedVersionProblems(p.promotedVersion, roles),
  ];
  if (p.promotedVersion !== undefined && p.promote === false) {
    problems.push({
      message: `promotedVersion "${p.promotedVersion}" is set, but promote is false: no stage promotes a version.`,
      fix: 'remove promotedVersion, or remove promote: false to append the promoted stage.',
    });
  }
  if (engine !== undefined && roles.others.length > 0) {
    problems.push({
      message: `otherVersions (${roles.others.map((v) => `"${v}"`).join(', ')}) run beside the stable and canary versions, but ${engineName(engine)} moves one canary beside one stable version.`,
      fix: 'remove otherVersions (release one new version at a time), or use progression: Progression.manual().',
    });
  }
  return problems;
}

/**
 * `Traffic.replicaRatio()` with other versions: the pods of every version at every stage
 * (`weight * totalReplicas / weightTotal`, refused unless whole), and the problems.
 */
export function planMultiVersionReplicas(p: MultiVersionSource, stages: readonly ResolvedCanaryStage[], totalReplicas: number, provider: string): { plan: StageReplicas[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const plan = stages.map((s): StageReplicas => {
    const counts: Record<string, number> = {};
    if (s.promoted) counts[promotedVersionOf(p).name] = totalReplicas;
    else if (usesVersionWeights(s)) {
      const r = versionWeightsReplicas(s, totalReplicas, provider);
      if (r.problem) problems.push(r.problem);
      Object.assign(counts, r.replicas ?? {});
    }
    for (const v of runningCanaryVersions(p, s)) counts[v.name] = counts[v.name] ?? 0;
    const canary = counts[p.canary.name] ?? 0;
    return {
      stage: s.name,
      stableReplicas: counts[p.stable.name] ?? 0,
      canaryReplicas: canary,
      declaredCanaryWeight: s.promoted ? (promotedVersionOf(p) === p.canary ? 100 : 0) : (100 * s.canaryWeight) / (s.weightTotal ?? 100),
      effectiveCanaryWeight: (100 * canary) / totalReplicas,
      exact: true,
      versionReplicas: counts,
    };
  });
  return { plan, problems };
}
