// The public API of the Istio ambient provider: lib/index.ts re-exports exactly this (the folder's
// index.ts also exports its internals, for tests).
export { IstioAmbientProvider, type IstioAmbientTrafficOptions } from './provider';
export { IstioAmbientRouting, type IstioAmbientRoutingProps } from './ambient-routing';
export { type WaypointOptions } from './waypoint';
export { type AmbientIngressOptions } from './ambient-ingress';
export { type AmbientRouting, type AmbientVersion } from './ambient-routes';
