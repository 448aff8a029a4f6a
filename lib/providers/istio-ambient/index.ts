// The Istio ambient traffic provider (issue 9): pure renderers, checks and simulators, plus a thin construct.
export * from './waypoint';
export * from './ambient-features';
export * from './release-pinning';
export * from './ambient-problems';
export * from './ambient-ingress';
export * from './ambient-routes';
export * from './ambient-simulator';
export * from './ambient-chain';
export * from './ambient-routing';
export * from './ambient-reader';
export * from './provider';
