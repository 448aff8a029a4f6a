import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problem } from '../validation/problems';

/**
 * A HorizontalPodAutoscaler (`autoscaling/v2`) for one version's Deployment. Each version gets its
 * own, with its own bounds: a canary that gets 5% of the requests would otherwise be held at the
 * stable version's minimum. Set `autoscaling` on the construct for every version and on a
 * `VersionSpec` to give that version other bounds (a small `minReplicas` for a canary).
 */
export interface AutoscalingOptions {
  /** Fewest pods (at least 1). While the HPA runs, the Deployment renders no `spec.replicas`. */
  readonly minReplicas: number;
  /** Most pods (at least `minReplicas`). */
  readonly maxReplicas: number;
  /**
   * Target average CPU use, in percent of the CPU request.
   * @default 80 when `memoryUtilization` is not set either, else no CPU target
   */
  readonly cpuUtilization?: number;
  /** Target average memory use, in percent of the memory request. @default - no memory target */
  readonly memoryUtilization?: number;
}

/** Properties of `VersionAutoscaler`. */
export interface VersionAutoscalerProps {
  /** HPA name (the Deployment's name). */
  readonly name: string;
  /** Name of the Deployment it scales. */
  readonly deploymentName: string;
  /** Bounds and targets. */
  readonly options: AutoscalingOptions;
  /** Labels. */
  readonly labels: Record<string, string>;
}

/** The HorizontalPodAutoscaler of one version. */
export class VersionAutoscaler extends Construct {
  /** The HorizontalPodAutoscaler object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VersionAutoscalerProps) {
    super(scope, id);
    const o = props.options;
    const cpu = o.cpuUtilization ?? (o.memoryUtilization === undefined ? 80 : undefined);
    const metrics = [['cpu', cpu], ['memory', o.memoryUtilization]]
      .filter(([, target]) => target !== undefined)
      .map(([name, target]) => ({ type: 'Resource', resource: { name, target: { type: 'Utilization', averageUtilization: target } } }));
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: props.name, labels: { ...props.labels } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deploymentName },
        minReplicas: o.minReplicas,
        maxReplicas: o.maxReplicas,
        metrics,
      },
    });
  }
}

/** Problems of autoscaling options: bounds that are not integers, min above max, a target that is not a positive percentage. */
export function autoscalingProblems(o: AutoscalingOptions, what: string): Problem[] {
  const problems: Problem[] = [];
  const minOk = Number.isInteger(o.minReplicas) && o.minReplicas >= 1;
  if (!minOk) problems.push({ message: `autoscaling minReplicas ${o.minReplicas} of ${what} is not an integer of at least 1.`, fix: 'use minReplicas: 1 or more (an HPA cannot scale to zero).' });
  if (!Number.isInteger(o.maxReplicas) || o.maxReplicas < 1) {
    problems.push({ message: `autoscaling maxReplicas ${o.maxReplicas} of ${what} is not an integer of at least 1.`, fix: 'use a whole number of pods, at least minReplicas.' });
  } else if (minOk && o.minReplicas > o.maxReplicas) {
    problems.push({ message: `autoscaling minReplicas ${o.minReplicas} of ${what} is above maxReplicas ${o.maxReplicas}.`, fix: 'make maxReplicas at least minReplicas.' });
  }
  for (const [field, v] of [['cpuUtilization', o.cpuUtilization], ['memoryUtilization', o.memoryUtilization]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
      problems.push({ message: `autoscaling ${field} ${v} of ${what} is not a positive whole percentage.`, fix: 'use a percentage of the request such as 70 (values above 100 scale only once pods use more than they request).' });
    }
  }
  return problems;
}
