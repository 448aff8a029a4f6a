import { Duration } from 'cdk8s';
import { Problem } from '../../validation/problems';

/**
 * A condition Envoy retries on (Istio `retries.retryOn`): the values Istio's validation accepts
 * (Envoy's HTTP and gRPC retry policies) and retriable status codes.
 */
export class RetryOn {
  /** Any 5xx response, or no response (disconnect, reset, timeout). */
  public static readonly FIVE_XX = new RetryOn('5xx');
  /** 502, 503 or 504. */
  public static readonly GATEWAY_ERROR = new RetryOn('gateway-error');
  /** No response at all (disconnect, reset, read timeout). */
  public static readonly RESET = new RetryOn('reset');
  /** The connection to the upstream failed. */
  public static readonly CONNECT_FAILURE = new RetryOn('connect-failure');
  /** The upstream was rate limited by Envoy. */
  public static readonly ENVOY_RATELIMITED = new RetryOn('envoy-ratelimited');
  /** A retriable 4xx (409). */
  public static readonly RETRIABLE_4XX = new RetryOn('retriable-4xx');
  /** The upstream reset the stream with REFUSED_STREAM. */
  public static readonly REFUSED_STREAM = new RetryOn('refused-stream');
  /** A status code listed in the retriable status codes (use `RetryOn.statusCode()`). */
  public static readonly RETRIABLE_STATUS_CODES = new RetryOn('retriable-status-codes');
  /** A response with a retriable header. */
  public static readonly RETRIABLE_HEADERS = new RetryOn('retriable-headers');
  /** A reset before the request was sent. */
  public static readonly RESET_BEFORE_REQUEST = new RetryOn('reset-before-request');
  /** gRPC status CANCELLED. */
  public static readonly GRPC_CANCELLED = new RetryOn('cancelled');
  /** gRPC status DEADLINE_EXCEEDED. */
  public static readonly GRPC_DEADLINE_EXCEEDED = new RetryOn('deadline-exceeded');
  /** gRPC status INTERNAL. */
  public static readonly GRPC_INTERNAL = new RetryOn('internal');
  /** gRPC status RESOURCE_EXHAUSTED. */
  public static readonly GRPC_RESOURCE_EXHAUSTED = new RetryOn('resource-exhausted');
  /** gRPC status UNAVAILABLE. */
  public static readonly GRPC_UNAVAILABLE = new RetryOn('unavailable');

  /** Retry on one HTTP status code (Istio accepts a code 100-599 in `retryOn`). */
  public static statusCode(code: number): RetryOn {
    return new RetryOn(String(code));
  }

  private constructor(
    /** The `retryOn` token. */
    public readonly value: string,
  ) {}
}

/** Retries of a route (Istio `HTTPRetry`). */
export interface RetryPolicy {
  /** Retries per request (Istio counts attempts after the first try), 0 or more. */
  readonly attempts: number;
  /** Timeout of each try, at least 1ms. @default - the route timeout */
  readonly perTryTimeout?: Duration;
  /** Conditions to retry on. @default - Istio's default (connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes) */
  readonly retryOn?: RetryOn[];
}

/** Policy of the routes to a service: request timeout and retries. */
export interface RoutePolicy {
  /** Timeout of a whole request (with retries), at least 1ms. @default - none (Istio: no timeout) */
  readonly timeout?: Duration;
  /** Retries. @default - the mesh default (Istio retries twice) */
  readonly retries?: RetryPolicy;
}

/** Outlier detection (Istio `OutlierDetection`): ejects pods that keep failing. */
export interface OutlierDetectionPolicy {
  /** 5xx responses in a row that eject a pod. @default 5 */
  readonly consecutive5xxErrors?: number;
  /** Time between ejection sweeps, at least 1ms. @default 10s */
  readonly interval?: Duration;
  /** Minimum ejection time, at least 1ms. @default 30s */
  readonly baseEjectionTime?: Duration;
  /** Most pods ejected at once, in percent (0-100). @default 10 */
  readonly maxEjectionPercent?: number;
}

/** Connection pool limits (Istio `ConnectionPoolSettings`). */
export interface ConnectionPoolPolicy {
  /** Most TCP connections to a destination. @default - Envoy's default (2^32-1) */
  readonly maxConnections?: number;
  /** Most queued HTTP/1.1 requests. @default - Envoy's default (2^32-1) */
  readonly http1MaxPendingRequests?: number;
  /** Most active HTTP/2 requests. @default - Envoy's default (2^32-1) */
  readonly http2MaxRequests?: number;
  /** Most requests per connection (1 disables keep-alive). @default - no limit */
  readonly maxRequestsPerConnection?: number;
}

/** Load balancing across the pods of a destination (Istio `LoadBalancerSettings`). */
export class LoadBalancer {
  /** Round robin. */
  public static roundRobin(): LoadBalancer {
    return new LoadBalancer('ROUND_ROBIN');
  }
  /** Least request (Istio's default). */
  public static leastRequest(): LoadBalancer {
    return new LoadBalancer('LEAST_REQUEST');
  }
  /** Random. */
  public static random(): LoadBalancer {
    return new LoadBalancer('RANDOM');
  }
  /** Forward to the address the caller asked for (no balancing). */
  public static passthrough(): LoadBalancer {
    return new LoadBalancer('PASSTHROUGH');
  }
  /** Consistent hashing on a request header (requests with the same value reach the same pod). */
  public static consistentHashByHeader(header: string): LoadBalancer {
    return new LoadBalancer(undefined, header);
  }
  /** Consistent hashing on a cookie; with `ttl`, Envoy sets the cookie when it is missing. */
  public static consistentHashByCookie(name: string, ttl?: Duration): LoadBalancer {
    return new LoadBalancer(undefined, undefined, name, ttl);
  }

  private constructor(
    /** Simple policy, e.g. `ROUND_ROBIN`. @default - consistent hash */
    public readonly simple?: string,
    /** Hash header. @default - none */
    public readonly hashHeader?: string,
    /** Hash cookie. @default - none */
    public readonly hashCookie?: string,
    /** Cookie ttl. @default - none */
    public readonly cookieTtl?: Duration,
  ) {}
}

/** Policy of the connections to a service's pods (Istio DestinationRule `trafficPolicy`). */
export interface DestinationPolicy {
  /** Outlier detection. @default - none */
  readonly outlierDetection?: OutlierDetectionPolicy;
  /** Connection pool limits. @default - none */
  readonly connectionPool?: ConnectionPoolPolicy;
  /** Load balancer. @default - Istio's default (LEAST_REQUEST) */
  readonly loadBalancer?: LoadBalancer;
}

/**
 * Traffic policy of a service: the routes' timeout and retries, and the destination's outlier
 * detection, connection pool and load balancer, for every version and per version (a DestinationRule
 * subset `trafficPolicy`, rendered only while that version runs).
 *
 * @example
 * trafficPolicy: {
 *   route: { timeout: Duration.seconds(5), retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR] } },
 *   destination: { outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10) } },
 * }
 */
export interface TrafficPolicy {
  /** Timeout and retries of the routes. @default - none */
  readonly route?: RoutePolicy;
  /** Policy of every version's pods. @default - none */
  readonly destination?: DestinationPolicy;
  /** Policy of one version's pods by version name (overrides `destination` for it). @default - none */
  readonly versions?: Record<string, DestinationPolicy>;
}

/** The shared prop of the strategies carrying a `TrafficPolicy`. */
export interface TrafficPolicyOptions {
  /** Timeouts, retries and destination policy (see docs/https-and-policy.md). @default - none */
  readonly trafficPolicy?: TrafficPolicy;
}

const UNITS: Array<[string, number]> = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/** Renders a whole number of milliseconds as a duration both Istio and the Gateway API accept, e.g. `1m30s`, `500ms`. */
export function renderDuration(d: Duration): string {
  let ms = Math.round(d.toMilliseconds({ integral: false }));
  if (ms === 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(ms / size);
    if (n > 0) {
      parts.push(`${n}${unit}`);
      ms -= n * size;
    }
  }
  return parts.join('');
}

/** Problems of a duration: the Istio CRD rule "must be a valid duration greater than 1ms", and whole milliseconds. */
export function durationProblems(d: Duration | undefined, what: string): Problem[] {
  if (d === undefined) return [];
  const ms = d.toMilliseconds({ integral: false });
  if (!(ms >= 1)) {
    return [{ message: `${what} ${ms}ms is shorter than 1ms; Istio rejects it ("must be a valid duration greater than 1ms").`, fix: 'use at least Duration.millis(1).' }];
  }
  if (!Number.isInteger(ms)) {
    return [{ message: `${what} ${ms}ms is not a whole number of milliseconds, which the Gateway API duration format cannot write.`, fix: 'round it to whole milliseconds, e.g. Duration.millis(1500).' }];
  }
  if (ms >= 100_000 * 3_600_000) {
    return [{ message: `${what} ${ms}ms is longer than 99999 hours.`, fix: 'use a shorter duration.' }];
  }
  return [];
}

const RETRY_ON = new Set(['5xx', 'gateway-error', 'reset', 'connect-failure', 'envoy-ratelimited', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'reset-before-request', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);

function count(value: number | undefined, what: string, min: number, max?: number): Problem[] {
  if (value === undefined) return [];
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    return [{ message: `${what} ${value} is not a whole number ${max !== undefined ? `from ${min} to ${max}` : `of ${min} or more`}.`, fix: `use a whole number ${max !== undefined ? `from ${min} to ${max}` : `of ${min} or more`}.` }];
  }
  return [];
}

function destinationProblems(d: DestinationPolicy | undefined, where: string): Problem[] {
  if (!d) return [];
  const o = d.outlierDetection;
  const c = d.connectionPool;
  const lb = d.loadBalancer;
  return [
    ...count(o?.consecutive5xxErrors, `${where}outlierDetection.consecutive5xxErrors`, 0),
    ...durationProblems(o?.interval, `${where}outlierDetection.interval`),
    ...durationProblems(o?.baseEjectionTime, `${where}outlierDetection.baseEjectionTime`),
    ...count(o?.maxEjectionPercent, `${where}outlierDetection.maxEjectionPercent`, 0, 100),
    ...count(c?.maxConnections, `${where}connectionPool.maxConnections`, 1),
    ...count(c?.http1MaxPendingRequests, `${where}connectionPool.http1MaxPendingRequests`, 1),
    ...count(c?.http2MaxRequests, `${where}connectionPool.http2MaxRequests`, 1),
    ...count(c?.maxRequestsPerConnection, `${where}connectionPool.maxRequestsPerConnection`, 0),
    ...(lb?.cookieTtl ? durationProblems(lb.cookieTtl, `${where}loadBalancer cookie ttl`) : []),
  ];
}

/**
 * Problems of a traffic policy as Istio validates it (durations of at least 1ms, retryOn values,
 * counts, percentages). A per-version policy is rendered while its version runs (a name no version has is never rendered).
 */
export function trafficPolicyProblems(policy: TrafficPolicy | undefined): Problem[] {
  if (!policy) return [];
  const r = policy.route;
  const problems: Problem[] = [
    ...durationProblems(r?.timeout, 'trafficPolicy.route.timeout'),
    ...count(r?.retries?.attempts, 'trafficPolicy.route.retries.attempts', 0),
    ...durationProblems(r?.retries?.perTryTimeout, 'trafficPolicy.route.retries.perTryTimeout'),
    ...destinationProblems(policy.destination, 'trafficPolicy.destination.'),
  ];
  for (const on of r?.retries?.retryOn ?? []) {
    const code = /^\d+$/.test(on.value) ? Number(on.value) : undefined;
    if (code !== undefined ? code < 100 || code > 599 : !RETRY_ON.has(on.value)) {
      problems.push({ message: `retryOn "${on.value}" is not a retry condition Istio accepts.`, fix: 'use a RetryOn constant (e.g. RetryOn.GATEWAY_ERROR) or RetryOn.statusCode(503) with a code from 100 to 599.' });
    }
  }
  for (const v of Object.keys(policy.versions ?? {}).sort()) problems.push(...destinationProblems(policy.versions![v], `trafficPolicy.versions.${v}.`));
  return problems;
}
