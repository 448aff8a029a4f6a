import { gatewayApiConditions, isGatewayApiRoute } from '../gateway-api/conditions';
import { ManifestIndex, namespaceOf } from '../../traffic/manifest-index';
import { ReviewCondition } from '../../traffic/review-condition';
import { AmbientSimOptions } from './ambient-simulator';
import { DATAPLANE_MODE_LABEL, INGRESS_USE_WAYPOINT_LABEL, USE_WAYPOINT_LABEL, USE_WAYPOINT_NAMESPACE_LABEL } from './waypoint';

/**
 * How the provider reader (simulator, `plan`) reads an app's ambient objects. Like `plan` assumes a
 * Gateway managed elsewhere, what the app relies on but does not contain is assumed to be in place:
 * the namespace of a Service labelled `istio.io/use-waypoint` that is not among the manifests is
 * taken as enrolled (`istio.io/dataplane-mode: ambient`), and a waypoint it names that is not among
 * the manifests as existing. A Namespace or a waypoint that IS among the manifests is read as
 * written, so an app whose own Namespace lacks the label is simulated as bypassing the waypoint.
 */

/** The Services (v1) of `manifests` labelled `istio.io/use-waypoint` (other than `none`). */
function waypointServices(all: readonly any[]): any[] {
  return all.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1' && o.metadata?.labels?.[USE_WAYPOINT_LABEL] !== undefined
    && String(o.metadata.labels[USE_WAYPOINT_LABEL]).toLowerCase() !== 'none');
}

/**
 * True when a mesh request is addressed to a Service labelled `istio.io/use-waypoint`: the ambient
 * reader then simulates it even when the waypoint would not serve it, so the bypass is reported
 * (traffic spread by replicas) instead of the routes being read as if a sidecar applied them.
 */
export function addressedToWaypointService(index: ManifestIndex, request: { readonly host: string; readonly gateway?: string; readonly sourceNamespace?: string }): boolean {
  if (request.gateway) return false;
  const [name, ns] = request.host.split('.');
  return waypointServices(index.all).some((s) => s.metadata.name === name && (ns ?? request.sourceNamespace ?? namespaceOf(s)) === namespaceOf(s));
}

/** The simulator options for an app: namespaces and waypoints the app relies on but does not contain. */
export function ambientSimContext(index: ManifestIndex): AmbientSimOptions {
  const namespaceLabels: Record<string, Record<string, string>> = {};
  const existingWaypoints: string[] = [];
  for (const svc of waypointServices(index.all)) {
    const ns = namespaceOf(svc);
    if (!index.all.some((o) => o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata.name === ns)) namespaceLabels[ns] = { [DATAPLANE_MODE_LABEL]: 'ambient' };
    const labels = svc.metadata.labels;
    const key = `${labels[USE_WAYPOINT_NAMESPACE_LABEL] || ns}/${labels[USE_WAYPOINT_LABEL]}`;
    const [wns, name] = key.split('/');
    if (!index.all.some((o) => o.kind === 'Gateway' && namespaceOf(o) === wns && o.metadata.name === name) && !existingWaypoints.includes(key)) existingWaypoints.push(key);
  }
  return { namespaceLabels, existingWaypoints };
}

/**
 * The `plan` request classes of ambient routes: the Gateway API conditions of the routes attached to
 * a Service that uses a waypoint, and of the ingress routes to a Service that sends ingress traffic
 * through its waypoint, marked `istio-ambient` so `plan` simulates them with the ambient reader.
 */
export function ambientConditions(manifests: readonly any[], routedServices: Set<string>): ReviewCondition[] {
  const services = waypointServices(manifests);
  const key = (name: string, ns: string) => `${ns}/${name}`;
  const served = new Set(services.map((s) => key(s.metadata.name, namespaceOf(s))));
  const ingress = new Set(services.filter((s) => String(s.metadata.labels[INGRESS_USE_WAYPOINT_LABEL]).toLowerCase() === 'true').map((s) => key(s.metadata.name, namespaceOf(s))));
  const routes = manifests.filter(isGatewayApiRoute).filter((r) => {
    const ns = namespaceOf(r);
    const parents: any[] = r.spec?.parentRefs ?? [];
    if (parents.some((p) => p.kind === 'Service' && served.has(key(p.name, p.namespace ?? ns)))) return true;
    return parents.every((p) => (p.kind ?? 'Gateway') === 'Gateway') && (r.spec?.rules ?? []).some((rule: any) =>
      (rule.backendRefs ?? []).some((b: any) => (b.kind ?? 'Service') === 'Service' && ingress.has(key(b.name, b.namespace ?? ns))));
  });
  return gatewayApiConditions(routes, routedServices).map((c) => ({ ...c, api: 'istio-ambient' }));
}
