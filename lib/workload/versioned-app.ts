import { Construct } from 'constructs';
import { reportProblem } from '../validation/problems';
import { firstDuplicate } from '../validation/rules';
import { AppService } from './app-service';
import { VersionSpec, WorkloadOptions } from './options';
import { APP_LABEL, VersionedDeployment, VersionedDeploymentProps, versionProblems } from './versioned-deployment';

/** Properties of `VersionedApp`. */
export interface VersionedAppProps extends WorkloadOptions {
  /** Application name: the Service name and the `app` label. */
  readonly app: string;
  /** The versions that run at this stage, one Deployment each. */
  readonly versions: readonly VersionSpec[];
  /** Every version the rollout declares (running or not), to check labels are distinct. @default - `versions` */
  readonly declaredVersions?: readonly VersionSpec[];
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Replica counts that override the versions' own (replica-ratio canaries). @default - none */
  readonly replicasByVersion?: Readonly<Record<string, number>>;
  /** Pod labels the Service selects. @default { app: <app> } (every version) */
  readonly serviceSelector?: Record<string, string>;
  /** Create the Service. @default true */
  readonly createService?: boolean;
}

/**
 * An application with one Deployment per running version and a Service in front of them.
 * Shared by every strategy; `deployments` is keyed by version name.
 */
export class VersionedApp extends Construct {
  /** The Service (selects `app=<app>` unless told otherwise). */
  public readonly service?: AppService;
  /** Deployments by version name, in version order. */
  public readonly deployments: Record<string, VersionedDeployment> = {};

  constructor(scope: Construct, id: string, props: VersionedAppProps) {
    super(scope, id);
    const dup = firstDuplicate((props.declaredVersions ?? props.versions).map((v) => v.name));
    if (dup !== undefined) {
      reportProblem(this, { message: `version name "${dup}" is used by two versions, so their pods carry the same labels.`, fix: 'give every version a distinct name (e.g. "v1" and "v2").' });
    }
    // A declared version that does not run at this stage (the stable one once promoted) is still
    // checked, so a bad value fails every stage, not only the stages that deploy it.
    const running = new Set(props.versions.map((v) => v.name));
    for (const v of props.declaredVersions ?? []) {
      if (running.has(v.name)) continue;
      running.add(v.name);
      for (const p of versionProblems(deploymentProps(props, v))) reportProblem(this, p);
    }
    if (props.createService ?? true) {
      this.service = new AppService(this, 'Service', {
        name: props.app,
        selector: props.serviceSelector ?? { [APP_LABEL]: props.app },
        port: props.servicePort,
        targetPort: props.containerPort,
        protocol: props.protocol,
      });
    }
    for (const v of props.versions) {
      if (this.deployments[v.name]) continue; // duplicate version name: reported above
      this.deployments[v.name] = new VersionedDeployment(this, `Deployment-${v.name}`, deploymentProps(props, v));
    }
  }
}

/**
 * The props of the Deployment of version `v`: the shared workload options, the app and the version.
 * Same as `{ ...workloadOptions(props), app, version, replicasOverride }`, written with Object.assign:
 * Node 20's V8 builds an object literal with a spread followed by more properties on a slow path
 * (about 3 us here instead of 0.1 us), and this runs for every Deployment of every stage.
 */
function deploymentProps(props: VersionedAppProps, v: VersionSpec): VersionedDeploymentProps {
  return Object.assign(workloadOptions(props), { app: props.app, version: v, replicasOverride: props.replicasByVersion?.[v.name] });
}

/** The shared workload options out of a larger props object (so unrelated props such as `name` never leak in). */
export function workloadOptions(p: WorkloadOptions): WorkloadOptions {
  return {
    containerPort: p.containerPort, protocol: p.protocol, replicas: p.replicas, resources: p.resources, env: p.env,
    readiness: p.readiness, liveness: p.liveness, sidecarInjection: p.sidecarInjection, allowMutableImageTag: p.allowMutableImageTag,
    runAsUser: p.runAsUser, readOnlyRootFilesystem: p.readOnlyRootFilesystem, maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable,
    minReadySeconds: p.minReadySeconds, progressDeadlineSeconds: p.progressDeadlineSeconds, revisionHistoryLimit: p.revisionHistoryLimit,
  };
}
