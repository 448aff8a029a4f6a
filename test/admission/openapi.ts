/**
 * The whole openAPIV3Schema of the vendored CRDs (types, enums, required, patterns, lengths, items,
 * formats aside) checked with ajv, after defaulting, with unknown fields refused as `kubectl apply`
 * (strict field validation) refuses them, except under `x-kubernetes-preserve-unknown-fields`.
 */
import Ajv, { ValidateFunction } from 'ajv';
import { re2RegExp } from '../support/re2-regexp';
import { crdOf } from './crds';
import { withDefaults } from './defaults';

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: re2RegExp as any } });
const compiled = new Map<string, ValidateFunction>();

/** The schema as JSON Schema: objects with properties close (no unknown fields), int-or-string typed, extensions dropped. */
function toJsonSchema(s: any): any {
  if (!s || typeof s !== 'object') return s;
  const out: any = {};
  for (const [k, v] of Object.entries<any>(s)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'format') continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries<any>(v).map(([p, x]) => [p, toJsonSchema(x)]));
    else if (k === 'items' || k === 'additionalProperties' || k === 'not') out[k] = typeof v === 'object' ? toJsonSchema(v) : v;
    else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') out[k] = v.map(toJsonSchema);
    else out[k] = v;
  }
  if (s['x-kubernetes-int-or-string']) { delete out.type; out.anyOf = [{ type: 'integer' }, { type: 'string' }, ...(out.anyOf ? [{ anyOf: out.anyOf }] : [])].slice(0, 2); }
  if (s.type === 'object' && s.properties && !s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** Schema errors of `objects` (those without a vendored CRD are skipped), each `Kind/ns/name: path message`. */
export function openApiErrors(objects: readonly any[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    const crd = crdOf(o);
    if (!crd) continue;
    const key = `${crd.apiVersion} ${crd.kind}`;
    let validate = compiled.get(key);
    if (!validate) {
      // the API server adds apiVersion, kind and metadata to every CRD's root schema
      const root = toJsonSchema(crd.schema);
      root.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...root.properties };
      validate = ajv.compile(root);
      compiled.set(key, validate);
    }
    if (validate(withDefaults(o, crd.schema))) continue;
    for (const e of validate.errors ?? []) {
      const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as any).additionalProperty})` : '';
      out.push(`${o.kind}/${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}: ${e.instancePath || '/'} ${e.message}${extra}`);
    }
  }
  return out;
}
