import { Construct } from 'constructs';
import { IstioApiVersion } from '../providers/istio/api-version';
import { GatewayOptions } from '../providers/core/gateway';
import { ArgoRollout } from '../progressive/argo-rollout';
import { FlaggerCanary } from '../progressive/flagger-canary';
import { EngineProgression, engineName } from '../progressive/progression';
import { RollbackThresholds } from '../progressive/thresholds';
import { describeTrafficChoice, TrafficApiChoice } from '../settings/traffic-setting';
import { Problem } from '../validation/problems';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { workloadOptions } from '../workload/versioned-app';
import { ResolvedCanaryStage } from '../stages/canary-stages';
import { CanaryTrafficSplit } from './replica-split';

/** What a canary hands to the engine that runs it. */
export interface CanaryEngineInput extends WorkloadOptions {
  /** Application name. */
  readonly name: string;
  /** The new version: the engine analyses it and promotes it. */
  readonly canary: VersionSpec;
  /** The resolved stage plan; it becomes the engine's steps. */
  readonly stages: readonly ResolvedCanaryStage[];
  /** When the engine rolls back. */
  readonly thresholds: RollbackThresholds;
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Istio Gateway and hosts. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Istio API version of the objects the construct emits. @default 'v1' */
  readonly istioApiVersion?: IstioApiVersion;
}

/**
 * Why a canary cannot be handed to an engine: the engines shift traffic with weighted Istio routes,
 * so a replica-ratio split or Gateway API routing has no engine equivalent here.
 */
export function canaryEngineProblems(progression: EngineProgression, split: CanaryTrafficSplit, traffic: TrafficApiChoice): Problem[] {
  const engine = engineName(progression);
  const problems: Problem[] = [];
  if (split === 'replicas') {
    problems.push({
      message: `progression '${progression}' shifts traffic with weighted Istio routes, but traffic is Traffic.replicaRatio() (weights by pod counts, no mesh).`,
      fix: `use traffic: Traffic.istio() with ${engine}, or keep progression: Progression.manual() for a replica-ratio canary.`,
    });
  } else if (traffic.traffic === 'gateway-api') {
    problems.push({
      message: `progression '${progression}' emits ${engine}'s Istio routing (provider istio), but ${describeTrafficChoice(traffic)} asks for Gateway API objects.`,
      fix: `set traffic: Traffic.istio() on this construct, or keep progression: Progression.manual() to render Gateway API routes for every stage.`,
    });
  }
  return problems;
}

/**
 * Creates the engine resources of a canary: a `FlaggerCanary` (`flagger`) or an `ArgoRollout`
 * (`argo-rollouts`) for the new version, with the same stage plan and thresholds.
 */
export function createCanaryEngine(scope: Construct, progression: EngineProgression, input: CanaryEngineInput): FlaggerCanary | ArgoRollout {
  const common = {
    ...workloadOptions(input),
    name: input.name,
    version: input.canary,
    stages: input.stages,
    thresholds: input.thresholds,
    servicePort: input.servicePort,
    gateway: input.gateway,
    istioApiVersion: input.istioApiVersion,
  };
  return progression === 'flagger' ? new FlaggerCanary(scope, 'Flagger', common) : new ArgoRollout(scope, 'ArgoRollout', common);
}
