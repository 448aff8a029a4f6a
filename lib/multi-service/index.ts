export * from './multi-service-stages';
export * from './release-rules';
export * from './released-service';
export * from './multi-service-release';
