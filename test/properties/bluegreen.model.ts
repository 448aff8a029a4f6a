/**
 * Random BlueGreenService plans for the property tests: names, versions, images, replicas, ports,
 * protocols, every traffic mode (`istio`, `service-selector`, `gateway-api`), preview header
 * (default, custom or off), preview Service name, an optional gateway with a preview host, and random
 * valid plans: `preview` first, then any legal sequence of previews, switches and rollbacks (repeated
 * actions as named stages), optionally ending with `finalize`.
 */
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { BlueGreenAction, BlueGreenService, BlueGreenServiceProps, BlueGreenStageInput, Traffic } from '../../lib';
import { dnsLabel, ingressPort, optional, port, semver } from './canary.model';
import { ExpectedTraffic, RolloutModel } from './harness';
import { trafficOf } from '../support/traffic';

/** A plan: the chart namespace and the construct props. */
export interface BlueGreenPlan {
  readonly namespace: string;
  readonly props: BlueGreenServiceProps;
}

/** The actions that may follow one (finalize is only appended at the end, after a switch). */
const NEXT: Record<'preview' | 'switch' | 'rollback', BlueGreenAction[]> = {
  preview: ['preview', 'switch'],
  switch: ['switch', 'rollback'],
  rollback: ['preview', 'switch'],
};

/** A legal plan from random choices: each choice picks one of the actions allowed after the previous one. */
function planFrom(choices: readonly number[], finalize: boolean): BlueGreenStageInput[] {
  const actions: BlueGreenAction[] = ['preview'];
  for (const c of choices) {
    const prev = actions[actions.length - 1] as 'preview' | 'switch' | 'rollback';
    actions.push(NEXT[prev][c % NEXT[prev].length]);
  }
  if (finalize && actions[actions.length - 1] === 'switch') actions.push('finalize');
  const seen = new Set<string>();
  return actions.map((a, i) => {
    if (!seen.has(a)) {
      seen.add(a);
      return a;
    }
    return { name: `${a}-${i}`, action: a };
  });
}

const stageName = (s: BlueGreenStageInput) => (typeof s === 'string' ? s : s.name);
const stageAction = (s: BlueGreenStageInput) => (typeof s === 'string' ? s : s.action);

const validPlan: fc.Arbitrary<BlueGreenPlan> = fc
  .record({
    namespace: dnsLabel(12),
    name: dnsLabel(20),
    // Not "preview": with traffic 'gateway-api' the version Service <name>-preview would be the preview Service's name.
    versions: fc.uniqueArray(dnsLabel(10).filter((v) => v !== 'preview'), { minLength: 2, maxLength: 2 }),
    images: fc.tuple(semver, semver),
    replicas: fc.tuple(optional(fc.integer({ min: 1, max: 3 })), optional(fc.integer({ min: 1, max: 3 }))),
    shared: optional(fc.integer({ min: 1, max: 4 })),
    choices: fc.array(fc.nat(), { maxLength: 5 }),
    finalize: fc.boolean(),
    traffic: fc.constantFrom(undefined, 'istio' as const, 'service-selector' as const, 'gateway-api' as const),
    servicePort: optional(port),
    containerPort: optional(port),
    protocol: optional(fc.constantFrom('http' as const, 'http2' as const, 'grpc' as const)),
    previewHeader: fc.constantFrom('default' as const, 'custom' as const, 'off' as const),
    headerName: dnsLabel(10),
    headerValue: fc.stringMatching(/^[a-z0-9]{1,8}$/),
    previewServiceName: optional(dnsLabel(4)),
    gateway: optional(fc.record({
      name: dnsLabel(12),
      hosts: fc.uniqueArray(fc.tuple(dnsLabel(10), dnsLabel(8)).map(([a, b]) => `${a}.${b}.com`), { minLength: 1, maxLength: 2 }),
      includeMesh: optional(fc.boolean()),
      port: optional(ingressPort),
      previewHost: fc.boolean(),
    })),
    istioApiVersion: optional(fc.constantFrom('v1' as const, 'v1beta1' as const)),
    pick: fc.nat(),
  })
  .map((r): BlueGreenPlan => {
    const stages = planFrom(r.choices, r.finalize);
    const [blue, green] = r.versions;
    const routed = r.traffic !== 'service-selector';
    const gw = routed ? r.gateway : undefined;
    const props: BlueGreenServiceProps = {
      name: r.name,
      blue: { name: blue, image: `registry.example.com/${r.name}:${r.images[0]}`, ...(r.replicas[0] ? { replicas: r.replicas[0] } : {}) },
      green: { name: green, image: `registry.example.com/${r.name}:${r.images[1]}`, ...(r.replicas[1] ? { replicas: r.replicas[1] } : {}) },
      // The default plan is ['preview', 'switch', 'finalize']: leave it implicit now and then.
      ...(stages.length === 3 && stages[1] === 'switch' && stages[2] === 'finalize' ? {} : { stages }),
      stage: stageName(stages[r.pick % stages.length]),
      ...(r.traffic ? { traffic: trafficOf(r.traffic) } : {}),
      ...(r.shared ? { replicas: r.shared } : {}),
      ...(r.servicePort ? { servicePort: r.servicePort } : {}),
      ...(r.containerPort ? { containerPort: r.containerPort } : {}),
      ...(r.protocol ? { protocol: r.protocol } : {}),
      ...(r.previewServiceName ? { previewServiceName: `${r.name}-preview-${r.previewServiceName}` } : {}),
      ...(r.previewHeader === 'off' ? { previewHeader: false } : {}),
      ...(r.previewHeader === 'custom' && routed ? { previewHeader: { name: `x-${r.headerName}`, value: r.headerValue } } : {}),
      ...(r.istioApiVersion && r.traffic !== 'service-selector' && r.traffic !== 'gateway-api' ? { traffic: Traffic.istio({ apiVersion: r.istioApiVersion }) } : {}),
      ...(gw
        ? {
          gateway: {
            name: `${gw.name}-gw`,
            hosts: gw.hosts,
            ...(gw.includeMesh !== undefined ? { includeMesh: gw.includeMesh } : {}),
            ...(gw.port ? { port: gw.port } : {}),
          },
          ...(gw.previewHost ? { previewHost: `preview.${gw.hosts[0]}` } : {}),
        }
        : {}),
    };
    return { namespace: r.namespace, props };
  });

function stagesOf(p: BlueGreenServiceProps): BlueGreenStageInput[] {
  return p.stages ?? ['preview', 'switch', 'finalize'];
}

function expectedTraffic(plan: BlueGreenPlan, stage: string): ExpectedTraffic[] {
  const p = plan.props;
  const action = stageAction(stagesOf(p).find((s) => stageName(s) === stage)!);
  const finalized = action === 'finalize';
  const live = action === 'switch' || action === 'finalize' ? p.green.name : p.blue.name;
  const users = { [live]: 100 };
  const green = { [p.green.name]: 100 };
  const routed = p.traffic?.kind !== 'service-selector';
  const header = !routed || p.previewHeader === false ? undefined : p.previewHeader ?? { name: 'x-preview', value: 'true' };
  const out: ExpectedTraffic[] = [];
  const mesh = { host: p.name, sourceNamespace: plan.namespace };
  const meshRouted = !p.gateway || p.gateway.includeMesh !== false;
  if (!routed || meshRouted) {
    out.push({ label: 'mesh user', request: mesh, shares: users });
  } else {
    // Routes bound to the gateway only: in the mesh the Service (app label) spreads requests over the running pods.
    const pods = (v: BlueGreenServiceProps['blue']) => v.replicas ?? p.replicas ?? 1;
    const total = pods(p.blue) + pods(p.green);
    out.push({
      label: 'mesh user (by pods)',
      request: mesh,
      shares: finalized ? green : { [p.blue.name]: (100 * pods(p.blue)) / total, [p.green.name]: (100 * pods(p.green)) / total },
    });
  }
  if (header && meshRouted) out.push({ label: 'mesh tester (preview header)', request: { ...mesh, headers: { [header.name]: header.value } }, shares: finalized ? users : green });
  if (!finalized) out.push({ label: 'preview Service', request: { host: p.previewServiceName ?? `${p.name}-preview`, sourceNamespace: plan.namespace }, shares: green });
  const gw = p.gateway;
  if (gw) {
    const through = { gateway: `${plan.namespace}/${gw.name}` };
    for (const host of gw.hosts) {
      out.push({ label: `gateway ${host}`, request: { host, ...through }, shares: users });
      if (header) out.push({ label: `gateway ${host} with the preview header`, request: { host, ...through, headers: { [header.name]: header.value } }, shares: finalized ? users : green });
    }
    if (p.previewHost && !finalized) out.push({ label: `preview host ${p.previewHost}`, request: { host: p.previewHost, ...through }, shares: green });
  }
  return out;
}

type Mutation = (plan: BlueGreenPlan, n: number) => { props: Record<string, unknown>; mistake: string };

const GW = { name: 'shop-gw', hosts: ['shop.example.com'] };

/** One mistake each; `n` varies the bad value. */
const MUTATIONS: Mutation[] = [
  (_p, n) => ({ props: { stages: ['preview', ['promote', 'canary', 'Switch'][n % 3]], stage: 'preview' }, mistake: 'unknown action' }),
  (_p, n) => ({ props: { stages: [['switch', 'rollback', 'finalize'][n % 3], 'preview'], stage: 'preview' }, mistake: 'plan not starting with preview' }),
  () => ({ props: { stages: ['preview', 'rollback'], stage: 'preview' }, mistake: 'rollback not after a switch' }),
  () => ({ props: { stages: ['preview', 'switch', { name: 'back', action: 'preview' }], stage: 'preview' }, mistake: 'back to blue without rollback' }),
  (_p, n) => ({ props: { stages: ['preview', ...(n % 2 ? ['switch', 'rollback'] : []), 'finalize'], stage: 'preview' }, mistake: 'finalize while users are on blue' }),
  () => ({ props: { stages: ['preview', 'switch', 'finalize', { name: 'again', action: 'switch' }], stage: 'preview' }, mistake: 'finalize not last' }),
  (_p, n) => ({ props: { traffic: trafficOf(['nginx', 'Istio', 'selector'][n % 3]) }, mistake: 'unknown traffic mode' }),
  (p) => ({ props: { previewServiceName: p.props.name }, mistake: 'preview Service named like the users\' Service' }),
  (_p, n) => ({ props: { traffic: Traffic.serviceSelector(), ...[{ gateway: GW }, { previewHost: 'p.shop.example.com' }, { previewHeader: { name: 'x-p', value: '1' } }][n % 3] }, mistake: 'Istio option with the Service selector' }),
  (_p, n) => ({ props: { traffic: trafficOf(['istio', 'gateway-api'][n % 2]), protocol: 'tcp', gateway: undefined, previewHost: undefined }, mistake: 'tcp with HTTP routes' }),
  (_p, n) => ({ props: { traffic: Traffic.istio(), previewHeader: { name: ['X-Preview', 'x preview', '-x'][n % 3], value: '1' } }, mistake: 'preview header name' }),
  () => ({ props: { traffic: Traffic.istio(), gateway: undefined, previewHost: 'preview.shop.example.com' }, mistake: 'preview host without a gateway' }),
  () => ({ props: { traffic: Traffic.istio(), gateway: GW, previewHost: 'shop.example.com' }, mistake: 'preview host is a user host' }),
  (_p, n) => ({ props: { traffic: Traffic.istio(), gateway: GW, previewHost: ['*.example.com', 'a..b.com', 'Preview.example.com'][n % 3] }, mistake: 'preview host not a DNS name' }),
  (p) => ({ props: { green: { ...p.props.green, name: p.props.blue.name } }, mistake: 'same version name twice' }),
  (p, n) => ({ props: { blue: { ...p.props.blue, image: ['registry.example.com/app', 'registry.example.com/app:latest', ''][n % 3] } }, mistake: 'bad image' }),
  (p, n) => ({ props: { green: { ...p.props.green, replicas: [-1, 2.5][n % 2] } }, mistake: 'bad replicas' }),
  () => ({ props: { stage: 'go-live' }, mistake: 'unknown active stage' }),
  (p, n) => ({ props: { name: [`${p.props.name}_x`, `${n % 10}${p.props.name}`, `${p.props.name}-`][n % 3] }, mistake: 'bad application name' }),
  (_p, n) => ({ props: { servicePort: [0, 70000][n % 2] }, mistake: 'port out of range' }),
];

const invalidPlan = fc.tuple(validPlan, fc.nat(MUTATIONS.length - 1), fc.nat(100000)).map(([plan, i, n]) => {
  const { props, mistake } = MUTATIONS[i](plan, n);
  return { plan: { ...plan, props: { ...plan.props, ...props } as BlueGreenServiceProps }, mistake };
});

/** The BlueGreenService model. */
export const BLUEGREEN_MODEL: RolloutModel<BlueGreenPlan> = {
  construct: 'BlueGreenService',
  valid: validPlan,
  invalid: invalidPlan,
  chartProps: (plan) => ({ namespace: plan.namespace, disableResourceNameHashes: true }),
  define: (chart: Chart, plan) => {
    new BlueGreenService(chart, 'rollout', plan.props);
  },
  stageNames: (plan) => stagesOf(plan.props).map(stageName),
  expectedTraffic,
};
