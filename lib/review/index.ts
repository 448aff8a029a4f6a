export * from '../traffic/regex-sample';
export * from './conditions';
export * from './plan';
export * from './diff';
export * from './load-app';
