import { Construct } from 'constructs';
import {
  Canary,
  CanarySpecAnalysisMatch,
  CanarySpecProvider,
  CanarySpecTargetRefKind,
  MetricTemplate,
} from '../../imports/flagger.app';
import { Gateway } from '../../imports/networking.istio.io';
import { ResolvedCanaryStage } from '../stages/canary-stages';
import { IstioOptions } from '../providers/istio/api-version';
import { GatewayOptions } from '../providers/core/gateway';
import { RequestMatch } from '../routing/route-model';
import { Problem, reportProblem } from '../validation/problems';
import { checkPort } from '../validation/rules';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { VersionedDeployment } from '../workload/versioned-deployment';
import { EnginePlan, enginePlan } from './engine-steps';
import { flaggerMetrics, flaggerService, flaggerTargetDeployment } from './flagger-parts';
import { engineStringMatch, unsupportedConditions, unsupportedMatchProblem } from './match-conversion';
import { resolveThresholds, RollbackThresholds, thresholdProblems } from './thresholds';

export { DEFAULT_PROMETHEUS_ADDRESS } from './flagger-parts';

/** Header-based A/B testing with Flagger: matching requests go to the new version for `iterations` checks, then it is promoted. */
export interface FlaggerAbTest {
  /** Conditions (OR-ed) of the requests that reach the new version: headers (exact, prefix, regex) and caller labels. */
  readonly matches: readonly RequestMatch[];
  /** Number of analysis intervals to run before promotion. */
  readonly iterations: number;
}

/** Properties of `FlaggerCanary`. */
export interface FlaggerCanaryProps extends WorkloadOptions, IstioOptions {
  /** Application name: the target Deployment, the Canary, the Services Flagger creates and the `app` label. */
  readonly name: string;
  /** The version to release: the target Deployment runs it; Flagger analyses it against the running primary. */
  readonly version: VersionSpec;
  /**
   * The stage plan (`resolveCanaryStages(...)`, the same one the manual constructs render): each stage
   * weight becomes a `stepWeights` entry, the final `promoted` stage Flagger's promotion. Leading 0 %
   * stages need no step: Flagger starts every analysis with the new version running and 0 % traffic.
   */
  readonly stages: readonly ResolvedCanaryStage[];
  /** When to roll back (e.g. `ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS`); the check interval is the analysis interval, so every step lasts one interval. */
  readonly thresholds: RollbackThresholds;
  /** Service port of the Services Flagger creates. @default 80 */
  readonly servicePort?: number;
  /** Traffic from outside the cluster: the Istio Gateway (created unless `create: false`) and hosts in the Canary's `service` block. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Run an A/B test on matching requests instead of a weighted canary; `stages` must then have no weights (pass `[]`). @default - weighted canary */
  readonly abTest?: FlaggerAbTest;
  /** Prometheus that the metric templates query. @default 'http://prometheus.istio-system:9090' */
  readonly prometheusAddress?: string;
}

/**
 * A Flagger canary driven by the library's stage plan and rollback thresholds: the target
 * Deployment `<name>` (selector `app: <name>`, as Flagger requires) with the release to analyse,
 * a `Canary` (provider `istio`) whose `analysis.stepWeights` are the declared stage weights, and
 * `MetricTemplate`s for the checks Flagger has no built-in for (error rate over a window, average
 * latency). Flagger itself creates the `-primary` Deployment, the Services `<name>`,
 * `<name>-primary` and `<name>-canary`, the DestinationRules and the VirtualService: do not emit a
 * Service or routing of your own for this application.
 */
export class FlaggerCanary extends Construct {
  /** The target Deployment (the release under analysis). */
  public readonly deployment: VersionedDeployment;
  /** The Flagger Canary. */
  public readonly canary: Canary;
  /** Metric templates the Canary references. */
  public readonly metricTemplates: MetricTemplate[];
  /** The Istio Gateway, when this construct creates one. */
  public readonly gateway?: Gateway;
  /** The engine steps the stages became. */
  public readonly plan: EnginePlan;

  constructor(scope: Construct, id: string, props: FlaggerCanaryProps) {
    super(scope, id);
    const problems: Problem[] = [];
    const t = resolveThresholds(props.thresholds);
    problems.push(...thresholdProblems(props.thresholds));
    const port = props.servicePort ?? 80;
    const p = checkPort(port, 'service port');
    if (p) problems.push(p);

    this.deployment = flaggerTargetDeployment(this, props.name, props.version, props);

    this.plan = enginePlan(props.stages, 'Flagger');
    const ab = props.abTest;
    if (ab) {
      if (this.plan.weights.some((w) => w > 0)) {
        problems.push({
          message: `abTest and the weighted stages ${this.plan.weights.join(', ')} cannot both drive Flagger: an A/B test sends all matching requests to the new version for ${ab.iterations} iterations, without weights.`,
          fix: 'pass stages without weights (e.g. only the promoted stage) with abTest, or remove abTest.',
        });
      }
      if (!(Number.isInteger(ab.iterations) && ab.iterations >= 1)) {
        problems.push({ message: `abTest.iterations ${ab.iterations} is not a whole number of at least 1.`, fix: 'use e.g. iterations: 10.' });
      }
      if (ab.matches.length === 0) problems.push({ message: 'abTest.matches is empty, so no request would reach the new version.', fix: 'give at least one header condition.' });
    } else {
      problems.push(...this.plan.problems);
    }
    if (!this.plan.promotes && !(ab && props.stages.length === 0)) {
      problems.push({
        message: 'the plan does not end with the promoted stage, but Flagger always promotes the new version after the last step.',
        fix: 'keep the promoted stage (promote: true), or keep progression: Progression.manual().',
      });
    }

    const { templates, metrics, interval } = flaggerMetrics(this, props.name, t, props.prometheusAddress);
    this.metricTemplates = templates;
    const routing = flaggerService(this, {
      name: props.name,
      port,
      containerPort: props.containerPort,
      portName: props.protocol,
      gateway: props.gateway,
      istioApiVersion: props.istioApiVersion,
    }, problems);
    this.gateway = routing.gateway;

    let match: CanarySpecAnalysisMatch[] | undefined;
    if (ab) {
      match = ab.matches.map((m, i) => {
        const bad = unsupportedConditions(m, ['headers', 'sourceLabels']);
        if (bad.length > 0) problems.push(unsupportedMatchProblem('Flagger', 'abTest', bad, i));
        const headers: Record<string, any> = {};
        for (const h of Object.keys(m.headers ?? {}).sort()) headers[h] = engineStringMatch(m.headers![h]);
        return {
          ...(Object.keys(headers).length > 0 ? { headers } : {}),
          ...(m.sourceLabels ? { sourceLabels: { ...m.sourceLabels } } : {}),
        };
      });
    }
    const stepWeights = this.plan.weights.filter((w) => w > 0);
    this.canary = new Canary(this, 'Canary', {
      metadata: { name: props.name },
      spec: {
        provider: CanarySpecProvider.ISTIO,
        targetRef: { apiVersion: 'apps/v1', kind: CanarySpecTargetRefKind.DEPLOYMENT, name: props.name },
        progressDeadlineSeconds: props.progressDeadlineSeconds ?? 600,
        service: routing.service,
        analysis: {
          interval,
          threshold: t.failedChecksBeforeRollback,
          ...(ab
            ? { iterations: ab.iterations, match }
            : { maxWeight: stepWeights.length > 0 ? stepWeights[stepWeights.length - 1] : 0, stepWeights }),
          metrics,
        },
      },
    });
    problems.forEach((x) => reportProblem(this, x));
  }
}
