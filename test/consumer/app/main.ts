// A consumer app in the shape `cdk8s init typescript-app` creates, on cdk8s-plus-33, using the library
// from its published package (plain props only: no cdk8s-plus objects cross into the library).
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { BlueGreenService, CanaryService } from 'cdk8s-progressive';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // The app's own cdk8s-plus-33 objects live next to the library's.
    new kplus.ConfigMap(this, 'settings', { data: { greeting: 'hello' } });

    new CanaryService(this, 'shop', {
      name: 'shop',
      stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
      canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
      stages: [10, 50, 100],
      stage: 'canary-10',
      gateway: { name: 'shop-gateway', hosts: ['shop.example.com'], includeMesh: false },
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
