// Public API of the library.
export * from './validation';
export * from './rollout';
export * from './routing';
export * from './workload';
export * from './scaling';
export * from './istio';
export * from './traffic';
export * from './canary';
export * from './bluegreen';
export * from './tcp';
export * from './header-route';
export * from './multi-service';
export * from './gateway-api';
export * from './traffic/gateway-api-simulator';
export * from './progressive';
export * from './alerts';
export * from './review';
