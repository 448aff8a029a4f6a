import { ApiObject } from 'cdk8s';

/**
 * The hosts one routing object claims, as its provider's reader reads them, for the app-level
 * checks (two objects of the same `family` claiming the same host on the same binding clash).
 */
export interface RouteHostClaims {
  /** Claims clash only with claims of the same family (the provider kind, e.g. `istio`). */
  readonly family: string;
  /** Hosts, in the form two claims are compared in (FQDN for in-mesh hosts). */
  readonly hosts: readonly string[];
  /** Where the object is bound: gateways as `namespace/name`, or `mesh`. */
  readonly bindings: readonly string[];
  /** How each binding reads in a message (same order as `bindings`), e.g. `the mesh`, `gateway ns/x`. */
  readonly bindingLabels: readonly string[];
  /** True when every bound gateway must be defined in the app by this family (or declared external). */
  readonly gatewaysMustExist: boolean;
  /** True when one clash message lists every binding of a host; false for one message per binding. */
  readonly oneMessagePerHost: boolean;
  /** Why a clash matters, ending its message (e.g. "which rules apply would depend on Istio's merge order"). */
  readonly clashConsequence: string;
}

/** The part of a provider's reader the app-level checks use (implemented by the Istio and Gateway API readers). */
export interface IRouteClaimReader {
  /** The reference (`namespace/name`) of a gateway object of this provider; undefined for other objects. */
  gatewayOf?(object: ApiObject, namespace: string): string | undefined;
  /** The host claims of a routing object of this provider; undefined for other objects. */
  claims?(object: ApiObject, namespace: string): RouteHostClaims | undefined;
}

const READERS: IRouteClaimReader[] = [];

/** Registers a provider's reader with the app-level checks (once; the provider's module does it when loaded). */
export function registerRouteClaimReader(reader: IRouteClaimReader): void {
  if (!READERS.includes(reader)) READERS.push(reader);
}

/** The registered readers, in registration order. */
export function routeClaimReaders(): readonly IRouteClaimReader[] {
  return READERS;
}

/** The API group of an apiVersion (`''` for the core group). */
export function apiGroupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}
