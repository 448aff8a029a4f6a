import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AnalysisTemplate,
  RolloutSpec,
  RolloutSpecStrategyCanaryMaxSurge,
  RolloutSpecStrategyCanaryMaxUnavailable,
  RolloutSpecStrategyCanarySteps,
  RolloutSpecStrategyCanaryStepsPauseDuration,
} from '../../imports/argoproj.io';
import { ResolvedCanaryStage } from '../stages/canary-stages';
import { IstioOptions } from '../providers/istio/api-version';
import { MeshRouting } from '../providers/istio/mesh-routing';
import { RequestMatch } from '../routing/route-model';
import { formatHold } from '../stages/stage-hold';
import { Problem, reportProblem } from '../validation/problems';
import { checkDnsLabel, checkPort } from '../validation/rules';
import { AppService } from '../workload/app-service';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { workloadOptions } from '../workload/versioned-app';
import { APP_LABEL, versionProblems } from '../workload/versioned-deployment';
import { countOrPercent, createRollbackAnalysisTemplate, createRolloutObject, rollbackAnalysisArgs, rollbackTemplateName, rolloutBaseSpec } from './argo-parts';
import { EnginePlan, enginePlan } from './engine-steps';
import { engineStringMatch, unsupportedConditions, unsupportedMatchProblem } from './match-conversion';
import { describeDuration, formatDuration, resolveThresholds, RollbackThresholds, thresholdProblems } from './thresholds';
import { wholeSeconds } from '../validation/whole-seconds';
import { GatewayOptions } from '../providers/core/gateway';

/** Subset (and role) names Argo Rollouts moves between ReplicaSets. */
export const ARGO_STABLE_SUBSET = 'stable';
/** Subset of the new ReplicaSet. */
export const ARGO_CANARY_SUBSET = 'canary';
/** Name of the weighted VirtualService route Argo Rollouts manages. */
export const ARGO_PRIMARY_ROUTE = 'primary';

/** Requests that go to the new version before any weight step (Argo `setHeaderRoute`). */
export interface ArgoHeaderRoute {
  /** Name of the managed route Argo adds to the VirtualService. @default 'header-route' */
  readonly name?: string;
  /** Conditions, OR-ed; each one header (exact, prefix or regex), as Argo's `setHeaderRoute` supports. */
  readonly matches: readonly RequestMatch[];
}

/** Properties of `ArgoRollout`. */
export interface ArgoRolloutProps extends WorkloadOptions, IstioOptions {
  /** Application name: Rollout, Service, DestinationRule, VirtualService, and the `app` label. */
  readonly name: string;
  /** The version to release: the Rollout's pod template runs it. */
  readonly version: VersionSpec;
  /**
   * The stage plan (`resolveCanaryStages(...)`, the same one the manual constructs render): each stage
   * becomes a `setWeight` step and a pause; a 0 % stage runs the new pods without traffic
   * (`setCanaryScale`); without a final `promoted` stage the rollout stops at an indefinite pause.
   */
  readonly stages: readonly ResolvedCanaryStage[];
  /** When to roll back; becomes the AnalysisTemplate `<name>-rollback-checks` run in the background. */
  readonly thresholds: RollbackThresholds;
  /** How long each step lasts, or `'manual'` for an indefinite pause (`kubectl argo rollouts promote`). @default - the thresholds' interval */
  readonly stepPause?: Duration | 'manual';
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Traffic from outside the cluster through an Istio Gateway; the VirtualService binds it. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Header-based routing to the new version before the weights (`setHeaderRoute`). @default - none */
  readonly headerRoute?: ArgoHeaderRoute;
  /** Prometheus that the analysis queries. @default 'http://prometheus.istio-system:9090' */
  readonly prometheusAddress?: string;
}

/**
 * An Argo Rollouts canary driven by the library's stage plan and rollback thresholds: a `Rollout`
 * (pods exactly as `VersionedDeployment` renders them) whose canary `steps` are the declared stages,
 * Istio subset-level traffic routing (`trafficRouting.istio`: a VirtualService route `primary` and a
 * DestinationRule with subsets `stable`/`canary`, built with `MeshRouting`), the Service, and an
 * `AnalysisTemplate` with the Prometheus checks, run in the background from the first step that
 * sends traffic to the new version. Argo Rollouts changes the route weights and subset labels at
 * run time: tell your GitOps tool to ignore those fields.
 */
export class ArgoRollout extends Construct {
  /** The Service in front of all pods. */
  public readonly service: AppService;
  /** DestinationRule (subsets stable/canary), VirtualService (route `primary`) and optional Gateway. */
  public readonly routing: MeshRouting;
  /**
   * The Rollout (`argoproj.io/v1alpha1`). A plain ApiObject: its spec is typed with the generated
   * `RolloutSpec`, and the pod template is the JSON the workload module renders.
   */
  public readonly rollout: ApiObject;
  /** The rollback checks. */
  public readonly analysisTemplate: AnalysisTemplate;
  /** The engine steps the stages became. */
  public readonly plan: EnginePlan;

  constructor(scope: Construct, id: string, props: ArgoRolloutProps) {
    super(scope, id);
    const problems: Problem[] = [];
    const t = resolveThresholds(props.thresholds);
    problems.push(...thresholdProblems(props.thresholds));
    const workload = workloadOptions(props);
    problems.push(...versionProblems({ ...workload, app: props.name, version: props.version }));
    const port = props.servicePort ?? 80;
    for (const x of [checkDnsLabel(props.name, 'application name'), checkPort(port, 'service port')]) if (x) problems.push(x);

    this.plan = enginePlan(props.stages, 'Argo Rollouts');
    problems.push(...this.plan.problems);
    let pause: string | undefined;
    if (props.stepPause !== 'manual') {
      const s = props.stepPause ? wholeSeconds(props.stepPause) : t.intervalSeconds;
      if (s === undefined) problems.push({ message: `stepPause ${describeDuration(props.stepPause as Duration)} is not a whole, positive number of seconds.`, fix: "use e.g. Duration.minutes(5), or 'manual'." });
      pause = formatDuration(s ?? t.intervalSeconds);
    }

    this.service = new AppService(this, 'Service', {
      name: props.name,
      selector: { [APP_LABEL]: props.name },
      port,
      targetPort: props.containerPort,
      protocol: props.protocol,
    });
    this.routing = new MeshRouting(this, 'Routing', {
      service: props.name,
      subsets: [ARGO_STABLE_SUBSET, ARGO_CANARY_SUBSET].map((name) => ({ name, labels: { [APP_LABEL]: props.name } })),
      http: [{ name: ARGO_PRIMARY_ROUTE, split: [{ version: ARGO_STABLE_SUBSET, weight: 100 }, { version: ARGO_CANARY_SUBSET, weight: 0 }] }],
      gateway: props.gateway,
      apiVersion: props.istioApiVersion,
    });

    const templateName = rollbackTemplateName(props.name);
    this.analysisTemplate = createRollbackAnalysisTemplate(this, 'AnalysisTemplate', { name: props.name, thresholds: t, prometheusAddress: props.prometheusAddress });

    const base = rolloutBaseSpec(props.name, props.version, props);
    const { steps, startingStep, headerRouteName } = argoSteps(this.plan, props, pause, base.replicas, problems);
    const spec: RolloutSpec = {
      ...base,
      strategy: {
        canary: {
          maxSurge: countOrPercent(props.maxSurge ?? '25%', RolloutSpecStrategyCanaryMaxSurge),
          maxUnavailable: countOrPercent(props.maxUnavailable ?? 0, RolloutSpecStrategyCanaryMaxUnavailable),
          trafficRouting: {
            istio: {
              virtualService: { name: props.name, routes: [ARGO_PRIMARY_ROUTE] },
              destinationRule: { name: props.name, stableSubsetName: ARGO_STABLE_SUBSET, canarySubsetName: ARGO_CANARY_SUBSET },
            },
            ...(headerRouteName ? { managedRoutes: [{ name: headerRouteName }] } : {}),
          },
          analysis: {
            templates: [{ templateName }],
            ...(startingStep > 0 ? { startingStep } : {}),
            args: rollbackAnalysisArgs(props.name, props.version.name),
          },
          steps,
        },
      },
    };
    this.rollout = createRolloutObject(this, 'Rollout', props.name, props.version, workload, spec);
    problems.forEach((x) => reportProblem(this, x));
  }
}

/** The canary steps of a plan, the step where traffic first reaches the new version, and the header route name. */
function argoSteps(plan: EnginePlan, props: ArgoRolloutProps, pause: string | undefined, replicas: number, problems: Problem[]) {
  const steps: RolloutSpecStrategyCanarySteps[] = [];
  // A stage's `hold` is its step's pause (Go duration, e.g. `1h`); other steps pause `pause`.
  const pauseStep = (hold?: number): RolloutSpecStrategyCanarySteps => {
    const d = hold !== undefined ? formatHold(hold) : pause;
    return { pause: d ? { duration: RolloutSpecStrategyCanaryStepsPauseDuration.fromString(d) } : {} };
  };
  let startingStep = -1;
  let scaledWithoutTraffic = false;
  let headerRouteName: string | undefined;
  const hr = props.headerRoute;
  if (hr) {
    headerRouteName = hr.name ?? 'header-route';
    const p = checkDnsLabel(headerRouteName, 'headerRoute.name');
    if (p) problems.push(p);
    if (hr.matches.length === 0) problems.push({ message: 'headerRoute.matches is empty, so no request would reach the new version.', fix: 'give at least one header condition.' });
    const match = hr.matches.flatMap((m, i) => {
      const bad = unsupportedConditions(m, ['headers']);
      const headers = Object.keys(m.headers ?? {}).sort();
      if (headers.length !== 1) bad.push(headers.length === 0 ? 'no header' : `${headers.length} headers at once (Argo ORs its conditions, one header each)`);
      if (bad.length > 0) {
        problems.push(unsupportedMatchProblem('Argo Rollouts setHeaderRoute', 'headerRoute', bad, i));
        return [];
      }
      return [{ headerName: headers[0], headerValue: engineStringMatch(m.headers![headers[0]]) }];
    });
    steps.push({ setCanaryScale: { replicas } });
    scaledWithoutTraffic = true;
    startingStep = steps.length;
    steps.push({ setHeaderRoute: { name: headerRouteName, match } });
    steps.push(pauseStep());
  }
  for (const s of plan.steps) {
    if (s.kind !== 'weight') continue;
    if (s.canaryWeight === 0) {
      if (!scaledWithoutTraffic) steps.push({ setCanaryScale: { replicas } });
      scaledWithoutTraffic = true;
      steps.push({ setWeight: 0 }, pauseStep(s.holdSeconds));
      continue;
    }
    if (scaledWithoutTraffic) steps.push({ setCanaryScale: { matchTrafficWeight: true } });
    scaledWithoutTraffic = false;
    if (startingStep < 0) startingStep = steps.length;
    steps.push({ setWeight: s.canaryWeight }, pauseStep(s.holdSeconds));
  }
  if (!plan.promotes && steps.length > 0) steps[steps.length - 1] = { pause: {} };
  return { steps, startingStep: Math.max(0, startingStep), headerRouteName };
}
