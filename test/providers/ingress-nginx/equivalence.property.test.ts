/**
 * Property: whenever the ingress-nginx provider accepts a route model, ingress-nginx serves every
 * request as the route model says (the nginx simulator on the rendered Ingresses agrees with the
 * Istio simulator on the same rules), and whenever it would not, the provider refuses the model.
 * Random models mix header (exact, regex), cookie (always/never) and weighted rules in any order.
 */
import { shadowedMatchProblems } from '../../../lib/routing/shadowed-matches';
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { IngressNginxRouting, planIngressNginx } from '../../../lib/providers/ingress-nginx';
import { MeshRouting } from '../../../lib/providers/istio/mesh-routing';
import { cookie, headerExact, headerRegex } from '../../../lib/routing/match-helpers';
import { RouteRule } from '../../../lib/routing/route-model';
import { ManifestIndex } from '../../../lib/traffic/manifest-index';
import { shareByVersion, simulate, SimRequest } from '../../../lib';
import { simulateIngressNginx } from '../../../lib/providers/ingress-nginx/ingress-simulator';
import { VersionedApp } from '../../../lib/workload/versioned-app';

const VERSIONS = [{ name: 'v1', image: 'example/product:1.0.0', replicas: 3 }, { name: 'v2', image: 'example/product:2.0.0', replicas: 1 }];
const to = (v: string) => [{ version: v, weight: 100 }];

/** Every conditional rule the generator combines: header exact and regex, cookie always/never, to either version. */
const CONDITIONAL: RouteRule[] = [];
for (const t of ['v1', 'v2']) {
  for (const v of ['always', 'never', 'beta']) CONDITIONAL.push({ matches: [headerExact('x-canary', v)], split: to(t) });
  for (const r of ['be.*', 'always|beta', 'ne.er']) CONDITIONAL.push({ matches: [headerRegex('x-canary', r)], split: to(t) });
  for (const v of ['always', 'never']) CONDITIONAL.push({ matches: [cookie('canary', v)], split: to(t) });
}
const lastRule = (weight: number): RouteRule => ({ split: [{ version: 'v1', weight: 100 - weight }, { version: 'v2', weight }] });

/** Every model of up to `n` rules of `alphabet`, in every order, followed by the weighted rule. */
function allModels(n: number, weights: readonly number[], alphabet: readonly RouteRule[] = CONDITIONAL): RouteRule[][] {
  let prefixes: RouteRule[][] = [[]];
  const out: RouteRule[][] = [];
  for (let len = 0; len <= n; len++) {
    for (const p of prefixes) for (const w of weights) out.push([...p, lastRule(w)]);
    prefixes = prefixes.flatMap((p) => alphabet.map((c) => [...p, c]));
  }
  return out;
}

const REQUESTS: SimRequest[] = [];
for (const h of [undefined, 'always', 'never', 'beta', 'other']) {
  for (const c of [undefined, 'always', 'never', 'x']) {
    REQUESTS.push({ host: 'product', ...(h ? { headers: { 'x-canary': h } } : {}), ...(c ? { cookies: { canary: c } } : {}) });
  }
}

const WORKLOAD = (() => {
  const chart = new Chart(new App(), 'app', { namespace: 'shop' });
  new VersionedApp(chart, 'App', { app: 'product', versions: VERSIONS });
  return chart.toJson();
})();

function istio(rules: RouteRule[]): ManifestIndex {
  const chart = new Chart(new App(), 'istio', { namespace: 'shop' });
  new MeshRouting(chart, 'Routing', { service: 'product', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }], http: rules });
  return new ManifestIndex([...WORKLOAD, ...chart.toJson()]);
}

function nginx(rules: RouteRule[]): ManifestIndex {
  const chart = new Chart(new App(), 'nginx', { namespace: 'shop' });
  new IngressNginxRouting(chart, 'Routing', { service: 'product', hosts: ['product.example.com'], versions: [{ name: 'v1' }, { name: 'v2' }], stable: 'v1', rules });
  return new ManifestIndex([...WORKLOAD, ...chart.toJson()]);
}

/** Checks one model: refused, or served as the route model says for every request. Returns whether it was accepted. */
function check(rules: RouteRule[]): boolean {
  const plan = planIngressNginx({ service: 'product', hosts: ['product.example.com'], versions: [{ name: 'v1' }, { name: 'v2' }], stable: 'v1', rules });
  if (plan.problems.length > 0) return false;
  // A match an earlier rule covers never applies (Istio IST0131): the route model refuses it for every provider.
  if (shadowedMatchProblems(rules, (i) => `rule ${i + 1}`).length > 0) return false;
  const a = istio(rules);
  const b = nginx(rules);
  for (const req of REQUESTS) {
    expect([rules, req, shareByVersion(simulateIngressNginx(b, { ...req, host: 'product.example.com' }))]).toEqual([rules, req, shareByVersion(simulate(a, req))]);
  }
  return true;
}

test('every model of up to 2 conditional rules (every order, weights 0/10/50/100)', () => {
  const models = allModels(2, [0, 10, 50, 100]);
  const accepted = models.filter(check).length;
  expect(models.length).toBe(4 * (1 + 16 + 256));
  // Both outcomes are exercised.
  expect(accepted).toBeGreaterThan(40);
  expect(models.length - accepted).toBeGreaterThan(100);
});

test('every model of 3 rules mixing the header and the cookie (precedence: header before cookie)', () => {
  const alphabet: RouteRule[] = [
    { matches: [headerExact('x-canary', 'always')], split: to('v2') }, { matches: [headerExact('x-canary', 'beta')], split: to('v2') },
    { matches: [headerExact('x-canary', 'never')], split: to('v1') }, { matches: [cookie('canary', 'always')], split: to('v2') },
    { matches: [cookie('canary', 'never')], split: to('v1') }, { matches: [cookie('canary', 'always')], split: to('v1') },
  ];
  const models = allModels(3, [0, 10], alphabet).filter((m) => m.length === 4);
  expect(models.length).toBe(2 * 216);
  expect(models.filter(check).length).toBeGreaterThan(10);
});

test('random models of 3 and 4 conditional rules', () => {
  let accepted = 0;
  fc.assert(fc.property(fc.array(fc.constantFrom(...CONDITIONAL), { minLength: 3, maxLength: 4 }), fc.constantFrom(0, 10, 50, 100), (rules, w) => {
    if (check([...rules, lastRule(w)])) accepted++;
  }), { numRuns: 1500, seed: 9 });
  expect(accepted).toBeGreaterThan(5);
});
