/**
 * Istio's workload analyzers restated:
 * - IST0173 DestinationRuleSubsetNotSelectPods (destinationrule/subset.go): a subset whose labels (with the
 *   host Service's selector) select no running pod, e.g. only a Deployment scaled to 0 replicas;
 * - IST0144 InvalidApplicationUID (deployment/pod.go): a pod or container (other than istio-proxy) running as
 *   UID 1337, the sidecar's;
 * - IST0118 PortNameIsNotUnderNamingConvention (service/portname.go): a Service port whose protocol Istio
 *   cannot tell (neither the name prefix `<protocol>[-suffix]` nor appProtocol), unless the port is a well-known one.
 */
import { Cluster, selects } from './cluster';
import { Finding, finding, isCore, isIstio, ns } from './finding';
import { toFqdn } from './names';

/** The sidecar's UID. */
export const PROXY_UID = 1337;

const PROTOCOLS = ['tcp', 'udp', 'grpc', 'grpc-web', 'http', 'http_proxy', 'http2', 'https', 'tls', 'mongo', 'redis', 'mysql'];
/** Ports Istio does not sniff (SMTP, DNS, MySQL, MongoDB): their protocol is TCP whatever the name. */
const WELL_KNOWN_PORTS = [25, 53, 3306, 27017];

/** IST0173: subsets selecting no pod. (A DestinationRule whose host is no Service is IST0141, not checked here.) */
export function subsetPodFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = [];
  for (const dr of cluster.objects.filter((o) => isIstio(o, 'DestinationRule'))) {
    const fqdn = toFqdn(dr.spec?.host ?? '', ns(dr));
    const svc = cluster.services.find((s) => `${s.metadata.name}.${ns(s)}.svc.cluster.local` === fqdn);
    if (!svc) continue;
    for (const subset of dr.spec?.subsets ?? []) {
      const selector = { ...(svc.spec?.selector ?? {}), ...(subset.labels ?? {}) };
      if (!cluster.pods.some((p) => selects(selector, p.labels))) {
        out.push(finding('IST0173', 'DestinationRuleSubsetNotSelectPods', dr, `The Subset ${subset.name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`));
      }
    }
  }
  return out;
}

/** IST0144 on Deployments and Pods. */
export function applicationUidFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = [];
  for (const o of cluster.objects.filter((x) => isCore(x, 'Deployment') || isCore(x, 'Pod'))) {
    const spec = o.kind === 'Pod' ? o.spec : o.spec?.template?.spec;
    if (!spec || o.metadata?.labels?.istio === 'ingressgateway') continue;
    const message = 'User ID (UID) 1337 is reserved for the sidecar proxy.';
    if (spec.securityContext?.runAsUser === PROXY_UID) out.push(finding('IST0144', 'InvalidApplicationUID', o, message));
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      if (c.name === 'istio-proxy' || c.name === 'istio-operator') continue;
      if (c.securityContext?.runAsUser === PROXY_UID) out.push(finding('IST0144', 'InvalidApplicationUID', o, `${message} (container ${c.name})`));
    }
  }
  return out;
}

/** The protocol Istio reads from a Service port (kube.ConvertProtocol), `undefined` when it cannot tell. */
export function portProtocol(port: any): string | undefined {
  if (port.protocol === 'UDP') return 'udp';
  const name = String(port.appProtocol ?? port.name ?? '');
  if (['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss'].includes(name)) return name;
  if (name.toLowerCase().startsWith('grpc-web')) return 'grpc-web';
  const prefix = name.split('-')[0].toLowerCase();
  if (PROTOCOLS.includes(prefix)) return prefix;
  return WELL_KNOWN_PORTS.includes(port.port) ? 'tcp' : undefined;
}

/** IST0118 on Services (the Istio control plane's own Services excepted). */
export function portNameFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = [];
  for (const svc of cluster.services) {
    if (ns(svc) === 'istio-system' && svc.metadata?.labels?.istio) continue;
    for (const p of svc.spec?.ports ?? []) {
      if (portProtocol(p) === undefined) {
        out.push(finding('IST0118', 'PortNameIsNotUnderNamingConvention', svc, `Port name ${p.name ?? ''} (port: ${p.port}, targetPort: ${p.targetPort ?? p.port}) doesn't follow the naming convention of Istio port.`));
      }
    }
  }
  return out;
}
