/**
 * Random CanaryService plans for the property tests: names, versions, images, replicas, ports,
 * protocols, Istio API version, an optional gateway, and stage lists of bare weights, named stages
 * and marked rollbacks, with or without the final `promoted` stage.
 */
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { CanaryService, CanaryServiceProps, CanaryStageInput, Traffic } from '../../lib';
import { ExpectedTraffic, RolloutModel } from './harness';

/** A plan: the chart namespace and the construct props. */
export interface CanaryPlan {
  readonly namespace: string;
  readonly props: CanaryServiceProps;
}

/** A DNS-1123 label of 1..max characters that starts with a letter (so it is also a valid Service name). */
export function dnsLabel(max: number): fc.Arbitrary<string> {
  return fc.stringMatching(new RegExp(`^[a-z]([a-z0-9-]{0,${max - 2}}[a-z0-9])?$`));
}

/** One random step of a stage list: how far the weight moves, and whether the stage is a marked rollback or named. */
export interface StageStep {
  readonly delta: number;
  readonly rollback: boolean;
  readonly named: boolean;
}

/** Turns random steps into a stage list whose weights only go down on stages marked as rollbacks. */
export function stagesFrom(steps: readonly StageStep[], quantum = 1): { inputs: CanaryStageInput[]; names: string[]; weights: number[] } {
  const inputs: CanaryStageInput[] = [];
  const names: string[] = [];
  const weights: number[] = [];
  let prev = 0;
  steps.forEach((step, i) => {
    const back = i > 0 && step.rollback && prev > 0;
    const raw = back ? Math.max(0, prev - 1 - step.delta) : Math.min(100, (i === 0 ? 0 : prev) + step.delta);
    const w = quantum * Math.floor(raw / quantum);
    const bareName = `canary-${w}`;
    if (back || step.named || names.includes(bareName)) {
      const name = `step-${i}`;
      inputs.push(back ? { name, canaryWeight: w, rollback: true } : { name, canaryWeight: w });
      names.push(name);
    } else {
      inputs.push(w);
      names.push(bareName);
    }
    weights.push(w);
    prev = w;
  });
  return { inputs, names, weights };
}

/** A version number such as `1.4.12`. */
export const semver = fc.tuple(fc.nat(20), fc.nat(20), fc.nat(99)).map(([a, b, c]) => `${a}.${b}.${c}`);
/** A port number. */
export const port = fc.integer({ min: 1, max: 65535 });
/** Gateway ports Istio's default-profile ingress Service exposes (service and target ports). */
export const ingressPort = fc.constantFrom(80, 443, 8080, 8443);
/** Gateway ports it does not expose (near misses: the demo profile's 31400, 81, 8081). */
export const OFF_INGRESS_PORTS = [31400, 81, 8081, 15443];
/** The value or undefined. */
export const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Random stage steps: 1 to 5 steps of up to 45 points, some marked rollbacks, some named. */
export const stageSteps = fc.array(fc.record({ delta: fc.integer({ min: 0, max: 45 }), rollback: fc.boolean(), named: fc.boolean() }), { minLength: 1, maxLength: 5 });

const validPlan: fc.Arbitrary<CanaryPlan> = fc
  .record({
    namespace: dnsLabel(12),
    name: dnsLabel(20),
    versions: fc.uniqueArray(dnsLabel(10), { minLength: 2, maxLength: 2 }),
    images: fc.tuple(semver, semver),
    replicas: fc.tuple(optional(fc.integer({ min: 1, max: 3 })), optional(fc.integer({ min: 1, max: 3 }))),
    shared: optional(fc.integer({ min: 1, max: 4 })),
    steps: stageSteps,
    promote: fc.boolean(),
    servicePort: optional(port),
    containerPort: optional(port),
    protocol: optional(fc.constantFrom('http' as const, 'http2' as const, 'grpc' as const)),
    istioApiVersion: optional(fc.constantFrom('v1' as const, 'v1beta1' as const)),
    gateway: optional(fc.record({
      name: dnsLabel(12),
      hosts: fc.uniqueArray(fc.tuple(dnsLabel(10), dnsLabel(8)).map(([a, b]) => `${a}.${b}.com`), { minLength: 1, maxLength: 2 }),
      // Near miss of the overlapping-host check: a wildcard of another domain beside the named hosts.
      wildcard: optional(dnsLabel(8).map((d) => `*.${d}.net`)),
      includeMesh: optional(fc.boolean()),
      port: optional(ingressPort),
    })),
    pick: fc.nat(),
    // 'replicas': no mesh; weights are multiples of 5 so that 20 pods give each one exactly.
    split: fc.constantFrom('istio' as const, 'istio' as const, 'replicas' as const),
    rounding: fc.constantFrom('exact' as const, 'nearest' as const),
  })
  .map((r) => {
    const replicaMode = r.split === 'replicas';
    const { inputs, names } = stagesFrom(r.steps, replicaMode ? 5 : 1);
    const all = r.promote ? [...names, 'promoted'] : names;
    const [stable, canary] = r.versions;
    const props: CanaryServiceProps = {
      name: r.name,
      stable: { name: stable, image: `registry.example.com/${r.name}:${r.images[0]}`, ...(r.replicas[0] ? { replicas: r.replicas[0] } : {}) },
      canary: { name: canary, image: `registry.example.com/${r.name}:${r.images[1]}-rc`, ...(r.replicas[1] ? { replicas: r.replicas[1] } : {}) },
      stages: inputs,
      stage: all[r.pick % all.length],
      ...(r.promote ? {} : { promote: false }),
      ...(r.shared ? { replicas: r.shared } : {}),
      ...(r.servicePort ? { servicePort: r.servicePort } : {}),
      ...(r.containerPort ? { containerPort: r.containerPort } : {}),
      ...(r.protocol ? { protocol: r.protocol } : {}),
      ...(r.istioApiVersion ? { traffic: Traffic.istio({ apiVersion: r.istioApiVersion }) } : {}),
      ...(r.gateway
        ? { gateway: { name: `${r.gateway.name}-gw`, hosts: r.gateway.wildcard ? [...r.gateway.hosts, r.gateway.wildcard] : r.gateway.hosts, ...(r.gateway.includeMesh !== undefined ? { includeMesh: r.gateway.includeMesh } : {}), ...(r.gateway.port ? { port: r.gateway.port } : {}) } }
        : {}),
    };
    if (!replicaMode) return { namespace: r.namespace, props };
    const { gateway: _g, traffic: _i, replicas: _r, ...rest } = props;
    return {
      namespace: r.namespace,
      props: {
        ...rest,
        stable: { name: stable, image: props.stable.image },
        canary: { name: canary, image: props.canary.image },
        traffic: Traffic.replicaRatio({ totalReplicas: 20, rounding: r.rounding }),
      } as CanaryServiceProps,
    };
  });

function stageNamesOf(p: CanaryServiceProps): string[] {
  const names = p.stages.map((s) => (typeof s === 'number' ? `canary-${s}` : s.name));
  return p.promote === false ? names : [...names, 'promoted'];
}

/** The canary weight the user declared for a stage. */
function declaredWeight(p: CanaryServiceProps, stage: string): number {
  if (stage === 'promoted') return 100;
  const s = p.stages.find((x) => (typeof x === 'number' ? `canary-${x}` === stage : x.name === stage))!;
  return typeof s === 'number' ? s : (s as { canaryWeight: number }).canaryWeight;
}

function expectedTraffic(plan: CanaryPlan, stage: string): ExpectedTraffic[] {
  const p = plan.props;
  const w = declaredWeight(p, stage);
  const shares = stage === 'promoted' ? { [p.canary.name]: 100 } : { [p.stable.name]: 100 - w, [p.canary.name]: w };
  const out: ExpectedTraffic[] = [];
  // Without a gateway, or with includeMesh, the routes (or, with 'replicas', the pod counts) govern in-cluster calls.
  if (!p.gateway || p.gateway.includeMesh !== false) out.push({ label: 'mesh', request: { host: p.name, sourceNamespace: plan.namespace }, shares });
  for (const pattern of p.gateway?.hosts ?? []) {
    const host = pattern.startsWith('*.') ? `any${pattern.slice(1)}` : pattern;
    out.push({ label: `gateway ${host}`, request: { host, gateway: `${plan.namespace}/${p.gateway!.name}` }, shares });
  }
  return out;
}

type Mutation = (plan: CanaryPlan, n: number) => { props: Partial<CanaryServiceProps>; mistake: string };

/** One mistake each; `n` is a random number to vary the bad value. */
const MUTATIONS: Mutation[] = [
  (p, n) => {
    const bad = [-1 - (n % 50), 101 + (n % 400), 0.5 + (n % 99)][n % 3];
    return { props: { stages: [...p.props.stages, { name: 'broken', canaryWeight: bad }] }, mistake: `canary weight ${bad}` };
  },
  (p, n) => ({ props: { stages: [...p.props.stages, { name: 'all-in', canaryWeight: 100 }, { name: 'back', canaryWeight: n % 100 }] }, mistake: 'weight goes back without rollback' }),
  (p) => ({ props: { canary: { ...p.props.canary, name: p.props.stable.name } }, mistake: 'same version name twice' }),
  (p, n) => {
    const bad = [p.props.name.toUpperCase() + 'X', `${p.props.name}_x`, `${n % 10}${p.props.name}`, 'a'.repeat(64 + (n % 10)), `${p.props.name}-`][n % 5];
    return { props: { name: bad }, mistake: `application name "${bad}"` };
  },
  (p, n) => ({ props: { canary: { ...p.props.canary, name: ['V2', 'v_2', '-v2', 'v2.1'][n % 4] } }, mistake: 'invalid version name' }),
  (p, n) => {
    const image = ['registry.example.com/app', 'registry.example.com/app:latest', '', 'app:1.0/x'][n % 4];
    return { props: { canary: { ...p.props.canary, image } }, mistake: `image "${image}"` };
  },
  (p, n) => {
    const replicas = [-1 - (n % 5), 0.5 + (n % 3)][n % 2];
    return { props: { stable: { ...p.props.stable, replicas } }, mistake: `replicas ${replicas}` };
  },
  () => ({ props: { stage: 'no-such-stage' }, mistake: 'unknown active stage' }),
  () => ({ props: { stages: [] }, mistake: 'no stages' }),
  (p) => {
    const first = stageNamesOf(p.props)[0];
    return { props: { stages: [...p.props.stages, { name: first, canaryWeight: 100 }] }, mistake: `stage "${first}" twice` };
  },
  (_p, n) => ({ props: { gateway: { name: 'gw', hosts: [['Bad_Host.example.com', 'a..b.com', '-x.example.com'][n % 3]] } }, mistake: 'invalid gateway host' }),
  (_p, n) => ({ props: [{ servicePort: 0 }, { containerPort: 65536 + (n % 1000) }, { servicePort: -(n % 100) - 1 }][n % 3] as Partial<CanaryServiceProps>, mistake: 'port out of range' }),
  () => ({ props: { protocol: 'tcp', traffic: undefined }, mistake: 'tcp protocol with Istio weights' }),
  (_p, n) => ({ props: { protocol: ['web', 'HTTP', 'h2c'][n % 3] as any }, mistake: 'port protocol Istio does not know' }),
  (_p, n) => ({ props: { traffic: Traffic.istio(), gateway: { name: 'gw', hosts: ['shop.example.com'], port: OFF_INGRESS_PORTS[n % OFF_INGRESS_PORTS.length] } } as Partial<CanaryServiceProps>, mistake: 'gateway port off the ingress' }),
  // Issue 11 near misses: hosts a VirtualService may not list together, and a create: false gateway no construct creates.
  (p, n) => {
    const hosts = [['a.shop.com', 'a.shop.com'], ['*.shop.com', `x${n % 10}.shop.com`], ['shop.com', `${p.props.name}.${p.namespace}.svc.cluster.local`], ['*.svc.cluster.local']][n % 4];
    return { props: { traffic: Traffic.istio(), gateway: { name: 'gw', hosts } } as Partial<CanaryServiceProps>, mistake: `overlapping gateway hosts ${hosts.join(', ')}` };
  },
  (_p, n) => ({ props: { traffic: Traffic.istio(), gateway: { name: `shop-gatway${n % 3}`, namespace: 'istio-system', hosts: ['shop.example.com'], create: false } } as Partial<CanaryServiceProps>, mistake: 'create: false gateway no construct creates' }),
];

const invalidPlan = fc.tuple(validPlan, fc.nat(MUTATIONS.length - 1), fc.nat(100000)).map(([plan, i, n]) => {
  const { props, mistake } = MUTATIONS[i](plan, n);
  return { plan: { ...plan, props: { ...plan.props, ...props } as CanaryServiceProps }, mistake };
});

/** The CanaryService model. */
export const CANARY_MODEL: RolloutModel<CanaryPlan> = {
  construct: 'CanaryService',
  valid: validPlan,
  invalid: invalidPlan,
  chartProps: (plan) => ({ namespace: plan.namespace, disableResourceNameHashes: true }),
  define: (chart: Chart, plan) => {
    new CanaryService(chart, 'rollout', plan.props);
  },
  stageNames: (plan) => stageNamesOf(plan.props),
  expectedTraffic,
};
