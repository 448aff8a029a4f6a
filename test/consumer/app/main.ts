// A consumer app in the shape `cdk8s init typescript-app` creates, on cdk8s-plus-33, using the library
// from its published package: every strategy construct (CanaryService, BlueGreenService, HeaderRoute,
// TcpCanary, MultiServiceRelease) with its customizations, plain props only (no cdk8s-plus objects
// cross into the library; the app's cdk8s-plus objects hand over their names as strings). run.sh also
// type-checks this file against cdk8s-plus-30 (the import below rewritten).
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, ChartProps, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import {
  allOf, AlertsOutput, BlueGreenService, CanaryService, cookie, DedicatedIngressGateway, GatewayTls, GoldenSignalAlerts, headerExact, headerPrefix,
  HeaderRoute, IngressGateway, IstioInjection, LoadBalancer, MultiServiceRelease, PodSecurityLevel, PreStop, Progression, PullPolicy,
  RetryOn, RollbackThresholds, RolloutAlerts, RolloutNamespace, TcpCanary, Traffic, userAgent, VersionSpec,
} from 'cdk8s-progressive';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The app's own cdk8s-plus-33 objects live next to the library's.
    new kplus.ConfigMap(this, 'settings', { data: { greeting: 'hello' } });

    // The library's customizations, with plain values (no cdk8s-plus objects cross into the library).
    new RolloutNamespace(this, 'namespace', { istioInjection: IstioInjection.sidecarWithCni() });
    new CanaryService(this, 'shop', {
      name: 'shop',
      stable: { name: 'v1', image: 'mritd/demo:1.0.0', config: { data: { NEW_CHECKOUT: 'false' } } },
      canary: { name: 'v2', image: 'mritd/demo:2.0.0', config: { data: { NEW_CHECKOUT: 'true' } }, autoscaling: { minReplicas: 1, maxReplicas: 6, cpuUtilization: 70 } },
      stages: [10, 50, 100],
      stage: 'canary-10',
      traffic: Traffic.istio(),
      gateway: { name: 'shop-gateway', hosts: ['shop.example.com'], includeMesh: false, tls: GatewayTls.simple({ credentialName: 'shop-tls' }), httpsRedirect: true },
      trafficPolicy: {
        route: { timeout: Duration.seconds(5), retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR] } },
        versions: { v2: { loadBalancer: LoadBalancer.consistentHashByCookie('session', Duration.hours(1)) } },
      },
      resources: { cpu: { request: '250m' } },
      autoscaling: { minReplicas: 2, maxReplicas: 6, cpuUtilization: 70 },
      disruptionBudget: { maxUnavailable: 1 },
      preStop: PreStop.sleep(5),
      volumes: [{ name: 'tmp', emptyDir: {} }],
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      envValueFrom: { DB_PASSWORD: { secretKeyRef: { name: 'shop-db', key: 'password' } } },
      podTemplate: { metadata: { annotations: { 'example.com/owner': 'team-shop' } } },
    });

    new BlueGreenService(this, 'web', {
      name: 'web',
      blue: { name: 'v1', image: 'mritd/demo:1.0.0' },
      green: { name: 'v2', image: 'mritd/demo:2.0.0' },
      stages: ['preview', 'switch', 'finalize'],
      stage: 'preview',
      gateway: { name: 'web-gateway', hosts: ['web.example.com'] },
    });
  }
}

/** Two versions of a weather service, as plain values. */
function versions(service: string): VersionSpec[] {
  return [
    { name: 'v1', image: `registry.example.com/weather/${service}:1.0.0` },
    { name: 'v2', image: `registry.example.com/weather/${service}:2.0.0`, env: { FEATURE_RADAR: 'on' }, resources: { memory: { limit: '384Mi' } } },
  ];
}

/** Rollback thresholds an engine applies and the alerts watch. */
const THRESHOLDS: RollbackThresholds = {
  maxErrorRatePercent: 1, errorRateWindow: Duration.minutes(2), maxAverageLatencyMs: 500,
  minSuccessRatePercent: 99.9, interval: Duration.minutes(1), failedChecksBeforeRollback: 2,
};

/** Routing by request content (HeaderRoute) and a release of two services together (MultiServiceRelease), on one shared gateway. */
export class WeatherChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'weather', disableResourceNameHashes: true });
    new RolloutNamespace(this, 'namespace', { istioInjection: IstioInjection.sidecarWithCni(), podSecurity: PodSecurityLevel.RESTRICTED, labels: { team: 'weather' } });
    // cdk8s-plus-33 objects of the app; the library takes their names.
    const account = new kplus.ServiceAccount(this, 'forecast-account', { metadata: { name: 'forecast' }, automountToken: false });
    const settings = new kplus.ConfigMap(this, 'frontend-settings', { metadata: { name: 'frontend-settings' }, data: { THEME: 'light' } });
    const gateway = new IngressGateway(this, 'gateway', {
      name: 'weather-gateway', namespace: 'istio-system', hosts: ['weather.example.com'],
      tls: GatewayTls.simple({ credentialName: 'weather-tls' }), httpsRedirect: true,
    });

    new HeaderRoute(this, 'radar', {
      name: 'radar',
      versions: versions('radar'),
      stages: [
        { name: 'testers', routes: [{ name: 'testers', matches: [cookie('user', 'tester'), headerExact('x-tester', 'true')], to: 'v2' }], default: 'v1' },
        {
          name: 'android-chrome-half',
          routes: [
            { name: 'testers', matches: [cookie('user', 'tester')], to: 'v2' },
            { name: 'android-chrome', matches: [allOf(userAgent({ browser: 'chrome', os: 'android' }), headerPrefix('x-client', 'app-'))], to: { v1: 50, v2: 50 } },
          ],
          default: 'v1',
        },
        { name: 'v2-only', default: 'v2', running: ['v2'] },
      ],
      stage: 'testers',
      gateway: { name: 'radar-gateway', hosts: ['radar.example.com'], tls: GatewayTls.mutual({ credentialName: 'radar-mtls' }) },
      traffic: Traffic.istio(),
      servicePort: 8080,
      containerPort: 8080,
      replicas: 2,
      readiness: { path: '/ready', periodSeconds: 5 },
      startup: { path: '/health', failureThreshold: 30 },
      serviceAccountName: account.name,
      imagePullPolicy: PullPolicy.IF_NOT_PRESENT,
      imagePullSecrets: ['registry-credentials'],
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      trafficPolicy: {
        route: { timeout: Duration.seconds(3), retries: { attempts: 3, retryOn: [RetryOn.CONNECT_FAILURE, RetryOn.statusCode(503)] } },
        destination: { outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10) }, connectionPool: { maxConnections: 100 } },
      },
    });

    // A Gateway the platform team manages (external: true): the blue-green routes bind it without creating it.
    new BlueGreenService(this, 'maps', {
      name: 'maps',
      blue: { name: 'v1', image: 'registry.example.com/weather/maps:1.0.0' },
      green: { name: 'v2', image: 'registry.example.com/weather/maps:2.0.0' },
      stage: 'preview',
      gateway: { name: 'maps-gateway', namespace: 'istio-system', external: true, hosts: ['maps.example.com'], includeMesh: false },
      previewHost: 'preview.maps.example.com',
      previewHeader: { name: 'x-maps-preview', value: 'yes' },
      previewServiceName: 'maps-next',
      traffic: Traffic.istio({ apiVersion: 'v1beta1' }),
      servicePort: 8080,
      containerPort: 8080,
      protocol: 'http2',
      trafficPolicy: { destination: { loadBalancer: LoadBalancer.leastRequest() }, versions: { v2: { loadBalancer: LoadBalancer.consistentHashByHeader('x-user') } } },
    });

    new MultiServiceRelease(this, 'release', {
      from: 'v1',
      to: 'v2',
      entry: {
        name: 'frontend', versions: versions('frontend'), gateway,
        envFrom: [{ configMapRef: { name: settings.name } }],
        autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 75 },
        disruptionBudget: { minAvailable: 1 },
      },
      downstream: [{
        name: 'forecast',
        versions: [
          { name: 'v1', image: 'registry.example.com/weather/forecast:1.0.0', replicas: 2, secret: { name: 'forecast-api-key' } },
          {
            name: 'v2', image: 'registry.example.com/weather/forecast:2.0.0', command: ['/forecast'], args: ['--model=ensemble'],
            config: { data: { MODEL: 'ensemble' }, mountPath: '/etc/forecast' }, secret: { name: 'forecast-v2-api-key', mountPath: '/var/run/secrets/forecast' },
            podAnnotations: { 'example.com/model': 'ensemble' }, podTemplate: { metadata: { labels: { model: 'ensemble' } } },
            autoscaling: { minReplicas: 2, maxReplicas: 4, memoryUtilization: 80 }, disruptionBudget: { maxUnavailable: 1 },
          },
        ],
        servicePort: 8080, containerPort: 8080,
        labels: { team: 'weather' }, annotations: { 'example.com/oncall': 'weather' }, podAnnotations: { 'sidecar.istio.io/proxyCPU': '50m' },
        priorityClassName: 'weather-critical', runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, readOnlyRootFilesystem: true,
        automountServiceAccountToken: false, minReadySeconds: 5, progressDeadlineSeconds: 300, revisionHistoryLimit: 3,
        liveness: { path: '/live', initialDelaySeconds: 20 },
        serviceAccountName: account.name,
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'weather', effect: 'NoSchedule' }],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'forecast' } } } }] } },
      }],
      stages: [
        { name: 'testers', matches: [cookie('user', 'tester')] },
        { name: 'everyone-10', matches: [cookie('user', 'tester')], weight: 10 },
        { name: 'back-to-testers', matches: [cookie('user', 'tester')], weight: 0, rollback: true },
      ],
      stage: 'testers',
      traffic: Traffic.istio(),
    });
  }
}

/** A weighted TCP canary through the chart's own ingress gateway (port 31400). */
export class TcpChart extends Chart {
  /** The canary's alerts as a Prometheus rules file (for a Prometheus without the Operator). */
  public readonly alertRules: string;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'tcp', disableResourceNameHashes: true });
    const ingress = new DedicatedIngressGateway(this, 'ingress', { name: 'tcp-ingress', ports: [31400], replicas: 2 });
    const echo = new TcpCanary(this, 'echo', {
      name: 'echo',
      port: 9000,
      stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'one'] },
      canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.3', args: ['9000', 'two'] },
      stages: [0, 20, { name: 'half', canaryWeight: 50 }],
      stage: 'canary-20',
      gateway: { name: 'echo-gateway', port: 31400, selector: ingress.selector, hosts: ['echo.example.com'], includeMesh: true, create: true },
      containerPort: 9000,
      replicas: 2,
      env: { LOG_LEVEL: 'info' },
      traffic: Traffic.istio(),
      readiness: { periodSeconds: 5 },
      liveness: { initialDelaySeconds: 20 },
      resources: { cpu: { request: '50m', limit: '200m' }, memory: { request: '32Mi', limit: '64Mi' } },
      preStop: PreStop.execSleep(3),
      terminationGracePeriodSeconds: 20,
      maxSurge: 1,
      maxUnavailable: 0,
    });
    // Alerts as a plain Prometheus rules file (no Prometheus Operator), for the canary version only.
    const alerts = new RolloutAlerts(echo, 'alerts', { rollout: echo, thresholds: THRESHOLDS, version: 'v2', output: AlertsOutput.RULES_FILE_ONLY });
    this.alertRules = alerts.rulesFileYaml();
  }
}

/** The release techniques (mirror, sticky sessions, 0.1% steps, holds), alerts and an engine-driven canary. */
export class OpsChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'payments', disableResourceNameHashes: true });
    const payment = new CanaryService(this, 'payment', {
      name: 'payment',
      stable: { name: 'v1', image: 'registry.example.com/payment:1.0.0' },
      canary: { name: 'v2', image: 'registry.example.com/payment:2.0.0' },
      stages: [
        { name: 'mirror', canaryWeight: 0, mirror: 10 },
        { name: 'tenth-percent', canaryWeight: 1, weightTotal: 1000, hold: Duration.hours(1) },
        { name: 'sticky-20', canaryWeight: 20, sticky: { cookieName: 'payment-version', maxAge: Duration.hours(2) } },
      ],
      stage: 'mirror',
    });
    new RolloutAlerts(payment, 'alerts', { rollout: payment, thresholds: THRESHOLDS, goldenSignals: GoldenSignalAlerts.seed000() });
    new CanaryService(this, 'billing', {
      name: 'billing',
      stable: { name: 'v1', image: 'registry.example.com/billing:1.0.0' },
      canary: { name: 'v2', image: 'registry.example.com/billing:2.0.0' },
      stages: [10, 50, 100],
      stage: 'canary-10',
      traffic: Traffic.istio(),
      progression: Progression.flagger({ thresholds: THRESHOLDS }),
    });
  }
}

/** The other traffic providers: Gateway API, replica ratio and Service selector (no mesh), ingress-nginx, Istio ambient; Argo Rollouts. */
export class ProvidersChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'catalog', disableResourceNameHashes: true });
    new CanaryService(this, 'catalog', {
      name: 'catalog',
      stable: { name: 'v1', image: 'registry.example.com/catalog:1.0.0' },
      canary: { name: 'v2', image: 'registry.example.com/catalog:2.0.0' },
      stages: [25, 100],
      stage: 'canary-25',
      gateway: { name: 'catalog-gateway', hosts: ['catalog.example.com'] },
      traffic: Traffic.gatewayApi({ gatewayClassName: 'istio' }),
    });
    new CanaryService(this, 'worker', {
      name: 'worker',
      stable: { name: 'v1', image: 'registry.example.com/worker:1.0.0' },
      canary: { name: 'v2', image: 'registry.example.com/worker:2.0.0' },
      stages: [10, 50, 100],
      stage: 'canary-10',
      promote: false,
      traffic: Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' }),
    });
    new BlueGreenService(this, 'admin', {
      name: 'admin',
      blue: { name: 'v1', image: 'registry.example.com/admin:1.0.0' },
      green: { name: 'v2', image: 'registry.example.com/admin:2.0.0' },
      stage: 'preview',
      traffic: Traffic.serviceSelector(),
      previewServiceName: 'admin-next',
    });
    new HeaderRoute(this, 'product', {
      name: 'product',
      versions: [{ name: 'v1', image: 'registry.example.com/product:1.0.0' }, { name: 'v2', image: 'registry.example.com/product:2.0.0' }],
      stages: [{ name: 'beta-header', routes: [{ matches: [headerExact('x-beta', 'always')], to: 'v2' }], default: 'v1' }],
      stage: 'beta-header',
      gateway: { name: 'ingress-nginx', hosts: ['product.example.com'] },
      traffic: Traffic.ingressNginx({ ingressClassName: 'nginx' }),
    });
    new BlueGreenService(this, 'search', {
      name: 'search',
      blue: { name: 'v1', image: 'registry.example.com/search:1.0.0' },
      green: { name: 'v2', image: 'registry.example.com/search:2.0.0' },
      stage: 'preview',
      traffic: Traffic.istio({ apiVersion: 'v1' }),
      progression: Progression.argoRollouts({ thresholds: THRESHOLDS }),
    });
  }
}

/** A canary in Istio ambient mode (waypoint, no sidecars). */
export class AmbientChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'ambient', disableResourceNameHashes: true });
    new CanaryService(this, 'demo', {
      name: 'demo',
      stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
      canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
      stages: [10, 50],
      stage: 'canary-10',
      traffic: Traffic.istioAmbient({ createNamespace: true, waypoint: { name: 'demo-waypoint' } }),
    });
  }
}

const app = new App();
new MyChart(app, 'consumer', { namespace: 'shop' });
new WeatherChart(app, 'weather');
const tcp = new TcpChart(app, 'tcp');
new OpsChart(app, 'ops');
new ProvidersChart(app, 'providers');
new AmbientChart(app, 'ambient');
app.synth();
fs.writeFileSync(path.join(app.outdir, 'tcp-echo.rules.yaml'), tcp.alertRules);
