import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, Progression, Traffic } from '../../lib';

/** Properties of `Demo4Chart`. */
export interface Demo4ChartProps {
  /** Namespace of every object. @default 'test1' (the seed's) */
  readonly namespace?: string;
  /**
   * Who moves the canary through its stages: `manual` (the seed: a pull request per stage), or an
   * engine (`flagger`, `argo-rollouts`) that runs the same stages and rolls back on seed 000's thresholds.
   * @default 'manual'
   */
  readonly progression?: Progression;
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
      gateway: { name: 'demo4-gateway', hosts: ['demo4.a.com'], includeMesh: false },
      ...(engine ? { progression: props.progression, traffic: Traffic.istio() } : {}),
      // Seed 000's rollback rule; an engine applies it (the manual stages do not measure).
      thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS,
    });
  }
}
