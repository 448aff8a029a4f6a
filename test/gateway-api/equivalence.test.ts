/**
 * The Gateway API rendering means the same as the Istio rendering: for every stage of a
 * CanaryService (demo4, seed 001) and for header rules, the Gateway API simulator and the Istio
 * simulator send every request to the same versions with the same probabilities. Each side only
 * sees its own objects (plus the Services and Deployments), so neither can lean on the other.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { CanaryService } from '../../lib/canary/canary-service';
import { GatewayApiRouting } from '../../lib/providers/gateway-api';
import { MeshRouting } from '../../lib/providers/istio/mesh-routing';
import { RouteRule } from '../../lib/routing/route-model';
import { simulateGatewayApi } from '../../lib/providers/gateway-api/simulator';
import { shareByVersion, simulate, SimRequest } from '../../lib/simulator/simulator';
import { collectValidationErrors } from '../../lib/validation/problems';
import { VersionedApp } from '../../lib/workload/versioned-app';
import { validateManifests } from '../support/schema';
import { synthChart } from '../support/synth';
import { GatewayOptions } from '../../lib/providers/core/gateway';

const ISTIO = 'networking.istio.io';
const GW = 'gateway.networking.k8s.io';
const istioOnly = (m: any[]) => m.filter((o) => !String(o.apiVersion).startsWith(`${GW}/`));
const gatewayApiOnly = (m: any[]) => m.filter((o) => !String(o.apiVersion).startsWith(`${ISTIO}/`));

const STAGES = ['canary-10', 'canary-25', 'canary-50', 'canary-100', 'promoted'];
const EXPECTED_V2: Record<string, number> = { 'canary-10': 0.1, 'canary-25': 0.25, 'canary-50': 0.5, 'canary-100': 1, 'promoted': 1 };

/** demo4 (seed 001) plus the same stage rendered with the Gateway API from the canary's own rules. */
function demo4(gateway: GatewayOptions) {
  return (chart: Chart) => {
    const canary = new CanaryService(chart, 'demo4', {
      name: 'demo4',
      stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
      canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
      stages: [10, 25, 50, 100],
      stage: 'canary-10',
      gateway,
    });
    new GatewayApiRouting(chart, 'gateway-api', {
      service: 'demo4',
      subsets: Object.keys(canary.app.deployments).map((v) => ({ name: v, labels: { version: v } })),
      http: canary.rules,
      gateway: { ...gateway, name: gateway.name },
    });
  };
}

function stageManifests(define: (c: Chart) => void): Record<string, any[]> {
  const out: Record<string, any[]> = {};
  for (const s of STAGES) out[s] = synthChart(define, { namespace: 'test1' }, { 'test/demo4': s });
  return out;
}

describe('CanaryService stages rendered as Gateway API', () => {
  const northSouth = stageManifests(demo4({ name: 'demo4-gateway', hosts: ['demo4.a.com'], includeMesh: false }));
  const both = stageManifests(demo4({ name: 'demo4-gateway', hosts: ['demo4.a.com'] }));

  test('every object of every stage is valid against the Istio 1.30 and Gateway API v1.6.1 schemas', () => {
    const all = [...Object.values(northSouth), ...Object.values(both)].flat();
    expect(validateManifests(all)).toEqual([]);
  });

  test('every parentRef and backendRef of every stage resolves to an object of the same stage', () => {
    for (const stage of STAGES) {
      for (const m of [northSouth[stage], both[stage]]) {
        const has = (kind: string, name: string, group?: string) => m.some((o) => o.kind === kind && o.metadata.name === name && (group === undefined || String(o.apiVersion).startsWith(group)));
        const routes = m.filter((o) => o.kind === 'HTTPRoute');
        expect(routes.length).toBeGreaterThan(0);
        for (const r of routes) {
          for (const p of r.spec.parentRefs) expect(has(p.kind ?? 'Gateway', p.name, p.kind === 'Service' ? 'v1' : GW)).toBe(true);
          for (const rule of r.spec.rules) for (const b of rule.backendRefs) expect([stage, b.name, has('Service', b.name)]).toEqual([stage, b.name, true]);
        }
      }
    }
  });

  test.each(STAGES)('stage %s: through the gateway both simulators give the declared shares', (stage) => {
    const req: SimRequest = { host: 'demo4.a.com', gateway: 'demo4-gateway' };
    const istio = shareByVersion(simulate(istioOnly(northSouth[stage]), req));
    const gwapi = shareByVersion(simulateGatewayApi(gatewayApiOnly(northSouth[stage]), req));
    const v2 = EXPECTED_V2[stage];
    const expected = v2 === 1 ? { v2: 1 } : { v1: 1 - v2, v2 };
    expect(istio).toEqual(expected);
    expect(gwapi).toEqual(expected);
  });

  test.each(STAGES)('stage %s: mesh callers get the same shares from both simulators', (stage) => {
    const req: SimRequest = { host: 'demo4', sourceNamespace: 'test1' };
    const istio = shareByVersion(simulate(istioOnly(both[stage]), req));
    const gwapi = shareByVersion(simulateGatewayApi(gatewayApiOnly(both[stage]), req));
    expect(gwapi).toEqual(istio);
    expect(gwapi.v2).toBeCloseTo(EXPECTED_V2[stage], 9);
  });

  test('without includeMesh, mesh callers are not routed by weight in either output (Service round-robin)', () => {
    const req: SimRequest = { host: 'demo4', sourceNamespace: 'test1' };
    const istio = shareByVersion(simulate(istioOnly(northSouth['canary-10']), req));
    const gwapi = shareByVersion(simulateGatewayApi(gatewayApiOnly(northSouth['canary-10']), req));
    expect(istio).toEqual({ v1: 0.5, v2: 0.5 });
    expect(gwapi).toEqual(istio);
  });

  test('an unknown host is not served by the gateway in either output', () => {
    const req: SimRequest = { host: 'other.a.com', gateway: 'demo4-gateway' };
    expect(simulate(istioOnly(northSouth['canary-10']), req).failed).toBe(1);
    expect(simulateGatewayApi(gatewayApiOnly(northSouth['canary-10']), req).failed).toBe(1);
  });
});

/** Both renderings of the same rules over two running versions, each with only its own routing objects. */
function renderBoth(http: RouteRule[], gateway?: GatewayOptions): { istio: any[]; gwapi: any[]; errors: string[] } {
  const build = (which: 'istio' | 'gwapi') => {
    const app = new App();
    const chart = new Chart(app, 'test', { namespace: 'test1' });
    const versions = [{ name: 'v1', image: 'mritd/demo:1.0.0' }, { name: 'v2', image: 'mritd/demo:2.0.0' }];
    new VersionedApp(chart, 'App', { app: 'demo4', versions });
    const subsets = versions.map((v) => ({ name: v.name, labels: { version: v.name } }));
    if (which === 'istio') new MeshRouting(chart, 'Routing', { service: 'demo4', subsets, http, gateway });
    else new GatewayApiRouting(chart, 'Routing', { service: 'demo4', subsets, http, gateway });
    // The objects even when validation fails (chart.toJson() would throw), to show what would be applied.
    const manifests = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson());
    return { manifests, errors: collectValidationErrors(app) };
  };
  const i = build('istio');
  const g = build('gwapi');
  return { istio: i.manifests, gwapi: g.manifests, errors: [...i.errors, ...g.errors] };
}

describe('header rules mean the same in both outputs', () => {
  // Seed 001: users whose cookie carries a company e-mail get 50/50, everyone else v1.
  const cookieRule: RouteRule[] = [
    { matches: [{ headers: { cookie: { regex: '^(.*?;)?(email=[^;]*@some-company-name.com)(;.*)?$' } } }], split: [{ version: 'v1', weight: 50 }, { version: 'v2', weight: 50 }] },
    { split: [{ version: 'v1', weight: 100 }] },
  ];
  const requests: SimRequest[] = [
    { host: 'demo4.a.com', gateway: 'demo4-gateway' },
    { host: 'demo4.a.com', gateway: 'demo4-gateway', cookies: { email: 'ann@some-company-name.com' } },
    { host: 'demo4.a.com', gateway: 'demo4-gateway', cookies: { session: 'x', email: 'bob@example.com' } },
    { host: 'demo4', sourceNamespace: 'test1', cookies: { email: 'ann@some-company-name.com' } },
    { host: 'demo4', sourceNamespace: 'test1' },
  ];

  test('seed 001 cookie rule: same shares for matching and non-matching requests, mesh and gateway', () => {
    const r = renderBoth(cookieRule, { name: 'demo4-gateway', hosts: ['demo4.a.com'] });
    expect(r.errors).toEqual([]);
    const shares = requests.map((q) => [shareByVersion(simulate(r.istio, q)), shareByVersion(simulateGatewayApi(r.gwapi, q))]);
    for (const [istio, gwapi] of shares) expect(gwapi).toEqual(istio);
    expect(shares.map(([, g]) => g)).toEqual([{ v1: 1 }, { v1: 0.5, v2: 0.5 }, { v1: 1 }, { v1: 0.5, v2: 0.5 }, { v1: 1 }]);
    expect(validateManifests(r.gwapi)).toEqual([]);
  });

  test('property: whenever the Gateway API rendering is accepted, both simulators agree on every request', () => {
    const value = fc.constantFrom('a', 'b', 'c');
    const cond = fc.oneof(value.map((v) => ({ exact: v })), fc.constantFrom('a|b', 'b.*', '[ac]').map((r) => ({ regex: r })));
    const match = fc.record({
      headers: fc.dictionary(fc.constantFrom('x-a', 'x-b', 'x-c'), cond, { minKeys: 1, maxKeys: 2 }),
    }).map((m) => m as any);
    const split = fc.integer({ min: 0, max: 100 }).map((w) => [{ version: 'v1', weight: 100 - w }, { version: 'v2', weight: w }]);
    const rule = fc.record({ matches: fc.array(match, { minLength: 1, maxLength: 2 }), split });
    const rules = fc.tuple(fc.array(rule, { minLength: 1, maxLength: 3 }), split).map(([rs, last]) => [...rs, { split: last }] as RouteRule[]);
    const headersArb = fc.dictionary(fc.constantFrom('x-a', 'x-b', 'x-c'), value, { maxKeys: 3 });
    let accepted = 0;
    fc.assert(
      fc.property(rules, fc.array(headersArb, { minLength: 6, maxLength: 6 }), (rs, hs) => {
        const r = renderBoth(rs);
        if (r.errors.length > 0) return true;
        accepted++;
        for (const headers of hs) {
          const q: SimRequest = { host: 'demo4', sourceNamespace: 'test1', headers };
          expect(shareByVersion(simulateGatewayApi(r.gwapi, q))).toEqual(shareByVersion(simulate(r.istio, q)));
        }
        return true;
      }),
      { numRuns: 150, seed: 5 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  test('the order check is needed: a rule set it rejects really routes differently in the two outputs', () => {
    const rules: RouteRule[] = [
      { matches: [{ headers: { 'x-a': { exact: 'a' } } }], split: [{ version: 'v1', weight: 100 }] },
      { matches: [{ headers: { 'x-a': { exact: 'a' }, 'x-b': { exact: 'b' } } }], split: [{ version: 'v2', weight: 100 }] },
      { split: [{ version: 'v1', weight: 100 }] },
    ];
    const r = renderBoth(rules);
    expect(r.errors.join('\n')).toMatch(/more specific than rule 1/);
    const q: SimRequest = { host: 'demo4', sourceNamespace: 'test1', headers: { 'x-a': 'a', 'x-b': 'b' } };
    expect(shareByVersion(simulate(r.istio, q))).toEqual({ v1: 1 });
    expect(shareByVersion(simulateGatewayApi(r.gwapi, q))).toEqual({ v2: 1 });
  });
});
