import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, cookieSuffix, ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, HeaderRoute, Progression, ProgressionKind, Traffic } from '../../lib';

/** Properties of `Demo4Chart`. */
export interface Demo4ChartProps {
  /** Namespace of every object. @default 'test1' (the seed's) */
  readonly namespace?: string;
  /**
   * Who moves the canary through its stages: `manual` (the seed: a pull request per stage), or an
   * engine (`flagger`, `argo-rollouts`) that runs the same stages and rolls back on seed 000's thresholds.
   * @default 'manual'
   */
  readonly progression?: ProgressionKind;
  /**
   * External host of the chart's Gateway `demo4-gateway`. Charts applied to one cluster need distinct
   * hosts: two Gateways on the same ingress for the same host conflict (Istio IST0145).
   * @default 'demo4.a.com' (the seed's)
   */
  readonly host?: string;
}

/**
 * Seed 001: the demo4 canary in namespace test1, reached from outside through `demo4-gateway`
 * on host demo4.a.com; 90/10 first, then a gradual shift to 100% v2, then v1 removed.
 * To move the rollout, change `stage` in a pull request (or run with ROLLOUT_STAGE=canary-50).
 * Its traffic API is not set here: `ROLLOUT_TRAFFIC=gateway-api` renders Gateway API objects.
 * With an engine `progression`, the same stages become Flagger's `stepWeights` or Argo's
 * `setWeight` steps (the engines route with Istio, so traffic is then `istio`).
 */
export class Demo4Chart extends Chart {
  /** The canary, exposed for tests. */
  public readonly canary: CanaryService;

  constructor(scope: Construct, id: string, props: Demo4ChartProps = {}) {
    super(scope, id, { namespace: props.namespace ?? 'test1', disableResourceNameHashes: true });
    const engine = props.progression !== undefined && props.progression !== 'manual';
    this.canary = new CanaryService(this, 'demo4', {
      name: 'demo4',
      stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
      canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
      stages: [10, 25, 50, 100],
      stage: 'canary-10',
      containerPort: 80,
      readiness: { path: '/', initialDelaySeconds: 30, timeoutSeconds: 5, periodSeconds: 10, failureThreshold: 5 },
      liveness: { path: '/', initialDelaySeconds: 30, timeoutSeconds: 5, periodSeconds: 10, failureThreshold: 5 },
      gateway: { name: 'demo4-gateway', hosts: [props.host ?? 'demo4.a.com'], includeMesh: false },
      // Seed 000's rollback rule; an engine applies it (the manual stages do not measure).
      ...(engine ? { progression: props.progression === 'flagger'
        ? Progression.flagger({ thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS })
        : Progression.argoRollouts({ thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS }), traffic: Traffic.istio() } : {}),
    });
  }
}

/** The email domain of seed 001's "users of a specific site". */
export const DEMO4_COMPANY_EMAIL_DOMAIN = '@some-company-name.com';

/** Properties of `Demo4EmailAbChart`. */
export interface Demo4EmailAbChartProps {
  /**
   * Namespace of every object. The seed uses `test1` (the VirtualService then replaces the 90/10
   * one); the examples app renders it beside `Demo4Chart`, in `test1-email`, so both can be applied.
   * @default 'test1-email'
   */
  readonly namespace?: string;
  /**
   * External host of the route, on the chart's own Gateway `demo4-gateway`.
   * @default 'email.demo4.a.com' (the seed: 'demo4.a.com')
   */
  readonly host?: string;
}

/**
 * Seed 001's second VirtualService: "only 50% of the users of a specific site go to v2, everyone
 * else stays on v1". Users of the site carry a cookie `email=...@some-company-name.com`; they are
 * split 50/50 between v1 and v2, every other request goes to v1. The cookie condition is
 * `cookieSuffix('email', '@some-company-name.com')`, which also finds the cookie after `; ` and
 * matches only a literal dot (the seed's regex does neither, see docs/header-route.md).
 */
export class Demo4EmailAbChart extends Chart {
  /** The A/B route, exposed for tests. */
  public readonly route: HeaderRoute;

  constructor(scope: Construct, id: string, props: Demo4EmailAbChartProps = {}) {
    super(scope, id, { namespace: props.namespace ?? 'test1-email', disableResourceNameHashes: true });
    const probe = { path: '/', initialDelaySeconds: 30, timeoutSeconds: 5, periodSeconds: 10, failureThreshold: 5 };
    this.route = new HeaderRoute(this, 'demo4', {
      name: 'demo4',
      versions: [{ name: 'v1', image: 'mritd/demo:1.0.0' }, { name: 'v2', image: 'mritd/demo:2.0.0' }],
      stages: [{
        name: 'company-50',
        routes: [{ name: 'company-users', matches: [cookieSuffix('email', DEMO4_COMPANY_EMAIL_DOMAIN)], to: { v1: 50, v2: 50 } }],
        default: 'v1',
      }],
      stage: 'company-50',
      containerPort: 80,
      readiness: probe,
      liveness: probe,
      gateway: { name: 'demo4-gateway', hosts: [props.host ?? 'email.demo4.a.com'], includeMesh: false },
    });
  }
}
