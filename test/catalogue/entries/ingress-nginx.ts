import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryService, CanaryServiceProps, MultiServiceRelease, renderStageRouting, Traffic } from '../../../lib';
import { IngressNginxProvider } from '../../../lib/providers/ingress-nginx/provider';
import { VALID_RELEASE } from './multi-service';
import { IngressNginxInput, IngressNginxRouting } from '../../../lib/providers/ingress-nginx';
import { cookie, headerExact, headerPrefix, headerRegex } from '../../../lib/routing/match-helpers';
import { RouteRule } from '../../../lib/routing/route-model';
import { CatalogueEntry, exact, propsExample } from '../catalogue';

/** The valid input of the ingress-nginx entries: demo4 v1 (stable) and v2, 10% to v2. */
export const VALID_INGRESS_NGINX: IngressNginxInput = {
  service: 'demo4',
  hosts: ['demo4.example.com'],
  versions: [{ name: 'v1' }, { name: 'v2' }],
  stable: 'v1',
  rules: [{ split: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] }],
};

const SOURCE = 'lib/providers/ingress-nginx/ingress-problems.ts';
const split = (v2: number) => [{ version: 'v1', weight: 100 - v2 }, { version: 'v2', weight: v2 }];
const toV2 = [{ version: 'v2', weight: 100 }];
const toV1 = [{ version: 'v1', weight: 100 }];
const rest = (v2 = 10): RouteRule => ({ split: split(v2) });

function nginxEntry(id: string, props: Partial<IngressNginxInput>, message: RegExp, example?: string, rule?: string): CatalogueEntry {
  return {
    ...(rule ? { rule } : {}),
    id: `ingress-nginx/${id}`,
    construct: 'IngressNginxRouting (ingress-nginx provider)',
    source: SOURCE,
    example: example ?? propsExample(props as Record<string, unknown>),
    define: (chart: Chart) => { new IngressNginxRouting(chart, 'Routing', { ...VALID_INGRESS_NGINX, ...props }); },
    path: 'Routing',
    message,
  };
}

export const INGRESS_NGINX_ENTRIES: CatalogueEntry[] = [
  nginxEntry('no-hosts', { hosts: [] }, exact('ingress-nginx cannot route "demo4" without a host: the canary Ingress merges into the main Ingress by host and path. Fix: give at least one host, e.g. hosts: [\'demo4.example.com\'].')),
  nginxEntry('bad-host', { hosts: ['10.0.0.1'] }, exact('ingress-nginx cannot serve host "10.0.0.1" of "demo4": an Ingress host is a lower-case DNS name (a leading "*." wildcard allowed), not an IP address or a name with a port. Fix: write a DNS name such as "demo4.example.com" or "*.example.com".')),
  nginxEntry('duplicate-host', { hosts: ['demo4.example.com', 'demo4.example.com'] }, exact('ingress-nginx routing of "demo4" lists host "demo4.example.com" twice. Fix: list each host once.')),
  nginxEntry('bad-path', { path: '/api;rm' }, exact('ingress-nginx cannot serve path "/api;rm" (pathType Prefix) of "demo4": with strict-validate-path-type (the default) a path is "/" followed by letters, digits, ".", "_", "-" and "/" only. Fix: use a plain path such as "/" or "/api".')),
  nginxEntry('path-conflict', { path: '/web', rules: [{ matches: [{ uri: { prefix: '/api' } }], split: split(10) }] }, exact('ingress-nginx routing of "demo4" has path "/web" but its rules match uri {"prefix":"/api"}: both would decide the Ingress path. Fix: give the path once: either the path input or the uri of the rules.'),
    "path: '/web', rules: [{ matches: [{ uri: { prefix: '/api' } }], split: v1 90, v2 10 }]"),
  nginxEntry('uri-differs', { rules: [{ matches: [{ uri: { prefix: '/api' }, ...headerExact('x-canary', 'on') }], split: toV2 }, rest()] }, exact('ingress-nginx cannot route "demo4" on different paths in one stage (uri {"prefix":"/api"} and none): the canary Ingress has the same host and path as the main Ingress, so every rule applies to that one path. Fix: use the same uri condition (or none) in every rule, and route other paths with their own service.'),
    "rules: [{ matches: [allOf(pathPrefix('/api'), headerExact('x-canary', 'on'))], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('uri-regex', { rules: [{ matches: [{ uri: { regex: '/api/v[0-9]+' } }], split: split(10) }] }, exact('ingress-nginx cannot match the uri regex "/api/v[0-9]+" of "demo4" with canary annotations: regex paths need use-regex, which the canary Ingress inherits from the main Ingress and changes the matching of every path of the host. Fix: match the path with { exact: ... } or { prefix: ... }.'),
    "rules: [{ matches: [{ uri: { regex: '/api/v[0-9]+' } }], split: v1 90, v2 10 }]"),
  nginxEntry('unknown-stable', { stable: 'v0' }, exact('ingress-nginx routing of "demo4": the stable version "v0" is not one of the versions ("v1", "v2"). Fix: name one of the versions as stable.')),
  nginxEntry('unknown-version', { versions: [{ name: 'v1' }], rules: [rest()] }, exact('ingress-nginx routing of "demo4", rule 1 sends traffic to version "v2", which is not one of the versions ("v1"). Fix: route to a listed version, or add it to the versions.'), "versions: [{ name: 'v1' }], rules: [{ split: v1 90, v2 10 }]"),
  nginxEntry('two-canaries', { versions: [{ name: 'v1' }, { name: 'v2' }, { name: 'v3' }], rules: [{ split: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 10 }, { version: 'v3', weight: 10 }] }] }, exact('ingress-nginx cannot send traffic of "demo4" to more than one version besides the stable "v1" (here "v2", "v3"): ingress-nginx allows one canary Ingress per host and path. Fix: release one new version at a time, or use traffic: \'istio\' or \'gateway-api\'.'),
    'versions v1, v2, v3, rules: [{ split: v1 80, v2 10, v3 10 }]'),
  nginxEntry('weighted-split-in-a-match', { rules: [{ matches: [headerExact('x-canary', 'on')], split: split(50) }, rest()] }, exact('ingress-nginx cannot split the traffic of "demo4", rule 1 (v1 50%, v2 50%): a canary-by-header or canary-by-cookie match sends 100% of its requests to the canary; only the requests no match takes are split by canary-weight. Fix: send the matched requests to one version, and split only the last rule (without conditions).'),
    "rules: [{ matches: [headerExact('x-canary', 'on')], split: v1 50, v2 50 }, { split: v1 90, v2 10 }]"),
  nginxEntry('source-labels', { rules: [{ matches: [{ sourceLabels: { app: 'frontend' } }], split: toV2 }, rest()] }, exact('ingress-nginx cannot match the calling workload of "demo4", rule 1 (sourceLabels {"app":"frontend"}): the Ingress controller sees external requests, not the labels of a calling pod. Fix: route in-mesh callers with traffic: \'istio\'.'),
    "rules: [{ matches: [fromSourceLabels({ app: 'frontend' })], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('port', { rules: [{ matches: [{ port: 8080 }], split: toV2 }, rest()] }, exact('ingress-nginx cannot match destination port 8080 of "demo4", rule 1: canary annotations have no port condition. Fix: drop the port condition; the Ingress serves HTTP on the controller\'s ports.'), 'rules: [{ matches: [{ port: 8080 }], split: v2 }, { split: v1 90, v2 10 }]'),
  nginxEntry('gateways', { rules: [{ matches: [{ gateways: ['mesh'] }], split: toV2 }, rest()] }, exact('ingress-nginx cannot restrict "demo4", rule 1 to gateways (mesh): the Ingress controller is the only entry point of the Ingress. Fix: drop the gateways condition.'), "rules: [{ matches: [{ gateways: ['mesh'] }], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('tcp', { tcp: [rest()] }, exact('ingress-nginx cannot route the 1 TCP rule(s) of "demo4": canary annotations apply to HTTP Ingresses only (TCP services of ingress-nginx have no canary). Fix: route TCP with traffic: \'istio\' or \'gateway-api\' (TcpCanary).'), 'tcp: [{ split: v1 90, v2 10 }]'),
  nginxEntry('mirror', { mirror: 'v2' }, exact('ingress-nginx cannot mirror the traffic of "demo4" to version "v2" with canary annotations. Fix: drop the mirror, or use traffic: \'istio\'.')),
  nginxEntry('alternative-matches', { rules: [{ matches: [headerExact('x-canary', 'a'), headerExact('x-canary', 'b')], split: toV2 }, rest()] }, exact('ingress-nginx cannot express "demo4", rule 1 with 2 alternative matches: a canary Ingress has one header condition and one cookie condition. Fix: use one match per rule (for two values of one header, one regex such as "a|b").'),
    "rules: [{ matches: [headerExact('x-canary', 'a'), headerExact('x-canary', 'b')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('several-headers', { rules: [{ matches: [{ headers: { 'x-canary': { exact: 'on' }, 'x-tier': { exact: 'gold' } } }], split: toV2 }, rest()] }, exact('ingress-nginx cannot require several conditions at once in "demo4", rule 1 ("x-canary", "x-tier"): each canary annotation tests one header or one cookie on its own. Fix: use one header or one cookie per rule.'),
    "rules: [{ matches: [allOf(headerExact('x-canary', 'on'), headerExact('x-tier', 'gold'))], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('header-prefix', { rules: [{ matches: [headerPrefix('user-agent', 'Mozilla/5.0')], split: toV2 }, rest()] }, exact('ingress-nginx cannot match header "user-agent" prefix "Mozilla/5.0" of "demo4", rule 1 as such: canary-by-header-value is exact, canary-by-header-pattern a regex. Fix: match the header with { regex: \'Mozilla/5\\.0.*\' } (same meaning) or { exact: ... }.'),
    "rules: [{ matches: [headerPrefix('user-agent', 'Mozilla/5.0')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('header-name', { rules: [{ matches: [headerExact('x_canary', 'on')], split: toV2 }, rest()] }, exact('ingress-nginx cannot match header "x_canary" of "demo4", rule 1: canary-by-header needs a name of lower-case letters, digits and "-" (nginx ignores headers with "_" and reads pseudo-headers differently). Fix: use a header name such as "x-canary".'),
    "rules: [{ matches: [headerExact('x_canary', 'on')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('header-value', { rules: [{ matches: [headerExact('x-group', 'beta testers')], split: toV2 }, rest()] }, exact('ingress-nginx cannot match header "x-group" exactly "beta testers" of "demo4", rule 1: canary-by-header-value must be non-empty and made of letters, digits and "-._~/:" only (the controller drops any other value). Fix: use a value such as "always" or "beta-testers", or a regex with the same meaning.'),
    "rules: [{ matches: [headerExact('x-group', 'beta testers')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('header-regex', { rules: [{ matches: [headerRegex('user-agent', '.*\\pL+.*')], split: toV2 }, rest()] }, exact('ingress-nginx cannot match header "user-agent" regex /.*\\pL+.*/ of "demo4", rule 1 with the same meaning: Unicode classes (\\p, \\P) are read on bytes by nginx (no UTF-8 mode). Fix: use an exact value, or a regex of letters, digits, "-._~/:" and regex operators only.'),
    "rules: [{ matches: [headerRegex('user-agent', '.*\\\\pL+.*')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('stable-by-condition', { rules: [{ matches: [headerExact('x-canary', 'off')], split: toV1 }, rest()] }, exact('ingress-nginx cannot send the requests of "demo4", rule 1 to the stable version "v1": canary annotations only select requests for the canary; the only conditions for the stable version are header "never" (with canary-by-header "always") and cookie "never". Fix: drop the rule (requests no rule takes go to the weighted split), or match header { exact: \'never\' } / cookie(name, \'never\').'),
    "rules: [{ matches: [headerExact('x-canary', 'off')], split: v1 }, { split: v1 90, v2 10 }]"),
  nginxEntry('header-never-alone', { rules: [{ matches: [headerExact('x-canary', 'never')], split: toV1 }, rest()] }, exact('ingress-nginx cannot send header "x-canary: never" of "demo4", rule 1 to the stable version on its own: canary-by-header without a value also sends "x-canary: always" to the canary. Fix: add a rule before the split sending header "x-canary" exact "always" to the canary, or drop the "never" rule.'),
    "rules: [{ matches: [headerExact('x-canary', 'never')], split: v1 }, { split: v1 90, v2 10 }]"),
  nginxEntry('two-headers', { rules: [{ matches: [headerExact('x-canary', 'on')], split: toV2 }, { matches: [headerExact('x-tier', 'gold')], split: toV2 }, rest()] }, exact('ingress-nginx cannot route "demo4" on more than one header ("x-canary", "x-tier"): a canary Ingress has one canary-by-header, and ingress-nginx allows one canary Ingress per host and path. Fix: route on one header (a regex can accept several values).'),
    "rules: [{ matches: [headerExact('x-canary', 'on')], split: v2 }, { matches: [headerExact('x-tier', 'gold')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('two-header-conditions', { rules: [{ matches: [headerExact('x-canary', 'a')], split: toV2 }, { matches: [headerExact('x-canary', 'b')], split: toV2 }, rest()] }, exact('ingress-nginx cannot send several conditions on header "x-canary" of "demo4" to the canary (rule 1: exact "a", rule 2: exact "b"): a canary Ingress has one canary-by-header-value or one canary-by-header-pattern. Fix: merge them into one regex, e.g. { regex: "a|b" }.'),
    "rules: [{ matches: [headerExact('x-canary', 'a')], split: v2 }, { matches: [headerExact('x-canary', 'b')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('cookie-not-from-helper', { rules: [{ matches: [headerRegex('cookie', '.*user=tester.*')], split: toV2 }, rest()] }, exact('ingress-nginx cannot match the cookie header regex /.*user=tester.*/ of "demo4", rule 1: canary-by-cookie tests one cookie for the values "always" and "never" only. Fix: write the condition with cookie(name, \'always\').'),
    "rules: [{ matches: [headerRegex('cookie', '.*user=tester.*')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('cookie-value', { rules: [{ matches: [cookie('user', 'tester')], split: toV2 }, rest(0)] }, exact('ingress-nginx cannot match cookie "user=tester" of "demo4", rule 1: canary-by-cookie only understands the values "always" (canary) and "never" (stable). Fix: use cookie(\'user\', \'always\') and have the testers set that value, or match a header with canary-by-header instead.'),
    "rules: [{ matches: [cookie('user', 'tester')], split: v2 }, { split: v1 100, v2 0 }]"),
  nginxEntry('cookie-name', { rules: [{ matches: [cookie('canary!', 'always')], split: toV2 }, rest(0)] }, exact('ingress-nginx cannot use cookie "canary!" of "demo4", rule 1: canary-by-cookie must be letters, digits and "-._~/:" only (the controller drops any other name). Fix: use a cookie name such as "canary".'),
    "rules: [{ matches: [cookie('canary!', 'always')], split: v2 }, { split: v1 100, v2 0 }]"),
  nginxEntry('two-cookies', { rules: [{ matches: [cookie('a', 'always')], split: toV2 }, { matches: [cookie('b', 'always')], split: toV2 }, rest(0)] }, exact('ingress-nginx cannot route "demo4" on more than one cookie ("a", "b"): a canary Ingress has one canary-by-cookie. Fix: route on one cookie.'),
    "rules: [{ matches: [cookie('a', 'always')], split: v2 }, { matches: [cookie('b', 'always')], split: v2 }, { split: v1 100, v2 0 }]"),
  nginxEntry('cookie-never-missing', { rules: [{ matches: [cookie('canary', 'always')], split: toV2 }, rest(10)] }, exact('ingress-nginx would send cookie "canary=never" of "demo4" to the stable version (canary-by-cookie always does), while the route model sends it to the 10% split. Fix: add a rule cookie(\'canary\', \'never\') to the stable version after the "always" rule, so the route model says what nginx does.'),
    "rules: [{ matches: [cookie('canary', 'always')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('cookie-never-alone', { rules: [{ matches: [cookie('canary', 'never')], split: toV1 }, rest(10)] }, exact('ingress-nginx cannot send cookie "canary=never" of "demo4", rule 1 to the stable version on its own: canary-by-cookie also sends "canary=always" to the canary. Fix: add a rule cookie(\'canary\', \'always\') to the canary before it, or drop the rule.'),
    "rules: [{ matches: [cookie('canary', 'never')], split: v1 }, { split: v1 90, v2 10 }]"),
  nginxEntry('header-after-cookie', {
    rules: [{ matches: [cookie('canary', 'always')], split: toV2 }, { matches: [cookie('canary', 'never')], split: toV1 }, { matches: [headerExact('x-canary', 'on')], split: toV2 }, rest(10)],
  }, exact('ingress-nginx evaluates canary-by-header before canary-by-cookie, so for "demo4" a request matching both rule 2 (cookie) and rule 3 (header) goes where rule 3 says, while the route model sends it where rule 2 says. Fix: put the header rules before the cookie rules.'),
  "rules: [{ matches: [cookie('canary', 'always')], split: v2 }, { matches: [cookie('canary', 'never')], split: v1 }, { matches: [headerExact('x-canary', 'on')], split: v2 }, { split: v1 90, v2 10 }]"),
  nginxEntry('duplicate-version', { versions: [{ name: 'v1' }, { name: 'v2' }, { name: 'v2', serviceName: 'demo4-new' }] }, exact('ingress-nginx routing of "demo4" lists version "v2" twice. Fix: give every version its own name and Service.'),
    "versions: [{ name: 'v1' }, { name: 'v2' }, { name: 'v2', serviceName: 'demo4-new' }]"),
  nginxEntry('shadowed-rule', { rules: [rest(), { matches: [headerExact('x-canary', 'on')], split: toV2 }] }, exact('ingress-nginx routing of "demo4", rule 1 matches every request, so the 1 rule(s) after it can never match (shadowed). Fix: put the rule without conditions last.'),
    "rules: [{ split: v1 90, v2 10 }, { matches: [headerExact('x-canary', 'on')], split: v2 }]"),
  nginxEntry('service-name', { versions: [{ name: 'v1', serviceName: 'Demo4_v1' }, { name: 'v2' }] }, exact('ingress-nginx routing of "demo4": the Service name of version "v1" "Demo4_v1" is not a valid DNS-1123 label. Fix: use 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "forecast-v2").'), undefined, 'checkDns1035Label'),
  nginxEntry('service-port', { versions: [{ name: 'v1', port: 0 }, { name: 'v2' }] }, exact('ingress-nginx routing of "demo4": the Service port of version "v1" 0 is out of range. Fix: use an integer port between 1 and 65535.'), undefined, 'checkPort'),
  nginxEntry('weights-sum', { rules: [{ split: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 20 }] }] }, exact('ingress-nginx routing of "demo4", rule 1: the weights sum to 110 (90 + 20), not 100. Fix: make the weights of one route add up to exactly 100.'), 'rules: [{ split: v1 90, v2 20 }]', 'checkWeightSum'),
  nginxEntry('no-catch-all', { rules: [{ matches: [headerExact('x-canary', 'on')], split: toV2 }] }, exact('ingress-nginx cannot leave requests of "demo4" unrouted: the main Ingress serves every request no canary rule takes, but the last rule has conditions. Fix: end the rules with one rule without conditions (the weighted split).'),
    "rules: [{ matches: [headerExact('x-canary', 'on')], split: v2 }]"),
];

const PROVIDER_SOURCE = 'lib/providers/ingress-nginx/provider.ts';

/** A CanaryService routed by ingress-nginx (host demo4.example.com), the base of the gateway entries. */
const NGINX_CANARY: CanaryServiceProps = {
  name: 'demo4',
  stable: { name: 'v1', image: 'mritd/demo:1.0.0' },
  canary: { name: 'v2', image: 'mritd/demo:2.0.0' },
  stages: [10, 50],
  stage: 'canary-10',
  gateway: { name: 'demo4', hosts: ['demo4.example.com'] },
  traffic: Traffic.ingressNginx(),
};

function nginxGatewayEntry(id: string, gateway: Record<string, unknown>, message: RegExp): CatalogueEntry {
  return {
    id: `ingress-nginx/${id}`,
    construct: 'CanaryService',
    source: PROVIDER_SOURCE,
    example: `traffic: Traffic.ingressNginx(), gateway: ${propsExample({ x: { name: 'demo4', hosts: ['demo4.example.com'], ...gateway } }).slice(3)}`,
    define: (chart: Chart) => { new CanaryService(chart, 'demo4', { ...NGINX_CANARY, gateway: { name: 'demo4', hosts: ['demo4.example.com'], ...gateway } }); },
    path: 'demo4',
    message,
  };
}

/** A model a custom strategy hands to the provider: a strategy-rendered gateway and a preview host (BlueGreenService's shape). */
function customModelEntry(id: string, extra: Record<string, unknown>, example: string, message: RegExp): CatalogueEntry {
  return {
    id: `ingress-nginx/${id}`,
    construct: 'IngressNginxRouting (ingress-nginx provider)',
    source: PROVIDER_SOURCE,
    example,
    define: (chart: Chart) => {
      renderStageRouting(new Construct(chart, 'Routing'), 'Routing', new IngressNginxProvider(), {
        service: 'demo4',
        versions: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
        http: [{ split: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] }],
        gateway: { name: 'demo4', hosts: ['demo4.example.com'] },
        ...extra,
      });
    },
    path: 'Routing',
    message,
  };
}

INGRESS_NGINX_ENTRIES.push(
  nginxGatewayEntry('gateway-selector', { selector: { istio: 'ingressgateway' } }, exact('route of "demo4": gateway selector {"istio":"ingressgateway"} selects Istio gateway pods, but with Traffic.ingressNginx() the ingress-nginx controller serves the Ingress hosts. Fix: remove gateway.selector (choose the controller with Traffic.ingressNginx({ ingressClassName })).')),
  nginxGatewayEntry('gateway-port', { port: 8080 }, exact('route of "demo4": gateway port 8080 is not a port an Ingress can choose; ingress-nginx serves Ingress hosts on 80 (HTTP) and 443 (HTTPS). Fix: remove gateway.port, or set 80 or 443.')),
  nginxGatewayEntry('gateway-external', { external: true }, exact('route of "demo4": gateway.external is true, but ingress-nginx has no Gateway object to share with other apps: the controller (IngressClass) is installed separately and the Ingresses of this app carry the hosts. Fix: remove gateway.external.')),
  nginxGatewayEntry('gateway-create', { create: false }, exact('route of "demo4": gateway.create is false, but ingress-nginx has no Gateway object to create or to share: the controller (IngressClass) is installed separately and the Ingresses carry the hosts. Fix: remove gateway.create.')),
  nginxGatewayEntry('gateway-include-mesh', { includeMesh: true }, exact('route of "demo4": gateway.includeMesh is true, but ingress-nginx routes external requests only; in-cluster callers reach every version through the Service. Fix: remove includeMesh, or use traffic: Traffic.istio() to route mesh traffic too.')),
  customModelEntry('strategy-gateway', { renderGatewayWithRoutes: false }, 'a custom strategy model with renderGatewayWithRoutes: false',
    exact('route of "demo4": the strategy renders its own gateway, which ingress-nginx cannot provide (there is no gateway object; the Ingresses carry the hosts). Fix: use a strategy that leaves the gateway to the routing (CanaryService, HeaderRoute), or traffic: Traffic.istio() / Traffic.gatewayApi().')),
  customModelEntry('preview-host', { previews: [{ name: 'demo4-preview', host: 'preview.demo4.example.com', rules: [{ split: [{ version: 'v2', weight: 100 }] }] }] }, "a custom strategy model with previews: [{ host: 'preview.demo4.example.com', ... }]",
    exact('route of "demo4": preview host "preview.demo4.example.com" cannot be routed by ingress-nginx canary annotations (one main and one canary Ingress per host and path). Fix: remove the preview host and use the preview Service, or use traffic: Traffic.istio() / Traffic.gatewayApi().')),
  {
    id: 'multi-service/ingress-nginx-traffic',
    construct: 'MultiServiceRelease',
    source: 'lib/multi-service/multi-service-plan.ts',
    example: 'traffic: Traffic.ingressNginx()',
    define: (chart: Chart) => { new MultiServiceRelease(chart, 'release', { ...VALID_RELEASE, entry: { ...VALID_RELEASE.entry, gateway: { name: 'weather-gateway', hosts: ['weather.example.com'] } }, traffic: Traffic.ingressNginx() }); },
    path: 'release',
    message: exact("traffic 'ingress-nginx' cannot render this release: its downstream services route calls by the caller's version (sourceLabels app: <caller>, version: v2), which it cannot express (it has no condition on the calling workload). Fix: set traffic: Traffic.istio() on this MultiServiceRelease, or release the services one at a time with CanaryService or HeaderRoute."),
  },
);
