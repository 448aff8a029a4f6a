/**
 * The cluster the manifests are applied to, as the analyzers see it: the manifests, plus Istio's
 * DEFAULT-profile ingress gateway (unless the manifests deploy their own), plus the pods the
 * Deployments run.
 */
import { isCore, ns } from './finding';

/** Namespace of the default ingress gateway. */
export const INGRESS_NAMESPACE = 'istio-system';
/** Pod labels of the default profile's ingress gateway (what `selector: {istio: ingressgateway}` picks). */
export const INGRESS_LABELS = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

/**
 * The DEFAULT profile's `istio-ingressgateway` (istio-system): a Deployment with the labels above and its
 * Service, ports 15021 (status-port), 80→8080 (http2), 443→8443 (https).
 */
export function defaultIngressGateway(): any[] {
  const metadata = { name: 'istio-ingressgateway', namespace: INGRESS_NAMESPACE, labels: INGRESS_LABELS };
  return [
    {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata,
      spec: { replicas: 1, selector: { matchLabels: INGRESS_LABELS }, template: { metadata: { labels: INGRESS_LABELS }, spec: { containers: [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.30.3' }] } } },
    },
    {
      apiVersion: 'v1', kind: 'Service', metadata,
      spec: {
        type: 'LoadBalancer', selector: INGRESS_LABELS,
        ports: [
          { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
          { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
        ],
      },
    },
  ];
}

/** A pod the cluster runs: a Deployment with replicas > 0 runs pods with its template labels. */
export interface Pod {
  /** Namespace. */
  readonly namespace: string;
  /** The Deployment it belongs to. */
  readonly deployment: string;
  /** Pod labels. */
  readonly labels: Record<string, string>;
}

/** Does `selector` (a label map) select `labels`? An empty selector selects everything. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/** `k=v,k2=v2`, sorted by key: how Kubernetes prints a label selector (Istio's messages use it). */
export function selectorString(selector: Record<string, string> | undefined): string {
  return Object.keys(selector ?? {}).sort().map((k) => `${k}=${selector![k]}`).join(',');
}

/** Options of `clusterOf`. */
export interface ClusterOptions {
  /**
   * Add the default profile's ingress gateway. `auto` adds it unless the manifests deploy a Deployment
   * labelled `istio: ingressgateway` (with a Service) of their own.
   * @default 'auto'
   */
  readonly defaultIngress?: 'auto' | boolean;
}

/** Everything the analyzers read: objects (manifests and the modelled gateway) and the pods. */
export class Cluster {
  /** Every object, the manifests first. */
  public readonly objects: readonly any[];
  /** Pods of every Deployment with replicas > 0 (one entry per Deployment). */
  public readonly pods: readonly Pod[];

  constructor(manifests: readonly any[], options: ClusterOptions = {}) {
    const mode = options.defaultIngress ?? 'auto';
    const ownsIngress = manifests.some((o) => isCore(o, 'Deployment') && o.spec?.template?.metadata?.labels?.istio === 'ingressgateway')
      && manifests.some((o) => isCore(o, 'Service') && o.spec?.selector?.istio === 'ingressgateway');
    const add = mode === true || (mode === 'auto' && !ownsIngress);
    this.objects = [...manifests, ...(add ? defaultIngressGateway() : [])];
    this.pods = this.objects
      .filter((o) => isCore(o, 'Deployment') && (o.spec?.replicas ?? 1) > 0)
      .map((d) => ({ namespace: ns(d), deployment: d.metadata.name, labels: d.spec?.template?.metadata?.labels ?? {} }));
  }

  /** Core Services. */
  public get services(): any[] {
    return this.objects.filter((o) => isCore(o, 'Service'));
  }
}
