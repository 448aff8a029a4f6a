import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { apiGroupOf } from './route-claims';
import { Problem } from '../validation/problems';
import { ObjectJson, objectJsonOnce } from './object-json';

/**
 * App-level check that a Gateway created by one construct serves every host that the routes of the
 * app bind to it (Istio's IST0132 VirtualServiceHostNotFoundInGateway, and the Gateway API's listener
 * hostnames): a construct that points at another construct's Gateway (`create: false`), or a preview
 * host on it, is otherwise answered with 404 by the ingress. The library does not add the hosts to the
 * other construct's Gateway behind its back: the user lists them where the Gateway is created.
 */

/** An object of the app and the construct its problems are reported on. */
export interface HostCheckObject {
  /** The object. */
  readonly obj: ApiObject;
  /** The construct its problems are reported on. */
  readonly owner: IConstruct;
  /** Its namespace. */
  readonly namespace: string;
}

/** A problem and the construct it is reported on. */
export interface HostCheckProblem {
  /** The construct the problem is reported on. */
  readonly scope: IConstruct;
  /** The problem. */
  readonly problem: Problem;
}

const REPORTED = new WeakMap<ApiObject, Set<string>>();

/** Records route hosts already reported as not served by a gateway object (`IngressGateway.routeOptions`), so they are reported once. */
export function recordReportedGatewayHosts(gateway: ApiObject, hosts: readonly string[]): void {
  const set = REPORTED.get(gateway) ?? new Set<string>();
  for (const h of hosts) set.add(h);
  REPORTED.set(gateway, set);
}

/** True when host pattern `outer` covers `inner` (`*` covers all, `*.a.com` covers `x.a.com` and `*.x.a.com`). */
function covers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  if (outer.startsWith('*.')) return inner.endsWith(outer.slice(1));
  return outer === inner;
}

/** The hosts an Istio Gateway serves to VirtualServices of `routeNamespace` (server hosts `ns/host`, `./host`, `*\/host`). */
function istioServedHosts(spec: any, gatewayNamespace: string, routeNamespace: string): string[] {
  const out: string[] = [];
  for (const server of (spec.servers ?? []) as any[]) {
    for (const h of (server.hosts ?? []) as string[]) {
      const slash = h.indexOf('/');
      if (slash < 0) { out.push(h); continue; }
      const ns = h.slice(0, slash);
      if (ns === '*' || ns === routeNamespace || (ns === '.' && gatewayNamespace === routeNamespace)) out.push(h.slice(slash + 1));
    }
  }
  return out;
}

function gatewayRef(ref: string, namespace: string): string {
  return ref === 'mesh' || ref.includes('/') ? ref : `${namespace}/${ref}`;
}

/** True when a VirtualService host is the in-cluster name of a Service (served on the mesh, not by a gateway). */
function meshHost(host: string, namespace: string, services: Set<string>): boolean {
  if (host.endsWith('.svc.cluster.local') || host.endsWith('.svc') || !host.includes('.')) return true;
  const parts = host.split('.');
  return (parts.length === 2 && services.has(`${parts[1]}/${parts[0]}`)) || services.has(`${namespace}/${host}`);
}

/**
 * The Gateway a route binds: the one its own construct creates when a Gateway of that name is created
 * twice (reported as a duplicate already), else the first one.
 */
function pick(list: readonly HostCheckObject[] | undefined, route: HostCheckObject): HostCheckObject | undefined {
  return list?.find((g) => g.owner === route.owner) ?? list?.[0];
}

/** The IST0132 problems of the app: route hosts that the app's Gateway they bind does not serve. */
export function gatewayHostCoverageProblems(objects: readonly HostCheckObject[], json: ObjectJson = objectJsonOnce()): HostCheckProblem[] {
  const out: HostCheckProblem[] = [];
  const istioGateways = new Map<string, HostCheckObject[]>();
  const apiGateways = new Map<string, HostCheckObject[]>();
  const services = new Set<string>();
  for (const o of objects) {
    const group = apiGroupOf(o.obj.apiVersion);
    const key = `${o.namespace}/${o.obj.name}`;
    if (o.obj.kind === 'Gateway' && group === 'networking.istio.io') istioGateways.set(key, [...(istioGateways.get(key) ?? []), o]);
    if (o.obj.kind === 'Gateway' && group === 'gateway.networking.k8s.io') apiGateways.set(key, [...(apiGateways.get(key) ?? []), o]);
    if (o.obj.kind === 'Service' && group === '') services.add(key);
  }
  const report = (o: HostCheckObject, gw: HostCheckObject, ref: string, host: string, served: readonly string[]) => {
    if (REPORTED.get(gw.obj)?.has(host)) return;
    const creator = gw.owner === o.owner ? 'this construct' : gw.owner.node.path;
    out.push({
      scope: o.owner,
      problem: {
        message: `${o.obj.kind} "${o.obj.name}" serves host "${host}" through gateway "${ref}", but that Gateway (created by ${creator}) does not list it `
          + `(its hosts: ${served.length > 0 ? served.join(', ') : 'none'}), so the ingress answers requests for "${host}" with 404 (Istio IST0132).`,
        fix: `list "${host}" on the Gateway where it is created (${creator}): create a shared Gateway once as an IngressGateway that lists every host, `
          + 'pass gw.routeOptions({ hosts: [...] }) to each construct that uses it, or use a host that gateway serves.',
      },
    });
  };
  for (const o of objects) {
    const group = apiGroupOf(o.obj.apiVersion);
    if (o.obj.kind === 'VirtualService' && group === 'networking.istio.io') {
      const spec = json(o.obj).spec ?? {};
      const bindings = ((spec.gateways ?? []) as string[]).map((g) => gatewayRef(g, o.namespace));
      const onMesh = bindings.length === 0 || bindings.includes('mesh');
      for (const ref of bindings) {
        const gw = pick(istioGateways.get(ref), o);
        if (!gw) continue;
        const served = istioServedHosts(json(gw.obj).spec ?? {}, gw.namespace, o.namespace);
        for (const host of (spec.hosts ?? []) as string[]) {
          if (onMesh && meshHost(host, o.namespace, services)) continue;
          if (!served.some((s) => covers(s, host))) report(o, gw, ref, host, served);
        }
      }
    } else if (o.obj.kind === 'HTTPRoute' && group === 'gateway.networking.k8s.io') {
      const spec = json(o.obj).spec ?? {};
      for (const parent of (spec.parentRefs ?? []) as any[]) {
        if ((parent.kind ?? 'Gateway') !== 'Gateway') continue;
        const ref = `${parent.namespace ?? o.namespace}/${parent.name}`;
        const gw = pick(apiGateways.get(ref), o);
        if (!gw) continue;
        const listeners = ((json(gw.obj).spec?.listeners ?? []) as any[]).filter((l) => parent.sectionName === undefined || l.name === parent.sectionName);
        const served = listeners.map((l) => (l.hostname as string | undefined) ?? '*');
        for (const host of (spec.hostnames ?? []) as string[]) {
          if (!served.some((s) => covers(s, host))) report(o, gw, ref, host, [...new Set(served)]);
        }
      }
    }
  }
  return out;
}
