import { planTcpStage, TcpPlanSource } from '../../lib/tcp/tcp-plan';
import { Traffic } from '../../lib/providers/traffic';
import { TrafficSelection } from '../../lib/providers/traffic-routing';
import { CanaryStageInput, resolveCanaryStages } from '../../lib/stages/canary-stages';

// The plan is pure: these tests decide stages without a chart, an app or a synth.
const base: TcpPlanSource = {
  name: 'tcp-echo',
  port: 9000,
  stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2' },
  canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.2' },
};
const inCode = (t: Traffic): TrafficSelection => ({ choice: { traffic: t.kind, source: 'code' }, declared: t.provider });
const BY_DEFAULT: TrafficSelection = { choice: { traffic: 'istio', source: 'default' } };

interface Case {
  readonly props?: Partial<TcpPlanSource> & Record<string, unknown>;
  readonly stages?: CanaryStageInput[];
  readonly stage?: string;
  readonly selection?: TrafficSelection;
  readonly namespace?: string;
}
function plan(c: Case = {}) {
  const stages = resolveCanaryStages(c.stages ?? [20, 100], true);
  const activeStageIndex = stages.findIndex((s) => s.name === (c.stage ?? 'canary-20'));
  return planTcpStage({ props: { ...base, ...c.props }, stages, activeStageIndex, selection: c.selection ?? BY_DEFAULT, namespace: c.namespace ?? 'weather' });
}
const messages = (p: ReturnType<typeof plan>) => p.problems.map((x) => x.message);
const split = (stable: number, canary: number) => [{ version: 'v1', weight: stable }, { version: 'v2', weight: canary }];

describe('planTcpStage: which version gets the connections at each stage', () => {
  test.each([
    ['canary-20', split(80, 20), ['v1', 'v2']],
    ['canary-100', split(0, 100), ['v1', 'v2']],
    ['promoted', [{ version: 'v2', weight: 100 }], ['v2']],
  ])('stage %s: the TCP rule splits %j; running %j', (stage, weights, running) => {
    const p = plan({ stage });
    expect(p.problems).toEqual([]);
    expect(p.rules.map((r) => r.split)).toEqual([weights]);
    expect(p.versions.map((v) => v.name)).toEqual(running);
    expect(p.model?.versions.map((v) => v.name)).toEqual(running);
    expect(p.model?.tcp).toBe(p.rules);
    expect(p.declaredVersions.map((v) => v.name)).toEqual(['v1', 'v2']);
  });

  test('the model routes TCP to the Service port (the container port defaults to it)', () => {
    const p = plan();
    expect(p.model).toEqual(expect.objectContaining({ service: 'tcp-echo', protocol: 'tcp', servicePort: 9000, targetPort: 9000, destinationPort: 9000, gateway: undefined, gatewayProtocol: 'TCP' }));
    expect(plan({ props: { containerPort: 9100 } }).model?.targetPort).toBe(9100);
  });
});

describe('planTcpStage: a rule matches only the port its connections arrive on (Istio)', () => {
  test('mesh only: the Service port', () => {
    expect(plan().rules[0].matches).toEqual([{ port: 9000 }]);
  });

  test('through a gateway: its server port (31400 unless set), hosts * by default', () => {
    const p = plan({ props: { gateway: { name: 'tcp-echo-gateway' } } });
    expect(p.rules[0].matches).toEqual([{ port: 31400 }]);
    expect(p.model?.gateway).toEqual({ name: 'tcp-echo-gateway', hosts: ['*'], port: 31400, namespace: undefined, create: undefined, selector: undefined, includeMesh: false });
    expect(plan({ props: { gateway: { name: 'tcp-echo-gateway', port: 31401 } } }).rules[0].matches).toEqual([{ port: 31401 }]);
  });

  test('includeMesh: the gateway port bound to the gateway (named <namespace>/<name> from another namespace) and the Service port bound to the mesh', () => {
    const gateway = { name: 'tcp-gw', hosts: ['tcp-echo.example.com'], includeMesh: true };
    expect(plan({ props: { gateway } }).rules[0].matches).toEqual([{ port: 31400, gateways: ['tcp-gw'] }, { port: 9000, gateways: ['mesh'] }]);
    expect(plan({ props: { gateway: { ...gateway, namespace: 'weather' } } }).rules[0].matches?.[0].gateways).toEqual(['tcp-gw']);
    expect(plan({ props: { gateway: { ...gateway, namespace: 'edge' } } }).rules[0].matches?.[0].gateways).toEqual(['edge/tcp-gw']);
  });

  test('Traffic.gatewayApi(): no port conditions (a TCPRoute attaches to its port through the parent)', () => {
    const p = plan({ selection: inCode(Traffic.gatewayApi()), props: { gateway: { name: 'tcp-echo-gateway' } } });
    expect(p.rules).toEqual([{ split: split(80, 20) }]);
    expect(p.provider.kind).toBe('gateway-api');
  });
});

describe('planTcpStage: pods carry what the provider needs', () => {
  test('Istio: the sidecar; Istio ambient: no sidecar and the waypoint labels; the user\'s sidecarInjection wins', () => {
    expect(plan().sidecarInjection).toBe(true);
    const ambient = plan({ selection: inCode(Traffic.istioAmbient()) });
    expect(ambient.sidecarInjection).toBe(false);
    expect(ambient.workloadNeeds.serviceLabels).toEqual(expect.objectContaining({ 'istio.io/use-waypoint': expect.any(String) }));
    expect(plan({ props: { sidecarInjection: false } }).sidecarInjection).toBe(false);
  });
});

describe('planTcpStage: problems, in the order they are reported, and nothing rendered after them', () => {
  test('stage problems, then HTTP-only options, then the traffic; an invalid plan routes nothing', () => {
    const p = plan({ stages: [50, 20], stage: 'canary-50', props: { headers: { 'x-canary': 'true' } }, selection: { choice: { traffic: 'nginx', source: 'environment' } } });
    expect(messages(p)).toEqual([
      expect.stringMatching(/canary-20/),
      expect.stringMatching(/^option "headers" is HTTP-only/),
      expect.stringMatching(/^traffic "nginx" \(from ROLLOUT_TRAFFIC\) is not a traffic API/),
    ]);
    expect(p.rules).toEqual([]);
    expect(p.model).toBeUndefined();
    expect(p.versions.map((v) => v.name)).toEqual(['v1', 'v2']);
  });

  test('a stage technique TCP cannot render (mirror) is refused', () => {
    const p = plan({ stages: [{ name: 'shadow', canaryWeight: 0, mirror: 10 }], stage: 'shadow' });
    expect(messages(p)).toEqual([expect.stringMatching(/^stage "shadow" uses mirror.*TcpCanary cannot render/)]);
    expect(p.model).toBeUndefined();
  });

  test('an unknown traffic kind: the rules are decided, but no routing is rendered', () => {
    const p = plan({ selection: { choice: { traffic: 'nginx', source: 'context' } } });
    expect(p.problems).toHaveLength(1);
    expect(p.rules).toHaveLength(1);
    expect(p.model).toBeUndefined();
  });

  test('the same version name twice: no problem here (the app reports it once), but nothing is routed', () => {
    const p = plan({ props: { canary: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2' } } });
    expect(p.problems).toEqual([]);
    expect(p.rules).toEqual([]);
    expect(p.model).toBeUndefined();
  });

  test('no active stage (the choice is invalid): nothing is routed', () => {
    const p = plan({ stage: 'canary-30' });
    expect(p.rules).toEqual([]);
    expect(p.model).toBeUndefined();
  });
});
