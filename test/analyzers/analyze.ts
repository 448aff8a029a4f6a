/**
 * `istioctl analyze` and Istio's validating webhook, restated for the objects this library emits:
 * `analyze(manifests)` returns every finding of every check on the cluster the manifests make (with the
 * DEFAULT profile's ingress gateway unless they bring their own). See the modules for each check.
 */
import { Cluster, ClusterOptions } from './cluster';
import { Finding } from './finding';
import { conflictingGatewayFindings, gatewayPortFindings } from './gateway-analyzers';
import { conflictingMeshHostFindings, virtualServiceReferenceFindings } from './virtual-service-analyzers';
import { webhookFindings } from './webhook';
import { applicationUidFindings, portNameFindings, serviceAssociationFindings, subsetPodFindings } from './workload-analyzers';

/** Every check, by the codes it reports. */
export const CHECKS: Record<string, (c: Cluster) => Finding[]> = {
  'webhook, IST0130, IST0131': (c) => webhookFindings(c.objects),
  'IST0101 (selector), IST0162': gatewayPortFindings,
  'IST0145': conflictingGatewayFindings,
  'IST0101 (gateway, host, port, subset), IST0112, IST0132, IST0140': virtualServiceReferenceFindings,
  'IST0109': conflictingMeshHostFindings,
  'IST0173, IST0174': subsetPodFindings,
  'IST0116, IST0137': serviceAssociationFindings,
  'IST0144': applicationUidFindings,
  'IST0118': portNameFindings,
};

/** Every finding on the cluster `manifests` make; the modelled ingress gateway itself is not reported on. */
export function analyze(manifests: readonly any[], options: ClusterOptions = {}): Finding[] {
  const cluster = new Cluster(manifests, options);
  const ids = new Set(manifests.map((o) => `${o.kind}/${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`));
  return Object.values(CHECKS).flatMap((check) => check(cluster)).filter((f) => ids.has(f.object));
}
