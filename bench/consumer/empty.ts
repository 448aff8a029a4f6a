// The empty app `cdk8s init typescript-app` creates: one empty chart.
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';

export class MyChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
  }
}

const app = new App();
new MyChart(app, 'shop', { namespace: 'shop' });
app.synth();
