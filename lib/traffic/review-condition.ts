import { SimRequest } from './sim-types';

/** One condition: a label for the table and a request that meets it. */
export interface ReviewCondition {
  /** Human-readable description, e.g. `demo4.a.com via test1/demo4-gateway: header cookie ~ ^(.*?;)?(user=test)(;.*)?$`. */
  readonly label: string;
  /** The request simulated for it. */
  readonly request: SimRequest;
  /** Why the request may not be representative (no sample for a regex), when that happens. @default - none */
  readonly note?: string;
  /** Kind of the traffic provider whose objects the condition comes from, i.e. whose reader simulates it. @default 'istio' */
  readonly api?: string;
}

/** Host used for gateway requests when the VirtualService only lists wildcards. */
export const ANY_HOST = 'www.example.com';

/** True for a host inside the cluster (a Service name, `name.namespace` or an FQDN). */
export function isClusterHost(host: string): boolean {
  return host.endsWith('.svc.cluster.local') || !host.includes('.') || host.split('.').length === 2;
}

/** A host a request can be sent to for a host pattern (`*` and `*.a.com` become example hosts). */
export function concreteHost(host: string): string {
  if (host === '*') return ANY_HOST;
  if (host.startsWith('*.')) return `www.${host.slice(2)}`;
  return host;
}

/** The representative request of one match block: its description, the request, and values no sample was found for. */
export interface Built {
  readonly parts: string[];
  readonly request: Partial<SimRequest> & { headers?: Record<string, string> };
  readonly missing: string[];
}
