/**
 * Issue 11, gateway hosts: a Gateway that one construct creates serves every host the other constructs
 * bind to it (IST0132, preview hosts too), a Gateway outside the app is named explicitly (`external`),
 * a VirtualService never lists overlapping hosts, and match `gateways`/`port` are valid. The valid app is
 * checked by the analyzer suite (zero findings) and by the meaning: which version serves each host.
 */
import { App, Chart } from 'cdk8s';
import { BlueGreenService, CanaryService, collectValidationErrors, IngressGateway, MeshRouting, RouteRule, shareByVersion, simulate, Traffic } from '../../lib';
import { analyze } from '../analyzers/analyze';
import { VALID_BLUE_GREEN } from '../catalogue/entries/bluegreen';
import { VALID_CANARY } from '../catalogue/entries/canary';
import { synthChart, synthErrors } from '../support/synth';

/** A shop whose Gateway is created once (an IngressGateway) and shared by a canary and a blue-green release with a preview host. */
function shop(chart: Chart, gatewayHosts: string[], traffic?: Traffic): void {
  const gw = new IngressGateway(chart, 'gw', { name: 'shop-gateway', hosts: gatewayHosts, traffic });
  new CanaryService(chart, 'cart', { ...VALID_CANARY, name: 'cart', traffic, gateway: gw.routeOptions({ hosts: ['cart.shop.com'] }) });
  new BlueGreenService(chart, 'checkout', { ...VALID_BLUE_GREEN, name: 'checkout', traffic, gateway: gw.routeOptions({ hosts: ['checkout.shop.com'] }), previewHost: 'preview.checkout.shop.com' });
}

const HOSTS = ['cart.shop.com', 'checkout.shop.com', 'preview.checkout.shop.com'];

/** True when host pattern `g` of a Gateway server covers `h`. */
const covers = (g: string, h: string) => g === '*' || g === h || (g.startsWith('*.') && h.endsWith(g.slice(1)));

describe('a Gateway shared by several constructs serves all their hosts (IST0132)', () => {
  const m = synthChart((c) => shop(c, HOSTS), { namespace: 'shop' });

  test('every VirtualService host bound to the Gateway is a host of its servers, and the analyzers find nothing', () => {
    const gateway = m.find((o) => o.kind === 'Gateway');
    const served: string[] = gateway.spec.servers.flatMap((s: any) => s.hosts);
    const bound = m.filter((o) => o.kind === 'VirtualService' && (o.spec.gateways ?? []).includes('shop-gateway'));
    expect(bound.map((v) => v.metadata.name).sort()).toEqual(['cart', 'checkout', 'checkout-preview']);
    for (const vs of bound) {
      const external = (vs.spec.hosts as string[]).filter((h) => !h.endsWith('.svc.cluster.local'));
      expect({ vs: vs.metadata.name, unserved: external.filter((h) => !served.some((g) => covers(g, h))) }).toEqual({ vs: vs.metadata.name, unserved: [] });
    }
    expect(analyze(m)).toEqual([]);
  });

  test('each host reaches its construct through the shared Gateway: the canary split, blue, and green on the preview host', () => {
    expect(shareByVersion(simulate(m, { host: 'cart.shop.com', gateway: 'shop-gateway' }))).toEqual({ v1: 0.9, v2: 0.1 });
    expect(shareByVersion(simulate(m, { host: 'checkout.shop.com', gateway: 'shop-gateway' }))).toEqual({ v1: 1 });
    expect(shareByVersion(simulate(m, { host: 'preview.checkout.shop.com', gateway: 'shop-gateway' }))).toEqual({ v2: 1 });
  });

  test('a host or preview host the Gateway does not list fails synth naming the host, with both traffic APIs', () => {
    for (const traffic of [undefined, Traffic.gatewayApi()]) {
      const errors = synthErrors((c) => shop(c, ['cart.shop.com', 'checkout.shop.com'], traffic), { namespace: 'shop' });
      expect(errors).toEqual([expect.stringMatching(/^\[test\/checkout\] (VirtualService|HTTPRoute) "checkout-preview" serves host "preview\.checkout\.shop\.com" through gateway "shop\/shop-gateway", but that Gateway \(created by test\/gw\) does not list it .*IST0132/)]);
    }
    // A wildcard on the Gateway serves the preview host too.
    expect(synthErrors((c) => shop(c, ['cart.shop.com', '*.checkout.shop.com', 'checkout.shop.com']), { namespace: 'shop' })).toEqual([]);
  });

  test('create: false pointing at the Gateway of another construct must find its hosts there', () => {
    const build = (hosts: string[]) => synthErrors((c) => {
      new IngressGateway(c, 'gw', { name: 'shop-gateway', hosts });
      new CanaryService(c, 'cart', { ...VALID_CANARY, name: 'cart', gateway: { name: 'shop-gateway', hosts: ['cart.shop.com'], create: false } });
    });
    expect(build(['cart.shop.com'])).toEqual([]);
    expect(build(['*.shop.com'])).toEqual([]);
    expect(build(['shop.com'])).toEqual([expect.stringContaining('serves host "cart.shop.com" through gateway "test1/shop-gateway", but that Gateway (created by test/gw) does not list it (its hosts: shop.com)')]);
  });
});

describe('a Gateway outside the app is named explicitly (IST0101)', () => {
  const canary = (gateway: any) => (c: Chart) => { new CanaryService(c, 'cart', { ...VALID_CANARY, name: 'cart', gateway }); };

  test('create: false with a name no construct of the app creates fails; external: true binds it and creates nothing', () => {
    const typo = { name: 'shop-gatway', namespace: 'istio-system', hosts: ['cart.shop.com'], create: false };
    expect(synthErrors(canary(typo))).toEqual([expect.stringMatching(/bound to gateway "istio-system\/shop-gatway", which no Gateway in the app defines\. Fix: .*gateway\.create: false.*gateway\.external: true/)]);
    const external = { name: 'shop-gateway', namespace: 'istio-system', hosts: ['cart.shop.com'], external: true };
    const m = synthChart(canary(external));
    expect(m.filter((o) => o.kind === 'Gateway')).toEqual([]);
    expect(m.find((o) => o.kind === 'VirtualService').spec.gateways).toEqual(['istio-system/shop-gateway', 'mesh']);
  });

  test('external with create: true is a contradiction; external alone creates no Gateway for BlueGreenService either', () => {
    expect(synthErrors(canary({ name: 'gw', hosts: ['cart.shop.com'], external: true, create: true }))).toEqual([expect.stringContaining('gateway.external is true')]);
    const m = synthChart((c) => { new BlueGreenService(c, 'checkout', { ...VALID_BLUE_GREEN, name: 'checkout', gateway: { name: 'gw', namespace: 'istio-system', hosts: ['checkout.shop.com'], external: true } }); });
    expect(m.filter((o) => o.kind === 'Gateway')).toEqual([]);
  });
});

describe('the hosts of one VirtualService never overlap (Istio webhook)', () => {
  const errorsOf = (hosts: string[], includeMesh?: boolean) => {
    const app = new App();
    const chart = new Chart(app, 'test', { namespace: 'test1' });
    new CanaryService(chart, 'demo4', { ...VALID_CANARY, gateway: { name: 'demo4-gateway', hosts, includeMesh } });
    return collectValidationErrors(app);
  };

  test('a host twice, a wildcard and a host it covers, and the Service host among the gateway hosts fail', () => {
    expect(errorsOf(['a.com', 'a.com'])).toEqual([expect.stringContaining('gateway host "a.com" is listed twice')]);
    expect(errorsOf(['x.a.com', '*.a.com'])).toEqual([expect.stringContaining('"*.a.com" already covers "x.a.com"')]);
    expect(errorsOf(['*.a.com', '*.b.a.com'])).toEqual([expect.stringContaining('"*.a.com" already covers "*.b.a.com"')]);
    expect(errorsOf(['a.com', 'demo4.test1.svc.cluster.local'])).toEqual([expect.stringContaining("is the Service's own host")]);
    expect(errorsOf(['*.cluster.local'])).toEqual([expect.stringContaining('covers the Service host "demo4.test1.svc.cluster.local"')]);
  });

  test('near misses pass, and the analyzers (webhook included) find nothing on them', () => {
    for (const [hosts, mesh] of [[['*.a.com', 'a.com']], [['a.com', 'b.a.com']], [['*.a.com', '*.b.com']], [['*.cluster.local'], false], [['*'], false]] as Array<[string[], boolean?]>) {
      expect({ hosts, errors: errorsOf(hosts, mesh) }).toEqual({ hosts, errors: [] });
      const m = synthChart((c) => { new CanaryService(c, 'demo4', { ...VALID_CANARY, gateway: { name: 'demo4-gateway', hosts, includeMesh: mesh } }); });
      expect({ hosts, findings: analyze(m) }).toEqual({ hosts, findings: [] });
    }
  });
});

describe('match gateways and port', () => {
  const SUBSETS = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];
  const errorsOf = (match: RouteRule['matches']) => synthErrors((c) => {
    new MeshRouting(c, 'routing', { service: 'demo4', subsets: SUBSETS, http: [{ matches: match, split: [{ version: 'v2', weight: 100 }] }, { split: [{ version: 'v1', weight: 100 }] }] });
  });

  test('mesh, <name> and <namespace>/<name> pass; other strings fail', () => {
    expect(errorsOf([{ gateways: ['mesh', 'gw', 'istio-system/gw'] }])).toEqual([]);
    for (const g of ['', 'a/b/c', 'istio-system/', 'Gw', 'gw.example']) {
      expect({ g, errors: errorsOf([{ gateways: [g] }]) }).toEqual({ g, errors: [expect.stringContaining(`match gateway "${g}" is not a gateway reference`)] });
    }
  });

  test('ports 1 and 65535 pass; 0, 65536 and 80.5 fail', () => {
    expect(errorsOf([{ port: 1 }, { port: 65535 }])).toEqual([]);
    for (const port of [0, 65536, 80.5]) expect(errorsOf([{ port }])).toEqual([`[test/routing] route, rule 1: match port ${port} is out of range. Fix: use an integer port between 1 and 65535.`]);
  });
});
