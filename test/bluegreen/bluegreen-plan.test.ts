import { planBlueGreenStage, BlueGreenPlanSource } from '../../lib/bluegreen/bluegreen-plan';
import { DEFAULT_PREVIEW_HEADER } from '../../lib/bluegreen/preview-header';
import { Progression } from '../../lib/progressive/progression';
import { ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS } from '../../lib/progressive/thresholds';
import { Traffic } from '../../lib/providers/traffic';
import { TrafficSelection } from '../../lib/providers/traffic-routing';
import { BlueGreenStageInput, resolveBlueGreenStages } from '../../lib/stages/bluegreen-stages';

// The plan is pure: these tests decide stages without a chart, an app or a synth.
const base: BlueGreenPlanSource = {
  name: 'shop',
  blue: { name: 'v1', image: 'example/shop:1.0.0' },
  green: { name: 'v2', image: 'example/shop:2.0.0' },
};
const GATEWAY = { name: 'shop-gateway', hosts: ['shop.example.com'] };
const STAGES: BlueGreenStageInput[] = ['preview', 'switch', 'rollback', { name: 'switch-again', action: 'switch' }, 'finalize'];
const inCode = (t: Traffic): TrafficSelection => ({ choice: { traffic: t.kind, source: 'code' }, declared: t.provider });
const BY_DEFAULT: TrafficSelection = { choice: { traffic: 'istio', source: 'default' } };

interface Case {
  readonly props?: Partial<BlueGreenPlanSource>;
  readonly stages?: BlueGreenStageInput[];
  readonly stage?: string;
  readonly selection?: TrafficSelection;
}
function plan(c: Case = {}) {
  const stages = resolveBlueGreenStages(c.stages ?? STAGES);
  const activeStageIndex = stages.findIndex((s) => s.name === (c.stage ?? 'preview'));
  return planBlueGreenStage({ props: { ...base, ...c.props }, stages, activeStageIndex, selection: c.selection ?? BY_DEFAULT });
}
const messages = (p: ReturnType<typeof plan>) => p.problems.map((x) => x.message);

describe('planBlueGreenStage: who users get at each stage (routed by a provider)', () => {
  const users = (p: ReturnType<typeof plan>) => p.rules.find((r) => r.name === 'live')!.split;

  test.each([
    ['preview', 'v1', 100, 0],
    ['switch', 'v2', 0, 100],
    ['rollback', 'v1', 100, 0],
    ['switch-again', 'v2', 0, 100],
  ])('stage %s: users get %s (blue %d%, green %d%); both versions run; the preview header reaches green', (stage, live, blue, green) => {
    const p = plan({ stage });
    expect(p.problems).toEqual([]);
    expect(p.liveVersion).toBe(live);
    expect(p.versions.map((v) => v.name)).toEqual(['v1', 'v2']);
    expect(users(p)).toEqual([{ version: 'v1', weight: blue }, { version: 'v2', weight: green }]);
    expect(p.rules[0]).toEqual({ name: 'preview', matches: [{ headers: { 'x-preview': { exact: 'true' } } }], split: [{ version: 'v2', weight: 100 }] });
    expect(p.model?.http).toBe(p.rules);
    expect(p.model?.versions.map((v) => v.name)).toEqual(['v1', 'v2']);
  });

  test('finalize: only green runs, one rule sends everything to it, no preview Service', () => {
    const p = plan({ stage: 'finalize' });
    expect(p.action).toBe('finalize');
    expect(p.versions.map((v) => v.name)).toEqual(['v2']);
    expect(p.rules).toEqual([{ name: 'live', split: [{ version: 'v2', weight: 100 }] }]);
    expect(p.previewServiceName).toBeUndefined();
  });

  test('the users\' Service selects every version; the preview Service (named <name>-preview or as given) selects green', () => {
    const p = plan();
    expect(p.routed).toBe(true);
    expect(p.serviceSelector).toEqual({ app: 'shop' });
    expect(p.previewServiceName).toBe('shop-preview');
    expect(plan({ props: { previewServiceName: 'shop-next' } }).previewServiceName).toBe('shop-next');
  });

  test('previewHeader: a custom header is matched exactly; false leaves only the users\' rule', () => {
    expect(plan({ props: { previewHeader: { name: 'x-green', value: 'yes' } } }).rules[0].matches).toEqual([{ headers: { 'x-green': { exact: 'yes' } } }]);
    expect(plan({ props: { previewHeader: false } }).rules.map((r) => r.name)).toEqual(['live']);
  });

  test('with a gateway and a previewHost: the Gateway serves both hosts and the preview entry reaches green, until finalize', () => {
    const p = plan({ props: { gateway: GATEWAY, previewHost: 'preview.shop.example.com' } });
    expect(p.gateway).toEqual({ options: GATEWAY, hosts: ['shop.example.com', 'preview.shop.example.com'] });
    expect(p.model?.renderGatewayWithRoutes).toBe(false);
    expect(p.model?.previews).toEqual([{ name: 'shop-preview', host: 'preview.shop.example.com', rules: [{ name: 'preview', split: [{ version: 'v2', weight: 100 }] }] }]);
    const final = plan({ stage: 'finalize', props: { gateway: GATEWAY, previewHost: 'preview.shop.example.com' } });
    expect(final.gateway?.hosts).toEqual(['shop.example.com']);
    expect(final.model?.previews).toEqual([]);
  });

  test('a gateway managed elsewhere (create: false) is referenced by the routes but not created', () => {
    const p = plan({ props: { gateway: { ...GATEWAY, create: false } } });
    expect(p.model?.gateway).toEqual({ ...GATEWAY, create: false });
    expect(p.gateway).toBeUndefined();
  });

  test('sidecar injection is what the provider needs (Istio and the Gateway API on Istio: yes); the user\'s sidecarInjection wins', () => {
    expect(plan().sidecarInjection).toBe(true);
    const gatewayApi = plan({ selection: inCode(Traffic.gatewayApi()) });
    expect([gatewayApi.provider.kind, gatewayApi.sidecarInjection]).toEqual(['gateway-api', true]);
    expect(plan({ props: { sidecarInjection: false } }).sidecarInjection).toBe(false);
  });

  test('Traffic.istioAmbient(): routed like Istio, no sidecar, the provider\'s waypoint labels on the app Service', () => {
    const p = plan({ selection: inCode(Traffic.istioAmbient()) });
    expect(p.problems).toEqual([]);
    expect(p.traffic).toBe('istio-ambient');
    expect(p.routed).toBe(true);
    expect(p.sidecarInjection).toBe(false);
    expect(p.workloadNeeds.serviceLabels).toEqual(expect.objectContaining({ 'istio.io/use-waypoint': expect.any(String) }));
    expect(p.model).toBeDefined();
  });
});

describe('planBlueGreenStage: Traffic.serviceSelector() moves users with the Service selector', () => {
  const selector = inCode(Traffic.serviceSelector());

  test.each([['preview', 'v1'], ['switch', 'v2'], ['rollback', 'v1'], ['finalize', 'v2']])('stage %s: the Service selects version %s; no rules, no routing, no sidecar', (stage, live) => {
    const p = plan({ stage, selection: selector });
    expect(p.problems).toEqual([]);
    expect(p.routed).toBe(false);
    expect(p.serviceSelector).toEqual({ app: 'shop', version: live });
    expect(p.rules).toEqual([]);
    expect(p.model).toBeUndefined();
    expect(p.gateway).toBeUndefined();
    expect(p.sidecarInjection).toBe(false);
    expect(p.workloadNeeds).toEqual({});
  });
});

describe('planBlueGreenStage: problems, in the order they are reported, and nothing rendered after them', () => {
  test('stage problems come first, then the props, then the progression; nothing is routed', () => {
    const p = plan({ stages: ['switch', 'finalize'], stage: 'switch', props: { previewServiceName: 'shop', progression: 'canary' as any } });
    expect(messages(p)).toEqual([
      expect.stringMatching(/^the first stage "switch" is a switch/),
      'previewServiceName "shop" is the name of the users\' Service.',
      expect.stringMatching(/progression/),
    ]);
    expect(p.action).toBeUndefined();
    expect(p.liveVersion).toBeUndefined();
    expect(p.rules).toEqual([]);
    expect(p.model).toBeUndefined();
  });

  test('an invalid plan still runs both versions behind the users\' Service and the preview Service (as at preview)', () => {
    const p = plan({ stages: ['preview', 'rollback'] });
    expect(p.problems).toHaveLength(1);
    expect(p.versions.map((v) => v.name)).toEqual(['v1', 'v2']);
    expect(p.previewServiceName).toBe('shop-preview');
    expect(plan({ stages: ['preview', 'rollback'], selection: inCode(Traffic.serviceSelector()) }).serviceSelector).toEqual({ app: 'shop', version: 'v1' });
  });

  test('the same version name twice: no problem here (the app reports it once), but nothing is routed', () => {
    const p = plan({ props: { green: { name: 'v1', image: 'example/shop:2.0.0' } } });
    expect(p.problems).toEqual([]);
    expect(p.model).toBeUndefined();
    expect(p.declaredVersions.map((v) => v.name)).toEqual(['v1', 'v1']);
  });

  test('a provider without routing objects other than the Service selector is refused', () => {
    const p = plan({ selection: inCode(Traffic.replicaRatio({ totalReplicas: 4, rounding: 'exact' })) });
    expect(messages(p)).toEqual(['traffic "replica-ratio" is not a traffic mode this construct knows.']);
    expect(p.model).toBeUndefined();
  });

  test('a kind from ROLLOUT_TRAFFIC that is not a traffic API is reported as such, and nothing is routed', () => {
    const p = plan({ selection: { choice: { traffic: 'linkerd', source: 'environment' } } });
    expect(messages(p)).toEqual([expect.stringMatching(/^traffic "linkerd" \(from ROLLOUT_TRAFFIC\) is not a traffic API/)]);
    expect(p.routed).toBe(false);
    expect(p.model).toBeUndefined();
  });

  test('Istio-only options with the Service selector, a version Service named like the preview Service with a Service per version', () => {
    expect(messages(plan({ selection: inCode(Traffic.serviceSelector()), props: { gateway: GATEWAY } }))).toEqual([
      "gateway is an Istio option, but traffic is 'service-selector', which emits no Istio objects.",
    ]);
    for (const t of [Traffic.gatewayApi(), Traffic.istioAmbient()]) {
      expect(messages(plan({ selection: inCode(t), props: { green: { name: 'preview', image: 'example/shop:2.0.0' } } }))).toEqual([
        expect.stringMatching(/^the preview Service "shop-preview" has the name of the Service of version "preview"/),
      ]);
    }
    expect(plan({ props: { green: { name: 'preview', image: 'example/shop:2.0.0' } } }).problems).toEqual([]);
  });
});

// Engines run the plan preview, switch, finalize.
const ENGINE_STAGES: BlueGreenStageInput[] = ['preview', 'switch', 'finalize'];

describe('planBlueGreenStage: an engine runs the release', () => {
  test('Progression.flagger(): nothing of this construct runs; blue is only validated; the engine gets the defaults', () => {
    const p = plan({ stages: ENGINE_STAGES, props: { progression: Progression.flagger() } });
    expect(p.problems).toEqual([]);
    expect(p.engine).toBe('flagger');
    expect(p.versions).toEqual([]);
    expect(p.declaredVersions.map((v) => v.name)).toEqual(['v1']);
    expect(p.model).toBeUndefined();
    expect(p.action).toBeUndefined();
    expect(p.previewServiceName).toBeUndefined();
    expect(p.sidecarInjection).toBe(true);
    expect(p.enginePlan?.engine).toBe('flagger');
    expect(p.enginePlan?.input).toEqual(expect.objectContaining({
      name: 'shop', green: base.green, thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, iterations: 10, previewHeader: undefined,
    }));
  });

  test('Progression.argoRollouts(): the preview header defaults to x-preview (false disables it); analysisIterations is passed on', () => {
    const argo = Progression.argoRollouts({ analysisIterations: 3 });
    const p = plan({ stages: ENGINE_STAGES, props: { progression: argo } });
    expect(p.enginePlan?.input.previewHeader).toEqual(DEFAULT_PREVIEW_HEADER);
    expect(p.enginePlan?.input.iterations).toBe(3);
    expect(plan({ stages: ENGINE_STAGES, props: { progression: argo, previewHeader: false } }).enginePlan?.input.previewHeader).toBeUndefined();
  });

  test('an engine with an input it refuses: the problem is reported and no engine is planned', () => {
    const p = plan({ stages: ENGINE_STAGES, props: { progression: Progression.flagger() }, selection: inCode(Traffic.gatewayApi()) });
    expect(messages(p)).toEqual([expect.stringMatching(/^progression 'flagger' emits Flagger's Istio routing/)]);
    expect(p.engine).toBe('flagger');
    expect(p.enginePlan).toBeUndefined();
    expect(p.versions).toEqual([]);
  });

  test('props already reported are not handed to the engine; neither is the same version twice', () => {
    expect(plan({ stages: ENGINE_STAGES, props: { progression: Progression.flagger(), previewServiceName: 'shop' } }).enginePlan).toBeUndefined();
    const same = plan({ stages: ENGINE_STAGES, props: { progression: Progression.flagger(), green: { name: 'v1', image: 'example/shop:2.0.0' } } });
    expect(same.enginePlan).toBeUndefined();
    expect(same.declaredVersions.map((v) => v.name)).toEqual(['v1', 'v1']);
  });
});
