import { Chart } from 'cdk8s';
import { Progression,  ArgoBlueGreenRollout, ArgoBlueGreenRolloutProps, BlueGreenService, BlueGreenServiceProps, ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, FlaggerBlueGreen, FlaggerBlueGreenProps, GatewayTls, Traffic } from '../../../lib';
import { CatalogueEntry, exact, propsExample } from '../catalogue';

/** A valid BlueGreenService (the input of test/bluegreen/bluegreen-errors.test.ts); each entry overrides a few props. */
export const VALID_BLUE_GREEN: BlueGreenServiceProps = {
  name: 'shop',
  blue: { name: 'v1', image: 'example/shop:1.0.0' },
  green: { name: 'v2', image: 'example/shop:2.0.0' },
  stage: 'preview',
};

const GATEWAY = { name: 'shop-gateway', hosts: ['shop.example.com'] };

/** An entry whose bad input is `VALID_BLUE_GREEN` with `overrides`. */
export function blueGreenEntry(
  id: string,
  source: string,
  overrides: Record<string, unknown>,
  message: RegExp,
  extra: Partial<CatalogueEntry> = {},
): CatalogueEntry {
  return {
    id: `bluegreen/${id}`,
    construct: 'BlueGreenService',
    source,
    example: propsExample(overrides),
    define: (chart: Chart) => {
      new BlueGreenService(chart, 'shop', { ...VALID_BLUE_GREEN, ...overrides } as BlueGreenServiceProps);
    },
    path: 'shop',
    message,
    ...extra,
  };
}

const STAGES = 'lib/stages/bluegreen-stages.ts';
const SERVICE = 'lib/bluegreen/bluegreen-plan.ts';
const ENGINE = 'lib/bluegreen/bluegreen-engine.ts';
const PLAN = 'lib/progressive/blue-green-plan.ts';

export const BLUEGREEN_ENTRIES: CatalogueEntry[] = [
  // Stage plan (lib/stages/bluegreen-stages.ts).
  blueGreenEntry('unknown-action', STAGES, { stages: ['preview', 'promote'] },
    exact('stage "promote" has action "promote", which is not a blue-green action. Fix: use one of: preview, switch, rollback, finalize.')),
  blueGreenEntry('plan-not-starting-with-preview', STAGES, { stages: ['switch', 'finalize'], stage: 'switch' },
    exact('the first stage "switch" is a switch, so users would reach green before it was ever deployed and previewed. Fix: start the plan with a \'preview\' stage, e.g. [\'preview\', \'switch\', \'finalize\'].')),
  blueGreenEntry('rollback-not-after-switch', STAGES, { stages: ['preview', 'rollback'] },
    exact('stage "rollback" is a rollback, but users are already on blue after "preview" (preview). Fix: put the rollback right after a \'switch\' stage, or remove it.')),
  blueGreenEntry('back-to-blue-without-rollback', STAGES, { stages: ['preview', 'switch', { name: 'preview-again', action: 'preview' }] },
    exact('stage "preview-again" (preview) sends users from green back to blue right after "switch" (switch) without being a rollback. Fix: declare it as { name: \'preview-again\', action: \'rollback\' }.')),
  blueGreenEntry('finalize-while-users-on-blue', STAGES, { stages: ['preview', 'switch', 'rollback', 'finalize'] },
    exact('stage "finalize" removes blue, but users are still on blue after "rollback" (rollback). Fix: put a \'switch\' stage right before finalize (add { name: \'switch-again\', action: \'switch\' } after a rollback).')),
  blueGreenEntry('finalize-not-last', STAGES, { stages: ['preview', 'switch', 'finalize', { name: 'again', action: 'switch' }] },
    exact('stage "finalize" (finalize) is followed by "again", but blue no longer exists after finalize. Fix: make finalize the last stage.')),

  // Traffic mode and preview options (lib/bluegreen/bluegreen-plan.ts).
  blueGreenEntry('unknown-traffic-mode', SERVICE, { traffic: 'nginx-ingress' },
    exact('traffic "nginx-ingress" is not a traffic mode this construct knows. Fix: use \'istio\' (VirtualService over subsets), \'gateway-api\' (HTTPRoutes over a Service per version) or \'service-selector\' (plain Kubernetes Service selector).')),
  {
    ...blueGreenEntry('unknown-traffic-from-env', 'lib/settings/traffic-setting.ts', {},
      exact('traffic "selector" (from ROLLOUT_TRAFFIC) is not a traffic API this library renders. Fix: use one of \'istio\', \'istio-ambient\', \'gateway-api\', \'ingress-nginx\', \'service-selector\' (the registered traffic providers, each with its default options), or set traffic in code for other options (e.g. Traffic.replicaRatio({ totalReplicas, rounding })).')),
    example: 'ROLLOUT_TRAFFIC=selector npm run synth (the environment selects a registered provider by its kind)',
    env: { ROLLOUT_TRAFFIC: 'selector' },
  },
  blueGreenEntry('preview-service-named-like-users-service', SERVICE, { previewServiceName: 'shop' },
    exact('previewServiceName "shop" is the name of the users\' Service. Fix: use another name, e.g. "shop-preview".')),
  ...(['gateway', 'previewHost', 'previewHeader'] as const).map((what) => {
    const value = { gateway: GATEWAY, previewHost: 'preview.shop.example.com', previewHeader: { name: 'x-preview', value: 'true' } }[what];
    return blueGreenEntry(`${what.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-with-service-selector`, SERVICE, { traffic: Traffic.serviceSelector(), [what]: value },
      exact(`${what} is an Istio option, but traffic is 'service-selector', which emits no Istio objects. Fix: remove ${what}, or use traffic: Traffic.istio().`));
  }),
  blueGreenEntry('preview-service-named-like-a-version-service', SERVICE, { traffic: Traffic.gatewayApi(), green: { name: 'preview', image: 'example/shop:2.0.0' } },
    exact('the preview Service "shop-preview" has the name of the Service of version "preview" (traffic \'gateway-api\' creates a Service <name>-<version> per version), so one would overwrite the other. Fix: set previewServiceName to another name (e.g. "shop-next"), or rename version "preview".')),
  blueGreenEntry('tcp-with-istio-routes', SERVICE, { protocol: 'tcp' },
    exact('protocol \'tcp\' cannot be routed by traffic \'istio\': BlueGreenService switches Istio HTTP routes, which never apply to a TCP port. Fix: use traffic: Traffic.serviceSelector() (the selector switch works for any protocol), or an HTTP protocol.')),
  blueGreenEntry('tcp-with-gateway-api-routes', SERVICE, { traffic: Traffic.gatewayApi(), protocol: 'tcp' },
    exact('protocol \'tcp\' cannot be routed by traffic \'gateway-api\': BlueGreenService switches HTTP routes, which never apply to a TCP port. Fix: use traffic: Traffic.serviceSelector() (the selector switch works for any protocol), or an HTTP protocol.')),
  blueGreenEntry('preview-header-not-lower-case', SERVICE, { previewHeader: { name: 'X-Preview', value: 'true' } },
    exact('previewHeader name "X-Preview" is not a lower-case HTTP header name. Fix: use lower-case letters, digits and "-", e.g. "x-preview".')),
  blueGreenEntry('preview-host-without-gateway', SERVICE, { previewHost: 'preview.shop.example.com' },
    exact('previewHost "preview.shop.example.com" needs a gateway: it is an external host served by an Istio Gateway. Fix: set gateway (e.g. { name: \'shop-gateway\', hosts: [\'shop.example.com\'] }), or remove previewHost and use the preview Service or header.')),
  blueGreenEntry('preview-host-is-a-user-host', SERVICE, { gateway: GATEWAY, previewHost: 'shop.example.com' },
    exact('previewHost "shop.example.com" is also a host of the gateway, so users calling it would reach green too. Fix: use a separate host for the preview, e.g. "preview.<your host>".')),
  blueGreenEntry('preview-host-not-a-dns-name', SERVICE, { gateway: GATEWAY, previewHost: '*.example.com' },
    exact('previewHost "*.example.com" is not a single DNS host name. Fix: use a host without wildcards, e.g. "preview.shop.example.com".')),

  // Engines (lib/bluegreen/bluegreen-engine.ts, lib/progressive/blue-green-plan.ts).
  blueGreenEntry('engine-with-service-selector', ENGINE, { progression: Progression.argoRollouts(), traffic: Traffic.serviceSelector() },
    exact('progression \'argo-rollouts\' checks green with Istio\'s metrics (istio_requests_total, reported by the sidecars), which traffic \'service-selector\' (no mesh) does not produce. Fix: use traffic: Traffic.istio() with Argo Rollouts, or keep progression: Progression.manual().')),
  blueGreenEntry('https-with-engine', 'lib/progressive/engine-unrendered-options.ts', { progression: Progression.argoRollouts(), gateway: { ...GATEWAY, tls: GatewayTls.simple({ credentialName: 'shop-tls' }), httpsRedirect: true } },
    exact("gateway.tls, gateway.httpsRedirect are set, but progression 'argo-rollouts' emits the routing of Argo Rollouts, which this library does not give HTTPS servers or traffic policies. Fix: remove gateway.tls and gateway.httpsRedirect, or keep progression: Progression.manual() (a pull request per stage) where the provider renders them.")),
  blueGreenEntry('engine-with-gateway-api', ENGINE, { progression: Progression.flagger(), traffic: Traffic.gatewayApi() },
    exact('progression \'flagger\' emits Flagger\'s Istio routing, but traffic \'gateway-api\' asks for Gateway API objects. Fix: set traffic: Traffic.istio() on this construct, or keep progression: Progression.manual() to render Gateway API routes for every stage.')),
  ...([
    ['preview-header-with-flagger', 'previewHeader', { previewHeader: { name: 'x-preview', value: 'true' } }, 'Flagger routes every user request to the primary during the analysis and has no preview header in a blue/green'],
    ['preview-host-with-flagger', 'previewHost', { gateway: GATEWAY, previewHost: 'preview.shop.example.com' }, 'Flagger creates the routing (VirtualService) itself'],
    ['preview-service-name-with-flagger', 'previewServiceName', { previewServiceName: 'shop-green' }, 'Flagger names the Service of the new version `<name>-canary`'],
  ] as Array<[string, string, Record<string, unknown>, string]>).map(([id, what, over, why]) => blueGreenEntry(id, ENGINE, { progression: Progression.flagger(), ...over },
    exact(`${what} cannot be used with progression 'flagger': ${why}. Fix: remove ${what} (testers reach green through the Service <name>-canary), or use progression: Progression.argoRollouts() or Progression.manual().`))),
  blueGreenEntry('engine-with-manual-rollback', PLAN,
    { progression: Progression.argoRollouts(), stages: ['preview', 'switch', 'rollback', { name: 'switch-again', action: 'switch' }, 'finalize'] },
    // An engine plan with a rollback must switch again before finalize, so the repeated switch is reported too.
    new RegExp([
      exact('stage "rollback" is a manual rollback, which Argo Rollouts cannot run: it switches users back to blue by itself when a check fails. Fix: remove the rollback stage for Argo Rollouts (e.g. stages: [\'preview\', \'switch\', \'finalize\']), or keep progression: Progression.manual().').source,
      exact('stage "switch-again" repeats the action switch, but Argo Rollouts runs one preview, one switch and one finalize. Fix: use stages: [\'preview\', \'switch\', \'finalize\'] with Argo Rollouts, or keep progression: Progression.manual().').source,
    ].join('|')), { count: 2, path: ['shop', 'shop'] }),
  blueGreenEntry('engine-with-repeated-action', PLAN, { progression: Progression.argoRollouts(), stages: ['preview', 'switch', { name: 'switch-again', action: 'switch' }, 'finalize'] },
    exact('stage "switch-again" repeats the action switch, but Argo Rollouts runs one preview, one switch and one finalize. Fix: use stages: [\'preview\', \'switch\', \'finalize\'] with Argo Rollouts, or keep progression: Progression.manual().')),
  blueGreenEntry('engine-plan-missing-a-stage', PLAN, { progression: Progression.flagger(), stages: ['preview', 'switch'] },
    exact('the plan has no finalize stage, but Flagger always analyses green, switches users to it and then removes blue. Fix: use stages: [\'preview\', \'switch\', \'finalize\'] with Flagger, or keep progression: Progression.manual().')),
  blueGreenEntry('analysis-iterations-not-whole', PLAN, { progression: Progression.flagger({ analysisIterations: 0 }) },
    exact('analysisIterations 0 is not a whole number of at least 1. Fix: use e.g. analysisIterations: 10 (ten checks, one per thresholds interval).')),
];

const GREEN = { name: 'v2', image: 'example/shop:2.0.0' };

/** The blue-green engine constructs used directly (BlueGreenService reports these inputs itself). */
export const BLUEGREEN_ENGINE_ENTRIES: CatalogueEntry[] = [
  {
    id: 'flagger-blue-green/iterations-not-whole',
    construct: 'FlaggerBlueGreen',
    source: PLAN,
    example: "new FlaggerBlueGreen(chart, 'web', { name: 'web', version: green, thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, iterations: 2.5 })",
    define: (chart: Chart) => {
      new FlaggerBlueGreen(chart, 'web', { name: 'web', version: GREEN, thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, iterations: 2.5 } as FlaggerBlueGreenProps);
    },
    path: 'web',
    message: exact('iterations 2.5 is not a whole number of at least 1. Fix: use e.g. iterations: 10 (ten checks, one per thresholds interval).'),
  },
  ...([
    ['checks-not-whole', PLAN, { checks: 0 },
      exact('checks 0 is not a whole number of at least 1. Fix: use e.g. checks: 10 (ten checks, one per thresholds interval).')],
    ['preview-host-without-gateway', 'lib/progressive/argo-blue-green.ts', { previewHost: 'preview.web.example.com' },
      exact('previewHost "preview.web.example.com" needs a gateway: it is an external host served by an Istio Gateway. Fix: set gateway, or remove previewHost and use the preview Service.')],
    ['preview-header-not-a-header-name', 'lib/progressive/argo-blue-green.ts', { previewHeader: { name: 'X Preview', value: '1' } },
      exact('previewHeader name "X Preview" is not a lower-case HTTP header name. Fix: use lower-case letters, digits and "-", e.g. "x-preview".')],
  ] as Array<[string, string, Record<string, unknown>, RegExp]>).map(([id, source, over, message]): CatalogueEntry => ({
    id: `argo-blue-green/${id}`,
    construct: 'ArgoBlueGreenRollout',
    source,
    example: `new ArgoBlueGreenRollout(chart, 'web', { name: 'web', version: green, thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, ${propsExample({ checks: 3, ...over })} })`,
    define: (chart: Chart) => {
      new ArgoBlueGreenRollout(chart, 'web', { name: 'web', version: GREEN, thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, checks: 3, ...over } as ArgoBlueGreenRolloutProps);
    },
    path: 'web',
    message,
  })),
];
