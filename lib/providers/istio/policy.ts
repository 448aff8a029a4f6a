import { DestinationPolicy, renderDuration, RoutePolicy } from '../core/traffic-policy';

/** The Istio `timeout` and `retries` of an HTTP route. */
export function istioRoutePolicy(r: RoutePolicy | undefined): { timeout?: string; retries?: any } {
  if (!r) return {};
  const retries = r.retries;
  return {
    ...(r.timeout ? { timeout: renderDuration(r.timeout) } : {}),
    ...(retries ? {
      retries: {
        attempts: retries.attempts,
        ...(retries.perTryTimeout ? { perTryTimeout: renderDuration(retries.perTryTimeout) } : {}),
        ...(retries.retryOn && retries.retryOn.length > 0 ? { retryOn: retries.retryOn.map((x) => x.value).join(',') } : {}),
      },
    } : {}),
  };
}

/** An Istio DestinationRule `trafficPolicy`, or undefined when `d` sets nothing. */
export function istioDestinationPolicy(d: DestinationPolicy | undefined): any {
  if (!d) return undefined;
  const o = d.outlierDetection;
  const c = d.connectionPool;
  const lb = d.loadBalancer;
  const tcp = c?.maxConnections !== undefined ? { maxConnections: c.maxConnections } : undefined;
  const http = c && (c.http1MaxPendingRequests !== undefined || c.http2MaxRequests !== undefined || c.maxRequestsPerConnection !== undefined) ? {
    ...(c.http1MaxPendingRequests !== undefined ? { http1MaxPendingRequests: c.http1MaxPendingRequests } : {}),
    ...(c.http2MaxRequests !== undefined ? { http2MaxRequests: c.http2MaxRequests } : {}),
    ...(c.maxRequestsPerConnection !== undefined ? { maxRequestsPerConnection: c.maxRequestsPerConnection } : {}),
  } : undefined;
  const out = {
    ...(lb ? {
      loadBalancer: lb.simple ? { simple: lb.simple } : {
        consistentHash: lb.hashHeader ? { httpHeaderName: lb.hashHeader }
          : { httpCookie: { name: lb.hashCookie, ...(lb.cookieTtl ? { ttl: renderDuration(lb.cookieTtl) } : {}) } },
      },
    } : {}),
    ...(tcp || http ? { connectionPool: { ...(tcp ? { tcp } : {}), ...(http ? { http } : {}) } } : {}),
    ...(o ? {
      outlierDetection: {
        ...(o.consecutive5xxErrors !== undefined ? { consecutive5XxErrors: o.consecutive5xxErrors } : {}),
        ...(o.interval ? { interval: renderDuration(o.interval) } : {}),
        ...(o.baseEjectionTime ? { baseEjectionTime: renderDuration(o.baseEjectionTime) } : {}),
        ...(o.maxEjectionPercent !== undefined ? { maxEjectionPercent: o.maxEjectionPercent } : {}),
      },
    } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}
