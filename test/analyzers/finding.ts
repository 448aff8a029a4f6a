/**
 * What an analyzer reports: Istio's message code and name (https://istio.io/latest/docs/reference/config/analysis/),
 * or `webhook` for an error Istio's validating webhook would reject the object with.
 */
export interface Finding {
  /** `IST0101` ... or `webhook` (the object is refused at admission). */
  readonly code: string;
  /** Istio's message name, e.g. `ReferencedResourceNotFound`; `Invalid<Kind>` for webhook errors. */
  readonly name: string;
  /** The object the finding is on: `Kind/namespace/name`. */
  readonly object: string;
  /** What is wrong, in the words of Istio's message template where there is one. */
  readonly message: string;
}

/** Namespace of an object (`default` when unset). */
export function ns(o: any): string {
  return o?.metadata?.namespace ?? 'default';
}

/** `Kind/namespace/name` of an object. */
export function objectId(o: any): string {
  return `${o.kind}/${ns(o)}/${o.metadata?.name}`;
}

/** A finding on `o`. */
export function finding(code: string, name: string, o: any, message: string): Finding {
  return { code, name, object: objectId(o), message };
}

/** `Finding`s as one line each, `CODE Kind/ns/name: message`, sorted (for readable test failures). */
export function lines(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.code} ${f.object}: ${f.message}`).sort();
}

const ISTIO = 'networking.istio.io/';
const GATEWAY_API = 'gateway.networking.k8s.io/';

/** Is `o` an Istio networking object of `kind`? */
export function isIstio(o: any, kind: string): boolean {
  return o?.kind === kind && String(o.apiVersion).startsWith(ISTIO);
}

/** Is `o` a Gateway API object of `kind`? */
export function isGatewayApi(o: any, kind: string): boolean {
  return o?.kind === kind && String(o.apiVersion).startsWith(GATEWAY_API);
}

/** Is `o` a core/apps object of `kind` (Service, Deployment, Pod)? */
export function isCore(o: any, kind: string): boolean {
  return o?.kind === kind && (o.apiVersion === 'v1' || o.apiVersion === 'apps/v1');
}
