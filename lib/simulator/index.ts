export * from './simulator';
export * from './route-report';
