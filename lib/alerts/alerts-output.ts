/**
 * What `RolloutAlerts` emits: a Prometheus Operator `PrometheusRule` object, or nothing (the rules
 * are then taken from `rulesFileYaml()` into a plain Prometheus rules file).
 */
export class AlertsOutput {
  /** A `PrometheusRule` (`monitoring.coreos.com/v1`) beside the rollout's objects; needs the Prometheus Operator's CRD. */
  public static readonly PROMETHEUS_RULE = new AlertsOutput('prometheus-rule');
  /** No object: write `rulesFileYaml()` to a file listed in Prometheus' `rule_files`. */
  public static readonly RULES_FILE_ONLY = new AlertsOutput('rules-file-only');

  /** The output's name, for messages. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }
}
