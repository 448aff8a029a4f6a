import { Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroups, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/monitoring.coreos.com';
import { RollbackThresholds, resolveThresholds, thresholdProblems } from '../progressive/thresholds';
import { IRollout } from '../app/rollout';
import { reportProblems } from '../validation/problems';
import { AlertGroup, goldenSignalAlertGroup, rollbackAlertGroup } from './alert-rules';
import { AlertsOutput } from './alerts-output';
import { GoldenSignalAlerts, goldenSignalProblems } from './golden-signals';
import { WatchedRollout, watchRollout } from './watched-rollout';
import { requireProps } from '../validation/required-props';

/** Properties of `RolloutAlerts`. */
export interface RolloutAlertsProps {
  /** The rollout to watch (a CanaryService, BlueGreenService, HeaderRoute or TcpCanary with progression 'manual'). */
  readonly rollout: IRollout;
  /**
   * The rollback checks, the same declaration an engine progression uses (`CanaryServiceProps.thresholds`):
   * each check becomes a `critical` alert on the watched version.
   */
  readonly thresholds: RollbackThresholds;
  /** Golden-signal alerts (`warning`) beside the rollback checks, e.g. `GoldenSignalAlerts.seed000()`. @default - none */
  readonly goldenSignals?: GoldenSignalAlerts;
  /**
   * The version to watch (the one a rollback takes traffic from).
   * @default - the last version the rollout runs at its active stage: the canary, the green version, the last declared version of a HeaderRoute
   */
  readonly version?: string;
  /** What to emit. @default AlertsOutput.PROMETHEUS_RULE */
  readonly output?: AlertsOutput;
}

/**
 * Prometheus alerts for one rollout, generated from its rollback thresholds (the PromQL and numbers
 * the Flagger and Argo Rollouts emitters use) and, optionally, golden signals. Every alert carries
 * the labels `rollout`, `version`, `stage` and `severity`, and the annotation `runbook_action`
 * saying which stage to go back to. Emits a `PrometheusRule` (Prometheus Operator), or only the rules
 * of a plain Prometheus rules file (`rulesFileYaml()`). Created below the rollout (`scope` = the
 * rollout), the PrometheusRule is part of what the all-stages renderer writes for each stage.
 *
 * @example
 * new RolloutAlerts(canary, 'alerts', { rollout: canary, thresholds, goldenSignals: GoldenSignalAlerts.seed000() });
 */
export class RolloutAlerts extends Construct {
  /** What the alerts watch (application, version, stage); undefined when the rollout or the input is invalid. */
  public readonly watched?: WatchedRollout;
  /** The rule groups: `<app>-rollback`, then `<app>-golden-signals` (empty when the input is invalid). */
  public readonly groups: readonly AlertGroup[];
  /** The PrometheusRule (output PROMETHEUS_RULE and valid input only). */
  public readonly prometheusRule?: PrometheusRule;

  constructor(scope: Construct, id: string, props: RolloutAlertsProps) {
    requireProps(scope, id, 'RolloutAlerts', props, ['rollout', 'thresholds']);
    super(scope, id);
    const golden = props.goldenSignals?.settings;
    const inputOk = reportProblems(this, [...thresholdProblems(props.thresholds), ...(golden ? goldenSignalProblems(golden) : [])]);
    const { watched, problems } = watchRollout(props.rollout, props.version);
    const watchOk = reportProblems(this, problems);
    this.watched = watched;
    if (!inputOk || !watchOk || !watched) {
      this.groups = [];
      return;
    }
    this.groups = [
      rollbackAlertGroup(watched, resolveThresholds(props.thresholds)),
      ...(golden ? [goldenSignalAlertGroup(watched, golden)] : []),
    ];
    if ((props.output ?? AlertsOutput.PROMETHEUS_RULE) === AlertsOutput.PROMETHEUS_RULE) {
      this.prometheusRule = new PrometheusRule(this, 'Rule', {
        metadata: { name: `${watched.app}-rollout-alerts`, labels: { app: watched.app } },
        spec: { groups: this.groups.map(toSpecGroup) },
      });
    }
  }

  /**
   * The rules as a plain Prometheus rules file (`groups:` YAML, for `rule_files` of a Prometheus
   * without the operator); an empty `groups: []` when the input is invalid (synth reports why).
   */
  public rulesFileYaml(): string {
    return Yaml.stringify({ groups: this.groups });
  }
}

/** A rule group in the PrometheusRule's typed shape (same fields, same order). */
function toSpecGroup(g: AlertGroup): PrometheusRuleSpecGroups {
  return {
    name: g.name,
    ...(g.interval ? { interval: g.interval } : {}),
    rules: g.rules.map((r) => ({
      alert: r.alert,
      expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
      ...(r.for ? { for: r.for } : {}),
      labels: { ...r.labels },
      annotations: { ...r.annotations },
    })),
  };
}
