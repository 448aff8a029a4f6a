import { trafficReaders } from '../providers/registry';
import { namespaceOf } from '../traffic/manifest-index';
import { ReviewCondition } from '../traffic/review-condition';

/**
 * The match conditions of a rollout, derived from its manifests (so every construct is covered
 * without describing itself): for every VirtualService and every gateway it is bound to (`mesh`
 * included), one representative request per distinct match block of its rules, plus one request
 * that no condition singles out ("any other request"). A Service without a VirtualService gets one
 * mesh request (its selector decides). Conditions are deduplicated by label.
 */

/**
 * The conditions of one stage's manifests: each registered provider's reader contributes the
 * request classes of its objects (in registry order), then every Service no route sends traffic
 * to gets a mesh request its selector decides. Deduplicated by label.
 */
export function conditionsOf(manifests: readonly any[]): ReviewCondition[] {
  const out: ReviewCondition[] = [];
  const seen = new Set<string>();
  const add = (c: ReviewCondition) => {
    if (seen.has(c.label)) return;
    seen.add(c.label);
    out.push(c);
  };
  const routedServices = new Set<string>();
  for (const { reader } of trafficReaders()) for (const c of reader.conditions(manifests, routedServices)) add(c);
  for (const svc of manifests.filter((m) => m.kind === 'Service' && m.apiVersion === 'v1')) {
    const fqdn = `${svc.metadata.name}.${namespaceOf(svc)}.svc.cluster.local`;
    if (routedServices.has(fqdn)) continue;
    add({ label: `mesh -> ${fqdn}: any request (Service selector)`, request: { host: fqdn, sourceNamespace: namespaceOf(svc) } });
  }
  return out;
}

export type { ReviewCondition };
