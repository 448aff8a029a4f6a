import { Construct } from 'constructs';
import { HttpRoute, HttpRouteSpecRulesFiltersRequestRedirectScheme, HttpRouteSpecRulesFiltersRequestRedirectStatusCode, HttpRouteSpecRulesFiltersType } from '../../../imports/gateway.networking.k8s.io';
import { Problem } from '../../validation/problems';
import { GatewayOptions } from '../core/gateway';
import { GatewayTlsMode, gatewayTlsProblems } from '../core/gateway-tls';

/** Name of the redirect route of a service: `<service>-https-redirect`. */
export function redirectRouteName(service: string): string {
  return `${service}-https-redirect`;
}

/**
 * The parentRefs of the ingress HTTPRoute: the Gateway (every listener), or with `httpsRedirect`
 * only its HTTPS port (`port: httpsPort`), so plain HTTP requests reach the redirect route instead.
 */
export function ingressParentRefs(gw: GatewayOptions, parent: { name: string; namespace?: string }): any[] {
  return gw.tls && gw.httpsRedirect ? [{ ...parent, port: gw.httpsPort ?? 443 }] : [parent];
}

/** The HTTPRoute answering every request on the plain port with a 301 to `https://` (same host and path). */
export function httpsRedirectRoute(scope: Construct, id: string, service: string, gw: GatewayOptions, parent: { name: string; namespace?: string }, hostnames: readonly string[]): HttpRoute {
  return new HttpRoute(scope, id, {
    metadata: { name: redirectRouteName(service) },
    spec: {
      parentRefs: [{ ...parent, port: gw.port ?? 80 }],
      ...(hostnames.length > 0 ? { hostnames: [...hostnames] } : {}),
      rules: [{
        filters: [{
          type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
          requestRedirect: { scheme: HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS, statusCode: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301 },
        }],
      }],
    },
  });
}

/** The TLS problems of a Gateway API gateway: the shared rules, plus MUTUAL, which this library does not render for the Gateway API. */
export function gatewayApiTlsProblems(gw: GatewayOptions, protocol: string): Problem[] {
  const problems = gatewayTlsProblems(gw, protocol);
  if (gw.tls?.mode === GatewayTlsMode.MUTUAL) {
    problems.push({
      message: "GatewayTls.mutual() cannot be expressed with traffic 'gateway-api': a Gateway API listener validates client certificates against a CA ConfigMap (spec.tls.frontend), not the ca.crt of the credential Secret.",
      fix: 'use GatewayTls.simple(), or traffic: Traffic.istio() for mutual TLS at the gateway.',
    });
  }
  return problems;
}
