import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService } from '../../lib';

/** Properties of `ReleaseTechniquesChart`. */
export interface ReleaseTechniquesChartProps {
  /** The stage to render. @default 'shadow-10' */
  readonly stage?: string;
}

/**
 * Release techniques beyond a plain percentage, one stage each (docs/release-techniques.md):
 * `shadow-10` copies 10% of the requests to the canary while stable serves everything,
 * `canary-0-1` sends 1 request in 1000 (0.1%) to the canary for at least an hour (`hold`), `sticky-10` sends 10% and keeps every
 * user the canary served on the canary (a cookie), `back-to-0` rolls back and sends those users to
 * stable (expiring their cookie), then 50% and the promotion.
 */
export class ReleaseTechniquesChart extends Chart {
  /** The canary. */
  public readonly canary: CanaryService;

  constructor(scope: Construct, id: string, props: ReleaseTechniquesChartProps = {}) {
    super(scope, id, { namespace: 'techniques', disableResourceNameHashes: true });
    this.canary = new CanaryService(this, 'checkout', {
      name: 'checkout',
      stable: { name: 'v1', image: 'registry/checkout:1.4.0' },
      canary: { name: 'v2', image: 'registry/checkout:1.5.0' },
      stages: [
        { name: 'shadow-10', canaryWeight: 0, mirror: 10 },
        { name: 'canary-0-1', canaryWeight: 1, weightTotal: 1000, hold: Duration.hours(1) },
        { name: 'sticky-10', canaryWeight: 10, sticky: { cookieName: 'checkout-canary', maxAge: Duration.hours(2) } },
        { name: 'back-to-0', canaryWeight: 0, rollback: true },
        50,
      ],
      stage: props.stage ?? 'shadow-10',
    });
  }
}
