
/**
 * Istio networking API version. `v1` needs Istio 1.22 or newer; `v1beta1` serves older clusters.
 * The schemas of both are the same for every field this library writes.
 */
export type IstioApiVersion = 'v1' | 'v1beta1';

/** Options every Istio-emitting construct takes. */
export interface IstioOptions {
  /** Istio networking API version of the emitted objects. @default 'v1' */
  readonly istioApiVersion?: IstioApiVersion;
}

/**
 * Picks the generated class for an API version. Specs are built against the v1 types; the v1beta1
 * classes have the same fields, so the same spec object is passed to either.
 */
export function istioClass<V1>(version: IstioApiVersion | undefined, v1: V1, v1beta1: unknown): V1 {
  // The generated v1beta1 enums are distinct TypeScript types with the same values; the JSON is identical.
  return (version === 'v1beta1' ? v1beta1 : v1) as V1;
}

/** The in-cluster FQDN of a Service, e.g. `demo4.test1.svc.cluster.local`. */
export function serviceFqdn(service: string, namespace: string | undefined): string {
  return namespace ? `${service}.${namespace}.svc.cluster.local` : service;
}
