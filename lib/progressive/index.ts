export * from './thresholds';
export * from './promql';
export * from './engine-steps';
export * from './match-conversion';
export * from './pod-template';
export * from './flagger-canary';
export * from './argo-rollout';
