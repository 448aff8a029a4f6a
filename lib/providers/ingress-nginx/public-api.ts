// The public API of the ingress-nginx provider: lib/index.ts re-exports exactly this (the folder's
// index.ts also exports its internals, for tests).
export { IngressNginxProvider, type IngressNginxTrafficOptions } from './provider';
export { IngressNginxRouting, type IngressNginxRoutingProps } from './ingress-objects';
export { type IngressNginxInput, type IngressNginxVersion } from './ingress-input';
export { type CanaryPlan as IngressNginxCanaryPlan, type CanaryHeader as IngressNginxCanaryHeader, type NginxPathType } from './canary-plan';
