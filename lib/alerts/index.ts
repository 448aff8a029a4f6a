export { RolloutAlerts } from './rollout-alerts';
export type { RolloutAlertsProps } from './rollout-alerts';
export { AlertsOutput } from './alerts-output';
export { GoldenSignalAlerts } from './golden-signals';
export type { GoldenSignalAlertsProps, ResolvedGoldenSignals } from './golden-signals';
export { GOLDEN_SIGNAL_SEVERITY, ROLLBACK_SEVERITY } from './alert-rules';
export type { AlertGroup, AlertRule } from './alert-rules';
export type { WatchedRollout } from './watched-rollout';
export { prometheusDuration } from './prometheus-duration';
