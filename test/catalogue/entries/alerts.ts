import { Progression } from '../../../lib';
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CanaryService, GoldenSignalAlerts, GoldenSignalAlertsProps, IRollout, MultiServiceRelease, RolloutAlerts, RolloutAlertsProps,
} from '../../../lib';
import { THRESHOLDS } from '../../alerts/support';
import { VALID_CANARY } from './canary';
import { VALID_RELEASE } from './multi-service';
import { CatalogueEntry, exact, propsExample } from '../catalogue';

const GOLDEN = 'lib/alerts/golden-signals.ts';
const DURATION = 'lib/alerts/prometheus-duration.ts';
const WATCH = 'lib/alerts/watched-rollout.ts';

/** Seed 000 §4.1's golden signals, as props (entries override one). */
const SEED_GOLDEN: GoldenSignalAlertsProps = GoldenSignalAlerts.seed000().settings;

/** RolloutAlerts `alerts` on the catalogue's canary `demo4`, with `overrides`. */
function alertsEntry(id: string, source: string, example: string, overrides: Partial<RolloutAlertsProps>, message: RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    id: `alerts/${id}`,
    construct: 'RolloutAlerts',
    source,
    example,
    define: (chart: Chart) => {
      const canary = new CanaryService(chart, 'demo4', VALID_CANARY);
      new RolloutAlerts(chart, 'alerts', { rollout: canary, thresholds: THRESHOLDS, ...overrides });
    },
    path: 'alerts',
    message,
    ...extra,
  };
}

function goldenEntry(id: string, overrides: Partial<GoldenSignalAlertsProps>, message: RegExp, source = GOLDEN, shown?: string): CatalogueEntry {
  return alertsEntry(id, source, `goldenSignals: new GoldenSignalAlerts({ ...seed000, ${shown ?? propsExample(overrides as Record<string, unknown>)} })`,
    { goldenSignals: new GoldenSignalAlerts({ ...SEED_GOLDEN, ...overrides }) }, message);
}

/** A minimal hand-written rollout that renders nothing. */
class EmptyRollout extends Construct implements IRollout {
  public readonly stageNames = ['only'];
  public readonly activeStage = 'only';
}

export const ALERTS_ENTRIES: CatalogueEntry[] = [
  alertsEntry('threshold-out-of-range', 'lib/progressive/thresholds.ts', 'thresholds: { ...seed000, maxErrorRatePercent: 150 }',
    { thresholds: { ...THRESHOLDS, maxErrorRatePercent: 150 } },
    exact('thresholds.maxErrorRatePercent 150 is not a percentage from 0 to 100. Fix: use a number such as 1.')),
  goldenEntry('golden-traffic-swing', { maxTrafficSwingPercent: 0 },
    exact('goldenSignals.maxTrafficSwingPercent 0 is not a percentage above 0. Fix: use e.g. 50 (alert on a swing of more than ±50%).')),
  goldenEntry('golden-error-rate', { maxErrorRatePercent: 101 },
    exact('goldenSignals.maxErrorRatePercent 101 is not a percentage from 0 to 100. Fix: use e.g. 0.5.')),
  goldenEntry('golden-p99', { maxP99LatencyMs: -1 },
    exact('goldenSignals.maxP99LatencyMs -1 is not a positive number of milliseconds. Fix: use e.g. 800.')),
  goldenEntry('golden-node-memory', { minNodeMemoryAvailablePercent: 100 },
    exact('goldenSignals.minNodeMemoryAvailablePercent 100 is not a percentage above 0 and below 100. Fix: use e.g. 20.')),
  goldenEntry('for-not-a-prometheus-duration', { errorRateFor: Duration.millis(1.5) },
    exact('goldenSignals.errorRateFor 1.5ms is not a Prometheus duration (a whole number of milliseconds, 0 or more). Fix: use e.g. Duration.minutes(3).'), DURATION, 'errorRateFor: Duration.millis(1.5)'),
  alertsEntry('engine-progression', WATCH, "rollout: new CanaryService(chart, 'demo4', { ...canary, progression: Progression.flagger() })", {},
    exact("the rollout's progression is 'flagger': the engine checks the rollback thresholds and rolls back itself, and its stages are not the rollout's active stage. Fix: use RolloutAlerts with progression: Progression.manual() (a pull request per stage), or rely on the engine's own analysis."),
    { define: (chart: Chart) => new RolloutAlerts(chart, 'alerts', { rollout: new CanaryService(chart, 'demo4', { ...VALID_CANARY, progression: Progression.flagger() }), thresholds: THRESHOLDS }) }),
  alertsEntry('no-deployment', WATCH, 'rollout: a hand-written IRollout that renders no Deployment', {},
    exact('the rollout renders no Deployment at stage "only", so there is no version to watch. Fix: give RolloutAlerts a rollout of one application (CanaryService, BlueGreenService, HeaderRoute, TcpCanary) that renders its Deployments.'),
    { define: (chart: Chart) => new RolloutAlerts(chart, 'alerts', { rollout: new EmptyRollout(chart, 'empty'), thresholds: THRESHOLDS }) }),
  alertsEntry('several-applications', WATCH, 'rollout: a MultiServiceRelease (frontend and forecast)', {},
    exact('the rollout renders Deployments of 2 applications (frontend, forecast), and RolloutAlerts watches one. Fix: give RolloutAlerts a rollout of one application (CanaryService, BlueGreenService, HeaderRoute, TcpCanary) that renders its Deployments.'),
    { define: (chart: Chart) => new RolloutAlerts(chart, 'alerts', { rollout: new MultiServiceRelease(chart, 'release', VALID_RELEASE), thresholds: THRESHOLDS }) }),
  alertsEntry('version-not-running', WATCH, "version: 'v3'", { version: 'v3' },
    exact('version "v3" does not run at stage "canary-10" (running: v1, v2). Fix: watch one of the running versions (v1, v2), or leave version out to watch the last one.')),
];
