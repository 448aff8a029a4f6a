/**
 * RolloutAlerts: PrometheusRules valid against the vendored Prometheus Operator CRD, every
 * expression valid PromQL, the thresholds in the expressions equal to the declared ones, every alert
 * naming the rollout, version and stage to roll back, and the same rules as a plain rules file.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as YAML from 'yaml';
import {
  AlertsOutput, BlueGreenService, renderAllStages, CanaryService, GoldenSignalAlerts, HeaderRoute, prometheusDuration,
  RolloutAlerts, RolloutAlertsProps, STAGE_OVERRIDES_CONTEXT, cookie,
} from '../../lib';
import { rollbackQueries } from '../../lib/progressive/promql';
import { resolveThresholds } from '../../lib/progressive/thresholds';
import { PaymentAlertsChart } from '../../examples/alerts/alerts';
import { expectValidManifests } from '../support/schema';
import { comparison, prometheusRuleErrors, promqlErrors, THRESHOLDS } from './support';

const V1 = { name: 'v1', image: 'mritd/demo:1.0.0' };
const V2 = { name: 'v2', image: 'mritd/demo:2.0.0' };

interface Built { manifests: any[]; alerts: RolloutAlerts }

/** A demo4 canary at `stage` with alerts, synthesized (validation runs). */
function canaryAlerts(stage = 'canary-10', extra: Partial<RolloutAlertsProps> = {}): Built {
  const app = new App();
  const chart = new Chart(app, 'test', { namespace: 'test1', disableResourceNameHashes: true });
  const canary = new CanaryService(chart, 'demo4', { name: 'demo4', stable: V1, canary: V2, stages: [10, 50], stage });
  const alerts = new RolloutAlerts(chart, 'alerts', { rollout: canary, thresholds: THRESHOLDS, goldenSignals: GoldenSignalAlerts.seed000(), ...extra });
  app.synthYaml();
  return { manifests: chart.toJson(), alerts };
}

function ruleOf(m: any[]): any {
  const rules = m.filter((o) => o.kind === 'PrometheusRule');
  expect(rules).toHaveLength(1);
  return rules[0];
}

function alertsOf(rule: any): any[] {
  return rule.spec.groups.flatMap((g: any) => g.rules);
}

function byName(rule: any, alert: string): any {
  return alertsOf(rule).find((r: any) => r.alert === alert);
}

describe('RolloutAlerts on a canary', () => {
  const { manifests, alerts } = canaryAlerts();
  const rule = ruleOf(manifests);

  test('the PrometheusRule is valid against the vendored CRD schema; the other objects against theirs', () => {
    expect(prometheusRuleErrors(rule)).toEqual([]);
    expect(rule.metadata).toEqual({ name: 'demo4-rollout-alerts', namespace: 'test1', labels: { app: 'demo4' } });
    expectValidManifests(manifests); // the shared harness knows PrometheusRule too (from crds/)
  });

  test('the schema check catches a bad object (so a pass means something)', () => {
    const bad = JSON.parse(JSON.stringify(rule));
    bad.spec.groups[0].rules[0].for = '3 minutes';
    bad.spec.groups[0].rules[0].severity = 'critical';
    expect(prometheusRuleErrors(bad)).toEqual([
      expect.stringMatching(/^\/spec\/groups\/0\/rules\/0 must NOT have additional properties/),
      expect.stringMatching(/^\/spec\/groups\/0\/rules\/0\/for must match pattern/),
    ]);
    // Each CRD pattern is its own (Go syntax, case-insensitive here): "WARN" passes, "nope" does not.
    const strategy = (v: string) => prometheusRuleErrors({ ...rule, spec: { groups: [{ ...rule.spec.groups[0], partial_response_strategy: v }] } });
    expect(strategy('WARN')).toEqual([]);
    expect(strategy('nope')).toEqual([expect.stringMatching(/^\/spec\/groups\/0\/partial_response_strategy must match pattern "\^\(\?i\)\(abort\|warn\)\?\$"/)]);
  });

  test('every expression is valid PromQL (the official Prometheus grammar), and the check catches a bad one', () => {
    for (const r of alertsOf(rule)) expect([r.alert, promqlErrors(r.expr)]).toEqual([r.alert, []]);
    expect(promqlErrors('sum(rate(x[1m]) > ')).not.toEqual([]);
  });

  test('the rollback alerts are the engines\' checks: same PromQL, the declared thresholds as the comparison', () => {
    const q = rollbackQueries('destination_workload_namespace="test1",destination_workload="demo4-v2"', resolveThresholds(THRESHOLDS));
    const expected: Array<[string, string, string, number]> = [
      ['RollbackErrorRateHigh', q.errorRatePercent, '>', THRESHOLDS.maxErrorRatePercent],
      ['RollbackAverageLatencyHigh', q.averageLatencyMs, '>', THRESHOLDS.maxAverageLatencyMs],
      ['RollbackSuccessRateLow', q.successRatePercent, '<', THRESHOLDS.minSuccessRatePercent],
    ];
    expect(rule.spec.groups[0].rules.map((r: any) => r.alert)).toEqual(expected.map((e) => e[0]));
    for (const [name, query, op, threshold] of expected) {
      const r = byName(rule, name);
      expect(r.expr.startsWith(query)).toBe(true);
      expect(comparison(r.expr)).toEqual({ op, threshold });
      expect(r.for).toBeUndefined(); // one failed check rolls back
    }
    expect(byName(rule, 'RollbackErrorRateHigh').expr).toContain('[2m:30s]'); // the 2-minute window
    expect(rule.spec.groups[0]).toMatchObject({ name: 'demo4-rollback', interval: '1m' });
  });

  test('the seed 000 §4.1 golden signals: ±50% traffic, error rate > 0.5% for 3m, p99 > 800 ms, node memory < 20%', () => {
    const golden = rule.spec.groups[1];
    expect(golden.name).toBe('demo4-golden-signals');
    const got = golden.rules.map((r: any) => [r.alert, comparison(r.expr), r.for]);
    expect(got).toEqual([
      ['GoldenTrafficSwing', { op: '>', threshold: 50 }, '5m'],
      ['GoldenErrorRateHigh', { op: '>', threshold: 0.5 }, '3m'],
      ['GoldenP99LatencyHigh', { op: '>', threshold: 800 }, '5m'],
      ['GoldenNodeMemoryLow', { op: '<', threshold: 20 }, '5m'],
    ]);
    expect(byName(rule, 'GoldenTrafficSwing').expr).toContain('destination_canonical_service="demo4"}[1m] offset 1d');
    expect(byName(rule, 'GoldenP99LatencyHigh').expr).toContain('histogram_quantile(0.99,');
    expect(byName(rule, 'GoldenNodeMemoryLow').expr).toBe('node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes * 100 < 20');
  });

  test('every alert names the rollout, the version and the stage, has a severity and says how to roll back', () => {
    for (const r of alertsOf(rule)) {
      expect(Object.keys(r.labels).sort()).toEqual(['rollout', 'severity', 'stage', 'version']);
      expect(r.labels).toMatchObject({ rollout: 'demo4', version: 'v2', stage: 'canary-10' });
      expect(r.annotations.runbook_action).toContain('Roll back demo4 v2 (back towards v1)');
      expect(r.annotations.summary).toBeTruthy();
    }
    expect(rule.spec.groups[0].rules.every((r: any) => r.labels.severity === 'critical')).toBe(true);
    expect(rule.spec.groups[1].rules.every((r: any) => r.labels.severity === 'warning')).toBe(true);
    expect(byName(rule, 'RollbackErrorRateHigh').annotations.runbook_action).toBe(
      'Roll back demo4 v2 (back towards v1): "canary-10" is the first stage, so revert the pull request that started the release of v2 and apply it.');
  });

  test('at a later stage the alerts name it and point back to the stage before', () => {
    const later = ruleOf(canaryAlerts('canary-50').manifests);
    for (const r of alertsOf(later)) expect(r.labels.stage).toBe('canary-50');
    expect(byName(later, 'RollbackSuccessRateLow').annotations.runbook_action).toBe(
      'Roll back demo4 v2 (back towards v1): set the rollout\'s stage from "canary-50" to the previous stage "canary-10" in a pull request and apply it (to render it once: ROLLOUT_STAGE=demo4=canary-10).');
    const promoted = ruleOf(canaryAlerts('promoted').manifests);
    expect(byName(promoted, 'RollbackErrorRateHigh').labels).toMatchObject({ version: 'v2', stage: 'promoted' });
    expect(byName(promoted, 'RollbackErrorRateHigh').annotations.runbook_action).toContain('Roll back demo4 v2: set the rollout\'s stage from "promoted" to the previous stage "canary-50"');
  });

  test('several failed checks before rolling back become a `for` of that many intervals minus one', () => {
    const r = ruleOf(canaryAlerts('canary-10', { thresholds: { ...THRESHOLDS, failedChecksBeforeRollback: 3, interval: Duration.seconds(30), errorRateWindow: Duration.seconds(90), maxP99LatencyMs: 1000 } }).manifests);
    expect(r.spec.groups[0].interval).toBe('30s');
    expect(r.spec.groups[0].rules.map((x: any) => [x.alert, x.for])).toEqual([
      ['RollbackErrorRateHigh', '1m'], ['RollbackAverageLatencyHigh', '1m'], ['RollbackSuccessRateLow', '1m'], ['RollbackP99LatencyHigh', '1m'],
    ]);
    expect(comparison(byName(r, 'RollbackP99LatencyHigh').expr)).toEqual({ op: '>', threshold: 1000 });
    expect(byName(r, 'RollbackErrorRateHigh').expr).toContain('[90s:30s]');
    expect(prometheusRuleErrors(r)).toEqual([]);
  });

  test('the plain rules file holds the same groups, and parses as YAML without anchors', () => {
    const text = alerts.rulesFileYaml();
    expect(text).not.toMatch(/[&*]a\d/);
    expect(YAML.parse(text)).toEqual({ groups: rule.spec.groups });
    expect(Object.keys(YAML.parse(text).groups[0])).toEqual(['name', 'interval', 'rules']);
  });

  test('RULES_FILE_ONLY emits no object; the rules file is the same', () => {
    const only = canaryAlerts('canary-10', { output: AlertsOutput.RULES_FILE_ONLY });
    expect(only.manifests.filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
    expect(only.alerts.prometheusRule).toBeUndefined();
    expect(only.alerts.rulesFileYaml()).toBe(alerts.rulesFileYaml());
  });

  test('without golden signals there is only the rollback group', () => {
    const r = ruleOf(canaryAlerts('canary-10', { goldenSignals: undefined }).manifests);
    expect(r.spec.groups.map((g: any) => g.name)).toEqual(['demo4-rollback']);
  });

  test('byte-identical output for the same input', () => {
    expect(JSON.stringify(canaryAlerts().manifests)).toBe(JSON.stringify(manifests));
  });

  test('the stage renderer\'s override reaches the alerts', () => {
    const app = new App();
    app.node.setContext(STAGE_OVERRIDES_CONTEXT, { 'test/demo4': 'canary-50' });
    const chart = new Chart(app, 'test', { namespace: 'test1' });
    const canary = new CanaryService(chart, 'demo4', { name: 'demo4', stable: V1, canary: V2, stages: [10, 50], stage: 'canary-10' });
    const a = new RolloutAlerts(chart, 'alerts', { rollout: canary, thresholds: THRESHOLDS });
    expect(a.watched?.stage).toBe('canary-50');
  });
});

describe('RolloutAlerts reads the watched version from other rollouts', () => {
  function watch(define: (chart: Chart) => any, version?: string) {
    const app = new App();
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    const rollout = define(chart);
    const a = new RolloutAlerts(chart, 'alerts', { rollout, thresholds: THRESHOLDS, ...(version ? { version } : {}) });
    app.synthYaml();
    return a.watched;
  }

  test('a HeaderRoute: its last running version; another one on request', () => {
    const route = (c: Chart) => new HeaderRoute(c, 'forecast', {
      name: 'forecast', versions: [V1, V2], stage: 'testers',
      stages: [{ name: 'testers', routes: [{ matches: [cookie('user', 'tester')], to: 'v2' }], default: 'v1' }],
    });
    expect(watch(route)).toMatchObject({ app: 'forecast', version: 'v2', deployment: 'forecast-v2', stage: 'testers', otherVersions: ['v1'] });
    expect(watch(route, 'v1')).toMatchObject({ version: 'v1', deployment: 'forecast-v1', otherVersions: ['v2'] });
  });

  test('a BlueGreenService: the green version', () => {
    const bg = (c: Chart) => new BlueGreenService(c, 'shop', { name: 'shop', blue: V1, green: V2, stage: 'preview' });
    expect(watch(bg)).toMatchObject({ app: 'shop', namespace: 'shop', version: 'v2', stage: 'preview' });
  });
});

describe('examples/alerts (seed 000 payment service)', () => {
  function synth(stage?: string) {
    const app = new App();
    const chart = new PaymentAlertsChart(app, 'payment-alerts', stage ? { stage } : {});
    app.synthYaml();
    return chart.toJson();
  }

  test('every stage renders a valid PrometheusRule for the canary v2-3-5, labelled with the stage', () => {
    for (const stage of ['canary-5', 'canary-25', 'canary-100', 'promoted']) {
      const m = synth(stage);
      const r = ruleOf(m);
      expect(prometheusRuleErrors(r)).toEqual([]);
      for (const a of alertsOf(r)) expect(a.labels).toMatchObject({ rollout: 'payment', version: 'v2-3-5', stage });
      for (const a of alertsOf(r)) expect(promqlErrors(a.expr)).toEqual([]);
    }
    expectValidManifests(synth());
  });
});

describe('prometheusDuration', () => {
  test.each([[0, '0s'], [1, '1ms'], [1500, '1s500ms'], [60_000, '1m'], [90_000, '1m30s'], [3_600_000, '1h'], [86_400_000, '1d'], [90_061_001, '1d1h1m1s1ms']])('%d ms -> %s', (ms, text) => {
    expect(prometheusDuration(ms)).toBe(text);
    expect(text).toMatch(/^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/);
  });
});

describe('RolloutAlerts and the all-stages renderer', () => {
  test('placed below the rollout, every stage folder holds that stage\'s PrometheusRule', () => {
    const stages = renderAllStages((app: App) => { new PaymentAlertsChart(app, 'payment-alerts'); });
    const rendered = stages.filter((s: any) => s.rolloutPath === 'payment-alerts/payment');
    expect(rendered.map((s: any) => s.stage)).toEqual(['canary-5', 'canary-25', 'canary-45', 'canary-65', 'canary-85', 'canary-100', 'promoted']);
    for (const s of rendered) {
      const rule = s.manifests.find((o: any) => o.kind === 'PrometheusRule');
      expect(rule.spec.groups[0].rules[0].labels.stage).toBe(s.stage);
    }
  });
});
