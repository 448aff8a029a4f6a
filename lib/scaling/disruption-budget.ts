import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Problem } from '../validation/problems';

/**
 * A PodDisruptionBudget (`policy/v1`) for one version's pods: how many may be evicted at once by a
 * node drain or a cluster upgrade. Set exactly one of `minAvailable` and `maxUnavailable`.
 */
export interface DisruptionBudgetOptions {
  /** Pods that must stay up, a count or a percentage such as `'50%'`. @default - not set (use maxUnavailable) */
  readonly minAvailable?: number | string;
  /** Pods that may be down at once, a count or a percentage. @default - not set (use minAvailable) */
  readonly maxUnavailable?: number | string;
}

/** Properties of `VersionDisruptionBudget`. */
export interface VersionDisruptionBudgetProps {
  /** PDB name (the Deployment's name). */
  readonly name: string;
  /** Labels of the version's pods (the PDB selector). */
  readonly selector: Record<string, string>;
  /** The budget. */
  readonly options: DisruptionBudgetOptions;
  /** Labels. */
  readonly labels: Record<string, string>;
}

/** The PodDisruptionBudget of one version. */
export class VersionDisruptionBudget extends Construct {
  /** The PodDisruptionBudget object. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: VersionDisruptionBudgetProps) {
    super(scope, id);
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: props.name, labels: { ...props.labels } },
      spec: {
        minAvailable: props.options.minAvailable,
        maxUnavailable: props.options.maxUnavailable,
        selector: { matchLabels: { ...props.selector } },
      },
    });
  }
}

/** A count, or a whole percentage from 0% to 100%, as a number of pods out of `pods` (percentages round up, as in the disruption controller). */
function podsOf(value: number | string, pods: number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const m = /^(\d{1,3})%$/.exec(value);
  if (!m || Number(m[1]) > 100) return undefined;
  const exact = (Number(m[1]) * pods) / 100;
  return Math.ceil(exact);
}

/**
 * Problems of a disruption budget for a version that runs at least `pods` pods (its replicas, or its
 * HPA's minReplicas): not exactly one field, a malformed value, a budget that can never be met, one that blocks every eviction.
 */
export function disruptionBudgetProblems(o: DisruptionBudgetOptions, pods: number, what: string): Problem[] {
  const set = [o.minAvailable, o.maxUnavailable].filter((v) => v !== undefined).length;
  if (set !== 1) {
    return [{ message: `disruptionBudget of ${what} sets ${set === 0 ? 'neither' : 'both'} minAvailable and maxUnavailable.`, fix: "set exactly one, e.g. { maxUnavailable: 1 } or { minAvailable: '50%' }." }];
  }
  const field = o.minAvailable !== undefined ? 'minAvailable' : 'maxUnavailable';
  const value = (o.minAvailable ?? o.maxUnavailable)!;
  const count = podsOf(value, pods);
  if (count === undefined) {
    return [{ message: `disruptionBudget ${field} ${JSON.stringify(value)} of ${what} is neither a whole number of pods nor a percentage from 0% to 100%.`, fix: "use a count such as 1 or a percentage such as '50%'." }];
  }
  if (field === 'minAvailable' && count > pods) {
    return [{
      message: `disruptionBudget minAvailable ${value} of ${what} can never be met: the version runs ${pods} pod(s) (its replicas, or its autoscaling minReplicas).`,
      fix: `lower minAvailable below ${pods}, or run more pods.`,
    }];
  }
  if ((field === 'minAvailable' && count === pods) || (field === 'maxUnavailable' && count === 0)) {
    return [{
      message: `disruptionBudget ${field} ${value} of ${what} allows no eviction of its ${pods} pod(s), so every node drain and cluster upgrade hangs on them.`,
      fix: `allow at least one disruption: e.g. maxUnavailable: 1${pods > 1 ? `, or minAvailable: ${pods - 1}` : ', and run 2 or more pods to stay available during a drain'}.`,
    }];
  }
  return [];
}
