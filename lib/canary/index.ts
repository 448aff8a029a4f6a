export * from '../stages/canary-stages';
export * from './canary-service';
export * from './replica-split';
