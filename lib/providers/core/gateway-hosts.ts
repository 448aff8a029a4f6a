import { Problem } from '../../validation/problems';

/**
 * Host lists of a gateway route, checked the way Istio's webhook checks a VirtualService's `hosts`
 * (it refuses a host listed twice, and a wildcard listed with a host it covers), and the explicit
 * choice between a Gateway made by another construct of the app and one managed outside it.
 */

/** True when host pattern `outer` covers `inner` (`*` covers all, `*.a.com` covers `x.a.com` and `*.x.a.com`). */
export function hostCovers(outer: string, inner: string): boolean {
  if (outer === '*') return true;
  if (outer.startsWith('*.')) return inner.endsWith(outer.slice(1)) && inner !== outer.slice(2);
  return outer === inner;
}

/**
 * Problems of the hosts of one VirtualService: the gateway hosts plus, when the route is bound to the
 * mesh, the Service host (`serviceHost`, its FQDN). A host twice, a wildcard beside a host it covers,
 * or the Service FQDN among the gateway hosts are refused by Istio's webhook.
 */
export function routeHostListProblems(gatewayHosts: readonly string[], serviceHost?: string): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  gatewayHosts.forEach((h, i) => {
    if (seen.has(h)) {
      problems.push({ message: `gateway host "${h}" is listed twice.`, fix: 'list each host once.' });
      return;
    }
    seen.add(h);
    if (serviceHost !== undefined && h === serviceHost) {
      problems.push({
        message: `gateway host "${h}" is the Service's own host, which the route already serves on the mesh, so the VirtualService would list it twice (Istio refuses duplicate hosts).`,
        fix: 'remove the Service host from gateway.hosts and list the external hosts only (the mesh route serves the Service host).',
      });
      return;
    }
    const other = gatewayHosts.slice(0, i).find((o) => o !== h && (hostCovers(o, h) || hostCovers(h, o)));
    if (other !== undefined) {
      const [wide, narrow] = hostCovers(other, h) ? [other, h] : [h, other];
      problems.push({
        message: `gateway hosts "${other}" and "${h}" overlap: "${wide}" already covers "${narrow}", and Istio refuses a VirtualService whose hosts overlap.`,
        fix: `keep only "${wide}", or list the named hosts without the wildcard.`,
      });
    }
  });
  if (serviceHost !== undefined) {
    const wide = gatewayHosts.find((h) => h !== serviceHost && h !== '*' && hostCovers(h, serviceHost));
    if (wide !== undefined) {
      problems.push({
        message: `gateway host "${wide}" covers the Service host "${serviceHost}", which the route also serves on the mesh, and Istio refuses a VirtualService whose hosts overlap.`,
        fix: 'name the external hosts, or set includeMesh: false.',
      });
    }
  }
  return problems;
}

/** Problems of how a gateway's origin is stated: `external` (managed outside the app) with `create: true`. */
export function gatewayOriginProblems(gw: { readonly create?: boolean; readonly external?: boolean }): Problem[] {
  if (gw.external && gw.create === true) {
    return [{
      message: 'gateway.external is true, which says the Gateway is managed outside this app, but gateway.create is true, which says this construct creates it.',
      fix: 'remove create (an external Gateway is never created here), or remove external to create the Gateway here.',
    }];
  }
  return [];
}

/** The gateway is created elsewhere: by another construct of the app (`create: false`) or outside the app (`external`). */
export function gatewayCreatedHere(gw: { readonly create?: boolean; readonly external?: boolean }): boolean {
  return !gw.external && (gw.create ?? true);
}
