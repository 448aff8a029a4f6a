/**
 * The one module that reads the environment: the `ROLLOUT_*` variables that change what a synth
 * renders for one run. Constructs never read `process.env` themselves; they ask this module (or
 * the cdk8s context) through the choosers of lib/rollout (stage) and lib/providers (traffic).
 *
 * - `ROLLOUT_STAGE`: the stage to render, for all rollouts or per rollout (`demo4=canary-50,...`).
 * - `ROLLOUT_TRAFFIC`: the traffic provider (the kind of any registered provider: `istio`, `istio-ambient`,
 *   `gateway-api`, `ingress-nginx`, `service-selector`) of constructs that do not set one in code.
 */

/**
 * Environment variable that overrides the active stage for one synth run.
 *
 * - `ROLLOUT_STAGE=canary-50` sets the stage of every rollout in the app that has a stage of
 *   that name (a rollout without it is an error, so a typo never passes silently).
 * - `ROLLOUT_STAGE=demo4=canary-50,forecast=promoted` sets it per rollout, keyed by the
 *   construct id or its full construct path.
 */
export const STAGE_ENV_VAR = 'ROLLOUT_STAGE';

/**
 * Environment variable giving the traffic provider of every construct that does not set `traffic` in code,
 * by the kind of a registered provider (used with its default options): `ROLLOUT_TRAFFIC=gateway-api` for all of them, or `ROLLOUT_TRAFFIC=demo4=gateway-api,tcp-echo=gateway-api`
 * per construct, keyed by construct id or full construct path (the syntax of `ROLLOUT_STAGE`).
 */
export const TRAFFIC_ENV_VAR = 'ROLLOUT_TRAFFIC';

/** The value of a `ROLLOUT_*` setting from the environment (undefined when unset). */
export function readSetting(name: string): string | undefined {
  return process.env[name];
}

/** Parses ROLLOUT_STAGE into a global stage or per-rollout stages. */
export function parseStageEnv(value: string | undefined): { all?: string; byKey: Record<string, string> } {
  const byKey: Record<string, string> = {};
  if (!value || !value.trim()) return { byKey };
  if (!value.includes('=')) return { all: value.trim(), byKey };
  for (const part of value.split(',')) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (k && v) byKey[k] = v;
  }
  return { byKey };
}

