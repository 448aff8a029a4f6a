/**
 * Structural defaulting as the API server applies it before validation: every absent property with a
 * `default` in the schema gets it, at every level (lists and maps item by item).
 */

/** A copy of `value` with the schema's defaults applied. */
export function withDefaults(value: any, schema: any): any {
  if (!schema || value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((x) => withDefaults(x, schema.items));
  if (typeof value !== 'object') return value;
  const out: Record<string, any> = {};
  for (const [k, x] of Object.entries(value)) {
    const child = schema.properties?.[k] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    out[k] = withDefaults(x, child);
  }
  for (const [k, s] of Object.entries<any>(schema.properties ?? {})) {
    if (!(k in out) && s && 'default' in s) out[k] = withDefaults(structuredClone(s.default), s);
  }
  return out;
}
