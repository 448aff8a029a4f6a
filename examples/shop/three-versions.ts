import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService } from '../../lib';

/** Properties of `ThreeVersionsChart`. */
export interface ThreeVersionsChartProps {
  /** The stage to render. @default 'split-20-70-10' */
  readonly stage?: string;
}

/** The stages of the three-version catalog release (a weight per version). */
export const THREE_VERSION_STAGES = [
  { name: 'split-20-70-10', versionWeights: [{ version: 'v1', weight: 20 }, { version: 'v2', weight: 70 }, { version: 'v3', weight: 10 }] },
  { name: 'split-10-60-30', versionWeights: [{ version: 'v1', weight: 10 }, { version: 'v2', weight: 60 }, { version: 'v3', weight: 30 }] },
  { name: 'split-0-50-50', versionWeights: [{ version: 'v1', weight: 0 }, { version: 'v2', weight: 50 }, { version: 'v3', weight: 50 }] },
];

/**
 * A canary with three versions at once (docs/multi-version-canary.md): the shop's `catalog` API
 * still runs the legacy v1 (old mobile clients), v2 serves most users, and v3 is the canary.
 * `split-20-70-10` sends 20% to v1, 70% to v2 and 10% to v3; `split-10-60-30` and `split-0-50-50`
 * drain v1 while v3 grows (v1 keeps running at 0% until the promotion), and `promoted` keeps v3
 * alone (v1 and v2 removed). The traffic provider is the app's default (Istio, or the Gateway API
 * with `ROLLOUT_TRAFFIC=gateway-api`).
 */
export class ThreeVersionsChart extends Chart {
  /** The canary. */
  public readonly canary: CanaryService;

  constructor(scope: Construct, id: string, props: ThreeVersionsChartProps = {}) {
    super(scope, id, { namespace: 'catalog', disableResourceNameHashes: true });
    this.canary = new CanaryService(this, 'catalog', {
      name: 'catalog',
      stable: { name: 'v2', image: 'registry/catalog:2.4.0' },
      canary: { name: 'v3', image: 'registry/catalog:3.0.0' },
      otherVersions: [{ name: 'v1', image: 'registry/catalog:1.9.2' }],
      stages: THREE_VERSION_STAGES,
      stage: props.stage ?? 'split-20-70-10',
    });
  }
}
