// Public API of the library.
export * from './validation';
export * from './rollout';
export * from './routing';
export * from './workload';
export * from './istio';
export * from './traffic';
export * from './canary';
