export * from './version-services';
export * from './gateway';
export * from './route-rules';
export * from './route-problems';
export * from './gateway-api-routing';
