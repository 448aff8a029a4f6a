import { CanaryServiceProps, Progression, Traffic } from '../../../lib';
import { CatalogueEntry } from '../catalogue';
import { canaryEntry } from './canary';

const WEIGHTS = 'lib/stages/version-weights.ts';
const PLAN = 'lib/canary/multi-version-plan.ts';

/** `VALID_CANARY` with a legacy version `v0` and one stage `s` giving v0 20, v1 70, v2 10. */
const THREE: Partial<CanaryServiceProps> = {
  otherVersions: [{ name: 'v0', image: 'mritd/demo:0.9.0' }],
  stages: [{ name: 's', versionWeights: [{ version: 'v0', weight: 20 }, { version: 'v1', weight: 70 }, { version: 'v2', weight: 10 }] }],
  stage: 's',
};
const split = (v0: number, v1: number, v2: number, extra: Record<string, unknown> = {}) =>
  [{ name: 's', versionWeights: [{ version: 'v0', weight: v0 }, { version: 'v1', weight: v1 }, { version: 'v2', weight: v2 }], ...extra }];

/** An entry on the three-version canary (`THREE`) with `overrides`. */
function threeEntry(id: string, source: string, overrides: Record<string, unknown>, message: RegExp, path: string = 'demo4'): CatalogueEntry {
  return canaryEntry(`three-versions-${id}`, source, { ...THREE, ...overrides }, path, message);
}

/** Canary plans with more than two versions (`otherVersions`, `versionWeights`, `promotedVersion`). */
export const MULTI_VERSION_ENTRIES: CatalogueEntry[] = [
  threeEntry('both-weight-forms', WEIGHTS, { stages: split(20, 70, 10, { canaryWeight: 10 }) },
    /^stage "s" gives both canaryWeight 10 and versionWeights: a stage says either how much the canary gets .+ Fix: remove canaryWeight and give the canary its weight in versionWeights, or remove versionWeights\.$/),
  threeEntry('weights-with-mirror', WEIGHTS, { stages: split(20, 70, 10, { mirror: 10 }) },
    /^stage "s" uses versionWeights with mirror, which copy to or pin users on one canary beside one stable version\. Fix: remove mirror from the stage, or give it a canaryWeight \(two versions\)\.$/),
  threeEntry('no-weights', WEIGHTS, { stages: [{ name: 's', versionWeights: [] }] },
    /^stage "s" has versionWeights \[\], which names no version\. Fix: list every running version with its weight, .+$/),
  threeEntry('weight-not-whole', WEIGHTS, { stages: split(20, 70.5, 9.5) },
    /^stage "s" gives "v1" 70\.5, "v2" 9\.5, not a whole number between 0 and 100\. Fix: give every version a whole weight from 0 to 100\.$/),
  threeEntry('weights-not-summing-to-total', WEIGHTS, { stages: split(20, 70, 20) },
    /^stage "s" versionWeights sum to 110 \(20 \+ 70 \+ 20\), not 100\. Fix: make the weights add up to exactly 100, or declare the total with weightTotal\.$/),
  threeEntry('canary-weight-beside-other-versions', WEIGHTS, { stages: [10], stage: 'canary-10' },
    /^stage "canary-10" gives only a canaryWeight, but "v0" of otherVersions runs too and would get an unsaid share\. Fix: give the stage versionWeights naming every version \("v1", "v0", "v2"\)\.$/),
  threeEntry('weights-leave-a-version-out', WEIGHTS, { stages: [{ name: 's', versionWeights: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] }] },
    /^stage "s" versionWeights leaves out "v0": every running version \("v1", "v0", "v2"\) needs exactly one weight\. Fix: list each version once, with weight 0 for a version that runs without traffic\.$/),
  threeEntry('two-versions-promoted', WEIGHTS, { promotedVersion: ['v2', 'v0'] },
    /^promotedVersion \["v2","v0"\] \(2 versions\) is not one version of "v2", "v0": the promoted stage keeps exactly one new version and removes the others\. Fix: name one of 'v2', 'v0', or leave promotedVersion out to promote the canary\.$/),
  threeEntry('replica-precision', WEIGHTS, { traffic: Traffic.replicaRatio({ totalReplicas: 4, rounding: 'exact' }) },
    /^stage "s" splits "v0" 20, "v1" 70, "v2" 10 of 100, which 4 replicas cannot give with trafficSplit 'replicas' \("v0" 0\.8 pods, "v1" 2\.8 pods, "v2" 0\.4 pods\); rounding is defined for two versions only\. Fix: set totalReplicas to a multiple of 10, or use Traffic\.istio\(\) or Traffic\.gatewayApi\(\) .+$/),
  threeEntry('promoted-version-without-promotion', PLAN, { promote: false, promotedVersion: 'v0' },
    /^promotedVersion "v0" is set, but promote is false: no stage promotes a version\. Fix: remove promotedVersion, or remove promote: false to append the promoted stage\.$/),
  threeEntry('engine', PLAN, { progression: Progression.flagger() },
    /^otherVersions \("v0"\) run beside the stable and canary versions, but Flagger moves one canary beside one stable version\. Fix: remove otherVersions \(release one new version at a time\), or use progression: Progression\.manual\(\)\.$/),
  canaryEntry('version-weights-with-engine', 'lib/stages/stage-techniques.ts', { progression: Progression.argoRollouts(), stages: [{ name: 's', versionWeights: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] }], stage: 's' }, 'demo4',
    /^stage "s" uses versionWeights, which progression 'argo-rollouts' cannot render\. Fix: remove versionWeights from the stage, or use progression: Progression\.manual\(\) .+$/),
  {
    ...threeEntry('ingress-nginx', 'lib/providers/ingress-nginx/ingress-problems.ts', { traffic: Traffic.ingressNginx(), gateway: { name: 'nginx', hosts: ['demo4.example.com'] } },
      /^ingress-nginx cannot send traffic of "demo4" to more than one version besides the stable "v1" \(here "v0", "v2"\): ingress-nginx allows one canary Ingress per host and path\. Fix: .+$/, 'demo4'),
    example: "otherVersions: [{ name: 'v0', ... }], stages: [{ name: 's', versionWeights: [v0 20, v1 70, v2 10] }], traffic: Traffic.ingressNginx(), gateway: { name: 'nginx', hosts: ['demo4.example.com'] }",
  },
];
