/**
 * The traffic simulator on hand-written manifests: which VirtualService applies, rule order, weights
 * as exact probabilities, subsets, source labels, gateways and chains. Each test can fail: the
 * expected answers differ between the cases it compares.
 */
import { shareByVersion, shareByVersionChain, simulate, simulateChain } from '../../lib';

const NS = 'weather';
const svc = (name: string, ns = NS) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
const dep = (app: string, version: string, replicas = 1, ns = NS) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `${app}-${version}`, namespace: ns },
  spec: { replicas, template: { metadata: { labels: { app, version } } } },
});
const dr = (name: string, versions: string[], ns = NS) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name, namespace: ns },
  spec: { host: `${name}.${ns}.svc.cluster.local`, subsets: versions.map((v) => ({ name: v, labels: { version: v } })) },
});
const vs = (name: string, spec: any, ns = NS) => ({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: ns }, spec });
const gateway = (name: string, ns: string, hosts: string[], port = 80) => ({
  apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name, namespace: ns },
  spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: port, name: 'http', protocol: 'HTTP' }, hosts }] },
});
const to = (subset: string, weight?: number, host = 'forecast') => ({ destination: { host, subset }, ...(weight !== undefined ? { weight } : {}) });

/** forecast v1/v2 with a DestinationRule; `http` rules are the test's. */
const forecast = (http: any[], extra: any = {}) => [
  svc('forecast'), dep('forecast', 'v1'), dep('forecast', 'v2'), dr('forecast', ['v1', 'v2']),
  vs('forecast', { hosts: ['forecast'], http, ...extra }),
];
const meshReq = (over: any = {}) => ({ host: 'forecast', sourceNamespace: NS, ...over });

describe('rule order: the first matching rule wins', () => {
  const a = { match: [{ headers: { 'x-a': { exact: '1' } } }], route: [to('v2')] };
  const all = { route: [to('v1')] };

  test('a matching rule before the catch-all decides', () => {
    expect(shareByVersion(simulate(forecast([a, all]), meshReq({ headers: { 'x-a': '1' } })))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(forecast([a, all]), meshReq()))).toEqual({ v1: 1 });
  });

  test('the same rules in the other order: the catch-all shadows the header rule', () => {
    expect(shareByVersion(simulate(forecast([all, a]), meshReq({ headers: { 'x-a': '1' } })))).toEqual({ v1: 1 });
  });

  test('of two matching rules the first wins, and the result names it', () => {
    const b = { name: 'by-b', match: [{ headers: { 'x-b': { exact: '1' } } }], route: [to('v1')] };
    const r = simulate(forecast([b, a, all]), meshReq({ headers: { 'x-a': '1', 'x-b': '1' } }));
    expect(shareByVersion(r)).toEqual({ v1: 1 });
    expect(r.rule).toEqual({ virtualService: 'weather/forecast', index: 0, name: 'by-b' });
  });

  test('no rule matches: the request fails (Istio answers 404), with the reason', () => {
    const r = simulate(forecast([a]), meshReq());
    expect(r.outcomes).toEqual([]);
    expect(r.failed).toBe(1);
    expect(r.failures).toEqual(['no rule of VirtualService weather/forecast matches the request']);
  });
});

describe('conditions: AND within a match, OR across matches, full-match regex, prefix, missing header', () => {
  const rules = (match: any[]) => [{ match, route: [to('v2')] }, { route: [to('v1')] }];
  const version = (match: any[], headers: Record<string, string>) => shareByVersion(simulate(forecast(rules(match)), meshReq({ headers })));

  test('AND: both headers are required', () => {
    const m = [{ headers: { 'x-a': { exact: '1' }, 'x-b': { exact: '2' } } }];
    expect(version(m, { 'x-a': '1', 'x-b': '2' })).toEqual({ v2: 1 });
    expect(version(m, { 'x-a': '1' })).toEqual({ v1: 1 });
  });

  test('OR: either match is enough', () => {
    const m = [{ headers: { 'x-a': { exact: '1' } } }, { headers: { 'x-b': { exact: '2' } } }];
    expect(version(m, { 'x-b': '2' })).toEqual({ v2: 1 });
    expect(version(m, { 'x-a': '1' })).toEqual({ v2: 1 });
    expect(version(m, { 'x-c': '1' })).toEqual({ v1: 1 });
  });

  test('regex is a full match: "Chrome" misses a real User-Agent, ".*Chrome.*" hits it', () => {
    const ua = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36' };
    expect(version([{ headers: { 'user-agent': { regex: 'Chrome' } } }], ua)).toEqual({ v1: 1 });
    expect(version([{ headers: { 'user-agent': { regex: '.*Chrome.*' } } }], ua)).toEqual({ v2: 1 });
  });

  test('prefix', () => {
    const m = [{ headers: { 'x-build': { prefix: 'beta-' } } }];
    expect(version(m, { 'x-build': 'beta-7' })).toEqual({ v2: 1 });
    expect(version(m, { 'x-build': 'stable-beta-7' })).toEqual({ v1: 1 });
  });

  test('a missing header fails the condition, even a regex ".*"', () => {
    expect(version([{ headers: { 'x-a': { regex: '.*' } } }], {})).toEqual({ v1: 1 });
    expect(version([{ headers: { 'x-a': { regex: '.*' } } }], { 'x-a': '' })).toEqual({ v2: 1 });
  });

  test('header names are case-insensitive on the request side', () => {
    expect(version([{ headers: { 'x-a': { exact: '1' } } }], { 'X-A': '1' })).toEqual({ v2: 1 });
  });

  test('cookies given as a map are sent as one "a=1; b=2" header', () => {
    const m = [{ headers: { cookie: { exact: 'session=abc; user=tester' } } }];
    const r = simulate(forecast(rules(m)), meshReq({ cookies: { session: 'abc', user: 'tester' } }));
    expect(shareByVersion(r)).toEqual({ v2: 1 });
  });
});

describe('weights are exact probabilities', () => {
  test('90/10 stays 90/10 whatever the replica counts (seed 001)', () => {
    const m = [svc('forecast'), dep('forecast', 'v1', 3), dep('forecast', 'v2', 1), dr('forecast', ['v1', 'v2']),
      vs('forecast', { hosts: ['forecast'], http: [{ route: [to('v1', 90), to('v2', 10)] }] })];
    expect(shareByVersion(simulate(m, meshReq()))).toEqual({ v1: 0.9, v2: 0.1 });
  });

  test('33/67 and 1/99 are exact', () => {
    expect(shareByVersion(simulate(forecast([{ route: [to('v1', 33), to('v2', 67)] }]), meshReq()))).toEqual({ v1: 0.33, v2: 0.67 });
    expect(shareByVersion(simulate(forecast([{ route: [to('v1', 1), to('v2', 99)] }]), meshReq()))).toEqual({ v1: 0.01, v2: 0.99 });
  });

  test('a weight of 0 sends nothing; a single destination without weight gets everything', () => {
    expect(shareByVersion(simulate(forecast([{ route: [to('v1', 100), to('v2', 0)] }]), meshReq()))).toEqual({ v1: 1 });
    expect(shareByVersion(simulate(forecast([{ route: [to('v2')] }]), meshReq()))).toEqual({ v2: 1 });
  });

  test('weights are relative, as in Envoy: 1 and 3 give 25% and 75%', () => {
    expect(shareByVersion(simulate(forecast([{ route: [to('v1', 1), to('v2', 3)] }]), meshReq()))).toEqual({ v1: 0.25, v2: 0.75 });
  });

  test('without a VirtualService, mesh traffic spreads over pods like kube-proxy: by replicas', () => {
    const m = [svc('forecast'), dep('forecast', 'v1', 3), dep('forecast', 'v2', 1)];
    expect(shareByVersion(simulate(m, meshReq()))).toEqual({ v1: 0.75, v2: 0.25 });
  });

  test('a subset no DestinationRule defines, or without running pods, fails its share', () => {
    const m = [svc('forecast'), dep('forecast', 'v1'), dep('forecast', 'v2', 0), dr('forecast', ['v1', 'v2']),
      vs('forecast', { hosts: ['forecast'], http: [{ route: [to('v1', 50), to('v2', 30), to('v3', 20)] }] })];
    const r = simulate(m, meshReq());
    expect(shareByVersion(r)).toEqual({ v1: 0.5, failed: 0.5 });
    expect(r.failures).toEqual([
      'no running pods in weather match {"app":"forecast","version":"v2"}',
      'subset "v3" of forecast.weather.svc.cluster.local is defined by no DestinationRule',
    ]);
  });
});

describe('sourceLabels: routing by the calling pod', () => {
  const rules = [{ match: [{ sourceLabels: { version: 'v2' } }], route: [to('v2')] }, { route: [to('v1')] }];

  test('calls from pods labelled version=v2 go to v2, others (and unlabelled callers) to v1', () => {
    expect(shareByVersion(simulate(forecast(rules), meshReq({ sourceLabels: { app: 'frontend', version: 'v2' } })))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(forecast(rules), meshReq({ sourceLabels: { app: 'frontend', version: 'v1' } })))).toEqual({ v1: 1 });
    expect(shareByVersion(simulate(forecast(rules), meshReq()))).toEqual({ v1: 1 });
  });

  test('a chain carries the serving pod labels to the next hop', () => {
    const frontend = [svc('frontend'), dep('frontend', 'v1'), dep('frontend', 'v2'), dr('frontend', ['v1', 'v2']),
      vs('frontend', { hosts: ['frontend'], http: [{ route: [to('v1', 50, 'frontend'), to('v2', 50, 'frontend')] }] })];
    const paths = simulateChain([...frontend, ...forecast(rules)], { host: 'frontend', sourceNamespace: NS }, ['forecast']);
    expect(shareByVersionChain(paths)).toEqual({ 'v1>v1': 0.5, 'v2>v2': 0.5 });
    expect(paths.map((p) => p.hops.map((h) => h.deployment))).toEqual([['frontend-v1', 'forecast-v1'], ['frontend-v2', 'forecast-v2']]);
  });

  test('headers reach the next hop only when the chain propagates them', () => {
    const byHeader = [{ match: [{ headers: { 'x-a': { exact: '1' } } }], route: [to('v2')] }, { route: [to('v1')] }];
    const frontend = [svc('frontend'), dep('frontend', 'v1')];
    const m = [...frontend, ...forecast(byHeader)];
    const first = { host: 'frontend', sourceNamespace: NS, headers: { 'x-a': '1' } };
    expect(shareByVersionChain(simulateChain(m, first, ['forecast']))).toEqual({ 'v1>v1': 1 });
    expect(shareByVersionChain(simulateChain(m, first, ['forecast'], { propagateHeaders: true }))).toEqual({ 'v1>v2': 1 });
  });
});

describe('gateways', () => {
  const gw = gateway('weather-gateway', 'istio-system', ['*']);
  const frontend = (spec: any) => [gw, svc('frontend'), dep('frontend', 'v1'), dep('frontend', 'v2'), dr('frontend', ['v1', 'v2']), vs('frontend', spec)];
  const viaGateway = (over: any = {}) => ({ host: 'www.example.com', gateway: 'istio-system/weather-gateway', ...over });
  const toFrontend = (subset: string, weight?: number) => to(subset, weight, 'frontend');

  test('a VirtualService bound to a gateway in another namespace serves gateway traffic; mesh traffic bypasses it', () => {
    const m = frontend({ hosts: ['*'], gateways: ['istio-system/weather-gateway'], http: [{ route: [toFrontend('v2')] }] });
    expect(shareByVersion(simulate(m, viaGateway()))).toEqual({ v2: 1 });
    expect(shareByVersion(simulate(m, { host: 'frontend', sourceNamespace: NS }))).toEqual({ v1: 0.5, v2: 0.5 });
  });

  test('a VirtualService without gateways serves only the mesh: gateway traffic finds no route', () => {
    const m = frontend({ hosts: ['frontend'], http: [{ route: [toFrontend('v2')] }] });
    const r = simulate(m, viaGateway({ host: 'frontend' }));
    expect(r.failed).toBe(1);
    expect(r.failures[0]).toMatch(/^no VirtualService routes frontend on istio-system\/weather-gateway/);
  });

  test('a short gateway name means the VirtualService namespace, so it does not reach istio-system/weather-gateway', () => {
    const m = frontend({ hosts: ['*'], gateways: ['weather-gateway'], http: [{ route: [toFrontend('v2')] }] });
    expect(simulate(m, viaGateway()).failed).toBe(1);
  });

  test('binding [gateway, mesh] applies the rules to both; a rule-level gateways list narrows one rule', () => {
    const m = frontend({
      hosts: ['www.example.com', 'frontend'],
      gateways: ['istio-system/weather-gateway', 'mesh'],
      http: [
        { match: [{ gateways: ['mesh'] }], route: [toFrontend('v1')] },
        { route: [toFrontend('v2')] },
      ],
    });
    expect(shareByVersion(simulate(m, { host: 'frontend', sourceNamespace: NS }))).toEqual({ v1: 1 });
    expect(shareByVersion(simulate(m, viaGateway()))).toEqual({ v2: 1 });
  });

  test('the Gateway must serve the host and port of the request', () => {
    const named = [gateway('weather-gateway', 'istio-system', ['weather.example.com']), svc('frontend'), dep('frontend', 'v1'),
      vs('frontend', { hosts: ['weather.example.com'], gateways: ['istio-system/weather-gateway'], http: [{ route: [{ destination: { host: 'frontend' } }] }] })];
    expect(shareByVersion(simulate(named, viaGateway({ host: 'weather.example.com' })))).toEqual({ v1: 1 });
    expect(simulate(named, viaGateway({ host: 'other.example.com' })).failures).toEqual(['gateway istio-system/weather-gateway has no HTTP server for host other.example.com']);
    expect(simulate(named, viaGateway({ host: 'weather.example.com', port: 8080 })).failed).toBe(1);
  });

  test('a gateway missing from the manifests fails the request', () => {
    const m = frontend({ hosts: ['*'], gateways: ['istio-system/other'], http: [{ route: [toFrontend('v2')] }] });
    expect(simulate(m, viaGateway({ gateway: 'istio-system/other' })).failures).toEqual(['gateway istio-system/other is not among the manifests']);
  });
});
