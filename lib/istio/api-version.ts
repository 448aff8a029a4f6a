import { ApiObject, JsonPatch } from 'cdk8s';

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

/** Sets the apiVersion of an Istio object built with the v1 type. */
export function applyIstioApiVersion(obj: ApiObject, version: IstioApiVersion | undefined): void {
  if (version && version !== 'v1') obj.addJsonPatch(JsonPatch.replace('/apiVersion', `networking.istio.io/${version}`));
}

/** The in-cluster FQDN of a Service, e.g. `demo4.test1.svc.cluster.local`. */
export function serviceFqdn(service: string, namespace: string | undefined): string {
  return namespace ? `${service}.${namespace}.svc.cluster.local` : service;
}
