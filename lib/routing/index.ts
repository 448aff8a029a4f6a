export * from './route-model';
export * from './route-problems';
