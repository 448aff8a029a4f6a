import { Chart } from 'cdk8s';
import { MeshRouting, shareByVersion, SimRequest, simulate, TcpCanary, TcpCanaryProps, IngressDescription } from '../../lib';
import { expectValidManifests } from '../support/schema';
import { find, ofKind, synthChart, synthEveryStage } from '../support/synth';

const NS = { namespace: 'weather' };
const base: TcpCanaryProps = {
  name: 'tcp-echo',
  port: 9000,
  stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'one'] },
  canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'two'] },
  stages: [0, 20, 100],
  stage: 'canary-20',
  gateway: { name: 'tcp-echo-gateway' },
};
const STAGES = ['canary-0', 'canary-20', 'canary-100', 'promoted'];
const define = (props: Partial<TcpCanaryProps> = {}) => (chart: Chart) => {
  // The seed's cluster runs Istio's demo profile, whose ingress exposes 31400.
  IngressDescription.describe(chart, IngressDescription.demoProfile());
  new TcpCanary(chart, 'tcp-echo', { ...base, ...props });
};
const everyStage = synthEveryStage(define(), 'tcp-echo', STAGES, NS);
const THROUGH_GATEWAY: SimRequest = { host: 'tcp-echo.example.com', gateway: 'tcp-echo-gateway', protocol: 'tcp', port: 31400 };
const share = (m: any[], req: SimRequest) => shareByVersion(simulate(m, req));

describe('TcpCanary: who serves TCP connections at each stage (seed 002 §6)', () => {
  const expected: Record<string, Record<string, number>> = {
    'canary-0': { v1: 1 },
    'canary-20': { v1: 0.8, v2: 0.2 },
    'canary-100': { v2: 1 },
    'promoted': { v2: 1 },
  };
  test.each(STAGES)('stage %s: connections to gateway port 31400 reach versions with the declared probabilities', (stage) => {
    expect(share(everyStage[stage], THROUGH_GATEWAY)).toEqual(expected[stage]);
  });

  test('the seed stage renders the seed\'s VirtualService (tcp route on port 31400 to port 9000, 80/20)', () => {
    const vs = find(everyStage['canary-20'], 'VirtualService', 'tcp-echo');
    const dest = (subset: string, weight: number) => ({ destination: { host: 'tcp-echo.weather.svc.cluster.local', port: { number: 9000 }, subset }, weight });
    expect(vs.spec).toEqual({ hosts: ['*'], gateways: ['tcp-echo-gateway'], tcp: [{ match: [{ port: 31400 }], route: [dest('v1', 80), dest('v2', 20)] }] });
    expect(vs.spec.http).toBeUndefined();
  });

  test.each(STAGES)('stage %s: the Gateway has a TCP server on 31400 and no HTTP server', (stage) => {
    expect(find(everyStage[stage], 'Gateway', 'tcp-echo-gateway').spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [{ hosts: ['*'], port: { name: 'tcp-31400', number: 31400, protocol: 'TCP' } }],
    });
  });

  test('an HTTP request, or a connection to another gateway port, is not routed', () => {
    const m = everyStage['canary-20'];
    expect(simulate(m, { host: 'tcp-echo.example.com', gateway: 'tcp-echo-gateway' }).failed).toBe(1);
    expect(simulate(m, { ...THROUGH_GATEWAY, port: 31401 }).failed).toBe(1);
  });

  test('a route to a port the Service does not expose fails in the simulator (so the destination port is really checked)', () => {
    const m = JSON.parse(JSON.stringify(everyStage['canary-20']));
    find(m, 'VirtualService', 'tcp-echo').spec.tcp[0].route[1].destination.port.number = 9001;
    const r = simulate(m, THROUGH_GATEWAY);
    expect(shareByVersion(r)).toEqual({ v1: 0.8, failed: 0.2 });
    expect(r.failures).toEqual(['destination port 9001 is not a port of Service tcp-echo.weather.svc.cluster.local (ports: 9000)']);
  });

  test('promotion removes the old Deployment and subset', () => {
    const m = everyStage.promoted;
    expect(ofKind(m, 'Deployment').map((d) => d.metadata.name)).toEqual(['tcp-echo-v2']);
    expect(find(m, 'DestinationRule', 'tcp-echo').spec.subsets.map((s: any) => s.name)).toEqual(['v2']);
  });

  test('ports are named tcp, probes are TCP connects, the versions run the seed\'s args', () => {
    const m = everyStage['canary-20'];
    expect(find(m, 'Service', 'tcp-echo').spec.ports).toEqual([{ name: 'tcp', port: 9000, protocol: 'TCP', targetPort: 9000 }]);
    for (const [name, arg] of [['tcp-echo-v1', 'one'], ['tcp-echo-v2', 'two']]) {
      const c = find(m, 'Deployment', name).spec.template.spec.containers[0];
      expect(c.ports).toEqual([{ containerPort: 9000, name: 'tcp' }]);
      expect(c.args).toEqual(['9000', arg]);
      expect(c.readinessProbe.tcpSocket).toEqual({ port: 9000 });
      expect(c.readinessProbe.httpGet).toBeUndefined();
      expect(c.livenessProbe.tcpSocket).toEqual({ port: 9000 });
    }
  });
});

describe('TcpCanary: mesh traffic', () => {
  test('without a gateway the route binds the mesh and matches the Service port only', () => {
    const m = synthChart(define({ gateway: undefined }), NS);
    const vs = find(m, 'VirtualService', 'tcp-echo');
    expect(vs.spec.hosts).toEqual(['tcp-echo.weather.svc.cluster.local']);
    expect(vs.spec.gateways).toBeUndefined();
    expect(vs.spec.tcp[0].match).toEqual([{ port: 9000 }]);
    expect(ofKind(m, 'Gateway')).toEqual([]);
    expect(share(m, { host: 'tcp-echo', protocol: 'tcp', port: 9000 })).toEqual({ v1: 0.8, v2: 0.2 });
  });

  test('with the default gateway-only route, in-cluster connections reach the versions by pod count (documented limit)', () => {
    const m = synthChart(define({ stable: { ...base.stable, replicas: 3 } }), NS);
    expect(share(m, { host: 'tcp-echo', protocol: 'tcp', port: 9000 })).toEqual({ v1: 0.75, v2: 0.25 });
  });

  test('includeMesh with named hosts applies the weights to gateway and mesh connections alike', () => {
    const m = synthChart(define({ gateway: { name: 'tcp-echo-gateway', hosts: ['echo.example.com'], includeMesh: true } }), NS);
    const vs = find(m, 'VirtualService', 'tcp-echo');
    expect(vs.spec.gateways).toEqual(['tcp-echo-gateway', 'mesh']);
    expect(vs.spec.tcp[0].match).toEqual([{ port: 31400, gateways: ['tcp-echo-gateway'] }, { port: 9000, gateways: ['mesh'] }]);
    expect(share(m, { ...THROUGH_GATEWAY, host: 'echo.example.com' })).toEqual({ v1: 0.8, v2: 0.2 });
    expect(share(m, { host: 'tcp-echo', protocol: 'tcp', port: 9000 })).toEqual({ v1: 0.8, v2: 0.2 });
    expectValidManifests(m);
  });

  test('a gateway in another namespace, managed elsewhere, on another port', () => {
    const m = synthChart(define({ gateway: { name: 'tcp-gw', namespace: 'istio-system', external: true, port: 31500 } }), NS);
    expect(ofKind(m, 'Gateway')).toEqual([]);
    expect(find(m, 'VirtualService', 'tcp-echo').spec).toMatchObject({ gateways: ['istio-system/tcp-gw'], tcp: [{ match: [{ port: 31500 }] }] });
  });
});

describe('TcpCanary: determinism, schema, objects, rollout knobs', () => {
  test('every object of every stage validates against the Kubernetes and Istio schemas', () => {
    expectValidManifests(STAGES.flatMap((s) => everyStage[s]));
  });

  test('each stage renders byte-identical output twice', () => {
    for (const stage of STAGES) expect(JSON.stringify(synthChart(define(), NS, { 'test/tcp-echo': stage }))).toBe(JSON.stringify(everyStage[stage]));
  });

  test.each(STAGES)('stage %s snapshot', (stage) => {
    expect(everyStage[stage]).toMatchSnapshot();
  });

  test('exposes the objects it creates', () => {
    let tcp!: TcpCanary;
    synthChart((chart) => { IngressDescription.describe(chart, IngressDescription.demoProfile()); tcp = new TcpCanary(chart, 'tcp-echo', base); }, NS);
    expect(tcp.stageNames).toEqual(STAGES);
    expect(MeshRouting.of(tcp.routing)?.virtualService.name).toBe('tcp-echo');
    expect(tcp.routing?.gateway?.name).toBe('tcp-echo-gateway');
    expect(Object.keys(tcp.app.deployments)).toEqual(['v1', 'v2']);
    expect(tcp.rules).toEqual([{ matches: [{ port: 31400 }], split: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 20 }] }]);
  });

  test('rollout knobs: rendered by default and configurable', () => {
    for (const d of ofKind(everyStage['canary-20'], 'Deployment')) {
      expect(d.spec).toMatchObject({ minReadySeconds: 10, progressDeadlineSeconds: 600, revisionHistoryLimit: 5, strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } });
    }
    const m = synthChart(define({ maxSurge: '50%', maxUnavailable: 1, minReadySeconds: 3, progressDeadlineSeconds: 90, revisionHistoryLimit: 1, readiness: { periodSeconds: 2 }, containerPort: 9100 }), NS);
    for (const d of ofKind(m, 'Deployment')) {
      expect(d.spec).toMatchObject({ minReadySeconds: 3, progressDeadlineSeconds: 90, revisionHistoryLimit: 1, strategy: { rollingUpdate: { maxSurge: '50%', maxUnavailable: 1 } } });
      expect(d.spec.template.spec.containers[0].readinessProbe).toMatchObject({ tcpSocket: { port: 9100 }, periodSeconds: 2 });
    }
    expect(find(m, 'Service', 'tcp-echo').spec.ports[0]).toMatchObject({ port: 9000, targetPort: 9100 });
  });
});
