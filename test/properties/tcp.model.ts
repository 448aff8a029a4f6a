/**
 * Random TcpCanary plans for the property tests: names, versions, images, replicas, Service and
 * container ports, stage lists (bare weights, named stages, marked rollbacks, with or without
 * `promoted`), an optional gateway (port, named hosts or `*`, includeMesh), and traffic `istio` or
 * `gateway-api`. Connections are simulated as TCP on the gateway port and on the Service port.
 */
import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { DedicatedIngressGateway, HTTP_ONLY_OPTIONS, TcpCanary, TcpCanaryProps, Traffic } from '../../lib';
import { dnsLabel, optional, port, semver, stageSteps, stagesFrom } from './canary.model';
import { ExpectedTraffic, RolloutModel } from './harness';
import { trafficOf } from '../support/traffic';

/** A plan: the chart namespace and the construct props. */
export interface TcpPlan {
  readonly namespace: string;
  readonly props: TcpCanaryProps;
  /**
   * With Istio objects and a gateway port the default-profile ingress lacks (31400 by default): the port
   * of the DedicatedIngressGateway the chart deploys for it (its selector becomes the gateway selector).
   */
  readonly dedicatedPort?: number;
}

const DEFAULT_INGRESS_PORTS = [80, 443, 8080, 8443];

const validPlan: fc.Arbitrary<TcpPlan> = fc
  .record({
    namespace: dnsLabel(12),
    name: dnsLabel(20),
    versions: fc.uniqueArray(dnsLabel(10), { minLength: 2, maxLength: 2 }),
    images: fc.tuple(semver, semver),
    replicas: fc.tuple(optional(fc.integer({ min: 1, max: 3 })), optional(fc.integer({ min: 1, max: 3 }))),
    shared: optional(fc.integer({ min: 1, max: 4 })),
    steps: stageSteps,
    promote: fc.boolean(),
    port,
    containerPort: optional(port),
    gateway: optional(fc.record({
      name: dnsLabel(12),
      port: optional(port),
      hosts: optional(fc.uniqueArray(fc.tuple(dnsLabel(10), dnsLabel(8)).map(([a, b]) => `${a}.${b}.com`), { minLength: 1, maxLength: 2 })),
      includeMesh: fc.boolean(),
    })),
    traffic: fc.constantFrom(undefined, 'istio' as const, 'gateway-api' as const),
    istioApiVersion: optional(fc.constantFrom('v1' as const, 'v1beta1' as const)),
    pick: fc.nat(),
  })
  .map((r): TcpPlan => {
    const { inputs, names } = stagesFrom(r.steps);
    const all = r.promote ? [...names, 'promoted'] : names;
    const [stable, canary] = r.versions;
    const gatewayApi = r.traffic === 'gateway-api';
    const gw = r.gateway;
    const gatewayPort = gw?.port ?? 31400;
    return {
      namespace: r.namespace,
      ...(gw && !gatewayApi && !DEFAULT_INGRESS_PORTS.includes(gatewayPort) ? { dedicatedPort: gatewayPort } : {}),
      props: {
        name: r.name,
        port: r.port,
        stable: { name: stable, image: `registry.example.com/${r.name}:${r.images[0]}`, ...(r.replicas[0] ? { replicas: r.replicas[0] } : {}) },
        canary: { name: canary, image: `registry.example.com/${r.name}:${r.images[1]}`, ...(r.replicas[1] ? { replicas: r.replicas[1] } : {}) },
        stages: inputs,
        stage: all[r.pick % all.length],
        ...(r.promote ? {} : { promote: false }),
        ...(r.shared ? { replicas: r.shared } : {}),
        ...(r.containerPort ? { containerPort: r.containerPort } : {}),
        ...(r.traffic ? { traffic: trafficOf(r.traffic) } : {}),
        ...(r.istioApiVersion && !gatewayApi ? { traffic: Traffic.istio({ apiVersion: r.istioApiVersion }) } : {}),
        ...(gw
          ? {
            gateway: {
              name: `${gw.name}-gw`,
              ...(gw.port ? { port: gw.port } : {}),
              // Istio rejects host "*" on the mesh (the Gateway API attaches a mesh TCPRoute to the Service instead).
              ...(gw.hosts ? { hosts: gw.hosts, includeMesh: gw.includeMesh } : { includeMesh: gatewayApi && gw.includeMesh }),
            },
          }
          : {}),
      },
    };
  });

function stageNamesOf(p: TcpCanaryProps): string[] {
  const names = p.stages.map((s) => (typeof s === 'number' ? `canary-${s}` : s.name));
  return p.promote === false ? names : [...names, 'promoted'];
}

function declaredWeight(p: TcpCanaryProps, stage: string): number {
  if (stage === 'promoted') return 100;
  const s = p.stages.find((x) => (typeof x === 'number' ? `canary-${x}` === stage : x.name === stage))!;
  return typeof s === 'number' ? s : (s as { canaryWeight: number }).canaryWeight;
}

function expectedTraffic(plan: TcpPlan, stage: string): ExpectedTraffic[] {
  const p = plan.props;
  const w = declaredWeight(p, stage);
  const promoted = stage === 'promoted';
  const shares = promoted ? { [p.canary.name]: 100 } : { [p.stable.name]: 100 - w, [p.canary.name]: w };
  const out: ExpectedTraffic[] = [];
  const gw = p.gateway;
  const mesh = { host: p.name, sourceNamespace: plan.namespace, protocol: 'tcp' as const, port: p.port };
  if (!gw || gw.includeMesh) {
    out.push({ label: 'mesh connection', request: mesh, shares });
  } else {
    // Not routed in the mesh: the Service spreads connections over the running pods.
    const pods = (v: TcpCanaryProps['stable']) => v.replicas ?? p.replicas ?? 1;
    const total = pods(p.stable) + pods(p.canary);
    out.push({
      label: 'mesh connection (by pods)',
      request: mesh,
      shares: promoted ? { [p.canary.name]: 100 } : { [p.stable.name]: (100 * pods(p.stable)) / total, [p.canary.name]: (100 * pods(p.canary)) / total },
    });
  }
  if (gw) {
    const request = { host: gw.hosts?.[0] ?? 'tcp.example.com', gateway: `${plan.namespace}/${gw.name}`, protocol: 'tcp' as const, port: gw.port ?? 31400 };
    out.push({ label: `gateway ${request.host}:${request.port}`, request, shares });
  }
  return out;
}

type Mutation = (plan: TcpPlan, n: number) => { props: Record<string, unknown>; mistake: string };

/** One mistake each; `n` varies the bad value. */
const MUTATIONS: Mutation[] = [
  (p, n) => {
    const bad = [-1 - (n % 50), 101 + (n % 400), 0.5 + (n % 99)][n % 3];
    return { props: { stages: [...p.props.stages, { name: 'broken', canaryWeight: bad }] }, mistake: `canary weight ${bad}` };
  },
  (p, n) => ({ props: { stages: [...p.props.stages, { name: 'all-in', canaryWeight: 100 }, { name: 'back', canaryWeight: n % 100 }] }, mistake: 'weight goes back without rollback' }),
  (p) => ({ props: { canary: { ...p.props.canary, name: p.props.stable.name } }, mistake: 'same version name twice' }),
  (p, n) => {
    const bad = [`${p.props.name}_x`, `${n % 10}${p.props.name}`, 'a'.repeat(64 + (n % 10)), `${p.props.name}-`][n % 4];
    return { props: { name: bad }, mistake: `application name "${bad}"` };
  },
  (p, n) => {
    const image = ['registry.example.com/tcp', 'registry.example.com/tcp:latest', ''][n % 3];
    return { props: { stable: { ...p.props.stable, image } }, mistake: `image "${image}"` };
  },
  (p, n) => ({ props: { canary: { ...p.props.canary, replicas: [-1 - (n % 5), 1.5][n % 2] } }, mistake: 'bad replicas' }),
  (_p, n) => ({ props: { port: [0, 65536 + (n % 1000), -1][n % 3] }, mistake: 'port out of range' }),
  () => ({ props: { stage: 'no-such-stage' }, mistake: 'unknown active stage' }),
  () => ({ props: { stages: [] }, mistake: 'no stages' }),
  (_p, n) => {
    const key = HTTP_ONLY_OPTIONS[n % HTTP_ONLY_OPTIONS.length];
    return { props: { [key]: {} }, mistake: `HTTP-only option ${key}` };
  },
  (_p, n) => ({ props: { [['readiness', 'liveness'][n % 2]]: { path: '/healthz' } }, mistake: 'HTTP probe path' }),
  (_p, n) => ({ props: { protocol: ['http', 'http2', 'grpc'][n % 3] }, mistake: 'non-TCP protocol' }),
  () => ({ props: { traffic: Traffic.istio(), gateway: { name: 'tcp-gw', includeMesh: true } }, mistake: 'host "*" on the mesh' }),
  (_p, n) => ({ props: { gateway: { name: 'tcp-gw', hosts: [['Bad_Host.example.com', 'a..b.com', '-x.example.com'][n % 3]] } }, mistake: 'invalid gateway host' }),
  (_p, n) => ({ props: { traffic: trafficOf(['nginx', 'Istio', 'gateway'][n % 3]) }, mistake: 'unknown traffic API' }),
  (_p, n) => ({ props: { traffic: Traffic.istio(), gateway: { name: 'tcp-gw', port: [31400, 81, 8081, 15443][n % 4] } }, mistake: 'gateway port off the ingress' }),
];

const invalidPlan = fc.tuple(validPlan, fc.nat(MUTATIONS.length - 1), fc.nat(100000)).map(([plan, i, n]) => {
  const { props, mistake } = MUTATIONS[i](plan, n);
  // A port off the ingress is the mistake only when no ingress of the chart serves it.
  const dedicatedPort = mistake === 'gateway port off the ingress' ? undefined : plan.dedicatedPort;
  return { plan: { ...plan, dedicatedPort, props: { ...plan.props, ...props } as TcpCanaryProps }, mistake };
});

/** The TcpCanary model. */
export const TCP_MODEL: RolloutModel<TcpPlan> = {
  construct: 'TcpCanary',
  valid: validPlan,
  invalid: invalidPlan,
  chartProps: (plan) => ({ namespace: plan.namespace, disableResourceNameHashes: true }),
  define: (chart: Chart, plan) => {
    if (plan.dedicatedPort === undefined || !plan.props.gateway) {
      new TcpCanary(chart, 'rollout', plan.props);
      return;
    }
    const ingress = new DedicatedIngressGateway(chart, 'ingress', { name: 'rollout-ingress', ports: [plan.dedicatedPort] });
    new TcpCanary(chart, 'rollout', { ...plan.props, gateway: { ...plan.props.gateway, selector: ingress.selector } });
  },
  stageNames: (plan) => stageNamesOf(plan.props),
  expectedTraffic,
};
