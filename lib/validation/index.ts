export * from './problems';
export * from './rules';
