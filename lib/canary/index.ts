export * from './canary-stages';
export * from './canary-service';
