export * from './multi-service-stages';
export * from './release-rules';
export * from './release-spec';
export * from './release-problems';
export * from './release-sidecars';
export * from './multi-service-plan';
export * from './released-service';
export * from './multi-service-release';
