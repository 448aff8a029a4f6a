import { Problem } from '../validation/problems';
import { checkDnsLabel, checkDnsSubdomain, firstDuplicate } from '../validation/rules';
import { DEFAULT_RUN_AS_USER, VersionSpec, WorkloadOptions } from './options';
import { mergeOverride, PodTemplateOverride, sortKeysDeep } from './pod-template-override';
import { EnvFromSource, Volume, VolumeMount } from './pod-types';
import { quantityValue } from './quantity';
import { K8S_VERSION_LABEL, MANAGED_BY_LABEL, NAME_LABEL, standardLabels } from './standard-labels';
import { VERSION_CONFIG_VOLUME, VERSION_SECRET_VOLUME, versionConfigName } from './version-config';

/** What the pod options are rendered from: the shared options, the app and the version. */
/** The UID Istio's sidecar runs as; traffic of this UID is not redirected to the proxy. */
const ISTIO_PROXY_UID = 1337;

interface PodInput extends WorkloadOptions {
  readonly app: string;
  readonly version: VersionSpec;
}

const VOLUME_SOURCES = ['emptyDir', 'configMap', 'secret', 'persistentVolumeClaim', 'projected'] as const;
const RESERVED_LABELS = ['app', 'version', NAME_LABEL, K8S_VERSION_LABEL, MANAGED_BY_LABEL];

/** The volumes, mounts and envFrom sources of the version's own ConfigMap and Secret. */
function versionRefs(p: PodInput): { volumes: Volume[]; mounts: VolumeMount[]; envFrom: EnvFromSource[] } {
  const v = p.version;
  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];
  const envFrom: EnvFromSource[] = [];
  if (v.config) {
    const name = versionConfigName(p.app, v.name);
    if (v.config.mountPath !== undefined) {
      volumes.push({ name: VERSION_CONFIG_VOLUME, configMap: { name } });
      mounts.push({ name: VERSION_CONFIG_VOLUME, mountPath: v.config.mountPath, readOnly: true });
    } else envFrom.push({ configMapRef: { name } });
  }
  if (v.secret) {
    if (v.secret.mountPath !== undefined) {
      volumes.push({ name: VERSION_SECRET_VOLUME, secret: { secretName: v.secret.name } });
      mounts.push({ name: VERSION_SECRET_VOLUME, mountPath: v.secret.mountPath, readOnly: true });
    } else envFrom.push({ secretRef: { name: v.secret.name } });
  }
  return { volumes, mounts, envFrom };
}

function allVolumes(p: PodInput): Volume[] {
  return [...(p.volumes ?? []), ...versionRefs(p).volumes];
}

function allMounts(p: PodInput): VolumeMount[] {
  return [...(p.volumeMounts ?? []), ...versionRefs(p).mounts];
}

/** Problems of the pod options of one version. */
export function podProblems(p: PodInput): Problem[] {
  const problems: Problem[] = [];
  const v = p.version;
  const what = `version "${v.name}"`;
  const user = p.runAsUser ?? DEFAULT_RUN_AS_USER;
  if (!Number.isInteger(user) || user < 1) {
    problems.push({
      message: `runAsUser ${user} of ${what} is ${user === 0 ? 'root' : 'not a valid UID'}; restricted pod security only admits non-root containers.`,
      fix: `use a non-zero UID, e.g. the default ${DEFAULT_RUN_AS_USER}, or the UID the image's USER names (101 for nginx-unprivileged).`,
    });
  }
  // Istio's IST0144 (InvalidApplicationUID): the sidecar runs as 1337, and its iptables rules let traffic of that UID bypass the proxy.
  if (user === ISTIO_PROXY_UID && (p.sidecarInjection ?? true)) {
    problems.push({
      message: `runAsUser ${user} of ${what} is the UID of the Istio sidecar, so the app's own outbound traffic bypasses the proxy (no mTLS, no routing) (Istio IST0144).`,
      fix: `use another non-zero UID, e.g. the default ${DEFAULT_RUN_AS_USER}, or set sidecarInjection: false if the pods run without a sidecar.`,
    });
  }
  for (const [field, id] of [['runAsGroup', p.runAsGroup], ['fsGroup', p.fsGroup]] as const) {
    if (id !== undefined && (!Number.isInteger(id) || id < 0)) problems.push({ message: `${field} ${id} of ${what} is not a valid GID.`, fix: 'use a whole number of 0 or more, e.g. 65532.' });
  }
  if (!hasPodOptions(p)) return problems; // the common case: nothing else to check

  const volumes = allVolumes(p);
  const volumeNames = volumes.map((x) => x.name);
  const dupVolume = firstDuplicate(volumeNames);
  if (dupVolume !== undefined) {
    problems.push({
      message: `volume name "${dupVolume}" of ${what} is used by two volumes${[VERSION_CONFIG_VOLUME, VERSION_SECRET_VOLUME].includes(dupVolume) ? ' (the version\'s config or secret mount is called so)' : ''}.`,
      fix: 'give every volume a distinct name.',
    });
  }
  for (const vol of volumes) {
    const nameProblem = checkDnsLabel(vol.name, 'volume name');
    if (nameProblem) problems.push(nameProblem);
    const size = vol.emptyDir?.sizeLimit;
    if (size !== undefined && !((quantityValue(size) ?? 0) > 0)) {
      problems.push({ message: `emptyDir sizeLimit ${JSON.stringify(size)} of volume "${vol.name}" of ${what} is not a positive Kubernetes quantity.`, fix: "use a quantity such as '64Mi' or '1Gi'." });
    }
    const sources = VOLUME_SOURCES.filter((s) => (vol as unknown as Record<string, unknown>)[s] !== undefined);
    if (sources.length !== 1) {
      problems.push({
        message: `volume "${vol.name}" of ${what} has ${sources.length === 0 ? 'no source' : `${sources.length} sources (${sources.join(', ')})`}.`,
        fix: `give it exactly one of ${VOLUME_SOURCES.join(', ')} (other sources through podTemplate).`,
      });
    }
  }
  const declared = new Set([...volumeNames, ...podTemplateVolumes(p.podTemplate), ...podTemplateVolumes(v.podTemplate)]);
  const mounts = allMounts(p);
  for (const m of mounts) {
    if (!declared.has(m.name)) {
      problems.push({
        message: `volume mount "${m.name}" at ${m.mountPath} of ${what} names no volume of the pod (volumes: ${[...declared].join(', ') || 'none'}).`,
        fix: `declare a volume named "${m.name}" in volumes, or correct the mount's name.`,
      });
    }
    if (!m.mountPath.startsWith('/')) problems.push({ message: `volume mount "${m.name}" path "${m.mountPath}" of ${what} is not absolute.`, fix: 'use an absolute path such as /tmp.' });
  }
  const dupPath = firstDuplicate(mounts.map((m) => m.mountPath));
  if (dupPath !== undefined) problems.push({ message: `two volume mounts of ${what} use the path ${dupPath}.`, fix: 'mount each volume at its own path.' });

  const env = Object.assign({}, p.env, v.env);
  for (const [name, source] of Object.entries(p.envValueFrom ?? {})) {
    if (name in env) problems.push({ message: `environment variable ${name} of ${what} is set both in env and in envValueFrom.`, fix: 'set it in one of them.' });
    const n = ['configMapKeyRef', 'secretKeyRef', 'fieldRef'].filter((k) => (source as Record<string, unknown>)[k] !== undefined).length;
    if (n !== 1) problems.push({ message: `envValueFrom ${name} of ${what} has ${n} sources.`, fix: 'give it exactly one of configMapKeyRef, secretKeyRef, fieldRef.' });
  }

  const labels = Object.assign({}, p.labels, p.podTemplate?.metadata?.labels, v.podTemplate?.metadata?.labels);
  for (const key of RESERVED_LABELS) {
    if (key in labels) {
      problems.push({
        message: `label "${key}" of ${what} is set by the library (${key === 'app' || key === 'version' ? 'the Service, the Deployment and the DestinationRule subsets select on it' : 'a recommended label with the app or version name'}).`,
        fix: `remove "${key}" from labels and podTemplate.metadata.labels; use another key for your own label.`,
      });
    }
  }

  for (const t of p.tolerations ?? []) {
    if (t.operator === 'Exists' && t.value !== undefined) {
      problems.push({ message: `toleration of taint "${t.key ?? '*'}" of ${what} has operator Exists and value "${t.value}", which the API server rejects.`, fix: "drop the value (Exists matches any value), or use operator: 'Equal'." });
    }
  }
  for (const c of p.topologySpreadConstraints ?? []) {
    if (!Number.isInteger(c.maxSkew) || c.maxSkew < 1 || (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway')) {
      problems.push({
        message: `topology spread constraint on ${c.topologyKey} of ${what} has maxSkew ${c.maxSkew} and whenUnsatisfiable "${c.whenUnsatisfiable}".`,
        fix: "use a maxSkew of 1 or more and whenUnsatisfiable 'DoNotSchedule' (a hard rule) or 'ScheduleAnyway' (a preference).",
      });
    }
  }
  const grace = p.terminationGracePeriodSeconds ?? 30;
  if (!Number.isInteger(grace) || grace < 0) problems.push({ message: `terminationGracePeriodSeconds ${grace} of ${what} is not a whole number of 0 or more.`, fix: 'use whole seconds, e.g. 30.' });
  const sleep = p.preStop?.seconds;
  if (sleep !== undefined && (!Number.isInteger(sleep) || sleep < 1 || sleep >= grace)) {
    problems.push({
      message: `preStop sleep of ${sleep}s of ${what} is not a whole number of seconds from 1 to below terminationGracePeriodSeconds (${grace}s): the kubelet kills the container when the grace period ends, before the app could drain.`,
      fix: 'sleep a few seconds (5 is usual) and keep terminationGracePeriodSeconds above the sleep plus the app\'s shutdown time.',
    });
  }
  for (const [field, name] of [['serviceAccountName', p.serviceAccountName], ['priorityClassName', p.priorityClassName], ...(p.imagePullSecrets ?? []).map((s) => ['imagePullSecrets', s] as const)] as const) {
    const problem = name === undefined ? undefined : checkDnsSubdomain(name, field);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Whether any option checked below is set (most versions set none). */
function hasPodOptions(p: PodInput): boolean {
  const v = p.version;
  return p.volumes !== undefined || p.volumeMounts !== undefined || v.config !== undefined || v.secret !== undefined || p.envValueFrom !== undefined
    || p.labels !== undefined || p.podTemplate !== undefined || v.podTemplate !== undefined || p.terminationGracePeriodSeconds !== undefined
    || p.preStop !== undefined || p.tolerations !== undefined || p.topologySpreadConstraints !== undefined || p.serviceAccountName !== undefined || p.priorityClassName !== undefined || p.imagePullSecrets !== undefined;
}

function podTemplateVolumes(o: PodTemplateOverride | undefined): string[] {
  const vols = o?.spec?.volumes;
  return Array.isArray(vols) ? vols.map((x: { name?: unknown }) => String(x?.name)) : [];
}

/** `target` with the defined, non-empty `fields` added (values key-sorted), every key in sorted order; `target` itself when nothing is added. */
function withFields(target: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(fields)) {
    const val = fields[k];
    if (val === undefined || (Array.isArray(val) && val.length === 0)) continue;
    out = out ?? Object.assign({}, target);
    out[k] = sortKeysDeep(val);
  }
  return out === undefined ? target : sortedShallow(out);
}

/** `a` and `b` merged into one object with sorted keys (flat string maps: labels, annotations). */
function mergedSorted(a: Record<string, string> | undefined, b: Record<string, string>): Record<string, string> {
  return sortedShallow(Object.assign({}, a, b)) as Record<string, string>;
}

function sortedShallow(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/** The standard and user labels of a version's objects (the Deployment and its pods). */
function objectLabels(p: PodInput): Record<string, string> {
  return Object.assign(standardLabels(p.app, p.version.name), p.labels);
}

/**
 * The pod template labels of a Deployment rendered with `renderPodExtras`, from the labels cdk8s-plus
 * rendered (its pod metadata): the standard and user labels, then those of the podTemplate overrides
 * (merged into the template again afterwards, which leaves them as they are). The app checks read the
 * labels with it instead of rendering the Deployment (lib/app/pod-labels.ts).
 */
export function podTemplateLabelsOf(p: PodInput): (rendered: Record<string, string> | undefined) => Record<string, string> {
  const labels = objectLabels(p);
  const overrides = [p.podTemplate, p.version.podTemplate].map((o) => o?.metadata?.labels).filter((l): l is Record<string, string> => l !== undefined);
  return (rendered) => {
    const out = Object.assign({}, rendered, labels);
    for (const o of overrides) for (const [k, value] of Object.entries(o)) if (value !== undefined) out[k] = value;
    return sortedShallow(out) as Record<string, string>;
  };
}

/**
 * A function that writes the pod options into the rendered Deployment JSON (cdk8s-plus renders the
 * rest): labels, annotations, env, volumes, scheduling, lifecycle, then the podTemplate overrides.
 */
export function renderPodExtras(p: PodInput, podLabels: Record<string, string>): (json: any) => any {
  const v = p.version;
  const labels = objectLabels(p);
  const templateLabels = podTemplateLabelsOf(p);
  const refs = versionRefs(p);
  const envValues = Object.assign({}, p.env, v.env);
  const env = [
    ...Object.entries(envValues).map(([name, value]) => ({ name, value })),
    ...Object.entries(p.envValueFrom ?? {}).map(([name, valueFrom]) => ({ name, valueFrom })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const podAnnotations = Object.assign({}, p.podAnnotations, v.podAnnotations);
  const spread = p.topologySpreadConstraints?.map((c) => (c.labelSelector ? c : { ...c, labelSelector: { matchLabels: { ...podLabels } } }));
  const args = v.args ?? p.args;
  const containerFields: Record<string, unknown> = {
    command: v.command ?? p.command,
    args: args ? [...args] : undefined,
    imagePullPolicy: p.imagePullPolicy?.value,
    env,
    envFrom: [...(p.envFrom ?? []), ...(v.envFrom ?? []), ...refs.envFrom],
    volumeMounts: [...(p.volumeMounts ?? []), ...refs.mounts],
    lifecycle: p.preStop ? { preStop: p.preStop.handler } : undefined,
  };
  const podFields: Record<string, unknown> = {
    volumes: [...(p.volumes ?? []), ...refs.volumes],
    imagePullSecrets: p.imagePullSecrets?.map((name) => ({ name })),
    serviceAccountName: p.serviceAccountName,
    nodeSelector: p.nodeSelector,
    tolerations: p.tolerations,
    affinity: p.affinity,
    topologySpreadConstraints: spread,
    priorityClassName: p.priorityClassName,
  };
  const overrides = [p.podTemplate, v.podTemplate].filter((o): o is PodTemplateOverride => o !== undefined);
  const hasPodAnnotations = Object.keys(podAnnotations).length > 0;
  const hasAnnotations = p.annotations !== undefined && Object.keys(p.annotations).length > 0;
  // cdk8s renders every object with sorted keys; only the objects changed here are sorted again
  // (a deep sort of the whole template costs a few percent of a large synth).
  return (json: any) => {
    const metadata = json.metadata;
    metadata.labels = mergedSorted(metadata.labels, labels);
    if (hasAnnotations) json.metadata = sortedShallow(Object.assign(metadata, { annotations: mergedSorted(metadata.annotations, p.annotations!) }));
    let template = json.spec.template;
    template.metadata.labels = templateLabels(template.metadata.labels);
    if (hasPodAnnotations) template.metadata = sortedShallow(Object.assign(template.metadata, { annotations: mergedSorted(template.metadata.annotations, podAnnotations) }));
    const spec = template.spec;
    spec.containers[0] = withFields(spec.containers[0], containerFields);
    template.spec = withFields(spec, podFields);
    if (overrides.length > 0) {
      for (const o of overrides) template = mergeOverride(template, o);
      template = sortKeysDeep(template);
    }
    json.spec.template = template;
    return json;
  };
}
