export * from './api-version';
export * from './destination-rule';
export * from './gateway';
export * from './virtual-service';
export * from './mesh-routing';
