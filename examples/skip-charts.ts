import { App } from 'cdk8s';

/**
 * Environment variable naming example charts to leave out of one synth run, comma-separated chart
 * ids, e.g. `ROLLOUT_SKIP_CHARTS=weather-release`. With `ROLLOUT_TRAFFIC=gateway-api` the weather
 * release fails synth (its caller-label routing has no Gateway API equivalent); skipping it renders
 * every other example with Gateway API objects.
 */
export const SKIP_CHARTS_ENV_VAR = 'ROLLOUT_SKIP_CHARTS';

/** `define`, followed by the removal of the charts `ROLLOUT_SKIP_CHARTS` names (an unknown id is an error). */
export function withoutSkippedCharts(define: (app: App) => void, value: string | undefined = process.env[SKIP_CHARTS_ENV_VAR]): (app: App) => void {
  const skip = (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (skip.length === 0) return define;
  return (app: App) => {
    define(app);
    const charts = app.node.children.map((c) => c.node.id);
    const unknown = skip.filter((id) => !charts.includes(id));
    if (unknown.length > 0) throw new Error(`${SKIP_CHARTS_ENV_VAR} names ${unknown.map((id) => `"${id}"`).join(', ')}, which is not an example chart. Charts: ${charts.join(', ')}.`);
    for (const id of skip) app.node.tryRemoveChild(id);
  };
}
