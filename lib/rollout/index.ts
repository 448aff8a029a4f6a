export * from '../app/rollout';
export * from './active-stage';
export * from './render-stages';
export * from './staged-rollout';
export * from './stage-report';
