export * from './manifest-index';
export * from './istio-match';
export * from './simulator';
