import * as fs from 'fs';
import * as path from 'path';
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isRollout } from '../app/rollout';
import { readSetting } from '../settings/env';

/**
 * Environment variable naming a file: when set, `app.synth()` (its validation pass) writes a JSON
 * `StageReport` of the app there. `cdk8s-progressive synth --all-stages`, `plan` and `diff` set it when
 * they run the user's app as a child process, to tell which synthesized objects belong to which rollout.
 */
export const STAGE_REPORT_ENV_VAR = 'ROLLOUT_STAGE_REPORT';

/** Identity of one synthesized object. */
export interface ObjectIdentity {
  /** `apiVersion` of the object. */
  readonly apiVersion: string;
  /** `kind` of the object. */
  readonly kind: string;
  /** Namespace of the object. @default - cluster-scoped or the default namespace (no namespace set) */
  readonly namespace?: string;
  /** `metadata.name` of the object. */
  readonly name: string;
}

/** One rollout of the app, as the stage report lists it. */
export interface RolloutReport {
  /** Construct path of the rollout. */
  readonly path: string;
  /** Class of the construct, e.g. `CanaryService`. */
  readonly construct: string;
  /** Stage names, in rollout order. */
  readonly stages: readonly string[];
  /** The stage this run renders. */
  readonly activeStage: string;
  /** Its position in `stages` (-1 when it is not one of them). */
  readonly activeIndex: number;
  /** Every ApiObject below the rollout construct, in construct order. */
  readonly objects: readonly ObjectIdentity[];
}

/** What `ROLLOUT_STAGE_REPORT` receives: the rollouts of one synth run. */
export interface StageReport {
  /** Format version of the report. */
  readonly version: number;
  /** Every rollout of the app, in construct order. */
  readonly rollouts: readonly RolloutReport[];
}

/** The identity of an ApiObject (kind, apiVersion, namespace, name). */
export function identityOf(o: ApiObject): ObjectIdentity {
  // The namespace as written (a cluster-scoped object such as a Namespace may drop the chart's).
  const namespace: string | undefined = o.toJson().metadata?.namespace;
  return { apiVersion: o.apiVersion, kind: o.kind, ...(namespace ? { namespace } : {}), name: o.name };
}

/** The stage report of the app that contains `scope`: one walk of the construct tree. */
export function stageReport(scope: IConstruct): StageReport {
  const rollouts: Array<RolloutReport & { objects: ObjectIdentity[] }> = [];
  const visit = (c: IConstruct, open: ReadonlyArray<ObjectIdentity[]>): void => {
    if (c instanceof ApiObject && open.length > 0) {
      const id = identityOf(c);
      for (const list of open) list.push(id);
    }
    let inner = open;
    if (isRollout(c)) {
      const r = c as IConstruct & { stageNames: string[]; activeStage: string; activeStageIndex?: number };
      const objects: ObjectIdentity[] = [];
      rollouts.push({ path: c.node.path, construct: c.constructor.name, stages: [...r.stageNames], activeStage: r.activeStage, activeIndex: r.activeStageIndex ?? r.stageNames.indexOf(r.activeStage), objects });
      inner = [...open, objects];
    }
    for (const child of c.node.children) visit(child, inner);
  };
  visit(scope.node.root, []);
  return { version: 1, rollouts };
}

const REGISTERED = new WeakSet<IConstruct>();

/**
 * When `ROLLOUT_STAGE_REPORT` is set, registers (once per App) a validation on the app that writes the
 * stage report to that file when the app is synthesized. Every rollout construct calls it. Does nothing otherwise.
 */
export function registerStageReport(scope: IConstruct): void {
  const file = readSetting(STAGE_REPORT_ENV_VAR);
  if (!file) return;
  const root = scope.node.root;
  if (REGISTERED.has(root)) return;
  REGISTERED.add(root);
  root.node.addValidation({
    validate: () => {
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(stageReport(root), null, 2)}\n`);
      return [];
    },
  });
}
