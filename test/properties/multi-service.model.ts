/**
 * Random MultiServiceRelease plans for the property tests: version names, an entry service and 1 to 3
 * downstream services (images, replicas, ports), 1 to 4 stages with or without request conditions
 * (cookie or header) and weights that only go down on stages marked as rollbacks, with or without
 * `promoted`, and a gateway (options or a shared IngressGateway; required as soon as a stage has
 * conditions). Every request is followed through the whole chain (`simulateChain`: the entry, then
 * each downstream service called by the pod that served the previous hop), so a chain must never
 * cross versions: `v2>v2>v2` for the stage's share, `v1>v1>v1` for the rest.
 */
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { cookie, headerExact, IngressGateway, MultiServiceRelease, MultiServiceReleaseProps, MultiServiceStage, ReleaseServiceSpec, RequestMatch, Traffic } from '../../lib';
import { SimRequest } from '../../lib/simulator/simulator';
import { dnsLabel, optional, port, semver } from './canary.model';
import { ExpectedTraffic, RolloutModel } from './harness';
import { trafficOf } from '../support/traffic';

/** A plan: the chart namespace, the props, the request content meeting each stage's first condition, and the gateway. */
export interface ReleasePlan {
  readonly namespace: string;
  readonly props: MultiServiceReleaseProps;
  /** Per stage with conditions: headers and cookies of a request that meets one of them. */
  readonly matching: Record<string, Partial<SimRequest>>;
  readonly gateway?: { readonly kind: 'ingress' | 'options'; readonly name: string; readonly hosts: string[]; readonly includeMesh?: boolean };
}

/** Version names without "-", so that no two services can make the same Deployment <service>-<version>. */
const versionName = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const token = fc.stringMatching(/^[a-z0-9]{1,8}$/);

const stageDraw = fc.record({
  name: dnsLabel(10).filter((n) => n !== 'promoted'),
  delta: fc.integer({ min: 0, max: 50 }),
  rollback: fc.boolean(),
  conditions: fc.array(fc.record({ cookie: fc.boolean(), name: dnsLabel(8), value: token }), { maxLength: 2 }),
  pick: fc.nat(),
});

const validPlan: fc.Arbitrary<ReleasePlan> = fc
  .record({
    namespace: dnsLabel(12),
    versions: fc.uniqueArray(versionName, { minLength: 2, maxLength: 2 }),
    services: fc.uniqueArray(dnsLabel(16), { minLength: 2, maxLength: 4 }),
    images: fc.array(semver, { minLength: 8, maxLength: 8 }),
    replicas: fc.array(optional(fc.integer({ min: 1, max: 3 })), { minLength: 8, maxLength: 8 }),
    ports: fc.array(optional(port), { minLength: 4, maxLength: 4 }),
    stages: fc.uniqueArray(stageDraw, { minLength: 1, maxLength: 4, selector: (s) => s.name }),
    promote: fc.boolean(),
    gateway: optional(fc.record({
      kind: fc.constantFrom('ingress' as const, 'options' as const),
      name: dnsLabel(12),
      hosts: fc.uniqueArray(fc.tuple(dnsLabel(10), dnsLabel(8)).map(([a, b]) => `${a}.${b}.com`), { minLength: 1, maxLength: 2 }),
      includeMesh: optional(fc.boolean()),
    })),
    istioApiVersion: optional(fc.constantFrom('v1' as const, 'v1beta1' as const)),
    traffic: fc.constantFrom(undefined, 'istio' as const),
    pick: fc.nat(),
  })
  .map((r): ReleasePlan => {
    const [from, to] = r.versions;
    const members: ReleaseServiceSpec[] = r.services.map((name, k) => ({
      name,
      versions: [from, to].map((v, j) => ({
        name: v,
        image: `registry.example.com/${name}:${r.images[2 * k + j]}`,
        ...(r.replicas[2 * k + j] ? { replicas: r.replicas[2 * k + j] } : {}),
      })),
      ...(r.ports[k] ? { servicePort: r.ports[k] } : {}),
    }));
    const matching: Record<string, Partial<SimRequest>> = {};
    let prev = 0;
    const stages: MultiServiceStage[] = r.stages.map((d, i) => {
      const back = i > 0 && d.rollback && prev > 0;
      const weight = back ? Math.max(0, prev - 1 - d.delta) : Math.min(100, prev + d.delta);
      prev = weight;
      const matches: RequestMatch[] = d.conditions.map((c, j) => (c.cookie ? cookie(`${c.name}${j}`, c.value) : headerExact(`x-${c.name}-${j}`, c.value)));
      if (d.conditions.length > 0) {
        const j = d.pick % d.conditions.length;
        const c = d.conditions[j];
        matching[d.name] = c.cookie ? { cookies: { session: 'abc', [`${c.name}${j}`]: c.value } } : { headers: { [`x-${c.name}-${j}`]: c.value } };
      }
      return { name: d.name, ...(matches.length > 0 ? { matches } : {}), ...(weight > 0 || d.delta % 2 ? { weight } : {}), ...(back ? { rollback: true } : {}) };
    });
    const names = [...stages.map((s) => s.name), ...(r.promote ? ['promoted'] : [])];
    // Conditions need the gateway users come through.
    const needsGateway = stages.some((s) => (s.matches ?? []).length > 0);
    const g = r.gateway ?? (needsGateway ? { kind: 'options' as const, name: 'users', hosts: ['users.example.com'], includeMesh: undefined } : undefined);
    return {
      namespace: r.namespace,
      matching,
      ...(g ? { gateway: { kind: g.kind, name: `${g.name}-gw`, hosts: g.hosts, ...(g.includeMesh !== undefined && g.kind === 'options' ? { includeMesh: g.includeMesh } : {}) } } : {}),
      props: {
        from,
        to,
        entry: members[0],
        downstream: members.slice(1),
        stages,
        stage: names[r.pick % names.length],
        ...(r.promote ? {} : { promote: false }),
        ...(r.traffic ? { traffic: trafficOf(r.traffic) } : {}),
        ...(r.istioApiVersion ? { traffic: Traffic.istio({ apiVersion: r.istioApiVersion }) } : {}),
      },
    };
  });

function buildRelease(chart: Chart, plan: ReleasePlan): void {
  const g = plan.gateway;
  let gateway: MultiServiceReleaseProps['entry']['gateway'];
  if (g?.kind === 'ingress') gateway = new IngressGateway(chart, 'gateway', { name: g.name, hosts: g.hosts });
  else if (g) gateway = { name: g.name, hosts: g.hosts, ...(g.includeMesh !== undefined ? { includeMesh: g.includeMesh } : {}) };
  const props = plan.props;
  new MultiServiceRelease(chart, 'rollout', { ...props, entry: { ...props.entry, ...(gateway && !props.entry.gateway ? { gateway } : {}) } });
}

function stageNamesOf(p: MultiServiceReleaseProps): string[] {
  const names = p.stages.map((s) => s.name);
  return p.promote === false ? names : [...names, 'promoted'];
}

function expectedTraffic(plan: ReleasePlan, stageName: string): ExpectedTraffic[] {
  const p = plan.props;
  const chain = p.downstream.map((d) => d.name);
  const key = (v: string) => [p.entry.name, ...chain].map(() => v).join('>');
  const promoted = stageName === 'promoted';
  const stage = p.stages.find((s) => s.name === stageName);
  const w = promoted ? 100 : stage!.weight ?? 0;
  const split = { [key(p.from)]: 100 - w, [key(p.to)]: w };
  const requests: Array<{ label: string; content: Partial<SimRequest>; shares: Record<string, number> }> = [
    { label: 'a user without the conditions', content: {}, shares: split },
  ];
  const m = plan.matching[stageName];
  if (m && !promoted) requests.push({ label: 'a user meeting the stage\'s conditions', content: m, shares: { [key(p.to)]: 100 } });
  const out: ExpectedTraffic[] = [];
  const g = plan.gateway;
  const meshRouted = !g || g.includeMesh !== false;
  for (const r of requests) {
    if (g) out.push({ label: `through ${g.hosts[0]}: ${r.label}`, request: { host: g.hosts[0], gateway: `${plan.namespace}/${g.name}`, ...r.content }, shares: r.shares, chain });
    // In the mesh, request conditions apply as well (the entry's rules are bound to the gateway and the mesh).
    if (meshRouted) out.push({ label: `in the mesh: ${r.label}`, request: { host: p.entry.name, sourceNamespace: plan.namespace, ...r.content }, shares: r.shares, chain });
  }
  if (!meshRouted) {
    // The entry's routes are bound to the gateway only: in the mesh its Service spreads calls over its pods,
    // and each pod's calls stay on its version down the chain.
    const pods = (v: string) => (promoted && v === p.from ? 0 : p.entry.versions.find((x) => x.name === v)!.replicas ?? 1);
    const total = pods(p.from) + pods(p.to);
    out.push({ label: 'in the mesh (by the entry\'s pods)', request: { host: p.entry.name, sourceNamespace: plan.namespace }, shares: { [key(p.from)]: (100 * pods(p.from)) / total, [key(p.to)]: (100 * pods(p.to)) / total }, chain });
  }
  return out;
}

type Mutation = (plan: ReleasePlan, n: number) => { props: Partial<MultiServiceReleaseProps>; mistake: string; dropGateway?: boolean };

/** One mistake each; `n` varies the bad value. */
const MUTATIONS: Mutation[] = [
  (p) => ({ props: { to: p.props.from }, mistake: 'from and to the same' }),
  () => ({ props: { downstream: [] }, mistake: 'no downstream service' }),
  (p) => ({ props: { downstream: [...p.props.downstream, { ...p.props.entry, gateway: undefined }] }, mistake: 'a service listed twice' }),
  () => ({ props: { stages: [{ name: 'testers', matches: [cookie('user', 'tester')] }], stage: 'testers' }, mistake: 'conditions without a gateway', dropGateway: true }),
  (p, n) => ({ props: { downstream: p.props.downstream.map((d, k) => (k === 0 ? { ...d, versions: d.versions.slice(n % 2, (n % 2) + 1) } : d)) }, mistake: 'a service missing a version' }),
  (p) => ({ props: { downstream: p.props.downstream.map((d, k) => (k === 0 ? { ...d, versions: [...d.versions, { name: 'zz9', image: 'registry.example.com/x:1.0.0' }] } : d)) }, mistake: 'mixed version names' }),
  () => ({ props: { traffic: Traffic.gatewayApi() }, mistake: 'gateway-api traffic' }),
  (p, n) => ({ props: { stages: [...p.props.stages, { name: 'broken', weight: [101 + (n % 50), -1 - (n % 50), 0.5][n % 3] }] }, mistake: 'weight out of range' }),
  (p, n) => ({ props: { stages: [...p.props.stages, { name: 'all-in', weight: 100 }, { name: 'back', weight: n % 100 }] }, mistake: 'weights backwards' }),
  (p, n) => ({ props: { stages: [...p.props.stages, { name: 'broken', matches: [[cookie('user id', 'x'), headerExact('X-User', 'a'), { headers: { 'x-u': { regex: '(?=a)' } } }][n % 3]] }] }, mistake: 'a condition Istio rejects' }),
  (p) => ({ props: { stages: [...p.props.stages, { name: 'promoted', weight: 100 }], promote: true }, mistake: 'a stage named like the appended promoted stage' }),
  () => ({ props: { stage: 'no-such-stage' }, mistake: 'unknown active stage' }),
  (p, n) => ({ props: { entry: { ...p.props.entry, versions: p.props.entry.versions.map((v, k) => (k === 0 ? { ...v, image: ['registry.example.com/app', 'app:latest', ''][n % 3] } : v)) } }, mistake: 'bad image' }),
  (p, n) => ({ props: { entry: { ...p.props.entry, name: [`${p.props.entry.name}_x`, `${n % 10}x`, 'A'][n % 3] } }, mistake: 'bad service name' }),
  (p, n) => ({
    props: n % 2 ? { entry: { ...p.props.entry, protocol: 'tcp' } } : { downstream: p.props.downstream.map((d, k) => (k === 0 ? { ...d, protocol: 'tcp' as const } : d)) },
    mistake: 'a tcp port routed with HTTP routes',
  }),
];

const invalidPlan = fc.tuple(validPlan, fc.nat(MUTATIONS.length - 1), fc.nat(100000)).map(([plan, i, n]) => {
  const { props, mistake, dropGateway } = MUTATIONS[i](plan, n);
  return { plan: { ...plan, ...(dropGateway ? { gateway: undefined } : {}), props: { ...plan.props, ...props } as MultiServiceReleaseProps }, mistake };
});

/** The MultiServiceRelease model. */
export const MULTI_SERVICE_MODEL: RolloutModel<ReleasePlan> = {
  construct: 'MultiServiceRelease',
  valid: validPlan,
  invalid: invalidPlan,
  chartProps: (plan) => ({ namespace: plan.namespace, disableResourceNameHashes: true }),
  define: buildRelease,
  stageNames: (plan) => stageNamesOf(plan.props),
  expectedTraffic,
};
