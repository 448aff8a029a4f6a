export * from './route-model';
export * from './route-problems';
export * from './match-helpers';
export * from './user-agent';
export * from './traffic-api';
export * from './traffic-routing';
