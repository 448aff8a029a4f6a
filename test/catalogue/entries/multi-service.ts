import { Chart } from 'cdk8s';
import { cookie, headerRegex, MultiServiceRelease, MultiServiceReleaseProps, Traffic, VersionSpec } from '../../../lib';
import { CatalogueEntry, exact, propsExample } from '../catalogue';

const versions = (app: string, names = ['v1', 'v2']): VersionSpec[] => names.map((n) => ({ name: n, image: `weather/${app}:${n.replace(/\D/g, '')}.0.0` }));

/**
 * A valid MultiServiceRelease (the input of test/multi-service/multi-service-errors.test.ts, with the
 * entry's gateway in the chart's namespace so that entries built into one app do not share it).
 */
export const VALID_RELEASE: MultiServiceReleaseProps = {
  from: 'v1',
  to: 'v2',
  entry: { name: 'frontend', versions: versions('frontend'), gateway: { name: 'weather-gateway', hosts: ['weather.example.com'], external: true, includeMesh: false } },
  downstream: [{ name: 'forecast', versions: versions('forecast') }],
  stages: [{ name: 'testers', matches: [cookie('user', 'tester')] }],
  stage: 'testers',
};

/** An entry whose bad input is `VALID_RELEASE` with `overrides`. */
export function releaseEntry(id: string, source: string, overrides: Partial<MultiServiceReleaseProps>, message: RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    id: `multi-service/${id}`,
    construct: 'MultiServiceRelease',
    source,
    example: propsExample(overrides as Record<string, unknown>),
    define: (chart: Chart) => {
      new MultiServiceRelease(chart, 'release', { ...VALID_RELEASE, ...overrides });
    },
    path: 'release',
    message,
    ...extra,
  };
}

const RELEASE = 'lib/multi-service/release-problems.ts';
const PLAN = 'lib/multi-service/multi-service-plan.ts';
const STAGES = 'lib/multi-service/multi-service-stages.ts';

export const MULTI_SERVICE_ENTRIES: CatalogueEntry[] = [
  releaseEntry('same-from-and-to', RELEASE, { from: 'v2' },
    exact('from and to are both "v2", so nothing is released. Fix: name the old and the new version differently, e.g. from: \'v1\', to: \'v2\'.')),
  releaseEntry('no-downstream-service', RELEASE, { downstream: [] },
    exact('the release of "frontend" has no downstream services. Fix: list the services called behind the entry service in downstream; to route one service by request content use HeaderRoute.')),
  releaseEntry('service-listed-twice', RELEASE, { downstream: [{ name: 'frontend', versions: versions('frontend') }] },
    exact('service "frontend" is listed twice in the release. Fix: list every service once: the entry service once, and each downstream service once.')),
  releaseEntry('conditions-without-gateway', RELEASE, { entry: { name: 'frontend', versions: versions('frontend') } },
    exact('stage "testers" routes by request conditions on entry service "frontend", which is not reachable through a gateway, so user requests never bring those conditions to it. Fix: give the entry service the gateway users come through (entry.gateway: an IngressGateway or GatewayOptions), or make the service behind that gateway the entry.')),
  releaseEntry('service-missing-a-version', RELEASE, { downstream: [{ name: 'forecast', versions: versions('forecast', ['v1']) }] },
    exact('downstream service "forecast" has no version "v2", so requests of the release would have nowhere to go on it. Fix: every service of the release needs both "v1" and "v2": add { name: \'v2\', image: ... } to the versions of "forecast".')),
  releaseEntry('mixed-version-names', RELEASE, { downstream: [{ name: 'forecast', versions: versions('forecast', ['v1', 'v2', 'v3']) }] },
    exact('downstream service "forecast" declares version "v3", but the release moves every service from "v1" to "v2": mixed version names break the routing by the caller\'s version label. Fix: name the versions of "forecast" "v1" and "v2", like every other service of the release.')),
  releaseEntry('same-deployment-from-two-services', RELEASE, {
    to: 'next-v1',
    entry: { ...VALID_RELEASE.entry, name: 'web', versions: versions('web', ['v1', 'next-v1']) },
    downstream: [{ name: 'web-next', versions: versions('web-next', ['v1', 'next-v1']) }],
  }, exact('Deployment "web-next-v1" would be made twice: by service "web" (version "next-v1") and by service "web-next" (version "v1"). Fix: rename one of the services or versions so that every <service>-<version> is distinct.')),
  releaseEntry('tcp-protocol', 'lib/routing/route-problems.ts', { downstream: [{ name: 'forecast', versions: versions('forecast'), protocol: 'tcp' }] },
    exact('protocol \'tcp\' names the ports "tcp", so Istio treats the traffic as plain TCP and never applies the HTTP routes of downstream service "forecast" (conditions, weights, the caller\'s version). Fix: use an HTTP protocol (\'http\', \'http2\' or \'grpc\'), or TcpCanary for a TCP service.')),
  releaseEntry('gateway-api-traffic', PLAN, { traffic: Traffic.gatewayApi() },
    exact('traffic \'gateway-api\' cannot render this release: its downstream services route calls by the caller\'s version (Istio sourceLabels app: <caller>, version: v2), and sourceLabels cannot be expressed in the Gateway API, whose HTTPRoute has no condition on the calling workload. Fix: set traffic: Traffic.istio() on this MultiServiceRelease (a traffic prop set in code wins over ROLLOUT_TRAFFIC), or release the services one at a time with CanaryService or HeaderRoute.')),
  releaseEntry('weight-out-of-range', STAGES, { stages: [{ name: 'half', weight: 150 }], stage: 'half' },
    exact('weight of stage "half" 150 is not an integer between 0 and 100. Fix: use a whole percentage from 0 to 100.'), { rule: 'checkWeight' }),
  releaseEntry('weights-backwards', STAGES, { stages: [{ name: 'half', weight: 50 }, { name: 'tenth', weight: 10 }], stage: 'half' },
    exact('stage "tenth" lowers the weight of the new versions from 50 to 10 without being marked as a rollback. Fix: order the stages by increasing weight, or declare the stage as { name: \'tenth\', weight: 10, rollback: true }.')),
  {
    ...releaseEntry('condition-regex-not-re2', STAGES, { stages: [{ name: 'testers', matches: [headerRegex('x-user', '(?=a)')] }] },
      /^stage "testers", condition 1: header "x-user" regex \/\(\?=a\)\/ is not a valid RE2 regular expression \(.+\)\. Fix: Envoy uses RE2: remove lookahead\/lookbehind and backreferences, and escape metacharacters\.$/, { rule: 'checkRe2' }),
    example: "stages: [{ name: 'testers', matches: [headerRegex('x-user', '(?=a)')] }]",
  },
  releaseEntry('entry-without-sidecar', 'lib/multi-service/release-sidecars.ts', { entry: { ...VALID_RELEASE.entry, sidecarInjection: false } },
    exact('entry service "frontend" has sidecarInjection: false, but the downstream services pin the release by the caller\'s pod labels (sourceLabels app: frontend, version: v2), which only the caller\'s sidecar sends: no such rule can ever match, so requests entering "frontend" v2 would reach the v1 downstream versions. Fix: remove sidecarInjection: false from entry service "frontend" (the sidecar routes its calls by the release), or use a provider that pins the release by a request header (traffic: Traffic.istioAmbient()).')),
];
