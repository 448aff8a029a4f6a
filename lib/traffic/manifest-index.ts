/**
 * Reads synthesized manifests (plain JSON objects, as `chart.toJson()` returns them)
 * into the views the traffic simulator needs. Objects without a namespace are in `default`.
 */

/** A Deployment as the simulator sees it. */
export interface SimDeployment {
  /** Deployment name. */
  readonly name: string;
  /** Namespace (`default` when unset). */
  readonly namespace: string;
  /** Replicas (1 when unset, as Kubernetes defaults it). */
  readonly replicas: number;
  /** Labels of its pod template. */
  readonly podLabels: Record<string, string>;
}

/** A Service as the simulator sees it. */
export interface SimService {
  /** Service name. */
  readonly name: string;
  /** Namespace (`default` when unset). */
  readonly namespace: string;
  /** Pod selector. */
  readonly selector: Record<string, string>;
  /** Service port numbers. */
  readonly ports: number[];
}

/** Any object with metadata; kind-specific fields are read where used. */
export interface SimObject {
  /** API version, e.g. `networking.istio.io/v1`. */
  readonly apiVersion: string;
  /** Kind, e.g. `VirtualService`. */
  readonly kind: string;
  /** Name and namespace. */
  readonly metadata: { name: string; namespace?: string };
  /** The object's spec, read where used. @default - none */
  readonly spec?: any;
}

/** Namespace of an object (`default` when unset). */
export function namespaceOf(o: { metadata?: { namespace?: string } }): string {
  return o.metadata?.namespace ?? 'default';
}

/** Manifests grouped by what the simulator needs. */
export class ManifestIndex {
  /** Deployments, in input order. */
  public readonly deployments: SimDeployment[] = [];
  /** Services (core v1), in input order. */
  public readonly services: SimService[] = [];
  /** Istio VirtualServices (any networking.istio.io version). */
  public readonly virtualServices: SimObject[] = [];
  /** Istio DestinationRules. */
  public readonly destinationRules: SimObject[] = [];
  /** Istio Gateways. */
  public readonly istioGateways: SimObject[] = [];
  /** Everything, in input order. */
  public readonly all: SimObject[];

  constructor(manifests: readonly any[]) {
    this.all = manifests.filter((m) => m && m.kind && m.metadata);
    for (const m of this.all) {
      const group = String(m.apiVersion).split('/')[0];
      if (m.kind === 'Deployment') {
        this.deployments.push({
          name: m.metadata.name,
          namespace: namespaceOf(m),
          replicas: m.spec?.replicas ?? 1,
          podLabels: { ...(m.spec?.template?.metadata?.labels ?? {}) },
        });
      } else if (m.kind === 'Service' && m.apiVersion === 'v1') {
        this.services.push({
          name: m.metadata.name,
          namespace: namespaceOf(m),
          selector: { ...(m.spec?.selector ?? {}) },
          ports: (m.spec?.ports ?? []).map((p: any) => p.port),
        });
      } else if (group === 'networking.istio.io') {
        if (m.kind === 'VirtualService') this.virtualServices.push(m);
        if (m.kind === 'DestinationRule') this.destinationRules.push(m);
        if (m.kind === 'Gateway') this.istioGateways.push(m);
      }
    }
  }

  /** The Service a host names, resolving short names against `defaultNamespace`. */
  public serviceForHost(host: string, defaultNamespace: string): SimService | undefined {
    const fqdn = toFqdn(host, defaultNamespace);
    return this.services.find((s) => `${s.name}.${s.namespace}.svc.cluster.local` === fqdn);
  }

  /** Deployments in `namespace` whose pods carry every label of `selector`. */
  public deploymentsSelectedBy(namespace: string, selector: Record<string, string>): SimDeployment[] {
    if (Object.keys(selector).length === 0) return [];
    return this.deployments.filter((d) => d.namespace === namespace && labelsMatch(selector, d.podLabels));
  }
}

/** True when every key/value of `selector` is in `labels`. */
export function labelsMatch(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * Expands a host to a cluster FQDN the way Istio does for VirtualService and DestinationRule hosts:
 * a short name (`forecast`) or `name.namespace` gets the namespace and `.svc.cluster.local`;
 * anything else (external names, FQDNs, wildcards) stays as it is.
 */
export function toFqdn(host: string, namespace: string): string {
  if (host === '*' || host.startsWith('*.') || host.endsWith('.svc.cluster.local')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  return host;
}
