// A consumer app in the shape `cdk8s init typescript-app` creates, on cdk8s-plus-33, using the library
// from its published package (plain props only: no cdk8s-plus objects cross into the library).
import { App, Chart, ChartProps, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import {
  BlueGreenService, CanaryService, GatewayTls, IstioInjection, LoadBalancer, PreStop, RetryOn, RolloutNamespace, Traffic,
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

const app = new App();
new MyChart(app, 'consumer', { namespace: 'shop' });
app.synth();
