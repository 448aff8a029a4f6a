import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, GoldenSignalAlerts, RollbackThresholds, RolloutAlerts } from '../../lib';

/**
 * Seed 000 §3.2's rollback rule, written out here (the same numbers as the library's seed 000
 * thresholds): error rate above 1% for 2 minutes, average latency above 500 ms, success rate
 * below 99.9%, checked every minute.
 */
export const PAYMENT_ROLLBACK_THRESHOLDS: RollbackThresholds = {
  maxErrorRatePercent: 1,
  errorRateWindow: Duration.minutes(2),
  maxAverageLatencyMs: 500,
  minSuccessRatePercent: 99.9,
  interval: Duration.minutes(1),
  failedChecksBeforeRollback: 1,
};

/** Properties of `PaymentAlertsChart`. */
export interface PaymentAlertsChartProps {
  /** The stage to render. @default 'canary-5' */
  readonly stage?: string;
}

/**
 * Seed 000: the payment service moves to v2.3.5 in stages (5% first, then +20% per step, §3.2)
 * by pull requests, and Prometheus watches the new version with the seed's rollback conditions
 * (critical alerts) and §4.1's golden signals (warnings). Each alert names the rollout, the version
 * and the stage, and says which stage to go back to. The previous image tag (v2.3.4) is not in
 * the seed. Run with ROLLOUT_STAGE=payment=canary-45 to see the alerts of another stage.
 */
export class PaymentAlertsChart extends Chart {
  /** The canary. */
  public readonly canary: CanaryService;
  /** Its alerts (a PrometheusRule). */
  public readonly alerts: RolloutAlerts;

  constructor(scope: Construct, id: string, props: PaymentAlertsChartProps = {}) {
    super(scope, id, { namespace: 'payments', disableResourceNameHashes: true });
    this.canary = new CanaryService(this, 'payment', {
      name: 'payment',
      stable: { name: 'v2-3-4', image: 'registry/payment:v2.3.4' },
      canary: { name: 'v2-3-5', image: 'registry/payment:v2.3.5' },
      stages: [5, 25, 45, 65, 85, 100],
      stage: props.stage ?? 'canary-5',
      containerPort: 8080,
      readiness: { path: '/health', initialDelaySeconds: 15, periodSeconds: 5 },
      liveness: { path: '/health', initialDelaySeconds: 15, periodSeconds: 10 },
    });
    // Below the rollout, so the all-stages renderer puts each stage's PrometheusRule in that stage's folder.
    this.alerts = new RolloutAlerts(this.canary, 'alerts', {
      rollout: this.canary,
      thresholds: PAYMENT_ROLLBACK_THRESHOLDS,
      goldenSignals: GoldenSignalAlerts.seed000(),
    });
  }
}
