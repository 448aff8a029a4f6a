import { Chart, Duration } from 'cdk8s';
import {
  allOf, cookie, cookieSuffix, fromSourceLabels, HeaderRoute, HeaderRouteProps, HeaderRouteStage, headerExact, headerPrefix, pathPrefix, RequestMatch, Traffic, userAgent,
} from '../../../lib';
import { CatalogueEntry, exact, propsExample } from '../catalogue';

/** A valid HeaderRoute (the input of test/header-route/header-route-errors.test.ts); each entry overrides a few props. */
export const VALID_HEADER_ROUTE: HeaderRouteProps = {
  name: 'forecast',
  versions: [{ name: 'v1', image: 'weather/forecast:1.0.0' }, { name: 'v2', image: 'weather/forecast:2.0.0' }],
  stages: [{ name: 'chrome', routes: [{ matches: [userAgent({ browser: 'chrome' })], to: 'v2' }], default: 'v1' }],
  stage: 'chrome',
};

/** An entry whose bad input is `VALID_HEADER_ROUTE` with `overrides`. */
export function headerRouteEntry(id: string, source: string, overrides: Partial<HeaderRouteProps>, message: RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    id: `header-route/${id}`,
    construct: 'HeaderRoute',
    source,
    example: propsExample(overrides),
    define: (chart: Chart) => {
      new HeaderRoute(chart, 'forecast', { ...VALID_HEADER_ROUTE, ...overrides });
    },
    path: 'forecast',
    message,
    ...extra,
  };
}

/** The one stage `stage`, active. */
export function oneStage(stage: HeaderRouteStage): Partial<HeaderRouteProps> {
  return { stages: [stage], stage: stage.name };
}

const STAGES = 'lib/header-route/header-route-stages.ts';
const ROUTES = 'lib/routing/route-problems.ts';
const TECHNIQUES = 'lib/header-route/header-route-techniques.ts';

export const HEADER_ROUTE_ENTRIES: CatalogueEntry[] = [
  headerRouteEntry('no-versions', 'lib/header-route/header-route-plan.ts', { versions: [] },
    exact('the route declares no versions. Fix: declare the versions, e.g. [{ name: \'v1\', image: \'app:1.0.0\' }, { name: \'v2\', image: \'app:2.0.0\' }].')),
  headerRouteEntry('stage-runs-nothing', STAGES, oneStage({ name: 's', default: 'v1', running: [] }),
    exact('stage "s" runs no version. Fix: list at least one of the declared versions (v1, v2) in running, or leave it out to run them all.')),
  headerRouteEntry('stage-runs-undeclared-version', STAGES, oneStage({ name: 's', default: 'v1', running: ['v1', 'v3'] }),
    exact('stage "s" runs version "v3", which is not declared. Fix: declare "v3" in versions, or run one of: v1, v2.')),
  headerRouteEntry('route-to-undeclared-version', STAGES, oneStage({ name: 's', routes: [{ matches: [cookie('user', 'tester')], to: 'v3' }], default: 'v1' }),
    exact('stage "s" routes to version "v3", which is not declared. Fix: route to one of the declared versions (v1, v2), or declare "v3" in versions.')),
  headerRouteEntry('route-to-version-not-running', STAGES, oneStage({ name: 's', default: { v1: 50, v2: 50 }, running: ['v2'] }),
    exact('stage "s" routes to version "v1", which does not run at this stage (running: v2). Fix: add "v1" to the stage\'s running versions, or route its traffic elsewhere.')),
  // Route checks (lib/routing/route-problems.ts) as HeaderRoute words them.
  headerRouteEntry('tcp-protocol', ROUTES, { protocol: 'tcp' },
    exact('protocol \'tcp\' names the ports "tcp", so Istio treats the traffic as plain TCP and never applies HeaderRoute\'s HTTP routes (headers, cookies, User-Agent, weights). Fix: use an HTTP protocol (\'http\', \'http2\' or \'grpc\'), or TcpCanary for a TCP service.')),
  headerRouteEntry('shadowed-route', ROUTES, oneStage({ name: 's', routes: [{ name: 'all', matches: [], to: 'v2' }], default: 'v1' }),
    exact('stage "s", rule "all" matches every request, so the 1 rule(s) after it can never match (shadowed). Fix: put the catch-all rule last, or give it a match condition.')),
  headerRouteEntry('weights-not-100', ROUTES, oneStage({ name: 's', default: { v1: 60, v2: 30 } }),
    exact('stage "s", rule 1: the weights sum to 90 (60 + 30), not 100. Fix: make the weights of one route add up to exactly 100.'), { rule: 'checkWeightSum' }),
  // What a provider's features leave out (lib/providers/core/provider.ts), for providers without their own wording.
  headerRouteEntry('provider-cannot-express', 'lib/providers/core/provider.ts', { traffic: Traffic.serviceSelector() },
    exact('route uses routing rules, more than 1 version and header regex conditions, which traffic \'service-selector\' cannot express. Fix: change the routing, or choose a traffic provider that supports it (e.g. Traffic.istio()).')),  // Release techniques of HeaderRoute stages (mirror, sticky): lib/header-route/header-route-techniques.ts.
  headerRouteEntry('mirror-percent', TECHNIQUES, oneStage({ name: 's', default: 'v1', defaultMirror: { version: 'v2', percent: 150 } }),
    exact('stage "s", default: mirror percent 150 is not a whole percentage between 1 and 100. Fix: set percent to the share of the requests copied to "v2", e.g. 10, or remove the mirror.')),
  headerRouteEntry('mirror-undeclared-version', TECHNIQUES, oneStage({ name: 's', default: 'v1', defaultMirror: { version: 'v3', percent: 10 } }),
    exact('stage "s", default mirrors to version "v3", which is not declared. Fix: mirror to one of the declared versions (v1, v2), or declare "v3" in versions.')),
  headerRouteEntry('mirror-version-not-running', TECHNIQUES, oneStage({ name: 's', default: 'v1', running: ['v1'], defaultMirror: { version: 'v2', percent: 10 } }),
    exact('stage "s", default mirrors to version "v2", which does not run at this stage (running: v1). Fix: add "v2" to the stage\'s running versions, or remove the mirror.')),
  headerRouteEntry('mirror-to-serving-version', TECHNIQUES, oneStage({ name: 's', routes: [{ name: 'qa', matches: [cookie('user', 'qa')], to: 'v2', mirror: { version: 'v2', percent: 10 } }], default: 'v1' }),
    exact('stage "s", route "qa" mirrors to version "v2", which already serves every request of it: each request would reach "v2" twice. Fix: mirror to the version that is not serving these requests yet (the new one), or remove the mirror.'),
    { example: "routes: [{ name: 'qa', matches: [cookie('user', 'qa')], to: 'v2', mirror: { version: 'v2', percent: 10 } }], default: 'v1'" }),
  headerRouteEntry('sticky-not-weighted', TECHNIQUES, oneStage({ name: 's', default: 'v1', defaultSticky: {} }),
    exact('stage "s", default is sticky, but sends its requests to "v1" only: stickiness keeps a user on one version of a weighted split. Fix: give it a weighted split such as { v1: 90, v2: 10 }, or remove sticky.')),
  headerRouteEntry('sticky-on-cookie-route', TECHNIQUES, oneStage({ name: 's', routes: [{ matches: [cookie('user', 'qa')], to: { v1: 50, v2: 50 }, sticky: {} }], default: 'v1' }),
    new RegExp(`^stage "s", route 1 is sticky and matches on the cookie header \\(\\{"regex":".+"\\}\\): ${exact('its sticky rules need a condition on that header too, and Istio and the Gateway API allow one condition per header in a match. Fix: match these users by another header, or make a route without cookie conditions sticky.').source.slice(1)}`),
    { example: "routes: [{ matches: [cookie('user', 'qa')], to: { v1: 50, v2: 50 }, sticky: {} }], default: 'v1'" }),
  headerRouteEntry('sticky-max-age-not-whole-seconds', 'lib/stages/sticky-session.ts', oneStage({ name: 's', default: { v1: 50, v2: 50 }, defaultSticky: { maxAge: Duration.millis(1500) } }),
    exact('stage "s", default: sticky maxAge (1500 ms) is not a whole, positive number of seconds (the cookie\'s Max-Age). Fix: use e.g. maxAge: Duration.minutes(30).'),
    { example: 'default: { v1: 50, v2: 50 }, defaultSticky: { maxAge: Duration.millis(1500) }' }),
  headerRouteEntry('mirror-provider-cannot', TECHNIQUES, { traffic: Traffic.istioAmbient(), ...oneStage({ name: 's', default: 'v1', defaultMirror: { version: 'v2', percent: 10 } }) },
    exact('stage "s", default mirrors 10% of its requests to "v2", which traffic \'istio-ambient\' cannot express. Fix: remove the mirror, or use traffic: Traffic.istio() or Traffic.gatewayApi() (both mirror requests).'),
    { example: "traffic: Traffic.istioAmbient(), default: 'v1', defaultMirror: { version: 'v2', percent: 10 }" }),
  headerRouteEntry('sticky-provider-cannot', TECHNIQUES, { traffic: Traffic.istioAmbient(), ...oneStage({ name: 's', default: { v1: 50, v2: 50 }, defaultSticky: {} }) },
    exact('stage "s", default is sticky (its versions set a cookie on their responses), which traffic \'istio-ambient\' cannot express. Fix: remove sticky, or use traffic: Traffic.istio() or Traffic.gatewayApi() (both set response headers).'),
    { example: 'traffic: Traffic.istioAmbient(), default: { v1: 50, v2: 50 }, defaultSticky: {}' }),
  // A stage that is not rendered is still checked against the provider (lib/header-route/header-route-stage-checks.ts).
  headerRouteEntry('other-stage-provider-cannot', 'lib/header-route/header-route-stage-checks.ts', {
    traffic: Traffic.istioAmbient(),
    stages: [{ name: 'first', default: 'v1' }, { name: 'later', routes: [{ matches: [headerPrefix('user-agent', 'Android')], to: 'v2' }], default: 'v1' }],
    stage: 'first',
  }, exact('stage "later": istio-ambient cannot match header "user-agent" by prefix "Android" (HTTP route, rule 1): HTTPRoute header matches are Exact or RegularExpression only. Fix: match the header with { regex: \'Android.*\' } (RE2 full match, same meaning) or { exact: ... }.'),
  { example: "traffic: Traffic.istioAmbient(), stages: [{ name: 'first', default: 'v1' }, { name: 'later', routes: [{ matches: [headerPrefix('user-agent', 'Android')], to: 'v2' }], default: 'v1' }], stage: 'first'" }),
];

/** A HeaderRoute whose one stage routes requests matching `match` to v2. */
function matchEntry(id: string, source: string, call: string, match: RequestMatch, message: RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    id: `match/${id}`,
    construct: 'match helpers (cookie, userAgent, allOf, header...), here in a HeaderRoute',
    source,
    example: `routes: [{ matches: [${call}], to: 'v2' }]`,
    define: (chart: Chart) => {
      new HeaderRoute(chart, 'forecast', { ...VALID_HEADER_ROUTE, ...oneStage({ name: 's', routes: [{ matches: [match], to: 'v2' }], default: 'v1' }) });
    },
    path: 'forecast',
    message,
    ...extra,
  };
}

const HELPERS = 'lib/routing/match-helpers.ts';
const UA = 'lib/routing/user-agent.ts';

/** The match helpers (lib/routing/match-helpers.ts, user-agent.ts): their problems travel with the match to the construct using it. */
export const MATCH_ENTRIES: CatalogueEntry[] = [
  matchEntry('header-name-not-lower-case', HELPERS, "headerExact('X-Canary', 'true')", headerExact('X-Canary', 'true'),
    exact('stage "s", route 1: header name "X-Canary" is not a lower-case HTTP header name. Fix: write it in lower case ("x-canary"): Istio requires lower-case header keys.')),
  matchEntry('header-name-not-a-token', HELPERS, "headerExact('x canary', 'true')", headerExact('x canary', 'true'),
    exact('stage "s", route 1: header name "x canary" is not a lower-case HTTP header name. Fix: use a header name of lower-case letters, digits and "-" (e.g. "user-agent", "x-canary").')),
  matchEntry('header-name-unknown-pseudo-header', HELPERS, "headerExact(':protocol', 'h2')", headerExact(':protocol', 'h2'),
    exact('stage "s", route 1: header name ":protocol" is not an HTTP/2 pseudo-header Istio can match (:authority, :method, :path, :scheme, :status). Fix: match one of those pseudo-headers, or a regular header name without the leading ":".')),
  matchEntry('header-prefix-empty', HELPERS, "headerPrefix('x-team', '')", headerPrefix('x-team', ''),
    exact('stage "s", route 1: headerPrefix() was given an empty prefix for header "x-team", so it would match every value of that header. Fix: give the start of the value to match, or use headerRegex(\'x-team\', \'.*\') to require only that the header is present.')),
  matchEntry('cookie-name-invalid', HELPERS, "cookie('user id', 'tester')", cookie('user id', 'tester'),
    exact('stage "s", route 1: cookie name "user id" is not a valid cookie name, so no browser sends it and the condition never matches. Fix: use a cookie name of letters, digits and !#$%&\'*+-.^_`|~ (no spaces, "=", ";" or quotes).')),
  matchEntry('cookie-value-invalid', HELPERS, "cookie('user', 'a;b')", cookie('user', 'a;b'),
    exact('stage "s", route 1: cookie value "a;b" of cookie "user" contains characters a cookie value cannot hold (space, ",", ";", "\\" or a quote). Fix: match the value as the browser sends it: printable ASCII without spaces, commas, semicolons, backslashes or quotes.')),
  matchEntry('cookie-suffix-empty', HELPERS, "cookieSuffix('email', '')", cookieSuffix('email', ''),
    exact('stage "s", route 1: cookieSuffix() was given an empty suffix for cookie "email", so it would match every value of that cookie. Fix: give the end of the value to match, e.g. cookieSuffix(\'email\', \'@some-company-name.com\').')),
  matchEntry('all-of-two-user-agent-conditions', HELPERS, "allOf(userAgent({ browser: 'chrome' }), userAgent({ os: 'android' }))",
    allOf(userAgent({ browser: 'chrome' }), userAgent({ os: 'android' })),
    new RegExp(`^stage "s", route 1: allOf\\(\\) puts two different conditions on header "user-agent" \\(\\{"regex":".+"\\} and \\{"regex":".+"\\}\\) in one match\\. ${exact('Fix: Istio allows one condition per header in a match: for a browser on an OS use userAgent({ browser, os }).').source.slice(1)}`)),
  matchEntry('all-of-two-header-conditions', HELPERS, "allOf(headerExact('x-team', 'a'), headerExact('x-team', 'b'))",
    allOf(headerExact('x-team', 'a'), headerExact('x-team', 'b')),
    exact('stage "s", route 1: allOf() puts two different conditions on header "x-team" ({"exact":"a"} and {"exact":"b"}) in one match. Fix: Istio allows one condition per header in a match: express both in one regex (headerRegex), or route them in separate rules.')),
  matchEntry('all-of-two-source-label-values', HELPERS, "allOf(fromSourceLabels({ app: 'web' }), fromSourceLabels({ app: 'api' }))",
    allOf(fromSourceLabels({ app: 'web' }), fromSourceLabels({ app: 'api' })),
    exact('stage "s", route 1: allOf() puts two different conditions on source label "app" ("web" and "api") in one match. Fix: a pod carries one value per label: route the two callers in separate matches.')),
  matchEntry('all-of-two-paths', HELPERS, "allOf(pathPrefix('/api'), pathPrefix('/v2'))", allOf(pathPrefix('/api'), pathPrefix('/v2')),
    exact('stage "s", route 1: allOf() puts two different conditions on the path ({"prefix":"/api"} and {"prefix":"/v2"}) in one match. Fix: use one path condition per match, or separate matches.')),
  matchEntry('all-of-two-gateway-lists', HELPERS, "allOf({ gateways: ['mesh'] }, { gateways: ['weather-gateway'] })",
    allOf({ gateways: ['mesh'] }, { gateways: ['weather-gateway'] }),
    exact('stage "s", route 1: allOf() puts two different conditions on the gateways (mesh and weather-gateway) in one match. Fix: list the gateways once per match.')),
  matchEntry('all-of-two-ports', HELPERS, 'allOf({ port: 80 }, { port: 8080 })', allOf({ port: 80 }, { port: 8080 }),
    exact('stage "s", route 1: allOf() puts two different conditions on the port (80 and 8080) in one match. Fix: a request has one destination port: use separate matches.')),
  matchEntry('user-agent-unknown-browser', UA, "userAgent({ browser: 'netscape' })", userAgent({ browser: 'netscape' } as any),
    exact('stage "s", route 1: userAgent(): unknown browser family "netscape". Fix: use one of: chrome, chromium, firefox, safari, edge, opera.')),
  matchEntry('user-agent-unknown-os', UA, "userAgent({ os: 'beos' })", userAgent({ os: 'beos' } as any),
    exact('stage "s", route 1: userAgent(): unknown OS family "beos". Fix: use one of: android, ios, windows, macos, linux.')),
  matchEntry('user-agent-without-family', UA, 'userAgent({})', userAgent({}),
    exact('stage "s", route 1: userAgent() was given neither a browser nor an os, so it would match every request. Fix: name a family, e.g. userAgent({ browser: \'chrome\' }) or userAgent({ os: \'android\' }).')),
];
