export * from './route-model';
export * from './route-problems';
export * from './match-helpers';
export * from './user-agent';
