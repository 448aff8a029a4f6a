import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenService, EngineProgression, ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, Progression, Traffic } from '../../lib';
import { Demo4Chart } from '../demo4/demo4';
import { WeatherForecastCanaryChart } from '../weather/weather';

/**
 * The automated-progression examples: the same declared stages and thresholds as the manual
 * examples, run by Flagger or by Argo Rollouts. Each is its own chart in its own namespace, so all
 * of them synthesize (and can be applied) side by side with the manual examples:
 *
 * - demo4-flagger (test1-flagger), demo4-argo-rollouts (test1-argo-rollouts): seed 001's canary,
 *   stages 10, 25, 50, 100 then promoted, seed 000's rollback thresholds.
 * - weather-forecast-flagger (weather-flagger), weather-forecast-argo-rollouts (weather-argo-rollouts):
 *   seed 002 §2's forecast canary, stages 50, 100 then promoted, `FORECAST_ROLLBACK_THRESHOLDS`.
 * - blue-green-flagger (blue-green-flagger), blue-green-argo-rollouts (blue-green-argo-rollouts):
 *   the `web` blue-green of examples/blue-green (preview, switch, finalize) run by an engine, on
 *   hosts of its own (web-flagger.example.com, web-argo-rollouts.example.com).
 *
 * Engines route with Istio, so these charts set `traffic: Traffic.istio()` and keep it under
 * `ROLLOUT_TRAFFIC=gateway-api`. Their output does not depend on the active stage.
 */

/** Properties of `BlueGreenEngineChart`. */
export interface BlueGreenEngineChartProps {
  /** The engine that runs the release. */
  readonly progression: EngineProgression;
}

/** The `web` blue-green of examples/blue-green, run by Flagger or Argo Rollouts. */
export class BlueGreenEngineChart extends Chart {
  /** The blue-green release, exposed for tests. */
  public readonly web: BlueGreenService;

  constructor(scope: Construct, id: string, props: BlueGreenEngineChartProps) {
    super(scope, id, { namespace: `blue-green-${props.progression}`, disableResourceNameHashes: true });
    const argo = props.progression === 'argo-rollouts';
    this.web = new BlueGreenService(this, 'web', {
      name: 'web',
      traffic: Traffic.istio(),
      progression: argo
        ? Progression.argoRollouts({ thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, analysisIterations: 5 })
        : Progression.flagger({ thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, analysisIterations: 5 }),
      blue: { name: 'v1', image: 'mritd/demo:1.0.0' },
      green: { name: 'v2', image: 'mritd/demo:2.0.0' },
      replicas: 2,
      stage: 'preview',
      readiness: { path: '/' },
      // Its own hosts: the manual example serves web.example.com (also on the mesh) already.
      gateway: { name: 'web-gateway', hosts: [`web-${props.progression}.example.com`] },
      // Flagger names and routes the preview itself (the Service web-canary); Argo Rollouts takes a preview host and header like the manual example.
      ...(argo ? { previewHost: `preview.web-${props.progression}.example.com` } : {}),
    });
  }
}

/** Adds the automated-progression example charts to `app`. */
export function addProgressiveExamples(app: App): void {
  for (const progression of ['flagger', 'argo-rollouts'] as const) {
    new Demo4Chart(app, `demo4-${progression}`, { namespace: `test1-${progression}`, progression, host: `demo4-${progression}.a.com` });
    new WeatherForecastCanaryChart(app, `weather-forecast-${progression}`, { namespace: `weather-${progression}`, progression });
    new BlueGreenEngineChart(app, `blue-green-${progression}`, { progression });
  }
}
