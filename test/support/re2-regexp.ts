import { RE2JS } from 're2js';

/**
 * A RegExp engine for ajv that runs patterns as RE2 (Go) regexes, as the API server does: CRD
 * patterns such as `^(?i)(abort|warn)?$` are valid RE2 but rejected by JavaScript's RegExp.
 * Pass it as `new Ajv({ code: { regExp: re2RegExp } })`.
 */
export function re2RegExp(pattern: string): { test: (s: string) => boolean; toString: () => string } {
  const re = RE2JS.compile(pattern);
  // ajv caches compiled patterns by `toString()`, so it must name the pattern.
  return { test: (s: string) => re.matcher(s).find(), toString: () => `re2:${pattern}` };
}
re2RegExp.code = 're2js';
