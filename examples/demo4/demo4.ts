import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService } from '../../lib';

/**
 * Seed 001: the demo4 canary in namespace test1, reached from outside through `demo4-gateway`
 * on host demo4.a.com; 90/10 first, then a gradual shift to 100% v2, then v1 removed.
 * To move the rollout, change `stage` in a pull request (or run with ROLLOUT_STAGE=canary-50).
 */
export class Demo4Chart extends Chart {
  /** The canary, exposed for tests. */
  public readonly canary: CanaryService;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'test1', disableResourceNameHashes: true });
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
    });
  }
}
