import { AutoscalingOptions } from '../scaling/autoscaling';
import { DisruptionBudgetOptions } from '../scaling/disruption-budget';
import { PodTemplateOverride } from './pod-template-override';
import { Affinity, EnvFromSource, EnvVarSource, Toleration, TopologySpreadConstraint, Volume, VolumeMount } from './pod-types';
import { PreStop } from './pre-stop';
import { PullPolicy } from './pull-policy';
import { ContainerResources } from './resources';
import { VersionConfig, VersionSecretRef } from './version-config';

/** The application protocol of a port; it decides the port name Istio uses for protocol selection. */
export type AppProtocol = 'http' | 'http2' | 'grpc' | 'tcp';

/** An HTTP probe against the version's pods. */
export interface HttpProbeOptions {
  /** Path to GET. @default '/health' */
  readonly path?: string;
  /** Port to probe. @default - the container port */
  readonly port?: number;
  /** Seconds before the first probe. @default 5 */
  readonly initialDelaySeconds?: number;
  /** Seconds between probes. @default 10 */
  readonly periodSeconds?: number;
  /** Seconds before a probe times out. @default 5 */
  readonly timeoutSeconds?: number;
  /** Failures in a row that mark the pod unready (readiness) or restart it (liveness). @default 3 */
  readonly failureThreshold?: number;
}

/** A pod count or a percentage such as `'25%'`. */
export type CountOrPercent = number | `${number}%`;

/** Rolling-update knobs of every Deployment the library emits (seeds 000 and 003). */
export interface RolloutKnobs {
  /** Extra pods allowed above the desired count during an update. @default '25%' */
  readonly maxSurge?: CountOrPercent;
  /** Pods allowed to be unavailable during an update. @default 0 (never drop below the desired count) */
  readonly maxUnavailable?: CountOrPercent;
  /** Seconds a new pod must be ready before it counts as available. @default 10 */
  readonly minReadySeconds?: number;
  /** Seconds before a stalled update is reported as failed. @default 600 */
  readonly progressDeadlineSeconds?: number;
  /** Old ReplicaSets kept for `kubectl rollout undo`. @default 5 */
  readonly revisionHistoryLimit?: number;
}

/** Default UID and GID of the container: 65532, the `nonroot` user of distroless images (any non-zero id works). */
export const DEFAULT_RUN_AS_USER = 65532;

/**
 * How the pods of every version run. Shared by all versions of a construct; a `VersionSpec`
 * overrides some of them for its version (see docs/workloads.md).
 */
export interface WorkloadOptions extends RolloutKnobs {
  /** Port the container listens on. @default 80 */
  readonly containerPort?: number;
  /** Protocol of that port; names the container and Service port (`http`, `grpc`, `tcp`, ...). @default 'http' */
  readonly protocol?: AppProtocol;
  /** Replicas of each version (ignored for a version with `autoscaling`: its HPA owns the count). @default 1 */
  readonly replicas?: number;
  /**
   * CPU and memory requests and limits (Kubernetes quantities). A field left out keeps its default.
   * @default - requests cpu 100m / memory 128Mi, limits cpu 500m / memory 256Mi
   */
  readonly resources?: ContainerResources;
  /** Environment variables of the container. @default - none */
  readonly env?: Record<string, string>;
  /** Environment variables read from a key of a ConfigMap, a Secret or a pod field (`env[].valueFrom`). @default - none */
  readonly envValueFrom?: Record<string, EnvVarSource>;
  /** Every key of ConfigMaps or Secrets as environment variables (`envFrom`). @default - none */
  readonly envFrom?: EnvFromSource[];
  /** Pod volumes (emptyDir, configMap, secret, persistentVolumeClaim, projected). @default - none */
  readonly volumes?: Volume[];
  /** Where the container mounts them. @default - none */
  readonly volumeMounts?: VolumeMount[];
  /** Entrypoint of the container (its `command`). @default - the image's ENTRYPOINT */
  readonly command?: string[];
  /** Arguments of the container (its `args`). @default - the image's CMD */
  readonly args?: string[];
  /** When the kubelet pulls the image. @default PullPolicy.IF_NOT_PRESENT */
  readonly imagePullPolicy?: PullPolicy;
  /** Names of Secrets with registry credentials (`imagePullSecrets`). @default - none */
  readonly imagePullSecrets?: string[];
  /** Service account of the pods. @default - the namespace's `default` service account */
  readonly serviceAccountName?: string;
  /** Mount the service account's API token in the pods. @default false (pods that do not call the API server need no token) */
  readonly automountServiceAccountToken?: boolean;
  /** Extra labels on every object of the version (Deployment, pods, HPA, PDB, ConfigMap) and on the Service. @default - none */
  readonly labels?: Record<string, string>;
  /** Annotations of the Deployment. @default - none */
  readonly annotations?: Record<string, string>;
  /** Annotations of the pods, e.g. `{ 'sidecar.istio.io/proxyCPU': '50m' }`. @default - none */
  readonly podAnnotations?: Record<string, string>;
  /** Nodes the pods may run on, by node label. @default - any node */
  readonly nodeSelector?: Record<string, string>;
  /** Node taints the pods tolerate. @default - none */
  readonly tolerations?: Toleration[];
  /** Node and pod (anti-)affinity. @default - none */
  readonly affinity?: Affinity;
  /** How to spread each version's pods over zones or nodes; a constraint without `labelSelector` counts the version's pods. @default - none */
  readonly topologySpreadConstraints?: TopologySpreadConstraint[];
  /** PriorityClass of the pods. @default - the cluster's default priority */
  readonly priorityClassName?: string;
  /** Seconds between SIGTERM and SIGKILL (after the preStop hook starts). @default 30 */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Hook run before SIGTERM, e.g. `PreStop.sleep(5)` so endpoints and sidecars stop routing to a
   * terminating pod before it stops serving (a promotion or blue-green switch without 5xx).
   * @default - none
   */
  readonly preStop?: PreStop;
  /** Startup probe, for slow starters: liveness and readiness wait until it succeeds. @default - none */
  readonly startup?: HttpProbeOptions;
  /**
   * Readiness probe. `false` disables it (not recommended: traffic reaches pods that are not ready).
   * @default - HTTP GET /health on the container port for HTTP protocols, a TCP connect for `tcp`
   */
  readonly readiness?: HttpProbeOptions | false;
  /**
   * Liveness probe. `false` disables it.
   * @default - the readiness check with initialDelaySeconds 30 and failureThreshold 5 (seed 001)
   */
  readonly liveness?: HttpProbeOptions | false;
  /** Inject the Istio sidecar (label `sidecar.istio.io/inject: "true"` on the pods). @default true with Istio routing, false without */
  readonly sidecarInjection?: boolean;
  /**
   * Accept images without a pinned tag or digest (`nginx`, `nginx:latest`). Never do this in production:
   * the same YAML can then run different code.
   * @default false
   */
  readonly allowMutableImageTag?: boolean;
  /** UID of the container, rendered as `runAsUser` (never 0: restricted pod security requires non-root). @default 65532 */
  readonly runAsUser?: number;
  /** GID of the container, rendered as `runAsGroup`. @default 65532 */
  readonly runAsGroup?: number;
  /** Group that owns mounted volumes (`fsGroup`), so a non-root container can write a PersistentVolumeClaim. @default - none */
  readonly fsGroup?: number;
  /** Mount the root filesystem read-only (mount an emptyDir where the app writes). @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /** A HorizontalPodAutoscaler per version (each version its own; see `AutoscalingOptions`). @default - none: `replicas` pods */
  readonly autoscaling?: AutoscalingOptions;
  /** A PodDisruptionBudget per version. @default - none */
  readonly disruptionBudget?: DisruptionBudgetOptions;
  /** Escape hatch: plain pod template JSON merged in last (see `PodTemplateOverride`). @default - none */
  readonly podTemplate?: PodTemplateOverride;
}

/** One version of an application: a version label, the image it runs and what differs from the other versions. */
export interface VersionSpec {
  /** Version label value and subset name, e.g. `v2` (DNS-1123 label). */
  readonly name: string;
  /** Container image, pinned with a tag or digest, e.g. `mritd/demo:2.0.0`. */
  readonly image: string;
  /** Replicas of this version. @default - the construct's `replicas` */
  readonly replicas?: number;
  /** Extra environment variables for this version (over the construct's). @default - none */
  readonly env?: Record<string, string>;
  /** Extra `envFrom` sources for this version (after the construct's). @default - none */
  readonly envFrom?: EnvFromSource[];
  /** Resources of this version, merged field by field over the construct's. @default - the construct's `resources` */
  readonly resources?: ContainerResources;
  /** Entrypoint of the container. @default - the construct's `command` */
  readonly command?: string[];
  /** Arguments of the container (its `args`), e.g. `['9000', 'one']` for Istio's tcp-echo server. @default - the construct's `args` */
  readonly args?: readonly string[];
  /** Extra pod annotations for this version. @default - none */
  readonly podAnnotations?: Record<string, string>;
  /** The version's own ConfigMap, `<app>-<version>-config`, used by this version's pods only. @default - none */
  readonly config?: VersionConfig;
  /** A Secret used by this version's pods only. @default - none */
  readonly secret?: VersionSecretRef;
  /** Autoscaling of this version (replaces the construct's). @default - the construct's `autoscaling` */
  readonly autoscaling?: AutoscalingOptions;
  /** Disruption budget of this version (replaces the construct's). @default - the construct's `disruptionBudget` */
  readonly disruptionBudget?: DisruptionBudgetOptions;
  /** Escape hatch for this version, merged after the construct's `podTemplate`. @default - none */
  readonly podTemplate?: PodTemplateOverride;
}

/** Port name that Istio's protocol selection understands for a protocol. */
export function portNameFor(protocol: AppProtocol): string {
  return protocol;
}
