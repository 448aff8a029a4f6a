/**
 * Istio's workload analyzers restated:
 * - IST0174 UnknownDestinationRuleHost: a DestinationRule host that is no Service nor ServiceEntry host;
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

/** IST0173: subsets selecting no pod; IST0174 UnknownDestinationRuleHost: a DestinationRule whose host is no Service nor ServiceEntry host. */
export function subsetPodFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = [];
  for (const dr of cluster.objects.filter((o) => isIstio(o, 'DestinationRule'))) {
    const fqdn = toFqdn(dr.spec?.host ?? '', ns(dr));
    const svc = cluster.services.find((s) => `${s.metadata.name}.${ns(s)}.svc.cluster.local` === fqdn);
    if (!svc) {
      const entry = cluster.objects.some((o) => isIstio(o, 'ServiceEntry') && (o.spec?.hosts ?? []).some((h: string) => h === fqdn || (h.startsWith('*') && fqdn.endsWith(h.slice(1)))));
      if (!entry) out.push(finding('IST0174', 'UnknownDestinationRuleHost', dr, `The host ${dr.spec?.host} defined in the DestinationRule does not match any services in the mesh.`));
      continue;
    }
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

/**
 * IST0116 DeploymentAssociatedToMultipleServices (one port, different protocols) and IST0137
 * DeploymentConflictingPorts (one targetPort behind different Service ports), over the Services selecting a
 * Deployment's pods in its namespace (deployment/services.go; every Deployment is taken as in the mesh).
 */
export function serviceAssociationFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = [];
  for (const d of cluster.objects.filter((o) => isCore(o, 'Deployment'))) {
    const labels = d.spec?.template?.metadata?.labels ?? {};
    const services = cluster.services.filter((s) => ns(s) === ns(d) && Object.keys(s.spec?.selector ?? {}).length > 0 && selects(s.spec.selector, labels));
    const protocols = new Map<number, Map<string, string[]>>();
    const targets = new Map<string, Map<number, string>>();
    for (const s of services) {
      const name = `${ns(s)}/${s.metadata.name}`;
      for (const p of s.spec?.ports ?? []) {
        const byProtocol = protocols.get(p.port) ?? new Map<string, string[]>();
        const protocol = p.protocol ?? 'TCP';
        byProtocol.set(protocol, [...(byProtocol.get(protocol) ?? []), name]);
        protocols.set(p.port, byProtocol);
        const tp = p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '' ? String(p.port) : String(p.targetPort);
        const byPort = targets.get(tp) ?? new Map<number, string>();
        byPort.set(p.port, name);
        targets.set(tp, byPort);
      }
    }
    for (const [port, byProtocol] of protocols) {
      if (byProtocol.size < 2) continue;
      const names = [...byProtocol.values()].flat().sort();
      out.push(finding('IST0116', 'DeploymentAssociatedToMultipleServices', d, `This deployment ${d.metadata.name} is associated with multiple services using port ${port} but different protocols: [${names.join(' ')}]`));
    }
    for (const [tp, byPort] of targets) {
      if (byPort.size < 2) continue;
      out.push(finding('IST0137', 'DeploymentConflictingPorts', d, `This deployment ${d.metadata.name} is associated with multiple services [${[...byPort.values()].sort().join(' ')}] using targetPort "${tp}" but different ports: [${[...byPort.keys()].sort((a, b) => a - b).join(' ')}].`));
    }
  }
  return out;
}
