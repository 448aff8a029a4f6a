import { Construct } from 'constructs';
import { autoscalingProblems, VersionAutoscaler } from '../scaling/autoscaling';
import { disruptionBudgetProblems, VersionDisruptionBudget } from '../scaling/disruption-budget';
import { Problem, reportProblem } from '../validation/problems';
import { firstDuplicate } from '../validation/rules';
import { AppService } from './app-service';
import { VersionSpec, WorkloadOptions } from './options';
import { standardLabels } from './standard-labels';
import { VersionConfigMap, versionConfigName } from './version-config';
import { APP_LABEL, VERSION_LABEL, VersionedDeployment, VersionedDeploymentProps, versionAutoscaling, versionDisruptionBudget, versionProblems } from './versioned-deployment';
import { requireProps } from '../validation/required-props';

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
  /** Extra pod labels the traffic provider needs (`WorkloadNeeds.podLabels`). @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Extra labels of the Service the traffic provider needs (`WorkloadNeeds.serviceLabels`, e.g. `istio.io/use-waypoint`). @default - none */
  readonly serviceLabels?: Readonly<Record<string, string>>;
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
  /** The ConfigMaps of the running versions that have `config`, by version name. */
  public readonly configMaps: Record<string, VersionConfigMap> = {};
  /** The HorizontalPodAutoscalers of the running versions that autoscale, by version name. */
  public readonly autoscalers: Record<string, VersionAutoscaler> = {};
  /** The PodDisruptionBudgets of the running versions that have one, by version name. */
  public readonly disruptionBudgets: Record<string, VersionDisruptionBudget> = {};

  constructor(scope: Construct, id: string, props: VersionedAppProps) {
    requireProps(scope, id, 'VersionedApp', props, ['app', 'versions']);
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
      const dp = deploymentProps(props, v);
      for (const p of [...versionProblems(dp), ...scalingProblems(props, v, dp)]) reportProblem(this, p);
    }
    if (props.createService ?? true) {
      this.service = new AppService(this, 'Service', {
        name: props.app,
        selector: props.serviceSelector ?? { [APP_LABEL]: props.app },
        port: props.servicePort,
        targetPort: props.containerPort,
        protocol: props.protocol,
        labels: Object.assign(standardLabels(props.app), props.labels, props.serviceLabels),
      });
    }
    for (const v of props.versions) {
      if (this.deployments[v.name]) continue; // duplicate version name: reported above
      const dp = deploymentProps(props, v);
      const labels = Object.assign({ [APP_LABEL]: props.app, [VERSION_LABEL]: v.name }, standardLabels(props.app, v.name), props.labels);
      // The ConfigMap comes first in the YAML, so `kubectl apply` creates it before the pods that mount it.
      if (v.config) {
        this.configMaps[v.name] = new VersionConfigMap(this, `Config-${v.name}`, { name: versionConfigName(props.app, v.name), data: v.config.data, labels });
      }
      const deployment = new VersionedDeployment(this, `Deployment-${v.name}`, dp);
      this.deployments[v.name] = deployment;
      for (const p of scalingProblems(props, v, dp)) reportProblem(deployment, p);
      const autoscaling = versionAutoscaling(dp);
      if (autoscaling && props.replicasByVersion === undefined) {
        this.autoscalers[v.name] = new VersionAutoscaler(this, `Autoscaler-${v.name}`, { name: deployment.name, deploymentName: deployment.name, options: autoscaling, labels });
      }
      const budget = versionDisruptionBudget(dp);
      if (budget) {
        this.disruptionBudgets[v.name] = new VersionDisruptionBudget(this, `DisruptionBudget-${v.name}`, { name: deployment.name, selector: deployment.podLabels, options: budget, labels });
      }
    }
  }
}

/**
 * Problems of the autoscaling and disruption budget of version `v`: an HPA where pod counts are the
 * traffic split, bad bounds, a budget its pods can never meet, replicas that the HPA would override.
 */
function scalingProblems(props: VersionedAppProps, v: VersionSpec, dp: VersionedDeploymentProps): Problem[] {
  const autoscaling = versionAutoscaling(dp);
  const budget = versionDisruptionBudget(dp);
  const what = `version "${v.name}"`;
  const problems: Problem[] = [];
  if (autoscaling) {
    if (props.replicasByVersion !== undefined) {
      problems.push({
        message: `autoscaling is set for ${what}, but this canary splits traffic by replica counts (trafficSplit 'replicas'): an HPA would change the pod counts, and with them the share of requests each version gets.`,
        fix: "remove autoscaling (size the stages with totalReplicas), or use trafficSplit: 'istio', where weights do not depend on pod counts.",
      });
    } else {
      problems.push(...autoscalingProblems(autoscaling, what));
      if (v.replicas !== undefined || (v.autoscaling === undefined && props.replicas !== undefined)) {
        problems.push({
          message: `${what} sets both replicas (${v.replicas ?? props.replicas}) and autoscaling: the HorizontalPodAutoscaler owns the pod count, so the Deployment renders no replicas.`,
          fix: 'remove replicas, and set the bounds with autoscaling.minReplicas and maxReplicas.',
        });
      }
    }
  }
  if (budget) {
    const pods = autoscaling && props.replicasByVersion === undefined ? autoscaling.minReplicas : dp.replicasOverride ?? v.replicas ?? props.replicas ?? 1;
    if (Number.isInteger(pods) && pods >= 0) problems.push(...disruptionBudgetProblems(budget, pods, what));
  }
  return problems;
}

/**
 * The props of the Deployment of version `v`: the shared workload options, the app and the version.
 * Same as `{ ...workloadOptions(props), app, version, replicasOverride }`, written with Object.assign:
 * Node 20's V8 builds an object literal with a spread followed by more properties on a slow path
 * (about 3 us here instead of 0.1 us), and this runs for every Deployment of every stage.
 */
function deploymentProps(props: VersionedAppProps, v: VersionSpec): VersionedDeploymentProps {
  return Object.assign(workloadOptions(props), { app: props.app, version: v, replicasOverride: props.replicasByVersion?.[v.name], withCompanions: true, extraPodLabels: props.podLabels });
}

/** The shared workload options out of a larger props object (so unrelated props such as `name` never leak in). */
export function workloadOptions(p: WorkloadOptions): WorkloadOptions {
  return {
    containerPort: p.containerPort, protocol: p.protocol, replicas: p.replicas, resources: p.resources, env: p.env,
    readiness: p.readiness, liveness: p.liveness, sidecarInjection: p.sidecarInjection, allowMutableImageTag: p.allowMutableImageTag,
    runAsUser: p.runAsUser, readOnlyRootFilesystem: p.readOnlyRootFilesystem, maxSurge: p.maxSurge, maxUnavailable: p.maxUnavailable,
    minReadySeconds: p.minReadySeconds, progressDeadlineSeconds: p.progressDeadlineSeconds, revisionHistoryLimit: p.revisionHistoryLimit,
    envValueFrom: p.envValueFrom, envFrom: p.envFrom, volumes: p.volumes, volumeMounts: p.volumeMounts, command: p.command, args: p.args,
    imagePullPolicy: p.imagePullPolicy, imagePullSecrets: p.imagePullSecrets, serviceAccountName: p.serviceAccountName,
    automountServiceAccountToken: p.automountServiceAccountToken, labels: p.labels, annotations: p.annotations, podAnnotations: p.podAnnotations,
    nodeSelector: p.nodeSelector, tolerations: p.tolerations, affinity: p.affinity, topologySpreadConstraints: p.topologySpreadConstraints,
    priorityClassName: p.priorityClassName, terminationGracePeriodSeconds: p.terminationGracePeriodSeconds, preStop: p.preStop, startup: p.startup,
    runAsGroup: p.runAsGroup, fsGroup: p.fsGroup, autoscaling: p.autoscaling, disruptionBudget: p.disruptionBudget, podTemplate: p.podTemplate,
  };
}
