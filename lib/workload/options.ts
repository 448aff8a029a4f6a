import * as kplus from 'cdk8s-plus-28';

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

/**
 * How the pods of every version run. Shared by all versions of a construct;
 * a version can override `replicas`, `env` and `resources`.
 */
export interface WorkloadOptions extends RolloutKnobs {
  /** Port the container listens on. @default 80 */
  readonly containerPort?: number;
  /** Protocol of that port; names the container and Service port (`http`, `grpc`, `tcp`, ...). @default 'http' */
  readonly protocol?: AppProtocol;
  /** Replicas of each version. @default 1 */
  readonly replicas?: number;
  /**
   * CPU and memory requests and limits of the container.
   * @default - requests cpu 100m / memory 128Mi, limits cpu 500m / memory 256Mi
   */
  readonly resources?: kplus.ContainerResources;
  /** Environment variables of the container. @default - none */
  readonly env?: Record<string, string>;
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
  /** UID the container runs as (restricted pod security requires non-root). @default 25000 (cdk8s-plus default) */
  readonly runAsUser?: number;
  /** Mount the root filesystem read-only. @default true */
  readonly readOnlyRootFilesystem?: boolean;
}

/** One version of an application: a version label and the image it runs. */
export interface VersionSpec {
  /** Version label value and subset name, e.g. `v2` (DNS-1123 label). */
  readonly name: string;
  /** Container image, pinned with a tag or digest, e.g. `mritd/demo:2.0.0`. */
  readonly image: string;
  /** Replicas of this version. @default - the construct's `replicas` */
  readonly replicas?: number;
  /** Extra environment variables for this version. @default - none */
  readonly env?: Record<string, string>;
  /** Resources of this version. @default - the construct's `resources` */
  readonly resources?: kplus.ContainerResources;
  /** Arguments of the container (its `args`), e.g. `['9000', 'one']` for Istio's tcp-echo server. @default - the image's CMD */
  readonly args?: readonly string[];
}

/** Port name that Istio's protocol selection understands for a protocol. */
export function portNameFor(protocol: AppProtocol): string {
  return protocol;
}
