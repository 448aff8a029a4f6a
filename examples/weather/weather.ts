import { App, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, cookie, HeaderRoute, IngressGateway, MultiServiceRelease, Progression, ProgressionKind, RollbackThresholds, Traffic, userAgent, VersionSpec } from '../../lib';

/**
 * Seed 002: the weather application, entered through the Istio Gateway `istio-system/weather-gateway`
 * (HTTP port 80, host `*`), shared by every route that users reach from outside.
 *
 * The seed runs its scenarios one after another on the same services in namespace `weather`. They are
 * alternative configurations of those services (two of them cannot own `forecast` at once), so each
 * scenario here is its own chart in its own namespace, and all of them can be synthesized and applied
 * side by side. The seed's main scenario, the release of frontend and forecast together (§5), keeps
 * the namespace `weather` and the gateway host `*`.
 *
 * - weather-gateway:             the shared Gateway `istio-system/weather-gateway`.
 * - weather-release (weather):   §5 frontend and forecast released together: testers (cookie
 *                                `user=tester`) on v2 of both, then 10%, 50%, 100% of everyone, then promoted.
 * - weather-forecast-canary (weather-weights):   §2 forecast by weight: 50/50, then 100% v2, then v1 removed.
 * - weather-forecast-by-browser (weather-browser): §3 Chrome users get forecast v2, everyone else v1.
 * - weather-frontend-android (weather-android):  §4 Android users split 50/50 between frontend v1 and v2,
 *                                everyone else v1; reached through the shared gateway on host
 *                                `android.weather.example.com` (host `*` belongs to the §5 frontend).
 *                                Two later stages: the Android split made sticky, then 10% of the
 *                                other requests mirrored to v2.
 *
 * advertisement and recommendation, which no scenario changes, are not modelled.
 */

/** Namespace of the seed's weather application (§5 release). */
export const WEATHER_NAMESPACE = 'weather';

function versions(app: string): { v1: VersionSpec; v2: VersionSpec } {
  return {
    v1: { name: 'v1', image: `registry.example.com/weather/${app}:1.0.0` },
    v2: { name: 'v2', image: `registry.example.com/weather/${app}:2.0.0` },
  };
}

const chartProps = (namespace: string) => ({ namespace, disableResourceNameHashes: true });

/** The ingress gateway shared by the scenarios: `istio-system/weather-gateway`, HTTP port 80, host `*`. */
export class WeatherGatewayChart extends Chart {
  /** The shared gateway. */
  public readonly gateway: IngressGateway;

  constructor(scope: Construct, id: string) {
    super(scope, id, { disableResourceNameHashes: true });
    this.gateway = new IngressGateway(this, 'weather-gateway', { name: 'weather-gateway', namespace: 'istio-system', hosts: ['*'], port: 80 });
  }
}

/**
 * The forecast's rollback rule when an engine runs the §2 canary: stricter on latency than seed 000
 * (forecasts are cached upstream), more tolerant on errors (two failed checks in a row).
 */
export const FORECAST_ROLLBACK_THRESHOLDS: RollbackThresholds = {
  maxErrorRatePercent: 2,
  errorRateWindow: Duration.minutes(3),
  maxAverageLatencyMs: 300,
  minSuccessRatePercent: 99.5,
  interval: Duration.seconds(30),
  failedChecksBeforeRollback: 2,
  maxP99LatencyMs: 1000,
};

/** Properties of `WeatherForecastCanaryChart`. */
export interface WeatherForecastCanaryChartProps {
  /** Namespace. @default 'weather-weights' */
  readonly namespace?: string;
  /**
   * Who moves the canary: `manual` (the seed's stages, one pull request each), or an engine that
   * runs the same stages and rolls back on `FORECAST_ROLLBACK_THRESHOLDS` (traffic is then `istio`).
   * @default 'manual'
   */
  readonly progression?: ProgressionKind;
}

/** §2: forecast v2 gets 50% of the traffic, then 100%, then v1 is removed. */
export class WeatherForecastCanaryChart extends Chart {
  /** The forecast canary. */
  public readonly forecast: CanaryService;

  constructor(scope: Construct, id: string, props: WeatherForecastCanaryChartProps = {}) {
    super(scope, id, chartProps(props.namespace ?? 'weather-weights'));
    const { v1, v2 } = versions('forecast');
    const engine = props.progression !== undefined && props.progression !== 'manual';
    this.forecast = new CanaryService(this, 'forecast-canary', {
      name: 'forecast',
      stable: v1,
      canary: v2,
      stages: [50, 100],
      stage: 'canary-50',
      // The thresholds are applied by an engine; the manual stages do not measure.
      ...(engine ? { progression: props.progression === 'flagger'
        ? Progression.flagger({ thresholds: FORECAST_ROLLBACK_THRESHOLDS })
        : Progression.argoRollouts({ thresholds: FORECAST_ROLLBACK_THRESHOLDS }), traffic: Traffic.istio() } : {}),
    });
  }
}

/** §3: Chrome users get forecast v2, everyone else v1 (Edge and Opera, which also say "Chrome", get v1). */
export class WeatherForecastByBrowserChart extends Chart {
  /** The forecast route by browser. */
  public readonly forecast: HeaderRoute;

  constructor(scope: Construct, id: string) {
    super(scope, id, chartProps('weather-browser'));
    const { v1, v2 } = versions('forecast');
    this.forecast = new HeaderRoute(this, 'forecast-by-browser', {
      name: 'forecast',
      versions: [v1, v2],
      stages: [{ name: 'chrome-v2', routes: [{ name: 'chrome', matches: [userAgent({ browser: 'chrome' })], to: 'v2' }], default: 'v1' }],
      stage: 'chrome-v2',
    });
  }
}

/** Properties of the weather scenario charts that use the shared gateway. */
export interface WeatherGatewayChartProps {
  /** The shared ingress gateway. */
  readonly gateway: IngressGateway;
}

/** External host of the §4 frontend on the shared gateway. */
export const ANDROID_HOST = 'android.weather.example.com';

/**
 * §4: Android users split 50/50 between frontend v1 and v2; everyone else gets v1. Later stages (not
 * in the seed) make the Android split sticky, then shadow 10% of everyone else's requests to v2.
 */
export class WeatherFrontendAndroidChart extends Chart {
  /** The frontend route by operating system. */
  public readonly frontend: HeaderRoute;

  constructor(scope: Construct, id: string, props: WeatherGatewayChartProps) {
    super(scope, id, chartProps('weather-android'));
    const { v1, v2 } = versions('frontend');
    this.frontend = new HeaderRoute(this, 'frontend-android', {
      name: 'frontend',
      versions: [v1, v2],
      gateway: props.gateway.routeOptions({ hosts: [ANDROID_HOST] }),
      stages: [
        { name: 'android-half', routes: [{ name: 'android', matches: [userAgent({ os: 'android' })], to: { v1: 50, v2: 50 } }], default: 'v1' },
        // Then: an Android user stays on the version that first served them (cookie frontend-version).
        { name: 'android-half-sticky', routes: [{ name: 'android', matches: [userAgent({ os: 'android' })], to: { v1: 50, v2: 50 }, sticky: { maxAge: Duration.hours(1) } }], default: 'v1' },
        // Then: 10% of everyone else's requests are copied to v2, which still serves none of them.
        {
          name: 'others-shadow-10',
          routes: [{ name: 'android', matches: [userAgent({ os: 'android' })], to: { v1: 50, v2: 50 }, sticky: { maxAge: Duration.hours(1) } }],
          default: 'v1',
          defaultMirror: { version: 'v2', percent: 10 },
        },
      ],
      stage: 'android-half',
    });
  }
}

/** §5: frontend and forecast released together; testers first, then everyone step by step. */
export class WeatherReleaseChart extends Chart {
  /** The release of frontend and forecast. */
  public readonly release: MultiServiceRelease;

  constructor(scope: Construct, id: string, props: WeatherGatewayChartProps) {
    super(scope, id, chartProps(WEATHER_NAMESPACE));
    const frontend = versions('frontend');
    const forecast = versions('forecast');
    const testers = cookie('user', 'tester');
    this.release = new MultiServiceRelease(this, 'frontend-forecast-release', {
      from: 'v1',
      to: 'v2',
      entry: { name: 'frontend', versions: [frontend.v1, frontend.v2], gateway: props.gateway },
      downstream: [{ name: 'forecast', versions: [forecast.v1, forecast.v2] }],
      stages: [
        { name: 'testers', matches: [testers] },
        { name: 'everyone-10', matches: [testers], weight: 10 },
        { name: 'everyone-50', matches: [testers], weight: 50 },
        { name: 'everyone-100', weight: 100 },
      ],
      stage: 'testers',
    });
  }
}

/** Adds the weather charts to `app`. */
export function addWeatherExamples(app: App): void {
  const { gateway } = new WeatherGatewayChart(app, 'weather-gateway');
  new WeatherReleaseChart(app, 'weather-release', { gateway });
  new WeatherForecastCanaryChart(app, 'weather-forecast-canary');
  new WeatherForecastByBrowserChart(app, 'weather-forecast-by-browser');
  new WeatherFrontendAndroidChart(app, 'weather-frontend-android', { gateway });
}
