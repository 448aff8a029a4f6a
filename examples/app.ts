import { App } from 'cdk8s';
import { Demo4Chart, Demo4EmailAbChart } from './demo4/demo4';
import { addWeatherExamples } from './weather/weather';
import { BlueGreenChart } from './blue-green/blue-green';
import { NginxCanaryChart, NginxSwitchChart } from './nginx-canary/nginx-canary';
import { TcpEchoChart } from './tcp-echo/tcp-echo';
import { addProgressiveExamples } from './progressive/progressive';
import { ShopChart } from './shop/shop';
import { PaymentAlertsChart } from './alerts/alerts';
import { addAmbientExamples } from './ambient/ambient';
import { buildIngressNginxExample } from './ingress-nginx/ingress-nginx';
import { ReleaseTechniquesChart } from './techniques/techniques';
import { ThreeVersionsChart } from './shop/three-versions';

/** Adds every example chart to `app`. One chart per example; each lands in `dist/<chart>.k8s.yaml`. */
export function defineExamples(app: App): void {
  new Demo4Chart(app, 'demo4');
  new Demo4EmailAbChart(app, 'demo4-email');
  addWeatherExamples(app);
  new BlueGreenChart(app, 'blue-green');
  new NginxCanaryChart(app, 'nginx-canary');
  new NginxSwitchChart(app, 'nginx-switch');
  new TcpEchoChart(app, 'tcp-echo');
  addProgressiveExamples(app);
  new ShopChart(app, 'shop');
  new PaymentAlertsChart(app, 'payment-alerts');
  addAmbientExamples(app);
  buildIngressNginxExample(app, 'ingress-nginx');
  new ReleaseTechniquesChart(app, 'release-techniques');
  new ThreeVersionsChart(app, 'catalog-three-versions');
}
