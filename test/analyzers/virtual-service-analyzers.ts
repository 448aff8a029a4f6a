/**
 * Istio's VirtualService analyzers (pkg/config/analysis/analyzers/virtualservice) restated:
 * - IST0101 ReferencedResourceNotFound: a gateway that does not exist; a destination host that is no
 *   Service (nor ServiceEntry host); a subset no DestinationRule of that host defines;
 * - IST0132 VirtualServiceHostNotFoundInGateway: none of the VirtualService's hosts is served by a gateway it binds to;
 * - IST0109 ConflictingMeshGatewayVirtualServiceHosts: two VirtualServices bound to the mesh for the same host
 *   (in the same exportTo scope).
 */
import { Cluster } from './cluster';
import { Finding, finding, isGatewayApi, isIstio, ns } from './finding';
import { hostsOverlap, toFqdn } from './names';

function gatewayRef(name: string, namespace: string): { namespace: string; name: string } {
  const slash = name.indexOf('/');
  if (slash >= 0) return { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
  const dot = name.indexOf('.');
  return dot >= 0 ? { namespace: name.slice(dot + 1).split('.')[0], name: name.slice(0, dot) } : { namespace, name };
}

/** Hosts of an Istio Gateway that a VirtualService of `vsNamespace` may bind (namespace prefixes resolved). */
function istioGatewayHosts(gw: any, vsNamespace: string): string[] {
  const hosts: string[] = [];
  for (const s of gw.spec?.servers ?? []) {
    for (const h of s.hosts ?? []) {
      const slash = h.indexOf('/');
      if (slash < 0) { hosts.push(h); continue; }
      const n = h.slice(0, slash) === '.' ? ns(gw) : h.slice(0, slash);
      if (n === '*' || n === vsNamespace) hosts.push(h.slice(slash + 1));
    }
  }
  return hosts;
}

/** Hosts (FQDN) that exist: every Service, every ServiceEntry host. */
function knownHosts(cluster: Cluster): string[] {
  return [
    ...cluster.services.map((s) => `${s.metadata.name}.${ns(s)}.svc.cluster.local`),
    ...cluster.objects.filter((o) => isIstio(o, 'ServiceEntry')).flatMap((se) => se.spec?.hosts ?? []),
  ];
}

/** IST0101 (gateway, host, subset) and IST0132. */
export function virtualServiceReferenceFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = [];
  const hosts = knownHosts(cluster);
  const drs = cluster.objects.filter((o) => isIstio(o, 'DestinationRule'));
  for (const vs of cluster.objects.filter((o) => isIstio(o, 'VirtualService'))) {
    const vsNs = ns(vs);
    const vsHosts: string[] = vs.spec?.hosts ?? [];
    for (const g of (vs.spec?.gateways ?? []) as string[]) {
      if (g === 'mesh') continue;
      const ref = gatewayRef(g, vsNs);
      const istio = cluster.objects.find((o) => isIstio(o, 'Gateway') && o.metadata.name === ref.name && ns(o) === ref.namespace);
      const k8s = istio ? undefined : cluster.objects.find((o) => isGatewayApi(o, 'Gateway') && o.metadata.name === ref.name && ns(o) === ref.namespace);
      if (!istio && !k8s) out.push(finding('IST0101', 'ReferencedResourceNotFound', vs, `Referenced gateway not found: "${g}"`));
      const gwHosts = istio ? istioGatewayHosts(istio, vsNs) : k8s ? (k8s.spec?.listeners ?? []).map((l: any) => l.hostname ?? '*') : [];
      if (!gwHosts.some((gh: string) => vsHosts.some((vh) => hostsOverlap(gh, vh)))) {
        out.push(finding('IST0132', 'VirtualServiceHostNotFoundInGateway', vs, `one or more host [${vsHosts.join(' ')}] defined in VirtualService ${vsNs}/${vs.metadata.name} not found in Gateway ${ref.namespace}/${ref.name}.`));
      }
    }
    const destinations = [...(vs.spec?.http ?? []), ...(vs.spec?.tcp ?? []), ...(vs.spec?.tls ?? [])]
      .flatMap((r: any) => [...(r.route ?? []).map((x: any) => x.destination), ...(r.mirror ? [r.mirror] : []), ...(r.mirrors ?? []).map((m: any) => m.destination)])
      .filter((d: any) => d);
    const reported = new Set<string>();
    for (const d of destinations) {
      const fqdn = toFqdn(d.host ?? '', vsNs);
      const once = (key: string, f: Finding) => { if (!reported.has(key)) { reported.add(key); out.push(f); } };
      if (!hosts.some((h) => hostsOverlap(h, fqdn))) {
        once(`host ${fqdn}`, finding('IST0101', 'ReferencedResourceNotFound', vs, `Referenced host not found: "${d.host}"`));
        continue;
      }
      if (d.subset === undefined) continue;
      const defined = drs.some((dr) => toFqdn(dr.spec?.host ?? '', ns(dr)) === fqdn && (dr.spec?.subsets ?? []).some((s: any) => s.name === d.subset));
      if (!defined) once(`subset ${fqdn} ${d.subset}`, finding('IST0101', 'ReferencedResourceNotFound', vs, `Referenced host+subset in destinationrule not found: "${d.host}+${d.subset}"`));
    }
  }
  return out;
}

/** The namespaces a VirtualService is visible in (`*` for all), from its exportTo. */
function scopes(vs: any): string[] {
  const exportTo: string[] = vs.spec?.exportTo ?? [];
  if (exportTo.length === 0 || exportTo.includes('*')) return ['*'];
  return [...new Set(exportTo.map((e) => (e === '.' ? ns(vs) : e)))];
}

/** IST0109 ConflictingMeshGatewayVirtualServiceHosts. */
export function conflictingMeshHostFindings(cluster: Cluster): Finding[] {
  const byHost = new Map<string, any[]>();
  const meshVs = cluster.objects.filter((o) => isIstio(o, 'VirtualService') && ((o.spec?.gateways ?? []).length === 0 || o.spec.gateways.includes('mesh')));
  for (const vs of meshVs) {
    for (const scope of scopes(vs)) {
      for (const h of vs.spec?.hosts ?? []) {
        const key = `${scope} ${toFqdn(h, ns(vs))}`;
        byHost.set(key, [...(byHost.get(key) ?? []), vs]);
      }
    }
  }
  // a namespace-scoped host also conflicts with the VirtualServices exported everywhere whose host covers it
  for (const [key, list] of byHost) {
    const [scope, host] = key.split(' ');
    if (scope === '*') continue;
    for (const [k2, l2] of byHost) {
      const [s2, h2] = k2.split(' ');
      if (s2 === '*' && hostsOverlap(h2, host)) list.push(...l2.filter((x) => !list.includes(x)));
    }
  }
  const out: Finding[] = [];
  const reported = new Set<any>();
  for (const [key, list] of byHost) {
    const unique = [...new Set(list)];
    if (unique.length < 2) continue;
    const names = unique.map((v) => `${ns(v)}/${v.metadata.name}`).sort().join(',');
    for (const vs of unique) {
      if (reported.has(vs)) continue;
      reported.add(vs);
      out.push(finding('IST0109', 'ConflictingMeshGatewayVirtualServiceHosts', vs,
        `The VirtualServices ${names} associated with mesh gateway define the same host ${key.split(' ')[1]} which can lead to undefined behavior.`));
    }
  }
  return out;
}
