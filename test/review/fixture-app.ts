/** An app for the review-tool tests: a gateway canary, a mesh canary, and a hand-made header route. */
import { App, Chart } from 'cdk8s';
import { CanaryService, MeshRouting, VersionedApp } from '../../lib';

/** The app definition the CLI loads (`--app test/review/fixture-app.ts`). */
export function define(app: App): void {
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new CanaryService(chart, 'cart', {
    name: 'cart',
    stable: { name: 'v1', image: 'registry.example.com/cart:1.0.0' },
    canary: { name: 'v2', image: 'registry.example.com/cart:1.1.0' },
    stages: [10, 50],
    stage: 'canary-50',
    gateway: { name: 'shop-gateway', hosts: ['cart.shop.com'], includeMesh: false },
  });
  new CanaryService(chart, 'search', {
    name: 'search',
    stable: { name: 'v1', image: 'registry.example.com/search:1.0.0' },
    canary: { name: 'v2', image: 'registry.example.com/search:2.0.0' },
    stages: [25],
    stage: 'canary-25',
    gateway: { name: 'public', namespace: 'istio-system', hosts: ['search.shop.com'], external: true },
  });
}

/** A routing with a cookie rule, a path rule and a caller rule before the default (for `conditionsOf`). */
export function defineRouting(chart: Chart): void {
  new VersionedApp(chart, 'app', {
    app: 'cart',
    versions: [{ name: 'v1', image: 'registry.example.com/cart:1.0.0' }, { name: 'v2', image: 'registry.example.com/cart:1.1.0' }],
  });
  new MeshRouting(chart, 'routing', {
    service: 'cart',
    subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
    http: [
      { name: 'testers', matches: [{ headers: { cookie: { regex: '^(.*?;)?(user=test)(;.*)?$' } } }], split: [{ version: 'v2', weight: 100 }] },
      { name: 'api', matches: [{ uri: { prefix: '/api/v2' } }, { headers: { 'x-canary': { exact: 'yes' } } }], split: [{ version: 'v1', weight: 20 }, { version: 'v2', weight: 80 }] },
      { name: 'callers', matches: [{ sourceLabels: { app: 'frontend', version: 'v2' } }], split: [{ version: 'v2', weight: 100 }] },
      { split: [{ version: 'v1', weight: 100 }] },
    ],
    gateway: { name: 'shop-gateway', hosts: ['cart.shop.com'] },
  });
}
