export * from './manifest-index';
export * from './istio-match';
export * from './simulator';
export * from './sample-requests';
export * from './route-report';
