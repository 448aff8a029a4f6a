/**
 * Plain, Kubernetes-shaped pod fields (the JSON field names of the core/v1 API), so consumers need no
 * cdk8s-plus classes: each value is copied into the pod template as written.
 */

/** A key of a ConfigMap or Secret projected to a file (`items` of a configMap/secret volume). */
export interface KeyToPath {
  /** The key. */
  readonly key: string;
  /** Relative file path under the mount. */
  readonly path: string;
  /** File mode bits (octal 0400 is 256). @default - the volume's defaultMode */
  readonly mode?: number;
}

/** An emptyDir volume: scratch space that lives as long as the pod. */
export interface EmptyDirVolumeSource {
  /** `'Memory'` for a tmpfs. @default - the node's disk */
  readonly medium?: string;
  /** Size limit, a quantity such as `'64Mi'`. @default - no limit */
  readonly sizeLimit?: string;
}

/** A ConfigMap as files. */
export interface ConfigMapVolumeSource {
  /** ConfigMap name. */
  readonly name: string;
  /** Keys to project. @default - every key, each as a file named after it */
  readonly items?: KeyToPath[];
  /** File mode bits. @default 420 (0644) */
  readonly defaultMode?: number;
  /** Start the pod even when the ConfigMap is missing. @default false */
  readonly optional?: boolean;
}

/** A Secret as files. */
export interface SecretVolumeSource {
  /** Secret name. */
  readonly secretName: string;
  /** Keys to project. @default - every key */
  readonly items?: KeyToPath[];
  /** File mode bits. @default 420 (0644) */
  readonly defaultMode?: number;
  /** Start the pod even when the Secret is missing. @default false */
  readonly optional?: boolean;
}

/** A PersistentVolumeClaim. */
export interface PersistentVolumeClaimVolumeSource {
  /** Claim name. */
  readonly claimName: string;
  /** Mount it read-only. @default false */
  readonly readOnly?: boolean;
}

/** A projected service account token. */
export interface ServiceAccountTokenProjection {
  /** File path under the mount. */
  readonly path: string;
  /** Audience of the token. @default - the API server */
  readonly audience?: string;
  /** Lifetime of the token in seconds. @default 3600 */
  readonly expirationSeconds?: number;
}

/** One source of a projected volume: a ConfigMap, a Secret or a service account token. */
export interface VolumeProjection {
  /** Keys of a ConfigMap. @default - none */
  readonly configMap?: { readonly name: string; readonly items?: KeyToPath[]; readonly optional?: boolean };
  /** Keys of a Secret. @default - none */
  readonly secret?: { readonly name: string; readonly items?: KeyToPath[]; readonly optional?: boolean };
  /** A service account token. @default - none */
  readonly serviceAccountToken?: ServiceAccountTokenProjection;
}

/** Several sources in one directory. */
export interface ProjectedVolumeSource {
  /** The sources. */
  readonly sources: VolumeProjection[];
  /** File mode bits. @default 420 (0644) */
  readonly defaultMode?: number;
}

/** A pod volume: a name and exactly one source. */
export interface Volume {
  /** Volume name (DNS-1123 label), referenced by `volumeMounts`. */
  readonly name: string;
  /** Scratch space. @default - not this source */
  readonly emptyDir?: EmptyDirVolumeSource;
  /** A ConfigMap. @default - not this source */
  readonly configMap?: ConfigMapVolumeSource;
  /** A Secret. @default - not this source */
  readonly secret?: SecretVolumeSource;
  /** A PersistentVolumeClaim. @default - not this source */
  readonly persistentVolumeClaim?: PersistentVolumeClaimVolumeSource;
  /** Several sources in one directory. @default - not this source */
  readonly projected?: ProjectedVolumeSource;
}

/** Where a volume is mounted in the container. */
export interface VolumeMount {
  /** Name of a volume of the pod. */
  readonly name: string;
  /** Absolute path in the container. */
  readonly mountPath: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
  /** A path inside the volume to mount instead of its root. @default - the root */
  readonly subPath?: string;
}

/** A reference to a ConfigMap or Secret for `envFrom`. */
export interface EnvFromRef {
  /** ConfigMap or Secret name. */
  readonly name: string;
  /** Start the pod even when it is missing. @default false */
  readonly optional?: boolean;
}

/** Every key of a ConfigMap or Secret as environment variables. */
export interface EnvFromSource {
  /** A ConfigMap. @default - not this source */
  readonly configMapRef?: EnvFromRef;
  /** A Secret. @default - not this source */
  readonly secretRef?: EnvFromRef;
  /** Prefix of every variable name. @default - none */
  readonly prefix?: string;
}

/** One key of a ConfigMap or Secret. */
export interface KeySelector {
  /** ConfigMap or Secret name. */
  readonly name: string;
  /** The key. */
  readonly key: string;
  /** Start the pod even when it is missing. @default false */
  readonly optional?: boolean;
}

/** Where an environment variable's value comes from (`valueFrom`). */
export interface EnvVarSource {
  /** A key of a ConfigMap. @default - not this source */
  readonly configMapKeyRef?: KeySelector;
  /** A key of a Secret. @default - not this source */
  readonly secretKeyRef?: KeySelector;
  /** A field of the pod, e.g. `{ fieldPath: 'metadata.name' }`. @default - not this source */
  readonly fieldRef?: { readonly fieldPath: string };
}

/** A toleration of a node taint. */
export interface Toleration {
  /** Taint key. @default - every key (with operator Exists) */
  readonly key?: string;
  /** `'Equal'` or `'Exists'`. @default 'Equal' */
  readonly operator?: string;
  /** Taint value. @default - none */
  readonly value?: string;
  /** `'NoSchedule'`, `'PreferNoSchedule'` or `'NoExecute'`. @default - every effect */
  readonly effect?: string;
  /** Seconds a NoExecute taint is tolerated. @default - forever */
  readonly tolerationSeconds?: number;
}

/** A label selector requirement. */
export interface LabelSelectorRequirement {
  /** Label key. */
  readonly key: string;
  /** `'In'`, `'NotIn'`, `'Exists'` or `'DoesNotExist'`. */
  readonly operator: string;
  /** Values (for In and NotIn). @default - none */
  readonly values?: string[];
}

/** A label selector. */
export interface LabelSelector {
  /** Labels that must match exactly. @default - none */
  readonly matchLabels?: Record<string, string>;
  /** Set-based requirements. @default - none */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

/** A node selector requirement (`In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt`, `Lt`). */
export interface NodeSelectorRequirement {
  /** Node label key. */
  readonly key: string;
  /** The operator. */
  readonly operator: string;
  /** Values. @default - none */
  readonly values?: string[];
}

/** A node selector term (its requirements are ANDed). */
export interface NodeSelectorTerm {
  /** Requirements on node labels. @default - none */
  readonly matchExpressions?: NodeSelectorRequirement[];
  /** Requirements on node fields. @default - none */
  readonly matchFields?: NodeSelectorRequirement[];
}

/** Node affinity. */
export interface NodeAffinity {
  /** Terms a node must match one of. @default - none */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: { readonly nodeSelectorTerms: NodeSelectorTerm[] };
  /** Weighted preferences. @default - none */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: { readonly weight: number; readonly preference: NodeSelectorTerm }[];
}

/** Pods (selected by labels) to be near or away from, in a topology domain. */
export interface PodAffinityTerm {
  /** The pods. @default - none */
  readonly labelSelector?: LabelSelector;
  /** The domain, e.g. `'kubernetes.io/hostname'` or `'topology.kubernetes.io/zone'`. */
  readonly topologyKey: string;
  /** Namespaces of the pods. @default - the pod's namespace */
  readonly namespaces?: string[];
}

/** A weighted pod affinity term. */
export interface WeightedPodAffinityTerm {
  /** Weight 1-100. */
  readonly weight: number;
  /** The term. */
  readonly podAffinityTerm: PodAffinityTerm;
}

/** Pod affinity or anti-affinity. */
export interface PodAffinity {
  /** Terms that must hold. @default - none */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  /** Weighted preferences. @default - none */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** The pod's scheduling affinity. */
export interface Affinity {
  /** Node affinity. @default - none */
  readonly nodeAffinity?: NodeAffinity;
  /** Pod affinity. @default - none */
  readonly podAffinity?: PodAffinity;
  /** Pod anti-affinity. @default - none */
  readonly podAntiAffinity?: PodAffinity;
}

/** How to spread the version's pods across a topology. */
export interface TopologySpreadConstraint {
  /** Largest allowed difference of pod counts between two domains. */
  readonly maxSkew: number;
  /** The domain, e.g. `'topology.kubernetes.io/zone'`. */
  readonly topologyKey: string;
  /** `'DoNotSchedule'` or `'ScheduleAnyway'`. */
  readonly whenUnsatisfiable: string;
  /** The pods counted. @default - the version's pods (`app` and `version` labels) */
  readonly labelSelector?: LabelSelector;
  /** Minimum number of eligible domains. @default - none */
  readonly minDomains?: number;
}
