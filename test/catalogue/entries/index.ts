import { CatalogueEntry } from '../catalogue';
import { ALERTS_ENTRIES } from './alerts';
import { BLUEGREEN_ENGINE_ENTRIES, BLUEGREEN_ENTRIES } from './bluegreen';
import { CANARY_ENTRIES } from './canary';
import { GATEWAY_API_ENTRIES } from './gateway-api';
import { GATEWAY_CHECK_ENTRIES } from './gateways';
import { GATEWAY_HOST_ENTRIES } from './gateway-hosts';
import { ROUTE_SHADOW_ENTRIES } from './routing-checks';
import { HEADER_ROUTE_ENTRIES, MATCH_ENTRIES } from './header-route';
import { HTTPS_POLICY_ENTRIES } from './https-policy';
import { INGRESS_NGINX_ENTRIES } from './ingress-nginx';
import { AMBIENT_CONSTRUCT, ISTIO_AMBIENT_ENTRIES } from './istio-ambient';
import { MULTI_SERVICE_ENTRIES } from './multi-service';
import { MULTI_VERSION_ENTRIES } from './multi-version';
import { PROGRESSIVE_ENTRIES } from './progressive';
import { APP_ENTRIES, INGRESS_GATEWAY_ENTRIES, ROUTING_ENTRIES } from './shared';
import { TCP_ENTRIES } from './tcp';
import { TECHNIQUE_ENTRIES } from './techniques';
import { WORKLOAD_ENTRIES } from './workload';
import { INPUT_CONSTRUCT, INPUT_ENTRIES } from './inputs';

/** Every catalogue entry, grouped by construct (docs/errors.md follows this order). */
export const ALL_ENTRIES: CatalogueEntry[] = [
  ...CANARY_ENTRIES,
  ...MULTI_VERSION_ENTRIES,
  ...HTTPS_POLICY_ENTRIES.filter((e) => e.construct === 'CanaryService'),
  ...PROGRESSIVE_ENTRIES,
  ...BLUEGREEN_ENTRIES,
  ...BLUEGREEN_ENGINE_ENTRIES,
  ...TCP_ENTRIES,
  ...HEADER_ROUTE_ENTRIES,
  ...MATCH_ENTRIES,
  ...MULTI_SERVICE_ENTRIES,
  ...GATEWAY_API_ENTRIES,
  ...INGRESS_NGINX_ENTRIES,
  ...ISTIO_AMBIENT_ENTRIES,
  ...ROUTING_ENTRIES,
  ...ROUTE_SHADOW_ENTRIES,
  ...HTTPS_POLICY_ENTRIES.filter((e) => e.construct === 'MeshRouting'),
  ...INGRESS_GATEWAY_ENTRIES,
  ...HTTPS_POLICY_ENTRIES.filter((e) => e.construct === 'IngressGateway'),
  ...APP_ENTRIES,
  ...GATEWAY_CHECK_ENTRIES,
  ...GATEWAY_HOST_ENTRIES,
  ...WORKLOAD_ENTRIES,
  ...ALERTS_ENTRIES,
  ...TECHNIQUE_ENTRIES,
  ...INPUT_ENTRIES,
];

/** The valid input the entries of a construct start from (printed under its heading in docs/errors.md). */
export const CONSTRUCT_BASES: Record<string, string> = {
  'CanaryService': "`name: 'demo4'`, versions `v1`/`v2` of `mritd/demo`, `stages: [10, 50]`, `stage: 'canary-10'` (construct id `demo4`).",
  'CanaryService with progression (Flagger, Argo Rollouts)': 'the CanaryService above with `progression`; the engine reports on its own construct (`demo4/Flagger`, `demo4/ArgoRollout`).',
  'FlaggerCanary': "`name: 'demo4'`, version `v2` of `mritd/demo`, `stages: resolveCanaryStages([10, 50], true)`, the seed 000 thresholds.",
  'ArgoRollout': "`name: 'demo4'`, version `v2` of `mritd/demo`, `stages: resolveCanaryStages([10, 50], true)`, the seed 000 thresholds.",
  'BlueGreenService': "`name: 'shop'`, blue `v1` and green `v2` of `example/shop`, the default stages (preview, switch, finalize), `stage: 'preview'` (construct id `shop`).",
  'TcpCanary': "`name: 'tcp-echo'`, `port: 9000`, versions `v1`/`v2` of `istio/tcp-echo-server:1.2`, `stages: [20]`, `gateway: { name: 'tcp-echo-gateway' }` (construct id `tcp-echo`).",
  'HeaderRoute': "`name: 'forecast'`, versions `v1`/`v2` of `weather/forecast`, one stage `chrome` (Chrome to v2, the rest to v1) (construct id `forecast`).",
  'match helpers (cookie, userAgent, allOf, header...), here in a HeaderRoute': 'the HeaderRoute above with one stage `s` whose one route sends the example condition to v2; the message names the stage and route.',
  'MultiServiceRelease': "`from: 'v1'`, `to: 'v2'`, entry `frontend` behind gateway `weather-gateway` (`external: true`), downstream `forecast`, one stage `testers` matching `cookie('user', 'tester')` (construct id `release`).",
  'GatewayApiRouting (any strategy with traffic: Traffic.gatewayApi())': 'the Gateway API routing every strategy builds with `traffic: Traffic.gatewayApi()`: service `demo4`, versions `v1`/`v2`, with the rules shown (construct id `Routing`).',
  'workload options (every construct; here a CanaryService)': 'the CanaryService above with the workload options shown; a construct-wide option is reported once per Deployment (`v1` and `v2` at `canary-10`), a version option on that version\'s Deployment.',
  'DedicatedIngressGateway': "`new DedicatedIngressGateway(chart, 'ingress', { name, ports })` in the chart of namespace `test1`.",
  'RolloutNamespace': 'a `RolloutNamespace` (construct id `ns`) in the chart of namespace `test1`, with the props shown.',
  'RolloutAlerts': "`new RolloutAlerts(chart, 'alerts', { rollout, thresholds })` on the CanaryService `demo4` above, thresholds of seed 000 §3.2 (`seed000`), golden signals `GoldenSignalAlerts.seed000()` where shown.",
  'IngressNginxRouting (ingress-nginx provider)': "`service: 'demo4'`, `hosts: ['demo4.example.com']`, versions `v1` (stable) and `v2`, one rule sending 10% to v2 (construct id `Routing`).",
  [AMBIENT_CONSTRUCT]: 'the istio-ambient provider\'s construct: service `demo4`, versions `v1`/`v2` (VersionedApp with `sidecarInjection: false`), `http: [{ split: v1 90 / v2 10 }]`, waypoint `waypoint` created in the chart\'s namespace, with the props shown (construct id `Routing`).',
  [INPUT_CONSTRUCT]: 'the valid inputs above (CanaryService `demo4`, HeaderRoute `forecast` with one stage `s` routing the condition shown to v2, the ingress-nginx routing), changed as the example shows.',
  'MeshRouting': 'the Istio routing every strategy builds: service `demo4`, subsets `v1`/`v2`, with the rules shown (construct id `routing`).',
};

/**
 * Files whose problem messages the catalogue must cover: all of lib/. A message site in one of them
 * (see `messageSites` in catalogue.test.ts) needs an entry with that `source` (or an exemption below),
 * so a new check anywhere in the library cannot skip the catalogue.
 */
export const COVERED_SOURCES: readonly string[] = ['lib'];

/** Message sites that are not user-facing messages of their own, per file, with the reason. @default - none */
export const EXEMPT_SITES: Record<string, { count: number; reason: string }> = {
  'lib/rollout/staged-rollout.ts': {
    count: 1,
    reason: 'the `problem(message, fix)` helper of the strategies: the messages its callers pass are counted where they are written.',
  },
  'lib/routing/match-helpers.ts': {
    count: 1,
    reason: '`matchProblems` prefixes the messages of the helpers with where the condition is used (`stage "s", route 1: ...`); the messages themselves have entries.',
  },
};

/** Checks of lib/validation/rules.ts whose message never reaches users as is, with the reason. */
export const EXEMPT_RULES: Record<string, string> = {
  checkDnsSubdomain: 'a building block: its message only reaches users through checkHostName, which words its own.',
};
