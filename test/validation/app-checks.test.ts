/**
 * App-level checks: what they accept (no false alarms on legitimate sharing) and how they report
 * (on the later construct, once per validation, together with every other problem).
 */
import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { appCheckProblems, CanaryService, CanaryServiceProps, collectValidationErrors, createVirtualService, declareExternalGateway, IngressGateway } from '../../lib';

const canary = (name: string, extra: Partial<CanaryServiceProps> = {}): CanaryServiceProps => ({
  name,
  stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
  canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
  stages: [10, 50],
  stage: 'canary-10',
  ...extra,
});

function errorsOf(define: (app: App) => void): string[] {
  const app = new App();
  define(app);
  return collectValidationErrors(app);
}

describe('app-level checks', () => {
  test('the same names in different namespaces, a gateway shared with create: false that lists both hosts, and distinct hosts are fine', () => {
    expect(errorsOf((app) => {
      const a = new Chart(app, 'a', { namespace: 'team-a' });
      const b = new Chart(app, 'b', { namespace: 'team-b' });
      const gw = new IngressGateway(a, 'gw', { name: 'shop-gateway', hosts: ['a.shop.com', 'cart.shop.com'] });
      new CanaryService(a, 'shop', canary('shop', { gateway: gw.routeOptions({ hosts: ['a.shop.com'] }) }));
      new CanaryService(b, 'shop', canary('shop'));
      new CanaryService(a, 'cart', canary('cart', { gateway: { name: 'shop-gateway', hosts: ['cart.shop.com'], create: false } }));
    })).toEqual([]);
  });

  test('a gateway in another namespace with external: true is declared as managed outside the app', () => {
    expect(errorsOf((app) => {
      const chart = new Chart(app, 'a', { namespace: 'weather' });
      new CanaryService(chart, 'forecast', canary('forecast', { gateway: { name: 'weather-gateway', namespace: 'istio-system', hosts: ['weather.example.com'], external: true } }));
    })).toEqual([]);
  });

  test('a shared IngressGateway is a Gateway of the app', () => {
    expect(errorsOf((app) => {
      const chart = new Chart(app, 'a', { namespace: 'weather' });
      const gw = new IngressGateway(chart, 'gw', { name: 'weather-gateway', hosts: ['weather.example.com', 'api.example.com'] });
      new CanaryService(chart, 'forecast', canary('forecast', { gateway: gw.routeOptions({ hosts: ['weather.example.com'] }) }));
      new CanaryService(chart, 'api', canary('api', { gateway: gw.routeOptions({ hosts: ['api.example.com'] }) }));
    })).toEqual([]);
  });

  test('declareExternalGateway accepts a hand-made VirtualService bound to a gateway outside the app', () => {
    const build = (declare: boolean) => errorsOf((app) => {
      const chart = new Chart(app, 'a', { namespace: 'legacy' });
      new CanaryService(chart, 'shop', canary('shop'));
      if (declare) declareExternalGateway(chart, 'istio-system', 'public');
      createVirtualService(new Construct(chart, 'legacy'), 'VirtualService', {
        name: 'legacy', hosts: ['legacy.example.com'], gateways: ['istio-system/public'], destinationHost: 'shop', http: [{ split: [{ version: 'v1', weight: 100 }] }],
      });
    });
    expect(build(true)).toEqual([]);
    expect(build(false)).toEqual([expect.stringMatching(/^\[a\/legacy\] VirtualService "legacy" is bound to gateway "istio-system\/public", which no Gateway in the app defines\./)]);
  });

  test('a misspelt namespace names the Gateway of that name that does exist', () => {
    const errors = errorsOf((app) => {
      const chart = new Chart(app, 'a', { namespace: 'shop' });
      new CanaryService(chart, 'cart', canary('cart', { gateway: { name: 'shop-gateway', hosts: ['cart.shop.com'] } }));
      createVirtualService(new Construct(chart, 'legacy'), 'VirtualService', {
        name: 'legacy', hosts: ['legacy.example.com'], gateways: ['shopp/shop-gateway'], destinationHost: 'cart', http: [{ split: [{ version: 'v1', weight: 100 }] }],
      });
    });
    expect(errors).toEqual([expect.stringContaining('(similar Gateways in the app: shop/shop-gateway)')]);
  });

  test('two rollouts with the same name report one problem (not one per object), on the later one, naming the earlier', () => {
    const errors = errorsOf((app) => {
      const chart = new Chart(app, 'a', { namespace: 'shop' });
      new CanaryService(chart, 'first', canary('cart'));
      new CanaryService(chart, 'second', canary('cart'));
    });
    expect(errors).toEqual([
      '[a/second] Service "cart" in namespace "shop" is also created by a/first: two constructs claim the same Service name. Fix: give each application its own name, or put them in different namespaces.',
    ]);
  });

  test('an external host both claim on the mesh is a second problem: renaming one service would not fix it', () => {
    const errors = errorsOf((app) => {
      const chart = new Chart(app, 'a', { namespace: 'shop' });
      new CanaryService(chart, 'first', canary('cart', { gateway: { name: 'cart-gateway', hosts: ['cart.shop.com'] } }));
      new CanaryService(chart, 'second', canary('cart', { gateway: { name: 'cart-gateway-2', hosts: ['cart.shop.com'] } }));
    });
    expect(errors).toEqual([
      expect.stringMatching(/^\[a\/second\] Service "cart" in namespace "shop" is also created by a\/first/),
      expect.stringMatching(/^\[a\/second\] host "cart\.shop\.com" on the mesh is claimed by VirtualService "cart" and by VirtualService "cart" of a\/first/),
      // Two Gateways for the same host on the same ingress and port (IST0145).
      expect.stringMatching(/^\[a\/second\] Gateway "cart-gateway-2" in namespace "shop" serves host "cart\.shop\.com" on port 80 .* Gateway "cart-gateway" in namespace "shop" of a\/first/),
    ]);
  });

  test('validating twice reports each problem once; fixing the tree clears it', () => {
    const app = new App();
    const chart = new Chart(app, 'a', { namespace: 'shop' });
    new CanaryService(chart, 'one', canary('cart'));
    new CanaryService(chart, 'two', canary('cart'));
    const first = collectValidationErrors(app);
    expect(first).toHaveLength(1);
    expect(collectValidationErrors(app)).toEqual(first);
    expect(appCheckProblems(app).map((p) => p.scope.node.path)).toEqual(['a/two']);
  });

  test('app-level and construct problems are reported together', () => {
    const errors = errorsOf((app) => {
      const chart = new Chart(app, 'a', { namespace: 'shop' });
      new CanaryService(chart, 'one', canary('cart', { stages: [50, 10], stage: 'canary-50' }));
      new CanaryService(chart, 'two', canary('cart', { canary: { name: 'v2', image: 'mritd/demo:latest' } }));
    });
    expect(errors.map((e) => e.slice(0, e.indexOf(']') + 1))).toEqual(['[a/one]', '[a/two]', '[a/two/App/Deployment-v2]']);
  });
});
