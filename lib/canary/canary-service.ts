import { Construct } from 'constructs';
import { IstioOptions } from '../istio/api-version';
import { GatewayOptions, MeshRouting } from '../istio/mesh-routing';
import { StagedRollout } from '../rollout/staged-rollout';
import { RouteRule } from '../routing/route-model';
import { reportProblems } from '../validation/problems';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { VersionedApp, workloadOptions } from '../workload/versioned-app';
import { VERSION_LABEL } from '../workload/versioned-deployment';
import { canaryStageProblems, CanaryStageInput, ResolvedCanaryStage, resolveCanaryStages } from './canary-stages';

/** Properties of `CanaryService`. */
export interface CanaryServiceProps extends WorkloadOptions, IstioOptions {
  /** Application name: Service, DestinationRule and VirtualService name, and the `app` label. */
  readonly name: string;
  /** The version serving users today. */
  readonly stable: VersionSpec;
  /** The new version being rolled out. */
  readonly canary: VersionSpec;
  /**
   * The stages, in order: canary weights (`[0, 10, 50, 100]`, named `canary-<weight>`) or named stages.
   * A final `promoted` stage is appended unless `promote` is false.
   */
  readonly stages: CanaryStageInput[];
  /**
   * The stage to render (the GitOps way: a pull request changes it). The `ROLLOUT_STAGE`
   * environment variable overrides it for one run.
   */
  readonly stage: string;
  /**
   * Append a final `promoted` stage: all traffic to the canary, the stable Deployment and its subset removed.
   * @default true
   */
  readonly promote?: boolean;
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Traffic from outside the cluster through an Istio Gateway (seed 001: `demo4-gateway`, `demo4.a.com`). @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
}

/**
 * A weighted Istio canary: a Service selecting `app=<name>`, a Deployment per version, a
 * DestinationRule with a subset per version and a VirtualService splitting traffic by the weights
 * of the active stage. The final `promoted` stage keeps only the new version.
 *
 * @example
 * new CanaryService(chart, 'demo4', {
 *   name: 'demo4',
 *   stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
 *   canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
 *   stages: [10, 50, 100],
 *   stage: 'canary-10',
 * });
 */
export class CanaryService extends StagedRollout<ResolvedCanaryStage> {
  /** Service and Deployments of the active stage. */
  public readonly app: VersionedApp;
  /** DestinationRule, VirtualService and Gateway of the active stage (undefined when the plan is invalid). */
  public readonly routing?: MeshRouting;
  /** The route rules of the active stage (what the VirtualService renders). */
  public readonly rules: readonly RouteRule[];

  constructor(scope: Construct, id: string, props: CanaryServiceProps) {
    super(scope, id, resolveCanaryStages(props.stages, props.promote ?? true), props.stage);
    const planOk = reportProblems(this, canaryStageProblems(this.stages));
    const stage = planOk ? this.active : undefined;
    const promoted = stage?.promoted ?? false;
    const running = promoted ? [props.canary] : [props.stable, props.canary];

    this.app = new VersionedApp(this, 'App', {
      ...workloadOptions(props),
      servicePort: props.servicePort,
      app: props.name,
      versions: running,
      declaredVersions: [props.stable, props.canary],
    });
    this.rules = stage ? [canaryRule(props, stage)] : [];
    if (stage) {
      this.routing = new MeshRouting(this, 'Routing', {
        service: props.name,
        subsets: running.map((v) => ({ name: v.name, labels: { [VERSION_LABEL]: v.name } })),
        http: this.rules,
        gateway: props.gateway,
        apiVersion: props.istioApiVersion,
      });
    }
  }
}

function canaryRule(props: CanaryServiceProps, stage: ResolvedCanaryStage): RouteRule {
  if (stage.promoted) return { split: [{ version: props.canary.name, weight: 100 }] };
  return {
    split: [
      { version: props.stable.name, weight: 100 - stage.canaryWeight },
      { version: props.canary.name, weight: stage.canaryWeight },
    ],
  };
}
