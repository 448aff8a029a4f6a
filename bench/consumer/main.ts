// Benchmark consumer app: five rollout constructs in one chart, the shape of a `cdk8s init typescript-app`
// main.ts (build the app, call app.synth()). bench/consumer/run.sh times its synth with several runners.
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenService, CanaryService, HeaderRoute, headerExact, IngressDescription, TcpCanary } from 'cdk8s-progressive';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    for (const name of ['cart', 'search']) {
      new CanaryService(this, name, {
        name,
        stable: { name: 'v1', image: `shop/${name}:1.0.0` },
        canary: { name: 'v2', image: `shop/${name}:2.0.0` },
        stages: [10, 50, 100],
        stage: 'canary-10',
        gateway: { name: `${name}-gateway`, hosts: [`${name}.example.com`], includeMesh: false },
      });
    }
    new BlueGreenService(this, 'web', {
      name: 'web',
      blue: { name: 'v1', image: 'shop/web:1.0.0' },
      green: { name: 'v2', image: 'shop/web:2.0.0' },
      stages: ['preview', 'switch', 'finalize'],
      stage: 'preview',
      gateway: { name: 'web-gateway', hosts: ['web.example.com'] },
    });
    new HeaderRoute(this, 'api', {
      name: 'api',
      versions: [{ name: 'v1', image: 'shop/api:1.0.0' }, { name: 'v2', image: 'shop/api:2.0.0' }],
      stages: [{ name: 'testers', routes: [{ name: 'testers', matches: [headerExact('x-tester', 'yes')], to: { v2: 100 } }], default: 'v1' }],
      stage: 'testers',
    });
    new TcpCanary(this, 'echo', {
      name: 'echo',
      port: 9000,
      stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'one'] },
      canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'two'] },
      stages: [0, 20, 100],
      stage: 'canary-20',
      gateway: { name: 'echo-gateway', port: 31400 },
    });
  }
}

const app = new App();
// The TCP gateway's port 31400 is on the demo profile's ingress (IST0162 otherwise).
IngressDescription.describe(app, IngressDescription.demoProfile());
new MyChart(app, 'shop', { namespace: 'shop' });
app.synth();
