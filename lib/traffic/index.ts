export * from './manifest-index';
export * from './istio-match';
export * from './sim-types';
export * from './sample-requests';
