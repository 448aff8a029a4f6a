// The example app the CI recipes are tested on (test/review/ci-recipes.test.ts copies it to a scratch
// git repository): a standard cdk8s app, main.ts building the app and calling app.synth().
import { App, Chart } from 'cdk8s';
import { CanaryService } from '../../../lib';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
new CanaryService(chart, 'cart', {
  name: 'cart',
  stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
  canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
  stages: [10, 50],
  stage: 'canary-10',
  gateway: { name: 'shop-gateway', hosts: ['cart.shop.com'], includeMesh: false },
});
app.synth();
