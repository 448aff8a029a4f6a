// Public API of the library.
export * from './validation';
export * from './rollout';
export * from './routing';
export * from './workload';
export * from './providers/istio';
export * from './traffic';
export * from './canary';
export * from './bluegreen';
export * from './tcp';
export * from './header-route';
export * from './multi-service';
export * from './providers/gateway-api';
export * from './providers/gateway-api/simulator';
export * from './progressive';
export * from './review';
