export * from './problems';
export * from './rules';
export * from '../checks/app-checks';
