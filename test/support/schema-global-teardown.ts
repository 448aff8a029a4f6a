/** jest globalTeardown: stops the schema validator started by schema-global-setup.ts (it exits when its stdin closes). */
import { ChildProcess } from 'child_process';
import { VALIDATOR_GLOBAL } from './schema-global-setup';

export default async function stopSchemaValidator(): Promise<void> {
  const child = (globalThis as Record<string, unknown>)[VALIDATOR_GLOBAL] as ChildProcess | undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.on('exit', resolve);
    child.stdin?.end();
  });
}
