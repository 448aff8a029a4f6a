/**
 * For any valid thresholds and golden-signal limits, the rendered alerts parse as PromQL and their
 * top-level comparisons carry exactly the declared numbers (read from the parse tree).
 */
import { App, Chart, Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { CanaryService, GoldenSignalAlerts, RolloutAlerts } from '../../lib';
import { comparison, promqlErrors, THRESHOLDS } from './support';

const percent = fc.double({ min: 0, max: 100, noNaN: true });
const positive = fc.double({ min: 0.001, max: 1e6, noNaN: true });

test('declared numbers are the rendered thresholds, for any valid input', () => {
  fc.assert(fc.property(percent, fc.double({ min: 0.001, max: 100, noNaN: true }), positive, positive, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 600 }),
    fc.double({ min: 0.001, max: 99.999, noNaN: true }), (err, success, avg, p99, checks, intervalS, memory) => {
      const app = new App();
      const chart = new Chart(app, 'test', { namespace: 'ns' });
      const canary = new CanaryService(chart, 'web', { name: 'web', stable: { name: 'v1', image: 'web:1.0.0' }, canary: { name: 'v2', image: 'web:2.0.0' }, stages: [10], stage: 'canary-10' });
      const alerts = new RolloutAlerts(canary, 'alerts', {
        rollout: canary,
        thresholds: { ...THRESHOLDS, maxErrorRatePercent: err, minSuccessRatePercent: success, maxAverageLatencyMs: avg, maxP99LatencyMs: p99, failedChecksBeforeRollback: checks, interval: Duration.seconds(intervalS), errorRateWindow: Duration.seconds(intervalS * 2) },
        goldenSignals: new GoldenSignalAlerts({ maxTrafficSwingPercent: avg, maxErrorRatePercent: err, maxP99LatencyMs: p99, minNodeMemoryAvailablePercent: memory }),
      });
      app.synthYaml();
      const rules = alerts.groups.flatMap((g) => g.rules);
      for (const r of rules) expect(promqlErrors(r.expr)).toEqual([]);
      const threshold = (name: string) => comparison(rules.find((r) => r.alert === name)!.expr).threshold;
      expect([threshold('RollbackErrorRateHigh'), threshold('RollbackSuccessRateLow'), threshold('RollbackAverageLatencyHigh'), threshold('RollbackP99LatencyHigh')]).toEqual([err, success, avg, p99]);
      expect([threshold('GoldenTrafficSwing'), threshold('GoldenErrorRateHigh'), threshold('GoldenP99LatencyHigh'), threshold('GoldenNodeMemoryLow')]).toEqual([avg, err, p99, memory]);
    }), { numRuns: 100 });
});
