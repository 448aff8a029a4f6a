export * from './prometheus-duration';
export * from './golden-signals';
export * from './watched-rollout';
export * from './alert-rules';
export * from './alerts-output';
export * from './rollout-alerts';
