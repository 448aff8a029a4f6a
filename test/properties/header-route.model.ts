/**
 * Random HeaderRoute plans for the property tests: 2 or 3 versions, 1 to 4 stages, each running all
 * or some versions, with 0 to 3 content routes and a default. A route's conditions are random header
 * (exact, RE2 regex, prefix), cookie, User-Agent family and `allOf` matches, OR-ed; its target is a
 * version or a random weighted split over running versions. Every route tests its own header and
 * cookie names (and at most one route of a stage the User-Agent), so a request built for route i
 * matches no earlier route: the simulator must then give exactly route i's split.
 *
 * `HEADER_ROUTE_GATEWAY_API_MODEL` draws only what the Gateway API can express (no header prefix, no
 * `allOf`) and sets `traffic: Traffic.gatewayApi()`: the same declared shares must come out of the Gateway
 * API rendering.
 */
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { allOf, cookie, escapeRe2, headerExact, headerPrefix, headerRegex, HeaderRoute, HeaderRouteProps, HeaderRouteStage, IngressGateway, RequestMatch, RouteTarget, SAMPLE_USER_AGENTS, Traffic, TrafficApi, userAgent } from '../../lib';
import { SimRequest } from '../../lib/simulator/simulator';
import { dnsLabel, optional, port, semver } from './canary.model';
import { ExpectedTraffic, RolloutModel } from './harness';
import { trafficOf } from '../support/traffic';

/** The kinds of condition a route can use. */
type ConditionKind = 'exact' | 'regex' | 'prefix' | 'cookie' | 'user-agent' | 'all-of';

/** A condition and the request content that satisfies it. */
interface Condition {
  readonly match: RequestMatch;
  readonly headers: Record<string, string>;
  readonly cookies: Record<string, string>;
  /** How the condition was written, for failure messages. */
  readonly shown: string;
}

/** A route of a stage as drawn: its conditions (OR-ed), its target, and which condition the test request satisfies. */
interface DrawnRoute {
  readonly name?: string;
  readonly conditions: Condition[];
  readonly to: RouteTarget;
  readonly pick: number;
}

/** A plan: the construct props, the routes as drawn (with their requests), and the gateway. */
export interface HeaderRoutePlan {
  readonly namespace: string;
  readonly props: HeaderRouteProps;
  /** Per stage, the drawn routes (in order). */
  readonly routes: Record<string, DrawnRoute[]>;
  /** A shared IngressGateway (built before the route) or gateway options, or none. */
  readonly gateway?: { readonly kind: 'ingress' | 'options'; readonly name: string; readonly hosts: string[]; readonly includeMesh?: boolean };
}

/** User-Agent families with a sample that matches them (and is sent for that route). */
const UA_SAMPLES: Array<[Parameters<typeof userAgent>[0], string]> = [
  [{ browser: 'chrome' }, SAMPLE_USER_AGENTS['chrome-windows']],
  [{ browser: 'firefox' }, SAMPLE_USER_AGENTS['firefox-linux']],
  [{ browser: 'safari' }, SAMPLE_USER_AGENTS['safari-iphone']],
  [{ browser: 'edge' }, SAMPLE_USER_AGENTS['edge-windows']],
  [{ os: 'android' }, SAMPLE_USER_AGENTS['chrome-android']],
  [{ os: 'macos' }, SAMPLE_USER_AGENTS['safari-macos']],
  [{ browser: 'chrome', os: 'android' }, SAMPLE_USER_AGENTS['chrome-android']],
];

const token = fc.stringMatching(/^[a-z0-9]{1,8}$/);

/** A condition of route `i` of kind `kind`, on headers and cookies only route `i` uses. */
function condition(kind: ConditionKind, i: number, value: string, n: number): Condition {
  const h = `x-route-${i}`;
  switch (kind) {
    case 'exact': return { match: headerExact(h, value), headers: { [h]: value }, cookies: {}, shown: `headerExact('${h}', '${value}')` };
    case 'regex': return { match: headerRegex(h, `${escapeRe2(value)}(-[a-z]+)?`), headers: { [h]: `${value}-x` }, cookies: {}, shown: `headerRegex('${h}', '${value}(-[a-z]+)?')` };
    case 'prefix': return { match: headerPrefix(h, value), headers: { [h]: `${value}.more` }, cookies: {}, shown: `headerPrefix('${h}', '${value}')` };
    case 'cookie': return { match: cookie(`c${i}`, value), headers: {}, cookies: { session: 'abc', [`c${i}`]: value }, shown: `cookie('c${i}', '${value}')` };
    case 'user-agent': {
      const [selector, sample] = UA_SAMPLES[n % UA_SAMPLES.length];
      return { match: userAgent(selector), headers: { 'user-agent': sample }, cookies: {}, shown: `userAgent(${JSON.stringify(selector)})` };
    }
    case 'all-of': return {
      match: allOf(headerExact(h, value), cookie(`c${i}`, value)),
      headers: { [h]: value },
      cookies: { [`c${i}`]: value },
      shown: `allOf(headerExact('${h}', '${value}'), cookie('c${i}', '${value}'))`,
    };
  }
}

/** A random split of 100 over `versions` (in that order), or the first version alone. */
function target(versions: readonly string[], cuts: readonly number[], single: boolean): RouteTarget {
  if (single || versions.length === 1) return versions[0];
  const points = [...new Set(cuts.map((c) => c % 101))].sort((a, b) => a - b).slice(0, versions.length - 1);
  while (points.length < versions.length - 1) points.push(100);
  const bounds = [0, ...points, 100];
  return Object.fromEntries(versions.map((v, k) => [v, bounds[k + 1] - bounds[k]]));
}

function shares(t: RouteTarget): Record<string, number> {
  return typeof t === 'string' ? { [t]: 100 } : { ...t };
}

function rotate<T>(xs: readonly T[], by: number): T[] {
  const k = xs.length === 0 ? 0 : by % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

const routeDraw = fc.record({
  named: fc.boolean(),
  label: dnsLabel(6),
  kinds: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
  values: fc.array(token, { minLength: 2, maxLength: 2 }),
  ua: fc.nat(),
  pick: fc.nat(),
  rotate: fc.nat(),
  count: fc.integer({ min: 2, max: 3 }),
  cuts: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
  // One target in four is a single version; the others a weighted split over 2 or 3 running versions.
  single: fc.nat(3).map((n) => n === 0),
});

const stageDraw = fc.record({
  running: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
  routes: fc.array(routeDraw, { maxLength: 3 }),
  defaultRoute: routeDraw,
});

function planArbitrary(traffic: TrafficApi | undefined): fc.Arbitrary<HeaderRoutePlan> {
  const gatewayApi = traffic === 'gateway-api';
  const kinds: ConditionKind[] = gatewayApi ? ['exact', 'regex', 'cookie', 'user-agent'] : ['exact', 'regex', 'prefix', 'cookie', 'user-agent', 'all-of'];
  return fc
    .record({
      namespace: dnsLabel(12),
      name: dnsLabel(20),
      versions: fc.uniqueArray(dnsLabel(8), { minLength: 2, maxLength: 3 }),
      images: fc.array(semver, { minLength: 3, maxLength: 3 }),
      replicas: fc.array(optional(fc.integer({ min: 1, max: 3 })), { minLength: 3, maxLength: 3 }),
      stageNames: fc.uniqueArray(dnsLabel(10), { minLength: 1, maxLength: 4 }),
      stages: fc.array(stageDraw, { minLength: 4, maxLength: 4 }),
      servicePort: optional(port),
      protocol: optional(fc.constantFrom('http' as const, 'http2' as const, 'grpc' as const)),
      gateway: optional(fc.record({
        kind: fc.constantFrom('ingress' as const, 'options' as const),
        name: dnsLabel(12),
        hosts: fc.uniqueArray(fc.tuple(dnsLabel(10), dnsLabel(8)).map(([a, b]) => `${a}.${b}.com`), { minLength: 1, maxLength: 2 }),
        includeMesh: optional(fc.boolean()),
      })),
      istioApiVersion: optional(fc.constantFrom('v1' as const, 'v1beta1' as const)),
      traffic: fc.constant(traffic),
      pick: fc.nat(),
    })
    .map((r): HeaderRoutePlan => {
      const versions = r.versions.map((v, k) => ({ name: v, image: `registry.example.com/${r.name}:${r.images[k]}`, ...(r.replicas[k] ? { replicas: r.replicas[k] } : {}) }));
      const declared = versions.map((v) => v.name);
      const routes: Record<string, DrawnRoute[]> = {};
      const stages: HeaderRouteStage[] = r.stageNames.map((stageName, si) => {
        const d = r.stages[si];
        const picked = declared.filter((_, k) => d.running[k]);
        const running = picked.length > 0 ? picked : [declared[si % declared.length]];
        let uaUsed = false;
        const drawn: DrawnRoute[] = d.routes.map((rd, i) => {
          const conditions = rd.kinds.map((k, j) => {
            let kind = kinds[k % kinds.length];
            // One User-Agent route per stage: a request for another route carries no User-Agent.
            if (kind === 'user-agent' && (uaUsed || j > 0)) kind = 'exact';
            if (kind === 'user-agent') uaUsed = true;
            return condition(kind, i, rd.values[j % 2], rd.ua);
          });
          const to = target(rotate(running, rd.rotate).slice(0, rd.count), rd.cuts, rd.single);
          return { ...(rd.named ? { name: `r${i}-${rd.label}` } : {}), conditions, to, pick: rd.pick };
        });
        routes[stageName] = drawn;
        const all = running.length === declared.length;
        return {
          name: stageName,
          routes: drawn.map((x) => ({ ...(x.name ? { name: x.name } : {}), matches: x.conditions.map((c) => c.match), to: x.to })),
          default: target(rotate(running, d.defaultRoute.rotate).slice(0, d.defaultRoute.count), d.defaultRoute.cuts, d.defaultRoute.single),
          ...(all && si % 2 === 0 ? {} : { running }),
        };
      });
      const gw = r.gateway;
      return {
        namespace: r.namespace,
        routes,
        ...(gw ? { gateway: { kind: gw.kind, name: `${gw.name}-gw`, hosts: gw.hosts, ...(gw.includeMesh !== undefined && gw.kind === 'options' ? { includeMesh: gw.includeMesh } : {}) } } : {}),
        props: {
          name: r.name,
          versions,
          stages,
          stage: stages[r.pick % stages.length].name,
          ...(r.traffic ? { traffic: trafficOf(r.traffic) } : {}),
          ...(r.servicePort ? { servicePort: r.servicePort } : {}),
          ...(r.protocol ? { protocol: r.protocol } : {}),
          ...(r.istioApiVersion && !gatewayApi ? { traffic: Traffic.istio({ apiVersion: r.istioApiVersion }) } : {}),
        },
      };
    });
}

function buildRoute(chart: Chart, plan: HeaderRoutePlan): void {
  const g = plan.gateway;
  let gateway: HeaderRouteProps['gateway'];
  if (g?.kind === 'ingress') gateway = new IngressGateway(chart, 'gateway', { name: g.name, hosts: g.hosts, ...(plan.props.traffic ? { traffic: plan.props.traffic } : {}) });
  else if (g) gateway = { name: g.name, hosts: g.hosts, ...(g.includeMesh !== undefined ? { includeMesh: g.includeMesh } : {}) };
  new HeaderRoute(chart, 'rollout', { ...plan.props, ...(gateway ? { gateway } : {}) });
}

function expectedTraffic(plan: HeaderRoutePlan, stageName: string): ExpectedTraffic[] {
  const p = plan.props;
  const stage = p.stages.find((s) => s.name === stageName)!;
  const drawn = plan.routes[stageName];
  const requests: Array<{ label: string; content: Partial<SimRequest>; shares: Record<string, number> }> = [
    { label: 'no condition (default)', content: {}, shares: shares(stage.default) },
    ...drawn.map((r, i) => {
      const c = r.conditions[r.pick % r.conditions.length];
      return { label: `route ${i + 1} via ${c.shown}`, content: { headers: c.headers, cookies: c.cookies }, shares: shares(r.to) };
    }),
  ];
  const out: ExpectedTraffic[] = [];
  const g = plan.gateway;
  const meshRouted = !g || g.includeMesh !== false;
  for (const r of requests) {
    if (meshRouted) out.push({ label: `mesh, ${r.label}`, request: { host: p.name, sourceNamespace: plan.namespace, ...r.content }, shares: r.shares });
    if (g) out.push({ label: `gateway ${g.hosts[0]}, ${r.label}`, request: { host: g.hosts[0], gateway: `${plan.namespace}/${g.name}`, ...r.content }, shares: r.shares });
  }
  if (!meshRouted) {
    // Routes bound to the gateway only: in the mesh the Service spreads requests over the running pods.
    const running = stage.running ?? p.versions.map((v) => v.name);
    const pods = p.versions.filter((v) => running.includes(v.name)).map((v) => [v.name, v.replicas ?? p.replicas ?? 1] as const);
    const total = pods.reduce((a, [, n]) => a + n, 0);
    out.push({ label: 'mesh (by pods)', request: { host: p.name, sourceNamespace: plan.namespace }, shares: Object.fromEntries(pods.map(([v, n]) => [v, (100 * n) / total])) });
  }
  return out;
}

type Mutation = (plan: HeaderRoutePlan, n: number) => { props: Partial<HeaderRouteProps>; mistake: string };

const one = (p: HeaderRoutePlan, stage: HeaderRouteStage): Partial<HeaderRouteProps> => ({ stages: [...p.props.stages, stage] });

/** One mistake each, added as an extra stage (so every stage is checked, not only the active one) or to the props. */
const MUTATIONS: Mutation[] = [
  () => ({ props: { versions: [] }, mistake: 'no versions' }),
  (p) => ({ props: one(p, { name: 'broken', default: p.props.versions[0].name, running: [] }), mistake: 'stage runs nothing' }),
  (p) => ({ props: one(p, { name: 'broken', default: p.props.versions[0].name, running: [p.props.versions[0].name, 'zz9'] }), mistake: 'runs an undeclared version' }),
  (p, n) => ({ props: one(p, { name: 'broken', routes: [{ matches: [headerExact('x-t', 'a')], to: 'zz9' }], default: p.props.versions[n % p.props.versions.length].name }), mistake: 'routes to an undeclared version' }),
  (p) => ({ props: one(p, { name: 'broken', default: p.props.versions[1].name, running: [p.props.versions[0].name] }), mistake: 'routes to a version not running' }),
  (p, n) => ({ props: one(p, { name: 'broken', default: { [p.props.versions[0].name]: 50, [p.props.versions[1].name]: 40 + (n % 9) } }), mistake: 'weights not 100' }),
  (p, n) => ({ props: one(p, { name: 'broken', default: { [p.props.versions[0].name]: 100 + 1 + (n % 50), [p.props.versions[1].name]: -1 - (n % 50) } }), mistake: 'weight out of range' }),
  (p) => ({ props: one(p, { name: 'broken', routes: [{ name: 'everyone', matches: [], to: p.props.versions[1].name }], default: p.props.versions[0].name }), mistake: 'shadowing route' }),
  (p, n) => ({ props: one(p, { name: 'broken', routes: [{ matches: [headerRegex('x-t', ['(?=a)', '(a)\\1', '(?<=a)b'][n % 3])], to: p.props.versions[1].name }], default: p.props.versions[0].name }), mistake: 'regex RE2 rejects' }),
  (p, n) => ({ props: one(p, { name: 'broken', routes: [{ matches: [headerExact(['X-Team', 'x team', 'X_Y'][n % 3], 'a')], to: p.props.versions[1].name }], default: p.props.versions[0].name }), mistake: 'header name' }),
  (p) => ({ props: one(p, { name: 'broken', routes: [{ matches: [allOf(headerExact('x-t', 'a'), headerExact('x-t', 'b'))], to: p.props.versions[1].name }], default: p.props.versions[0].name }), mistake: 'allOf conflict' }),
  (p, n) => ({ props: one(p, { name: 'broken', routes: [{ matches: [[cookie('user id', 'x'), cookie('user', 'a;b'), cookie('a=b', 'c')][n % 3]], to: p.props.versions[1].name }], default: p.props.versions[0].name }), mistake: 'bad cookie' }),
  (p, n) => ({ props: one(p, { name: 'broken', routes: [{ matches: [userAgent([{}, { browser: 'netscape' as any }, { os: 'beos' as any }][n % 3])], to: p.props.versions[1].name }], default: p.props.versions[0].name }), mistake: 'bad userAgent()' }),
  (p, n) => ({ props: { versions: p.props.versions.map((v, k) => (k === 1 ? { ...v, name: ['V2', 'v_2', '-v2'][n % 3] } : v)) }, mistake: 'bad version name' }),
  (p, n) => ({ props: { versions: p.props.versions.map((v, k) => (k === 0 ? { ...v, image: ['registry.example.com/app', 'app:latest', ''][n % 3] } : v)) }, mistake: 'bad image' }),
  (p) => ({ props: { stages: [...p.props.stages, { ...p.props.stages[0] }] }, mistake: 'stage name twice' }),
  () => ({ props: { stage: 'no-such-stage' }, mistake: 'unknown active stage' }),
  () => ({ props: { gateway: { name: 'gw', hosts: ['*'] }, traffic: Traffic.istio() }, mistake: 'host "*" on the mesh' }),
  (p) => ({ props: { traffic: Traffic.gatewayApi(), ...one(p, { name: 'broken', routes: [{ matches: [headerPrefix('x-t', 'a')], to: p.props.versions[1].name }], default: p.props.versions[0].name }) }, mistake: 'header prefix with the Gateway API' }),
  (_p, n) => ({ props: { traffic: trafficOf(['nginx', 'Istio'][n % 2]) }, mistake: 'unknown traffic API' }),
  () => ({ props: { protocol: 'tcp' }, mistake: 'a tcp port routed with HTTP routes' }),
];

function invalidArbitrary(valid: fc.Arbitrary<HeaderRoutePlan>) {
  return fc.tuple(valid, fc.nat(MUTATIONS.length - 1), fc.nat(100000)).map(([plan, i, n]) => {
    const { props, mistake } = MUTATIONS[i](plan, n);
    // Mutations that need an IngressGateway of their own drop the drawn one.
    const gateway = props.gateway ? undefined : plan.gateway;
    return { plan: { ...plan, gateway, props: { ...plan.props, ...props } as HeaderRouteProps }, mistake };
  });
}

function model(construct: string, traffic: TrafficApi | undefined): RolloutModel<HeaderRoutePlan> {
  const valid = planArbitrary(traffic);
  return {
    construct,
    valid,
    invalid: invalidArbitrary(valid),
    chartProps: (plan) => ({ namespace: plan.namespace, disableResourceNameHashes: true }),
    define: buildRoute,
    stageNames: (plan) => plan.props.stages.map((s) => s.name),
    expectedTraffic,
  };
}

/** HeaderRoute plans with Istio routing (the default or `traffic: Traffic.istio()`). */
export const HEADER_ROUTE_MODEL = model('HeaderRoute', undefined);

/** HeaderRoute plans with `traffic: Traffic.gatewayApi()`, drawn from what the Gateway API can express. */
export const HEADER_ROUTE_GATEWAY_API_MODEL = model('HeaderRoute with traffic: Traffic.gatewayApi()', 'gateway-api');
