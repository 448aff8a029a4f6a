/**
 * The `x-kubernetes-validations` CEL rules of the vendored CRDs, evaluated as the API server does on
 * create: after defaulting (defaults.ts), at every schema level where the object has a value, with `self` bound to that value (integers as
 * CEL ints, declared property names escaped as Kubernetes escapes them), with @bufbuild/cel and its
 * strings extension. Transition rules (those reading `oldSelf`) do not apply on create and are skipped.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { crdOf } from './crds';
import { withDefaults } from './defaults';

/** A rule that failed (or could not be evaluated) on an object. */
export interface CelViolation {
  /** `Kind/namespace/name`. */
  readonly object: string;
  /** JSON path of the node the rule is on, e.g. `spec.listeners`. */
  readonly path: string;
  /** The rule. */
  readonly rule: string;
  /** The rule's message (or the evaluation error). */
  readonly message: string;
}

const ENV = celEnv({ funcs: strings });
const compiled = new Map<string, (ctx: any) => unknown>();

function compile(rule: string): (ctx: any) => unknown {
  let f = compiled.get(rule);
  if (!f) {
    f = plan(ENV, parse(rule)) as (ctx: any) => unknown;
    compiled.set(rule, f);
  }
  return f;
}

/** Is this a transition rule (it reads `oldSelf`, so it only applies to updates)? */
export function isTransitionRule(rule: string): boolean {
  return /\boldSelf\b/.test(rule);
}

const RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** A declared property name as a CEL field name (Kubernetes' escaping). */
export function escapeProperty(name: string): string {
  if (RESERVED.has(name)) return `__${name}__`;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/** The CEL value of `v` under `schema`: integers as bigint, declared properties escaped. */
function toCel(v: any, schema: any): any {
  if (v === null || v === undefined) return v;
  if (Array.isArray(v)) return v.map((x) => toCel(x, schema?.items));
  if (typeof v === 'number') return Number.isInteger(v) && schema?.type !== 'number' ? BigInt(v) : v;
  if (typeof v !== 'object') return v;
  const out: Record<string, any> = {};
  for (const [k, x] of Object.entries(v)) {
    const declared = schema?.properties?.[k];
    if (declared) out[escapeProperty(k)] = toCel(x, declared);
    else out[k] = toCel(x, typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
  }
  return out;
}

function walk(value: any, schema: any, where: string, visit: (value: any, schema: any, where: string) => void): void {
  if (!schema || value === undefined || value === null) return;
  visit(value, schema, where);
  if (Array.isArray(value)) value.forEach((x, i) => walk(x, schema.items, `${where}[${i}]`, visit));
  else if (typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) {
      const child = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      walk(x, child, where ? `${where}.${k}` : k, visit);
    }
  }
  for (const sub of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    if (sub['x-kubernetes-validations']) visit(value, sub, where);
  }
}

/** Every CEL rule violation on `objects` (objects without a vendored CRD are skipped). */
export function celViolations(objects: readonly any[]): CelViolation[] {
  const out: CelViolation[] = [];
  for (const o of objects) {
    const crd = crdOf(o);
    if (!crd) continue;
    const id = `${o.kind}/${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`;
    walk(withDefaults(o, crd.schema), crd.schema, '', (value, schema, where) => {
      for (const v of schema['x-kubernetes-validations'] ?? []) {
        if (isTransitionRule(v.rule)) continue;
        const result = compile(v.rule)({ self: toCel(value, schema) });
        if (result === true) continue;
        const message = isCelError(result) ? `evaluation error: ${(result as Error).message}` : v.message ?? `failed rule: ${v.rule}`;
        out.push({ object: id, path: where, rule: v.rule, message });
      }
    });
  }
  return out;
}

/** Every `x-kubernetes-validations` rule of a schema, with the path of the node it is on. */
export function rulesOf(schema: any, where = ''): { path: string; rule: string; message?: string }[] {
  if (!schema || typeof schema !== 'object') return [];
  const out = (schema['x-kubernetes-validations'] ?? []).map((v: any) => ({ path: where, rule: v.rule, message: v.message }));
  for (const [k, s] of Object.entries<any>(schema.properties ?? {})) out.push(...rulesOf(s, where ? `${where}.${k}` : k));
  if (schema.items) out.push(...rulesOf(schema.items, `${where}[]`));
  if (typeof schema.additionalProperties === 'object') out.push(...rulesOf(schema.additionalProperties, `${where}{}`));
  for (const sub of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) out.push(...rulesOf(sub, where));
  return out;
}
