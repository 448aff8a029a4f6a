import { Construct } from 'constructs';
import { IstioApiVersion } from '../providers/istio/api-version';
import { GatewayOptions } from '../providers/core/gateway';
import { ArgoBlueGreenRollout } from '../progressive/argo-blue-green';
import { analysisIterationsProblems, blueGreenEnginePlanProblems } from '../progressive/blue-green-plan';
import { FlaggerBlueGreen } from '../progressive/flagger-blue-green';
import { EngineProgression, engineName } from '../progressive/progression';
import { RollbackThresholds } from '../progressive/thresholds';
import { describeTrafficChoice, TrafficApiChoice } from '../settings/traffic-setting';
import { Problem } from '../validation/problems';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { workloadOptions } from '../workload/versioned-app';
import { BlueGreenStage } from '../stages/bluegreen-stages';

/** Default number of checks green must pass before (and, with Argo Rollouts, after) the switch. */
export const DEFAULT_ANALYSIS_ITERATIONS = 10;

/** What a blue-green release hands to the engine that runs it. */
export interface BlueGreenEngineInput extends WorkloadOptions {
  /** Application name. */
  readonly name: string;
  /** The new version (green). */
  readonly green: VersionSpec;
  /** When the engine rolls back. */
  readonly thresholds: RollbackThresholds;
  /** Checks green must pass. */
  readonly iterations: number;
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Argo Rollouts: the preview Service name. @default `<name>-preview` */
  readonly previewServiceName?: string;
  /** Istio Gateway and hosts. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Argo Rollouts: external host reaching the preview Service. @default - none */
  readonly previewHost?: string;
  /** Argo Rollouts: header reaching the preview Service. @default - none */
  readonly previewHeader?: { readonly name: string; readonly value: string };
  /** Istio API version. @default 'v1' */
  readonly istioApiVersion?: IstioApiVersion;
}

/** The blue-green inputs the engine checks look at. */
export interface BlueGreenEngineCheck {
  /** The stages of the plan. */
  readonly stages: readonly BlueGreenStage[];
  /** The traffic choice of the construct. */
  readonly traffic: TrafficApiChoice;
  /** `previewHeader` as given (undefined when not set). */
  readonly previewHeader?: unknown;
  /** `previewHost` as given. */
  readonly previewHost?: string;
  /** `previewServiceName` as given. */
  readonly previewServiceName?: string;
  /** `analysisIterations` as given. */
  readonly analysisIterations?: number;
}

/**
 * Why a blue-green release cannot be handed to an engine: the plan must be preview, switch, finalize;
 * the rollback checks read Istio's metrics and the engines route with Istio (traffic 'istio'); Flagger
 * names and routes the preview itself (`<name>-canary`), so the preview options do not apply to it.
 */
export function blueGreenEngineProblems(progression: EngineProgression, input: BlueGreenEngineCheck): Problem[] {
  const engine = engineName(progression);
  const problems: Problem[] = [...blueGreenEnginePlanProblems(input.stages, engine)];
  if (input.analysisIterations !== undefined) problems.push(...analysisIterationsProblems(input.analysisIterations, 'analysisIterations'));
  const traffic = input.traffic.traffic;
  if (traffic === 'service-selector') {
    problems.push({
      message: `progression '${progression}' checks green with Istio's metrics (istio_requests_total, reported by the sidecars), which traffic 'service-selector' (no mesh) does not produce.`,
      fix: `use traffic: Traffic.istio() with ${engine}, or keep progression: Progression.manual().`,
    });
  } else if (traffic === 'gateway-api') {
    problems.push({
      message: `progression '${progression}' emits ${engine}'s Istio routing, but ${describeTrafficChoice(input.traffic)} asks for Gateway API objects.`,
      fix: 'set traffic: Traffic.istio() on this construct, or keep progression: Progression.manual() to render Gateway API routes for every stage.',
    });
  }
  if (progression === 'flagger') {
    const flaggerOwned: Array<[string, unknown, string]> = [
      ['previewHeader', input.previewHeader === false ? undefined : input.previewHeader, 'Flagger routes every user request to the primary during the analysis and has no preview header in a blue/green'],
      ['previewHost', input.previewHost, 'Flagger creates the routing (VirtualService) itself'],
      ['previewServiceName', input.previewServiceName, 'Flagger names the Service of the new version `<name>-canary`'],
    ];
    for (const [what, value, why] of flaggerOwned) {
      if (value !== undefined) {
        problems.push({
          message: `${what} cannot be used with progression 'flagger': ${why}.`,
          fix: `remove ${what} (testers reach green through the Service <name>-canary), or use progression: Progression.argoRollouts() or Progression.manual().`,
        });
      }
    }
  }
  return problems;
}

/** Creates the engine resources of a blue-green release: `FlaggerBlueGreen` or `ArgoBlueGreenRollout` for green. */
export function createBlueGreenEngine(scope: Construct, progression: EngineProgression, input: BlueGreenEngineInput): FlaggerBlueGreen | ArgoBlueGreenRollout {
  const common = {
    ...workloadOptions(input),
    name: input.name,
    version: input.green,
    thresholds: input.thresholds,
    servicePort: input.servicePort,
    gateway: input.gateway,
    istioApiVersion: input.istioApiVersion,
  };
  if (progression === 'flagger') return new FlaggerBlueGreen(scope, 'Flagger', { ...common, iterations: input.iterations });
  return new ArgoBlueGreenRollout(scope, 'ArgoRollout', {
    ...common,
    checks: input.iterations,
    previewServiceName: input.previewServiceName,
    previewHost: input.previewHost,
    previewHeader: input.previewHeader,
  });
}
