/**
 * The CEL rules (`x-kubernetes-validations`) of the vendored CRDs, evaluated as the API server does on
 * create, over every Istio, Gateway API, Flagger and Argo Rollouts object of every stage of every example in
 * both traffic APIs; each rule family we rely on fires on a bad object; the rules we do not evaluate are listed.
 */
import { celViolations, isTransitionRule, rulesOf } from './cel';
import { crdOf, crdVersions } from './crds';
import { everyExampleObject } from '../analyzers/examples-adapter';
import { parse } from '@bufbuild/cel';

const objects = everyExampleObject();
const fails = (o: any) => celViolations([o]).map((v) => `${v.path}: ${v.message}`);

test('every object of every stage of every example passes every CEL rule of its CRD', () => {
  const checked = objects.filter((o) => crdOf(o));
  const kinds = [...new Set(checked.map((o) => `${o.apiVersion} ${o.kind}`))].sort();
  expect(kinds).toEqual([
    'argoproj.io/v1alpha1 AnalysisTemplate', 'argoproj.io/v1alpha1 Rollout', 'flagger.app/v1beta1 Canary', 'flagger.app/v1beta1 MetricTemplate',
    'gateway.networking.k8s.io/v1 Gateway', 'gateway.networking.k8s.io/v1 HTTPRoute', 'gateway.networking.k8s.io/v1 TCPRoute',
    'monitoring.coreos.com/v1 PrometheusRule', 'networking.istio.io/v1 DestinationRule', 'networking.istio.io/v1 Gateway', 'networking.istio.io/v1 VirtualService',
  ]);
  expect(celViolations(checked)).toEqual([]);
});

test('every rule of every vendored CRD compiles; the only ones not evaluated are the transition rules (oldSelf, update only)', () => {
  const all = [...crdVersions().values()].flatMap((c) => rulesOf(c.schema).map((r) => ({ ...r, where: `${c.apiVersion} ${c.kind} ${r.path}` })));
  expect(all.length).toBeGreaterThan(300);
  for (const r of all) expect(() => parse(r.rule)).not.toThrow();
  expect([...new Set(all.filter((r) => isTransitionRule(r.rule)).map((r) => `${r.where}: ${r.rule}`))].sort()).toEqual([
    'argoproj.io/v1alpha1 Rollout spec.selector: self == oldSelf',
  ]);
});

test('the CEL functions the vendored rules call are exactly those we evaluate (std and strings extension), each checked here', () => {
  const all = [...crdVersions().values()].flatMap((c) => rulesOf(c.schema)).map((r) => r.rule.replace(/r?"""[\s\S]*?"""|'[^']*'|"[^"]*"/g, "''"));
  const used = [...new Set(all.flatMap((r) => [...r.matchAll(/([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1])))].sort();
  expect(used).toEqual(['all', 'contains', 'duration', 'endsWith', 'exists', 'exists_one', 'filter', 'has', 'matches', 'size', 'split', 'startsWith', 'substring']);
  const sample = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'x', namespace: 'a' } };
  // each function through a rule of the vendored CRDs that uses it, on a value that fails it
  expect(celViolations([{ ...sample, spec: { hosts: ['a.example.com'], endpoints: [{ address: 'unix://x/' }], resolution: 'STATIC' } }]).map((v) => v.rule)).toEqual([
    'self.startsWith("unix://") ? (self.substring(7, 8) == "/" || self.substring(7, 8) == "@") : true',
    'self.startsWith("unix://") ? !self.endsWith("/") : true',
  ]);
});

const find = (kind: string, api: string) => {
  const o = objects.find((x) => x.kind === kind && String(x.apiVersion).startsWith(api));
  if (!o) throw new Error(`no ${kind}`);
  return structuredClone(o);
};

describe('Istio rule families fire', () => {
  test('durations of at least 1ms (DestinationRule traffic policy)', () => {
    const dr = find('DestinationRule', 'networking.istio.io/');
    dr.spec.trafficPolicy = { connectionPool: { tcp: { connectTimeout: '500us' } }, outlierDetection: { interval: '0s' } };
    expect(fails(dr)).toHaveLength(2);
    dr.spec.trafficPolicy = { connectionPool: { tcp: { connectTimeout: '1ms' } } };
    expect(fails(dr)).toEqual([]);
  });
  test('ServiceEntry: port range, unique port numbers, no `*` host, endpoints vs resolution', () => {
    const se = { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: { name: 'x', namespace: 'a' }, spec: { hosts: ['*'], ports: [{ number: 0, name: 'http', protocol: 'HTTP' }, { number: 0, name: 'http2', protocol: 'HTTP' }], endpoints: [{ address: '1.2.3.4' }] } };
    expect(fails(se).length).toBeGreaterThanOrEqual(4);
    expect(fails({ ...se, spec: { hosts: ['a.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DNS' } })).toEqual([]);
  });
  test('Gateway TLS: credentialName and credentialNames are exclusive', () => {
    const gw = find('Gateway', 'networking.istio.io/');
    gw.spec.servers[0].tls = { mode: 'SIMPLE', credentialName: 'a', credentialNames: ['b'] };
    expect(fails(gw)).toHaveLength(1);
  });
  test('workload selector keys: no wildcard, not empty', () => {
    const dr = find('DestinationRule', 'networking.istio.io/');
    dr.spec.workloadSelector = { matchLabels: { 'a*': 'x', '': 'y', b: 'c*' } };
    expect(fails(dr)).toHaveLength(3);
  });
});

describe('Gateway API rule families fire', () => {
  test('listeners: unique names, unique port/protocol/hostname, no TLS on HTTP, TLS mode on TLS listeners', () => {
    const gw = find('Gateway', 'gateway.networking.k8s.io/');
    const l = gw.spec.listeners[0];
    gw.spec.listeners = [l, { ...l }, { ...l, name: 'tls', protocol: 'HTTP', tls: { mode: 'Terminate', certificateRefs: [{ name: 'c' }] }, port: 81 }];
    expect(fails(gw).length).toBeGreaterThanOrEqual(3);
  });
  test('HTTPRoute: unique parentRefs, path values, filter type/field pairs, Service backends need a port, timeouts order', () => {
    const r = find('HTTPRoute', 'gateway.networking.k8s.io/');
    r.spec.parentRefs = [r.spec.parentRefs[0], r.spec.parentRefs[0]];
    expect(fails(r)).toEqual(['spec.parentRefs: sectionName must be unique when parentRefs includes 2 or more references to the same parent']);
    const r2 = find('HTTPRoute', 'gateway.networking.k8s.io/');
    r2.spec.rules[0].matches = [{ path: { type: 'PathPrefix', value: 'api//x' } }];
    r2.spec.rules[0].filters = [{ type: 'RequestHeaderModifier', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/' } } }];
    r2.spec.rules[0].timeouts = { request: '1s', backendRequest: '2s' };
    delete r2.spec.rules[0].backendRefs[0].port;
    expect(fails(r2).length).toBeGreaterThanOrEqual(6);
  });
  test('infrastructure label keys: a qualified name, a DNS prefix under 253 (split)', () => {
    const gw = find('Gateway', 'gateway.networking.k8s.io/');
    gw.spec.infrastructure = { labels: { [`${'a'.repeat(250)}.example.com/x`]: 'v' } };
    expect(celViolations([gw]).map((v) => v.rule)).toEqual(['self.all(key, key.split("/")[0].size() < 253)']);
    gw.spec.infrastructure = { labels: { 'bad key': 'v' } };
    expect(celViolations([gw]).map((v) => v.rule)).toEqual([expect.stringMatching(/^self\.all\(key, key\.matches\(/)]);
    gw.spec.infrastructure = { labels: { 'example.com/team': 'web' } };
    expect(fails(gw)).toEqual([]);
  });
  test('the defaults are applied first: a backendRef without group/kind is a Service', () => {
    const r = find('HTTPRoute', 'gateway.networking.k8s.io/');
    delete r.spec.rules[0].backendRefs[0].port;
    expect(fails(r)).toEqual(['spec.rules[0].backendRefs[0]: Must have port for Service reference']);
  });
});

test('Flagger: a Service mirror backendRef needs a port', () => {
  const c = find('Canary', 'flagger.app/');
  c.spec.service.mirror = [{ backendRef: { name: 'x', kind: 'Service', group: '' } }];
  expect(fails(c)).toHaveLength(1);
});
