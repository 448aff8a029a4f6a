import { ApiObject, Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, GatewayTls, IstioInjection, LoadBalancer, PreStop, RetryOn, RolloutNamespace, Traffic } from '../../lib';

/*
 * A production service on the workload options (docs/workloads.md): the `shop` web app released
 * from 1.4.0 to 1.5.0 as an Istio canary (10%, 50%, 100%, then 1.4.0 removed), in a namespace that
 * enforces restricted pod security and joins the mesh through Istio CNI.
 *
 * - Each version has its own HorizontalPodAutoscaler and PodDisruptionBudget. v1 scales 3-12 pods on
 *   CPU; the canary v2 keeps the same maximum but may shrink to 1 pod while it gets 10% of the
 *   requests. `canary-100` lets v2's HPA grow to the full load before `promoted` removes v1 (and v1's
 *   HPA and PDB with it).
 * - Each version has its own ConfigMap (`shop-v1-config`, `shop-v2-config`) mounted at /etc/shop:
 *   v2 turns the new checkout on without touching the v1 pods.
 * - A preStop sleep of 5 s keeps terminating pods serving while the sidecars stop routing to them.
 * - The pods run as the service account `shop` without an API token, with an emptyDir at /tmp
 *   (the root filesystem is read-only), the database password from the Secret `shop-db` (created
 *   outside this chart, e.g. by External Secrets), and spread over zones.
 *
 * - HTTPS from outside (docs/https-and-policy.md): the Istio Gateway `shop-gateway` serves
 *   shop.example.com and www.shop.example.com on 443 with the certificate of the Secret `shop-tls`
 *   (type kubernetes.io/tls, in the namespace of the ingress gateway pods, e.g. issued by cert-manager),
 *   and answers plain HTTP on 80 with a 301 to https.
 * - Traffic policy: a 5 s request timeout with 2 retries on gateway errors, outlier detection and
 *   connection limits for both versions, and sticky sessions (consistent hash on the `session` cookie)
 *   for the canary v2 while it runs. The DestinationRule policy needs Istio, so the example pins
 *   `traffic: Traffic.istio()` (with the Gateway API only the timeout could be expressed).
 *
 * The images are illustrative (any non-root HTTP server on 8080 with /health works).
 */

/** The shop release, exposed for tests. */
export class ShopChart extends Chart {
  /** The canary. */
  public readonly canary: CanaryService;
  /** The namespace object. */
  public readonly namespaceObject: RolloutNamespace;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'shop', disableResourceNameHashes: true });
    this.namespaceObject = new RolloutNamespace(this, 'Namespace', { istioInjection: IstioInjection.sidecarWithCni() });
    new ApiObject(this, 'ServiceAccount', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'shop', labels: { 'app.kubernetes.io/name': 'shop', 'app.kubernetes.io/managed-by': 'cdk8s-progressive' } },
      automountServiceAccountToken: false,
    });
    this.canary = new CanaryService(this, 'shop', {
      name: 'shop',
      stable: {
        name: 'v1',
        image: 'ghcr.io/example/shop:1.4.0',
        config: { data: { 'LOG_LEVEL': 'info', 'NEW_CHECKOUT': 'false' }, mountPath: '/etc/shop' },
      },
      canary: {
        name: 'v2',
        image: 'ghcr.io/example/shop:1.5.0',
        config: { data: { 'LOG_LEVEL': 'info', 'NEW_CHECKOUT': 'true' }, mountPath: '/etc/shop' },
        autoscaling: { minReplicas: 1, maxReplicas: 12, cpuUtilization: 70 },
      },
      stages: [10, 50, 100],
      stage: 'canary-10',
      traffic: Traffic.istio(),
      gateway: {
        name: 'shop-gateway',
        hosts: ['shop.example.com', 'www.shop.example.com'],
        tls: GatewayTls.simple({ credentialName: 'shop-tls' }),
        httpsRedirect: true,
      },
      trafficPolicy: {
        route: { timeout: Duration.seconds(5), retries: { attempts: 2, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE] } },
        destination: {
          outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 },
          connectionPool: { maxConnections: 200, http1MaxPendingRequests: 50, http2MaxRequests: 200 },
        },
        versions: { v2: { loadBalancer: LoadBalancer.consistentHashByCookie('session', Duration.hours(1)) } },
      },
      containerPort: 8080,
      resources: { cpu: { request: '250m', limit: '1' }, memory: { request: '256Mi', limit: '512Mi' } },
      autoscaling: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70 },
      disruptionBudget: { maxUnavailable: 1 },
      preStop: PreStop.sleep(5),
      terminationGracePeriodSeconds: 30,
      startup: { path: '/health', periodSeconds: 5, failureThreshold: 24 },
      serviceAccountName: 'shop',
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      envValueFrom: { DB_PASSWORD: { secretKeyRef: { name: 'shop-db', key: 'password' } } },
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      podAnnotations: { 'sidecar.istio.io/proxyCPU': '50m' },
    });
  }
}
