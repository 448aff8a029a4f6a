/**
 * jest globalSetup: starts the run's one schema validator (validate-server.mjs) and passes its
 * socket to the test workers through SCHEMA_VALIDATOR_SOCKET (workers inherit the environment).
 */
import { ChildProcess, spawn } from 'child_process';
import * as os from 'os';
import * as path from 'path';

/** The server process, for schema-global-teardown.ts (globalSetup and globalTeardown share globals). */
export const VALIDATOR_GLOBAL = '__schemaValidator';

export default async function startSchemaValidator(): Promise<void> {
  const socketPath = path.join(os.tmpdir(), `cdk8s-progressive-schema-${process.pid}.sock`);
  const child = spawn(process.execPath, [path.join(__dirname, 'validate-server.mjs'), socketPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('ready\n')) resolve();
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`schema validator exited (${code}) before it was ready`)));
  });
  child.stdout.resume();
  process.env.SCHEMA_VALIDATOR_SOCKET = socketPath;
  (globalThis as Record<string, unknown>)[VALIDATOR_GLOBAL] = child as ChildProcess;
}
