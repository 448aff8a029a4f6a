/**
 * Istio's gateway analyzers (pkg/config/analysis/analyzers/gateway) restated:
 * - IST0101 ReferencedResourceNotFound (selector): a Gateway whose selector matches no pod;
 * - IST0162 GatewayPortNotDefinedOnService: a server port that no Service of the selected pods exposes
 *   (neither as a TCP port nor as a targetPort);
 * - IST0145 ConflictingGateways: two Gateways on the same workload (same selector, or overlapping selectors
 *   sharing a pod) and the same port that both name the same host with the same bind.
 */
import { Cluster, selectorString, selects } from './cluster';
import { Finding, finding, isIstio, ns } from './finding';

/** IST0101 (gateway selector) and IST0162. */
export function gatewayPortFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = [];
  for (const gw of cluster.objects.filter((o) => isIstio(o, 'Gateway'))) {
    const selector: Record<string, string> = gw.spec?.selector ?? {};
    const pods = cluster.pods.filter((p) => selects(selector, p.labels));
    if (pods.length === 0) {
      out.push(finding('IST0101', 'ReferencedResourceNotFound', gw, `Referenced selector not found: "${selectorString(selector)}"`));
      continue;
    }
    const targetPorts = new Set<number>();
    const servicePorts = new Set<number>();
    for (const pod of pods) {
      for (const svc of cluster.services.filter((s) => ns(s) === pod.namespace && selects(s.spec?.selector, pod.labels))) {
        for (const p of svc.spec?.ports ?? []) {
          if ((p.protocol ?? 'TCP') !== 'TCP') continue;
          if (typeof p.targetPort === 'number' && p.targetPort !== 0) {
            targetPorts.add(p.targetPort);
            servicePorts.add(p.port);
          } else {
            targetPorts.add(p.port);
          }
        }
      }
    }
    for (const server of gw.spec?.servers ?? []) {
      const n = server.port?.number;
      if (n === undefined || targetPorts.has(n) || servicePorts.has(n)) continue;
      out.push(finding('IST0162', 'GatewayPortNotDefinedOnService', gw,
        `The gateway is listening on a target port (port ${n}) that is not defined in the Service associated with its workload instances (Pod selector ${selectorString(selector)}).`));
    }
  }
  return out;
}

/** IST0145 ConflictingGateways. */
export function conflictingGatewayFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = [];
  const gateways = cluster.objects.filter((o) => isIstio(o, 'Gateway'));
  const sameWorkload = (a: Record<string, string>, b: Record<string, string>) => {
    const sa = selectorString(a);
    const sb = selectorString(b);
    if (sa === sb) return true;
    if (!sa.includes(sb) && !sb.includes(sa)) return false;
    return cluster.pods.some((p) => selects(a, p.labels) && selects(b, p.labels));
  };
  for (const gw of gateways) {
    const selector = gw.spec?.selector ?? {};
    for (const server of gw.spec?.servers ?? []) {
      const port = server.port?.number;
      const bind = server.bind ?? '';
      const hosts: string[] = server.hosts ?? [];
      const others = gateways.filter((o) => o !== gw && sameWorkload(selector, o.spec?.selector ?? {})
        && (o.spec?.servers ?? []).some((s: any) => s.port?.number === port && (s.bind ?? '') === bind && (s.hosts ?? []).some((h: string) => hosts.includes(h))));
      if (others.length === 0) continue;
      const names = others.map((o) => `${ns(o)}/${o.metadata.name}`).sort().join(',');
      out.push(finding('IST0145', 'ConflictingGateways', gw, `Conflict with gateways ${names} (workload selector ${selectorString(selector)}, port ${port}, hosts ${hosts.join(',')}).`));
    }
  }
  return out;
}
