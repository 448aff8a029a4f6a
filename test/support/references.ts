/**
 * Reference checks over synthesized manifests (any construct): every name an object points at
 * resolves to an object of the same manifest set, and every route's weights add up.
 * Returns human-readable problems; `[]` when everything resolves.
 */
import { labelsMatch, ManifestIndex, namespaceOf, toFqdn } from '../../lib/traffic/manifest-index';
import { gatewayRef } from '../../lib/traffic/istio-match';

/** Options of `referenceProblems`. */
export interface ReferenceOptions {
  /** Gateways (`namespace/name`) that exist outside the manifests. @default - none */
  readonly externalGateways?: readonly string[];
}

function id(o: any): string {
  return `${o.kind}/${namespaceOf(o)}/${o.metadata?.name}`;
}

/**
 * - a Deployment's selector matches its own pod template labels;
 * - a Service selects at least one Deployment, and, when it selects by `app` only, every Deployment carrying that label;
 * - a VirtualService route's destination host is a Service of the manifests, its subset is defined by
 *   a DestinationRule for that host, and the subset's labels (with the Service selector) select exactly
 *   one Deployment;
 * - a DestinationRule's subsets each select exactly one Deployment;
 * - a VirtualService's gateways are Gateways of the manifests (or declared external);
 * - the weights of every route rule add up to 100;
 * - Gateway API routes (HTTPRoute, TCPRoute): each parentRef is a Gateway API Gateway of the manifests
 *   (or declared external) or a Service of the manifests; each backendRef is a Service of the
 *   manifests in the route's namespace, with the referenced port, selecting exactly one Deployment;
 *   the weights of every rule add up to 100.
 */
export function referenceProblems(manifests: readonly any[], options: ReferenceOptions = {}): string[] {
  const index = new ManifestIndex(manifests);
  const problems: string[] = [];
  const external = new Set(options.externalGateways ?? []);

  for (const d of manifests.filter((m) => m.kind === 'Deployment')) {
    const selector = d.spec?.selector?.matchLabels ?? {};
    if (Object.keys(selector).length === 0 || !labelsMatch(selector, d.spec?.template?.metadata?.labels ?? {})) {
      problems.push(`${id(d)}: selector ${JSON.stringify(selector)} does not match its pod labels`);
    }
  }

  for (const s of index.services) {
    const selected = index.deploymentsSelectedBy(s.namespace, s.selector);
    if (selected.length === 0) problems.push(`Service/${s.namespace}/${s.name}: selects no Deployment`);
    const app = s.selector.app;
    // A Service selecting by `app` only serves every version; one selecting a version too (a version
    // Service, a preview Service, a blue-green selector switch) serves that version only.
    if (app !== undefined && Object.keys(s.selector).length === 1) {
      for (const d of index.deployments.filter((x) => x.namespace === s.namespace && x.podLabels.app === app)) {
        if (!selected.includes(d)) problems.push(`Service/${s.namespace}/${s.name}: does not select Deployment ${d.name} of app ${app}`);
      }
    }
  }

  const subsetSelects = (where: string, ns: string, hostFqdn: string, labels: Record<string, string>) => {
    const svc = index.services.find((s) => `${s.name}.${s.namespace}.svc.cluster.local` === hostFqdn);
    if (!svc) {
      problems.push(`${where}: host ${hostFqdn} is not a Service of the manifests`);
      return;
    }
    const pods = index.deploymentsSelectedBy(svc.namespace, { ...svc.selector, ...labels });
    if (pods.length !== 1) problems.push(`${where}: selects ${pods.length} Deployments (${pods.map((p) => p.name).join(', ')}), not exactly one`);
    void ns;
  };

  for (const dr of index.destinationRules) {
    const ns = namespaceOf(dr);
    const host = toFqdn(dr.spec?.host ?? '', ns);
    for (const subset of dr.spec?.subsets ?? []) subsetSelects(`${id(dr)} subset ${subset.name}`, ns, host, subset.labels ?? {});
  }

  for (const vs of index.virtualServices) {
    const ns = namespaceOf(vs);
    for (const g of (vs.spec?.gateways ?? []) as string[]) {
      const ref = gatewayRef(g, ns);
      if (ref === 'mesh' || external.has(ref)) continue;
      if (!index.istioGateways.some((x) => `${namespaceOf(x)}/${x.metadata.name}` === ref)) problems.push(`${id(vs)}: gateway ${ref} is not among the manifests`);
    }
    const rules: any[] = [...(vs.spec?.http ?? []), ...(vs.spec?.tcp ?? [])];
    rules.forEach((rule, i) => {
      const routes: any[] = rule.route ?? [];
      const sum = routes.reduce((a, r) => a + (routes.length === 1 && r.weight === undefined ? 100 : r.weight ?? 0), 0);
      if (sum !== 100) problems.push(`${id(vs)} rule ${i}: weights sum to ${sum}`);
      for (const r of routes) {
        const host = toFqdn(r.destination?.host ?? '', ns);
        const where = `${id(vs)} rule ${i} -> ${host}${r.destination?.subset ? ` subset ${r.destination.subset}` : ''}`;
        if (!r.destination?.subset) {
          if (!index.services.some((s) => `${s.name}.${s.namespace}.svc.cluster.local` === host)) problems.push(`${where}: not a Service of the manifests`);
          continue;
        }
        const drs = index.destinationRules.filter((d) => toFqdn(d.spec?.host ?? '', namespaceOf(d)) === host);
        const subset = drs.flatMap((d) => d.spec?.subsets ?? []).find((s: any) => s.name === r.destination.subset);
        if (!subset) {
          problems.push(`${where}: no DestinationRule defines the subset`);
          continue;
        }
        subsetSelects(where, ns, host, subset.labels ?? {});
      }
    });
  }

  const GW = 'gateway.networking.k8s.io';
  const gatewayApiGateways = manifests.filter((m) => m.kind === 'Gateway' && String(m.apiVersion).startsWith(`${GW}/`));
  for (const route of manifests.filter((m) => (m.kind === 'HTTPRoute' || m.kind === 'TCPRoute') && String(m.apiVersion).startsWith(`${GW}/`))) {
    const ns = namespaceOf(route);
    for (const p of (route.spec?.parentRefs ?? []) as any[]) {
      const pns = p.namespace ?? ns;
      if (p.kind === 'Service') {
        if (!index.services.some((x) => x.name === p.name && x.namespace === pns)) problems.push(`${id(route)}: parent Service ${pns}/${p.name} is not among the manifests`);
      } else if (!external.has(`${pns}/${p.name}`) && !gatewayApiGateways.some((g) => g.metadata.name === p.name && namespaceOf(g) === pns)) {
        problems.push(`${id(route)}: parent Gateway ${pns}/${p.name} is not among the manifests`);
      }
    }
    ((route.spec?.rules ?? []) as any[]).forEach((rule, i) => {
      const refs: any[] = rule.backendRefs ?? [];
      const sum = refs.reduce((a, r) => a + (refs.length === 1 && r.weight === undefined ? 100 : r.weight ?? 0), 0);
      if (sum !== 100) problems.push(`${id(route)} rule ${i}: weights sum to ${sum}`);
      for (const r of refs) {
        const where = `${id(route)} rule ${i} -> Service ${r.namespace ?? ns}/${r.name}`;
        const svc = index.services.find((x) => x.name === r.name && x.namespace === (r.namespace ?? ns));
        if (!svc) {
          problems.push(`${where}: not a Service of the manifests`);
          continue;
        }
        if (r.port !== undefined && !svc.ports.includes(r.port)) problems.push(`${where}: has no port ${r.port}`);
        const pods = index.deploymentsSelectedBy(svc.namespace, svc.selector);
        if (pods.length !== 1) problems.push(`${where}: selects ${pods.length} Deployments, not exactly one`);
      }
    });
  }
  return problems;
}
