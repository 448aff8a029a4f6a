/**
 * Schema-validation harness for synthesized manifests.
 *
 * kubernetes-models / @kubernetes-models/* are ESM-only while jest runs CommonJS here, so the
 * actual validation lives in `validate-schemas.mjs`. Under jest it runs in one server process for
 * the whole run (`schema-global-setup.ts` starts it; loading the validators costs ~0.7 s, paid
 * once), called synchronously through a synckit worker thread; without that server (a script
 * outside jest) each call runs the validator in a child process. See that file for what is checked:
 *   - types / required / enums via kubernetes-models (`new Model(obj).validate()`),
 *   - unknown fields (anywhere in the object, including metadata) via structural schemas parsed
 *     from the cdk8s generated `toJson_*` bindings,
 *   - an apiVersion/kind without a known model is an error, never silently accepted.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { createSyncFn } from 'synckit';

const SCRIPT = path.join(__dirname, 'validate-schemas.mjs');

type ServerCall = (socketPath: string, body: string) => { status: number; body: string };
let serverCall: ServerCall | undefined;

/** The run's validator server (schema-global-setup.ts), called synchronously. */
function validateThroughServer(socketPath: string, body: string): string {
  serverCall ??= createSyncFn(path.join(__dirname, 'schema-sync-worker.mjs')) as ServerCall;
  const reply = serverCall(socketPath, body);
  if (reply.status !== 200) throw new Error(`schema validator failed (${SCRIPT}):\n${reply.body}`);
  return reply.body;
}

/** One child process per call: for use outside jest, where no server runs. */
function validateInChildProcess(body: string): string {
  try {
    return execFileSync(process.execPath, [SCRIPT], {
      input: body,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e: any) {
    const stderr = e && e.stderr ? String(e.stderr) : '';
    // eslint-disable-next-line preserve-caught-error -- the message carries the cause (the lib target has no ErrorOptions)
    throw new Error(`schema validator crashed (${SCRIPT}): ${e && e.message}\n${stderr}`);
  }
}

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
  const body = JSON.stringify(objects);
  const socketPath = process.env.SCHEMA_VALIDATOR_SOCKET;
  const stdout = socketPath ? validateThroughServer(socketPath, body) : validateInChildProcess(body);
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
