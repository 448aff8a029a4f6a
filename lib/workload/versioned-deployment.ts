import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { reportProblem } from '../validation/problems';
import { Problem } from '../validation/problems';
import { checkDnsLabel, checkImage, checkPort, checkReplicas } from '../validation/rules';
import { CountOrPercent, DEFAULT_RUN_AS_USER, HttpProbeOptions, portNameFor, VersionSpec, WorkloadOptions } from './options';
import { registerPodLabels } from '../app/pod-labels';
import { podProblems, podTemplateLabelsOf, renderPodExtras } from './pod-render';
import { mergeResources, renderResources, resourceProblems } from './resources';

/** Label holding the application name (Istio and Kiali read it). */
export const APP_LABEL = 'app';
/** Label holding the version name; DestinationRule subsets select on it. */
export const VERSION_LABEL = 'version';
/** Label that asks Istio to inject its sidecar. */
export const SIDECAR_INJECT_LABEL = 'sidecar.istio.io/inject';

/** Properties of `VersionedDeployment`. */
export interface VersionedDeploymentProps extends WorkloadOptions {
  /** Application name: the `app` label and the name prefix. */
  readonly app: string;
  /** The version to run. */
  readonly version: VersionSpec;
  /** Deployment name. @default `<app>-<version>` */
  readonly deploymentName?: string;
  /** Replicas, overriding the version's and the shared setting (used by replica-ratio canaries). @default - the version's replicas */
  readonly replicasOverride?: number;
  /**
   * Set by `VersionedApp`, which creates the version's ConfigMap, HorizontalPodAutoscaler and
   * PodDisruptionBudget next to this Deployment. Without it, a version with `config`, `autoscaling` or
   * `disruptionBudget` is an error, since nothing would create those objects (the Flagger and Argo
   * Rollouts engines build their pods this way).
   * @default false
   */
  readonly withCompanions?: boolean;
  /** Extra pod labels a traffic provider needs (not part of the selector). @default - none */
  readonly extraPodLabels?: Readonly<Record<string, string>>;
}

/** The autoscaling of a version: its own, else the construct's. */
export function versionAutoscaling(props: VersionedDeploymentProps) {
  return props.version.autoscaling ?? props.autoscaling;
}

/** The disruption budget of a version: its own, else the construct's. */
export function versionDisruptionBudget(props: VersionedDeploymentProps) {
  return props.version.disruptionBudget ?? props.disruptionBudget;
}

function probe(options: HttpProbeOptions, defaults: Required<Pick<HttpProbeOptions, 'initialDelaySeconds' | 'failureThreshold'>>, port: number, tcp: boolean): kplus.Probe {
  const common = {
    initialDelaySeconds: Duration.seconds(options.initialDelaySeconds ?? defaults.initialDelaySeconds),
    periodSeconds: Duration.seconds(options.periodSeconds ?? 10),
    timeoutSeconds: Duration.seconds(options.timeoutSeconds ?? 5),
    failureThreshold: options.failureThreshold ?? defaults.failureThreshold,
  };
  if (tcp) return kplus.Probe.fromTcpSocket({ port: options.port ?? port, ...common });
  return kplus.Probe.fromHttpGet(options.path ?? '/health', { port: options.port ?? port, ...common });
}

/** Problems of one version's input (names, image, replicas, port). */
export function versionProblems(props: VersionedDeploymentProps): Problem[] {
  const v = props.version;
  return [
    checkDnsLabel(v.name, 'version name'),
    // A derived name is only checked when its parts are valid, so one bad app name gives one message (from the Service).
    props.deploymentName !== undefined || (!checkDnsLabel(props.app, 'app') && !checkDnsLabel(v.name, 'version'))
      ? checkDnsLabel(props.deploymentName ?? `${props.app}-${v.name}`, 'Deployment name')
      : undefined,
    checkImage(v.image, `image of version "${v.name}"`, props.allowMutableImageTag ?? false),
    checkReplicas(props.replicasOverride ?? v.replicas ?? props.replicas ?? 1, `replicas of version "${v.name}"`),
    checkPort(props.containerPort ?? 80, 'container port'),
    ...resourceProblems(mergeResources(props.resources, v.resources), `version "${v.name}"`),
    ...podProblems(props),
    ...companionProblems(props),
  ].filter((p): p is Problem => p !== undefined);
}

/** A version that needs objects next to its Deployment (ConfigMap, HPA, PDB) where nothing creates them. */
function companionProblems(props: VersionedDeploymentProps): Problem[] {
  if (props.withCompanions) return [];
  const v = props.version;
  const needs = [
    v.config ? 'config (a ConfigMap)' : undefined,
    versionAutoscaling(props) ? 'autoscaling (a HorizontalPodAutoscaler)' : undefined,
    versionDisruptionBudget(props) ? 'disruptionBudget (a PodDisruptionBudget)' : undefined,
  ].filter((n): n is string => n !== undefined);
  if (needs.length === 0) return [];
  return [{
    message: `version "${v.name}" sets ${needs.join(' and ')}, but its pods are built outside VersionedApp (a progression engine such as Flagger or Argo Rollouts, or a bare VersionedDeployment), so nothing would create ${needs.length > 1 ? 'those objects' : 'that object'}.`,
    fix: "remove it from this version, or release with progression: 'manual' (the staged constructs create them per version).",
  }];
}

/**
 * A cdk8s-plus Deployment (so `VersionedDeployment.deployment` stays a `kplus.Deployment`) with the two
 * things cdk8s-plus has no prop for, set in the spec it renders: `revisionHistoryLimit`, and no
 * `cdk8s.io/metadata.addr` pod label (cdk8s-plus adds that path-hash label to the pods; the selectors
 * here are app/version, so it is dropped for plain YAML).
 *
 * This used to be two JSON patches per Deployment. cdk8s applies patches with fast-json-patch on every
 * render (deep-cloning the operations); they cost about 5% of the benchmark's instructions. The JSON is
 * the same: cdk8s resolves, sorts and converts the spec after `_toKube`, and patches ran on that result.
 * `_toKube` is declared by cdk8s-plus (marked internal); if an upgrade renamed it, the address label would
 * come back and revisionHistoryLimit would go, which the snapshot tests show.
 */
class PlainDeployment extends kplus.Deployment {
  constructor(scope: Construct, id: string, props: kplus.DeploymentProps, private readonly revisionHistoryLimit: number, finish: (json: any) => any) {
    super(scope, id, props);
    // The typed pod options are plain Kubernetes JSON: they are written into the rendered object, after
    // cdk8s-plus has converted its own fields (its converters only know the Kubernetes 1.28 fields and
    // need cdk8s-plus value classes for quantities). Wrapping this one object's toJson keeps
    // `ApiObject.of(deployment).toJson()` (and `addJsonPatch`, applied inside it) as they are.
    const api = this.apiObject;
    const render = api.toJson.bind(api);
    api.toJson = () => finish(render());
  }

  /** @internal */
  public _toKube(): kplus.k8s.DeploymentSpec {
    const spec = super._toKube();
    // `template.metadata` is a fresh object per render (`podMetadata.toJson()`), so deleting from it is safe.
    const labels = spec.template.metadata?.labels as Record<string, string> | undefined;
    if (labels) delete labels[kplus.Pod.ADDRESS_LABEL];
    return withoutNullFields(Object.assign(spec, { revisionHistoryLimit: this.revisionHistoryLimit }));
  }
}

/**
 * A copy of `value` without the fields of plain objects whose value is undefined or null (a third of
 * the fields cdk8s-plus returns for a Deployment spec: every pod and container option not set).
 * cdk8s resolves every field of a spec, walking up the construct tree for each, and then drops the
 * undefined and null ones; they were about 3% of the benchmark's instructions. The JSON is the same:
 * cdk8s returns such a field before any resolver sees it and leaves it out of the output. Arrays keep
 * their elements, and anything that is not a plain object or array (a Lazy, a token) is left as is.
 */
function withoutNullFields<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNullFields) as unknown as T;
  if (value === null || typeof value !== 'object' || (value as object).constructor !== Object) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined && field !== null) out[key] = withoutNullFields(field);
  }
  return out as T;
}

/**
 * The Deployment of one version of an application: labels `app`/`version`, restricted security
 * context, resource requests and limits, readiness and liveness probes, rolling-update knobs.
 * Built with cdk8s-plus-28; `deployment` is exposed for patching.
 */
export class VersionedDeployment extends Construct {
  /** The cdk8s-plus Deployment. */
  public readonly deployment: kplus.Deployment;
  /** Labels of the pods (and the Deployment selector): `app` and `version`. */
  public readonly podLabels: Record<string, string>;
  /** Deployment name. */
  public readonly name: string;
  /** The rendered `spec.replicas`; undefined when a HorizontalPodAutoscaler owns the count. */
  public readonly replicas?: number;

  constructor(scope: Construct, id: string, props: VersionedDeploymentProps) {
    super(scope, id);
    const v = props.version;
    versionProblems(props).forEach((p) => reportProblem(this, p));
    this.name = props.deploymentName ?? `${props.app}-${v.name}`;
    this.podLabels = { [APP_LABEL]: props.app, [VERSION_LABEL]: v.name };
    const protocol = props.protocol ?? 'http';
    const port = props.containerPort ?? 80;
    const tcp = protocol === 'tcp';
    const readiness = props.readiness === false ? undefined : probe(props.readiness ?? {}, { initialDelaySeconds: 5, failureThreshold: 3 }, port, tcp);
    const livenessOptions = props.liveness ?? (props.readiness === false ? false : props.readiness ?? {});
    const liveness = livenessOptions === false ? undefined : probe(livenessOptions, { initialDelaySeconds: 30, failureThreshold: 5 }, port, tcp);
    const startup = props.startup ? probe(props.startup, { initialDelaySeconds: 0, failureThreshold: 30 }, port, tcp) : undefined;
    const sidecar = props.sidecarInjection ?? true;
    const user = props.runAsUser ?? DEFAULT_RUN_AS_USER;
    const group = props.runAsGroup ?? DEFAULT_RUN_AS_USER;
    const resources = renderResources(mergeResources(props.resources, v.resources));
    const extras = renderPodExtras(props, this.podLabels);
    const autoscaled = props.withCompanions === true && versionAutoscaling(props) !== undefined;
    this.replicas = autoscaled ? undefined : props.replicasOverride ?? v.replicas ?? props.replicas ?? 1;
    const finish = (json: any) => {
      if (autoscaled) delete json.spec.replicas;
      const container = json.spec.template.spec.containers[0];
      container.resources = resources;
      return extras(json);
    };

    this.deployment = new PlainDeployment(this, 'Resource', {
      metadata: { name: this.name, labels: { ...this.podLabels } },
      replicas: props.replicasOverride ?? v.replicas ?? props.replicas ?? 1,
      select: false,
      podMetadata: { labels: Object.assign({}, props.extraPodLabels, this.podLabels, sidecar ? { [SIDECAR_INJECT_LABEL]: 'true' } : undefined) },
      minReady: Duration.seconds(props.minReadySeconds ?? 10),
      progressDeadline: Duration.seconds(props.progressDeadlineSeconds ?? 600),
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: percentOrAbsolute(props.maxSurge ?? '25%'),
        maxUnavailable: percentOrAbsolute(props.maxUnavailable ?? 0),
      }),
      securityContext: { ensureNonRoot: true, user, group, fsGroup: props.fsGroup },
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      // A negative grace period is reported by podProblems; cdk8s would throw on it.
      terminationGracePeriod: Duration.seconds(Math.max(0, props.terminationGracePeriodSeconds ?? 30)),
      containers: [{
        name: props.app,
        image: v.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        ports: [{ number: port, name: portNameFor(protocol) }],
        readiness,
        liveness,
        startup,
        securityContext: {
          ensureNonRoot: true,
          user,
          group,
          readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
          allowPrivilegeEscalation: false,
          privileged: false,
          capabilities: { drop: [kplus.Capability.ALL] },
          seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        },
      }],
    }, props.revisionHistoryLimit ?? 5, finish);
    this.deployment.select(kplus.LabelSelector.of({ labels: this.podLabels }));
    // The labels the pods render with, without rendering the Deployment: what `_toKube` and `finish` do to them.
    const templateLabels = podTemplateLabelsOf(props);
    const podMetadata = this.deployment.podMetadata;
    registerPodLabels(ApiObject.of(this.deployment), () => {
      const rendered: Record<string, string> = { ...podMetadata.toJson().labels };
      delete rendered[kplus.Pod.ADDRESS_LABEL];
      return templateLabels(rendered);
    });
  }
}

function percentOrAbsolute(value: CountOrPercent): kplus.PercentOrAbsolute {
  return typeof value === 'number' ? kplus.PercentOrAbsolute.absolute(value) : kplus.PercentOrAbsolute.percent(Number(value.slice(0, -1)));
}

/** One DestinationRule subset per version, selecting its pods by the `version` label. */
export function versionSubsets(versions: readonly { readonly name: string }[]): { name: string; labels: Record<string, string> }[] {
  return versions.map((v) => ({ name: v.name, labels: { [VERSION_LABEL]: v.name } }));
}
