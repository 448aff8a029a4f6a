/**
 * HTTPS gateways (TLS servers, redirect) and traffic policy (timeouts, retries, destination policy),
 * for the Istio and Gateway API providers: the objects mean what the options say at every stage,
 * pass the schemas, CEL rules and Istio's webhook checks, and bad input fails synth.
 */
import { Chart, Duration } from 'cdk8s';
import { BlueGreenService, CanaryService, GatewayTls, IngressGateway, LoadBalancer, RetryOn, Traffic, TrafficPolicy } from '../../lib';
import { celViolations } from '../admission/cel';
import { openApiErrors } from '../admission/openapi';
import { destinationRuleErrors, gatewayErrors, virtualServiceErrors } from '../analyzers/webhook';
import { find, ofKind, synthErrors, synthEveryStage } from '../support/synth';
import { simulateGatewayApi } from '../../lib';

const VERSIONS = { stable: { name: 'v1', image: 'mritd/demo:1.0.0' }, canary: { name: 'v2', image: 'mritd/demo:2.0.0' } };
const STAGES = ['canary-10', 'canary-100', 'promoted'];
const TLS = { name: 'demo4-gateway', hosts: ['demo4.a.com', 'www.demo4.a.com'], tls: GatewayTls.simple({ credentialName: 'demo4-tls' }), httpsRedirect: true };
const POLICY: TrafficPolicy = {
  route: { timeout: Duration.seconds(5), retries: { attempts: 2, perTryTimeout: Duration.millis(1500), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.statusCode(503)] } },
  destination: { outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 }, loadBalancer: LoadBalancer.leastRequest() },
  versions: { v2: { connectionPool: { maxConnections: 100, http1MaxPendingRequests: 10 }, loadBalancer: LoadBalancer.consistentHashByCookie('session', Duration.minutes(30)) } },
};

function canary(props: Record<string, unknown>) {
  return (chart: Chart) => new CanaryService(chart, 'demo4', { name: 'demo4', ...VERSIONS, stages: [10, 100], stage: 'canary-10', ...props } as any);
}

/** What the Istio Gateway does with a plain request on `port` for `host`: redirect, route, or nothing. */
function istioGatewayAnswer(gw: any, port: number, host: string): 'redirect' | 'route' | 'none' {
  const server = gw.spec.servers.find((s: any) => s.port.number === port && s.hosts.some((h: string) => h === '*' || h === host || (h.startsWith('*.') && host.endsWith(h.slice(1)))));
  if (!server) return 'none';
  return server.tls?.httpsRedirect ? 'redirect' : 'route';
}

describe('Istio HTTPS gateway', () => {
  const stages = synthEveryStage(canary({ gateway: TLS, trafficPolicy: POLICY }), 'demo4', STAGES);

  test.each(STAGES)('%s: an HTTPS server with the credential, and port 80 redirects every host', (stage) => {
    const gw = find(stages[stage], 'Gateway', 'demo4-gateway');
    expect(gw.spec.servers).toEqual([
      { port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: ['demo4.a.com', 'www.demo4.a.com'], tls: { httpsRedirect: true } },
      { port: { number: 443, name: 'https-443', protocol: 'HTTPS' }, hosts: ['demo4.a.com', 'www.demo4.a.com'], tls: { mode: 'SIMPLE', credentialName: 'demo4-tls' } },
    ]);
    for (const host of TLS.hosts) {
      expect(istioGatewayAnswer(gw, 80, host)).toBe('redirect');
      expect(istioGatewayAnswer(gw, 443, host)).toBe('route');
    }
    expect(gatewayErrors(gw)).toEqual([]);
    expect(celViolations(stages[stage])).toEqual([]);
  });

  test.each(STAGES)('%s: timeout and retries on every route; destination policy; v2 subset policy only while v2 runs', (stage) => {
    const vs = find(stages[stage], 'VirtualService', 'demo4');
    for (const r of vs.spec.http) {
      expect(r.timeout).toBe('5s');
      expect(r.retries).toEqual({ attempts: 2, perTryTimeout: '1s500ms', retryOn: 'gateway-error,503' });
    }
    expect(virtualServiceErrors(vs)).toEqual([]);
    const dr = find(stages[stage], 'DestinationRule', 'demo4');
    expect(dr.spec.trafficPolicy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' },
      outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
    });
    const v2 = dr.spec.subsets.find((s: any) => s.name === 'v2');
    expect(v2.trafficPolicy).toEqual({ loadBalancer: { consistentHash: { httpCookie: { name: 'session', ttl: '30m' } } }, connectionPool: { tcp: { maxConnections: 100 }, http: { http1MaxPendingRequests: 10 } } });
    const v1 = dr.spec.subsets.find((s: any) => s.name === 'v1');
    if (v1) expect(v1.trafficPolicy).toBeUndefined();
    expect(destinationRuleErrors(dr)).toEqual([]);
  });

  test('a per-version policy of a version that no longer runs is not rendered', () => {
    const s = synthEveryStage(canary({ trafficPolicy: { versions: { v1: { loadBalancer: LoadBalancer.random() } } } }), 'demo4', STAGES);
    expect(find(s['canary-10'], 'DestinationRule', 'demo4').spec.subsets[0].trafficPolicy).toEqual({ loadBalancer: { simple: 'RANDOM' } });
    expect(find(s.promoted, 'DestinationRule', 'demo4').spec.subsets.map((x: any) => x.name)).toEqual(['v2']);
    expect(JSON.stringify(s.promoted)).not.toContain('RANDOM');
  });

  test('MUTUAL renders mode MUTUAL with the credential (its Secret must hold ca.crt)', () => {
    const s = synthEveryStage(canary({ gateway: { ...TLS, tls: GatewayTls.mutual({ credentialName: 'demo4-mtls' }), httpsRedirect: false } }), 'demo4', ['canary-10']);
    const gw = find(s['canary-10'], 'Gateway', 'demo4-gateway');
    expect(gw.spec.servers[0].tls).toBeUndefined();
    expect(gw.spec.servers[1].tls).toEqual({ mode: 'MUTUAL', credentialName: 'demo4-mtls' });
  });

  test('IngressGateway with tls and httpsRedirect', () => {
    const s = synthEveryStage((chart) => new IngressGateway(chart, 'gw', { name: 'shared', hosts: ['*.a.com'], tls: GatewayTls.simple({ credentialName: 'wild-a' }), httpsRedirect: true, httpsPort: 8443 }), 'gw', ['x']);
    const gw = find(s.x, 'Gateway', 'shared');
    expect(istioGatewayAnswer(gw, 80, 'b.a.com')).toBe('redirect');
    expect(gw.spec.servers[1]).toEqual({ port: { number: 8443, name: 'https-8443', protocol: 'HTTPS' }, hosts: ['*.a.com'], tls: { mode: 'SIMPLE', credentialName: 'wild-a' } });
  });
});

describe('Gateway API HTTPS gateway', () => {
  const gatewayApi = synthEveryStage(canary({ traffic: Traffic.gatewayApi(), gateway: { ...TLS, includeMesh: false }, trafficPolicy: { route: { timeout: Duration.seconds(5) } } }), 'demo4', STAGES);

  test.each(STAGES)('%s: HTTPS listeners with certificateRefs, the ingress route on 443, a 301 redirect route on 80', (stage) => {
    const m = gatewayApi[stage];
    const gw = find(m, 'Gateway', 'demo4-gateway');
    const https = gw.spec.listeners.filter((l: any) => l.protocol === 'HTTPS');
    expect(https.map((l: any) => [l.name, l.port, l.hostname])).toEqual([['https-443-1', 443, 'demo4.a.com'], ['https-443-2', 443, 'www.demo4.a.com']]);
    for (const l of https) expect(l.tls).toEqual({ mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'demo4-tls' }] });
    const ingress = find(m, 'HTTPRoute', 'demo4-ingress');
    expect(ingress.spec.parentRefs).toEqual([{ name: 'demo4-gateway', port: 443 }]);
    for (const r of ingress.spec.rules) expect(r.timeouts).toEqual({ request: '5s' });
    const redirect = find(m, 'HTTPRoute', 'demo4-https-redirect');
    expect(redirect.spec).toEqual({
      parentRefs: [{ name: 'demo4-gateway', port: 80 }],
      hostnames: ['demo4.a.com', 'www.demo4.a.com'],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    expect(celViolations(m)).toEqual([]);
    // Through port 443 the request is routed to the versions; port 80 only reaches the redirect route (no backends).
    const routed = simulateGatewayApi(m, { host: 'demo4.a.com', gateway: 'test1/demo4-gateway', port: 443 });
    expect(routed.failed).toBe(0);
    expect(routed.outcomes.length).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  const err = (props: Record<string, unknown>) => synthErrors(canary(props));
  test('TLS without a credential, a credential that is not a Secret name, a redirect without HTTPS, one port for both', () => {
    expect(err({ gateway: { ...TLS, tls: GatewayTls.simple({ credentialName: '' }) } }).join('\n')).toContain('has no credentialName');
    expect(err({ gateway: { ...TLS, tls: GatewayTls.simple({ credentialName: 'Demo_TLS' }) } }).join('\n')).toContain('credentialName "Demo_TLS" is not a valid Secret name');
    expect(err({ gateway: { name: 'g', hosts: ['a.com'], httpsRedirect: true } }).join('\n')).toContain('httpsRedirect is set but the gateway has no HTTPS server');
    expect(err({ gateway: { ...TLS, httpsPort: 80 } }).join('\n')).toContain('both use port 80');
    expect(err({ gateway: { ...TLS, httpsPort: 70000 } }).join('\n')).toContain('70000');
    expect(err({ traffic: Traffic.gatewayApi(), gateway: { ...TLS, tls: GatewayTls.mutual({ credentialName: 'm' }) } }).join('\n')).toContain('GatewayTls.mutual() cannot be expressed');
  });

  test('durations Istio rejects: shorter than 1ms, fractions of a millisecond', () => {
    expect(err({ trafficPolicy: { route: { timeout: Duration.millis(0) } } }).join('\n')).toContain('trafficPolicy.route.timeout 0ms is shorter than 1ms');
    expect(err({ trafficPolicy: { route: { retries: { attempts: 1, perTryTimeout: Duration.millis(0.5) } } } }).join('\n')).toContain('perTryTimeout 0.5ms is shorter than 1ms');
    expect(err({ trafficPolicy: { destination: { outlierDetection: { interval: Duration.millis(1.5) } } } }).join('\n')).toContain('not a whole number of milliseconds');
    expect(err({ trafficPolicy: { route: { timeout: Duration.millis(1) } } })).toEqual([]);
  });

  test('counts and retryOn', () => {
    expect(err({ trafficPolicy: { destination: { outlierDetection: { maxEjectionPercent: 101 } } } }).join('\n')).toContain('maxEjectionPercent 101 is not a whole number from 0 to 100');
    expect(err({ trafficPolicy: { route: { retries: { attempts: 1, retryOn: [RetryOn.statusCode(700)] } } } }).join('\n')).toContain('retryOn "700" is not a retry condition Istio accepts');
  });

  test('the Gateway API refuses retries and destination policy; a provider without routes refuses any policy', () => {
    expect(err({ traffic: Traffic.gatewayApi(), trafficPolicy: { route: { retries: { attempts: 2 } } } }).join('\n')).toContain('retries cannot be expressed');
    expect(err({ traffic: Traffic.gatewayApi(), trafficPolicy: { destination: { loadBalancer: LoadBalancer.random() } } }).join('\n')).toContain('need an Istio DestinationRule');
    expect(err({ traffic: Traffic.serviceSelector(), trafficPolicy: { route: { timeout: Duration.seconds(1) } } }).join('\n')).toContain('renders no routing objects');
  });
});

test('output is deterministic', () => {
  const a = synthEveryStage(canary({ gateway: TLS, trafficPolicy: POLICY }), 'demo4', ['canary-10']);
  const b = synthEveryStage(canary({ gateway: TLS, trafficPolicy: POLICY }), 'demo4', ['canary-10']);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(ofKind(a['canary-10'], 'Gateway')).toHaveLength(1);
});

describe('every strategy with an HTTPS gateway', () => {
  test('BlueGreenService (Gateway API): the preview host is served on HTTPS too, and port 80 redirects; OpenAPI- and CEL-valid', () => {
    const s = synthEveryStage((chart) => new BlueGreenService(chart, 'shop', {
      name: 'shop', blue: { name: 'v1', image: 'example/shop:1.0.0' }, green: { name: 'v2', image: 'example/shop:2.0.0' }, stage: 'preview',
      traffic: Traffic.gatewayApi(), previewHost: 'preview.shop.a.com',
      gateway: { name: 'shop-gateway', hosts: ['shop.a.com'], includeMesh: false, tls: GatewayTls.simple({ credentialName: 'shop-tls' }), httpsRedirect: true },
      trafficPolicy: { route: { timeout: Duration.seconds(3) } },
    }), 'shop', ['preview']);
    const m = s.preview;
    const gw = find(m, 'Gateway', 'shop-gateway');
    expect(gw.spec.listeners.filter((l: any) => l.protocol === 'HTTPS').map((l: any) => l.hostname)).toEqual(['shop.a.com', 'preview.shop.a.com']);
    expect(find(m, 'HTTPRoute', 'shop-https-redirect').spec.parentRefs).toEqual([{ name: 'shop-gateway', port: 80 }]);
    // The preview host: routed on 443 only, redirected on 80 like the main hosts.
    expect(find(m, 'HTTPRoute', 'shop-preview').spec.parentRefs).toEqual([{ name: 'shop-gateway', port: 443 }]);
    expect(find(m, 'HTTPRoute', 'shop-preview-https-redirect').spec).toMatchObject({ parentRefs: [{ name: 'shop-gateway', port: 80 }], hostnames: ['preview.shop.a.com'] });
    expect(find(m, 'HTTPRoute', 'shop-ingress').spec.rules.every((r: any) => r.timeouts.request === '3s')).toBe(true);
    expect(celViolations(m)).toEqual([]);
    expect(openApiErrors(m)).toEqual([]);
  });
});
