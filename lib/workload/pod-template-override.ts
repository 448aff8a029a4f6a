/**
 * The escape hatch for anything in the pod template the typed options do not cover, as plain
 * Kubernetes JSON (field names as in `kubectl explain pod.spec`), merged into `spec.template` last.
 *
 * Merge rule: objects merge key by key; a list whose items all have a `name` (containers,
 * initContainers, volumes, env, ports, ...) merges item by item on `name` (a new name is appended);
 * any other value replaces the rendered one. So `spec.containers: [{ name: '<app>', workingDir: '/srv' }]`
 * changes the app container only, and `spec.initContainers: [{ name: 'migrate', ... }]` adds an init container.
 *
 * Not validated beyond this rule: the API server checks it when you apply the YAML.
 */
export interface PodTemplateOverride {
  /** Extra pod labels and annotations (`app` and `version` stay: the selectors use them). @default - none */
  readonly metadata?: PodTemplateMetadata;
  /** Fields merged into the pod spec, e.g. `{ hostAliases: [...], dnsConfig: {...} }`. @default - none */
  readonly spec?: { [key: string]: any };
}

/** Labels and annotations of the pod template. */
export interface PodTemplateMetadata {
  /** Extra labels. @default - none */
  readonly labels?: Record<string, string>;
  /** Extra annotations. @default - none */
  readonly annotations?: Record<string, string>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isNamedList(v: unknown): v is Record<string, unknown>[] {
  return Array.isArray(v) && v.length > 0 && v.every((x) => isPlainObject(x) && typeof x.name === 'string');
}

/** `base` with `override` merged in by the rule above (neither input is modified). */
export function mergeOverride(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = mergeOverride(base[k], v);
    return out;
  }
  if (isNamedList(override) && (base === undefined || isNamedList(base))) {
    const out = [...(base ?? [])];
    for (const item of override) {
      const i = out.findIndex((b) => b.name === item.name);
      if (i >= 0) out[i] = mergeOverride(out[i], item) as Record<string, unknown>;
      else out.push(item);
    }
    return out;
  }
  return override;
}

/** A copy of a JSON value with the keys of every object sorted (lists keep their order), like cdk8s output. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) if (value[k] !== undefined) out[k] = sortKeysDeep(value[k]);
  return out;
}
