/**
 * Schema-validation harness for synthesized manifests.
 *
 * kubernetes-models / @kubernetes-models/* are ESM-only while jest runs CommonJS here, so the
 * actual validation lives in `validate-schemas.mjs` and runs in ONE child node process per call
 * (all objects batched). See that file for what is checked:
 *   - types / required / enums via kubernetes-models (`new Model(obj).validate()`),
 *   - unknown fields (anywhere in the object, including metadata) via structural schemas parsed
 *     from the cdk8s generated `toJson_*` bindings,
 *   - an apiVersion/kind without a known model is an error, never silently accepted.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

const SCRIPT = path.join(__dirname, 'validate-schemas.mjs');

/**
 * Validates Kubernetes objects (e.g. `Testing.synth(chart)` output).
 * Returns human-readable errors, each `Kind/metadata.name: <json path> <problem>` or
 * `Kind/metadata.name: unknown field <json path>`; `[]` when every object is valid.
 */
export function validateManifests(objects: any[]): string[] {
  if (!Array.isArray(objects)) {
    throw new TypeError('validateManifests expects an array of Kubernetes objects');
  }
  if (objects.length === 0) return [];
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [SCRIPT], {
      input: JSON.stringify(objects),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e: any) {
    const stderr = e && e.stderr ? String(e.stderr) : '';
    // eslint-disable-next-line preserve-caught-error -- the message carries the cause (the lib target has no ErrorOptions)
    throw new Error(`schema validator crashed (${SCRIPT}): ${e && e.message}\n${stderr}`);
  }
  const parsed = JSON.parse(stdout);
  if (!Array.isArray(parsed)) {
    throw new Error(`schema validator returned non-array output: ${stdout.slice(0, 500)}`);
  }
  return parsed.map(String);
}

/** Jest helper: fails (throws) listing every schema error of every object. */
export function expectValidManifests(objects: any[]): void {
  const errors = validateManifests(objects);
  if (errors.length > 0) {
    throw new Error(`${errors.length} schema error(s) in ${objects.length} manifest(s):\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  }
}
