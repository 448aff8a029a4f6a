/**
 * Istio's VirtualService analyzers (pkg/config/analysis/analyzers/virtualservice) restated:
 * - IST0101 ReferencedResourceNotFound: a gateway that does not exist; a destination (or mirror) host that is
 *   no Service (nor ServiceEntry host), or a port it does not have; a subset no DestinationRule of that host defines;
 * - IST0112 VirtualServiceDestinationPortSelectorRequired; IST0140 IngressRouteRulesNotAffected;
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

/** A destination host that exists: a Service (as Istio sees it, a ServiceEntry of its FQDN) or a ServiceEntry. */
interface KnownHost {
  /** FQDN, or a ServiceEntry host (may be a wildcard). */
  readonly host: string;
  /** Port numbers. */
  readonly ports: number[];
}

function knownHosts(cluster: Cluster): KnownHost[] {
  return [
    ...cluster.services.map((s) => ({ host: `${s.metadata.name}.${ns(s)}.svc.cluster.local`, ports: (s.spec?.ports ?? []).map((p: any) => p.port) })),
    ...cluster.objects.filter((o) => isIstio(o, 'ServiceEntry')).flatMap((se) => (se.spec?.hosts ?? []).map((h: string) => ({ host: h, ports: (se.spec?.ports ?? []).map((p: any) => p.number) }))),
  ];
}

/** A route or mirror destination of a VirtualService. */
interface Destination {
  readonly destination: any;
  readonly mirror: boolean;
}

function destinationsOf(vs: any): Destination[] {
  const rules: any[] = [...(vs.spec?.http ?? []), ...(vs.spec?.tcp ?? []), ...(vs.spec?.tls ?? [])];
  return [
    ...rules.flatMap((r) => (r.route ?? []).map((x: any) => ({ destination: x.destination, mirror: false }))),
    ...(vs.spec?.http ?? []).flatMap((r: any) => [...(r.mirror ? [r.mirror] : []), ...(r.mirrors ?? []).map((m: any) => m.destination)].map((d) => ({ destination: d, mirror: true }))),
  ].filter((d) => d.destination);
}

/**
 * IST0101 (gateway; host, mirror host, host:port; host+subset), IST0132, IST0112 (a destination without a port
 * on a multi-port Service) and IST0140 (a gateway VirtualService routing without subset to a host another
 * VirtualService splits by subsets: the subsets do not apply to the gateway's requests).
 */
export function virtualServiceReferenceFindings(cluster: Cluster): Finding[] {
  const out: Finding[] = [];
  const hosts = knownHosts(cluster);
  const drs = cluster.objects.filter((o) => isIstio(o, 'DestinationRule'));
  const virtualServices = cluster.objects.filter((o) => isIstio(o, 'VirtualService'));
  for (const vs of virtualServices) {
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
    for (const { destination: d, mirror } of destinationsOf(vs)) {
      const fqdn = toFqdn(d.host ?? '', vsNs);
      const known = hosts.find((h) => h.host === fqdn) ?? hosts.find((h) => h.host.startsWith('*') && hostsOverlap(h.host, fqdn));
      if (!known) {
        out.push(finding('IST0101', 'ReferencedResourceNotFound', vs, `Referenced ${mirror ? 'mirror host' : 'host'} not found: "${d.host}"`));
        continue;
      }
      if (d.port?.number === undefined && known.ports.length > 1) {
        out.push(finding('IST0112', 'VirtualServiceDestinationPortSelectorRequired', vs, `This VirtualService routes to a service "${d.host}" that exposes multiple ports [${known.ports.join(' ')}]. Specifying a port in the destination is required to disambiguate.`));
      } else if (d.port?.number !== undefined && !known.ports.includes(d.port.number)) {
        out.push(finding('IST0101', 'ReferencedResourceNotFound', vs, `Referenced host:port not found: "${d.host}:${d.port.number}"`));
      }
      if (d.subset === undefined) continue;
      const defined = drs.some((dr) => toFqdn(dr.spec?.host ?? '', ns(dr)) === fqdn && (dr.spec?.subsets ?? []).some((s: any) => s.name === d.subset));
      if (!defined) out.push(finding('IST0101', 'ReferencedResourceNotFound', vs, `Referenced ${mirror ? 'mirror' : 'host'}+subset in destinationrule not found: "${d.host}+${d.subset}"`));
    }
    if ((vs.spec?.gateways ?? []).length > 0) {
      for (const rule of vs.spec?.http ?? []) {
        for (const r of rule.route ?? []) {
          if (!r.destination || r.destination.subset !== undefined) continue;
          // Istio compares the host strings as written
          for (const other of virtualServices) {
            const splits = (other.spec?.http ?? []).some((h: any) => (h.route ?? []).some((x: any) => x.destination?.subset && x.destination.host === r.destination.host && (other.spec?.hosts ?? []).includes(x.destination.host)));
            if (splits) out.push(finding('IST0140', 'IngressRouteRulesNotAffected', vs, `Subset in virtual service ${ns(other)}/${other.metadata.name} has no effect on ingress gateway ${vsNs}/${vs.metadata.name} requests`));
          }
        }
      }
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
