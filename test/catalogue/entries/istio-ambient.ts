import { Chart } from 'cdk8s';
import { RouteRule, VersionedApp } from '../../../lib';
import { IstioAmbientRouting, IstioAmbientRoutingProps } from '../../../lib/providers/istio-ambient';
import { CatalogueEntry, exact, literal } from '../catalogue';

const VERSIONS = [{ name: 'v1', image: 'mritd/demo:1.0.0' }, { name: 'v2', image: 'mritd/demo:2.0.0' }];
const AMBIENT_VERSIONS = VERSIONS.map((v) => ({ name: v.name, labels: { version: v.name } }));
const split = (v2: number) => [{ version: 'v1', weight: 100 - v2 }, { version: 'v2', weight: v2 }];
const toV2 = (match: RouteRule['matches']): RouteRule[] => [{ matches: match, split: split(100) }, { split: split(0) }];

/** The construct name of these entries (a heading of docs/errors.md). */
export const AMBIENT_CONSTRUCT = 'IstioAmbientRouting (the istio-ambient provider)';

/** The valid input the ambient entries start from. */
export const VALID_AMBIENT: IstioAmbientRoutingProps = { service: 'demo4', versions: AMBIENT_VERSIONS, http: [{ split: split(10) }] };

/** The ambient routing of `demo4` (versions v1 and v2, sidecars off) with the given props. */
function ambientEntry(id: string, props: Partial<IstioAmbientRoutingProps>, message: RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    id: `istio-ambient/${id}`,
    construct: AMBIENT_CONSTRUCT,
    source: 'lib/providers/istio-ambient/ambient-problems.ts',
    example: Object.entries(props).map(([k, v]) => `${k}: ${literal(v)}`).join(', '),
    define: (chart: Chart) => {
      const app = new VersionedApp(chart, 'App', { app: 'demo4', versions: VERSIONS, sidecarInjection: false });
      new IstioAmbientRouting(chart, 'Routing', { ...VALID_AMBIENT, appService: app.service, ...props });
    },
    path: 'Routing',
    message,
    ...extra,
  };
}

export const ISTIO_AMBIENT_ENTRIES: CatalogueEntry[] = [
  ambientEntry('source-labels', { http: toV2([{ sourceLabels: { app: 'frontend', version: 'v2' } }]) }, exact('istio-ambient cannot match on the labels of the calling workload (HTTP route, rule 1: sourceLabels {"app":"frontend","version":"v2"}): a waypoint drops sourceLabels conditions (istio/istio#51565) and an HTTPRoute has no condition on the caller. Fix: pin the release with a request header instead: set releaseHeader: \'x-release\' so each version of the entry service receives "x-release: <version>" and downstream routes match it (pinByReleaseHeader converts caller-label rules); the application must copy the header onto its outgoing calls (docs/istio-ambient.md).')),
  ambientEntry('port-condition', { http: toV2([{ port: 8080 }]) }, exact('istio-ambient cannot match on destination port 8080 (HTTP route, rule 1): an HTTPRoute match has no port condition, it attaches to a port through its parentRef. Fix: drop the port condition and set the Service port of the routing instead.')),
  ambientEntry('gateway-bound-rule', { http: toV2([{ gateways: ['istio-system/ingress'], headers: { 'x-canary': { exact: '1' } } }]) }, exact('istio-ambient cannot bind HTTP route, rule 1 to gateway "istio-system/ingress" only: the waypoint applies one set of rules to mesh traffic and to the traffic of its ingress gateway, and cannot tell where a request entered. Fix: remove the gateways condition (every rule then applies to mesh and ingress traffic alike), or keep the rule for mesh traffic only with gateways: ["mesh"].')),
  ambientEntry('header-prefix', { http: toV2([{ headers: { 'user-agent': { prefix: 'Mozilla/5.0 (iPhone' } } }]) }, exact('istio-ambient cannot match header "user-agent" by prefix "Mozilla/5.0 (iPhone" (HTTP route, rule 1): HTTPRoute header matches are Exact or RegularExpression only. Fix: match the header with { regex: \'Mozilla/5\\.0 \\(iPhone.*\' } (RE2 full match, same meaning) or { exact: ... }.')),
  ambientEntry('version-without-service', { versions: [AMBIENT_VERSIONS[0]], http: [{ split: split(10) }] }, exact('istio-ambient routes to version "v2", which has no version Service (it does not run at this stage). Fix: route to one of the running versions (v1) or run "v2".')),
  ambientEntry('uri-prefix (a Gateway API limit, reworded)', { http: toV2([{ uri: { prefix: '/api' } }]) }, exact('istio-ambient: HTTP route, rule 1: uri prefix "/api" has no Gateway API equivalent: PathPrefix matches whole path segments ("/api" and "/api/x", not "/apix"), Istio\'s prefix matches any string prefix. Fix: match the path with { exact: ... } or { regex: ... } instead (note that Istio ranks regex paths below prefix paths).')),
  ambientEntry('reserved-release-header', { releaseHeader: 'baggage' }, exact('istio-ambient cannot pin the release with header "baggage": the waypoint sets it on every request it routes, which would overwrite a header that HTTP, the proxies or tracing own. Fix: use a header of your own, e.g. \'x-release\'.')),
  ambientEntry('release-header-on-tcp', { http: undefined, tcp: [{ split: split(10) }], protocol: 'tcp', releaseHeader: 'x-release' }, exact('istio-ambient cannot pin TCP connections with release header "x-release": a TCPRoute carries no headers. Fix: remove releaseHeader from the TCP routing (TCP connections of a release cannot be pinned), or route HTTP.')),
  ambientEntry('waypoint-name', { waypoint: { name: 'Way_Point' } }, exact('waypoint name "Way_Point" is not a valid DNS-1123 label. Fix: use 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "forecast-v2").'), { rule: 'checkDnsLabel' }),
  {
    ...ambientEntry('waypoint-namespace-without-chart-namespace', { waypoint: { name: 'shared', namespace: 'mesh' } }, exact('istio-ambient creates the waypoint "shared" in namespace "mesh" but the routes have no namespace, so the waypoint cannot admit exactly the Service\'s namespace. Fix: set the namespace of the chart, or create the waypoint in the Service\'s namespace (leave waypoint.namespace unset).')),
    define: (chart: Chart) => {
      const bare = new Chart(chart, 'bare');
      // Charts without a namespace share `default`: the app gets a name no other entry uses.
      const app = new VersionedApp(bare, 'App', { app: 'ambient-a', versions: VERSIONS, sidecarInjection: false });
      new IstioAmbientRouting(bare, 'Routing', { ...VALID_AMBIENT, service: 'ambient-a', appService: app.service, waypoint: { name: 'shared', namespace: 'mesh' } });
    },
    path: 'bare/Routing',
  },
  {
    ...ambientEntry('create-namespace-without-chart-namespace', { createNamespace: true }, exact('istio-ambient is asked to create the namespace (createNamespace: true) but the routes have no namespace. Fix: set the namespace of the chart, or leave createNamespace unset and label the namespace istio.io/dataplane-mode=ambient yourself.')),
    define: (chart: Chart) => {
      const bare = new Chart(chart, 'bare');
      const app = new VersionedApp(bare, 'App', { app: 'ambient-b', versions: VERSIONS, sidecarInjection: false });
      new IstioAmbientRouting(bare, 'Routing', { ...VALID_AMBIENT, service: 'ambient-b', appService: app.service, createNamespace: true, waypoint: { name: 'waypoint-b' } });
    },
    path: 'bare/Routing',
  },
  ambientEntry('ingress-only-rule', { ingress: { name: 'demo4-gateway', hosts: ['demo4.a.com'] }, http: toV2([{ gateways: ['demo4-gateway'] }]) }, exact('istio-ambient cannot bind HTTP route, rule 1 to gateway "demo4-gateway" only: the waypoint applies one set of rules to mesh traffic and to the traffic of its ingress gateway, and cannot tell where a request entered. Fix: remove the gateways condition (every rule then applies to mesh and ingress traffic alike), or keep the rule for mesh traffic only with gateways: ["mesh"].')),
  ambientEntry('ingress-without-hosts', { ingress: { name: 'demo4-gateway', hosts: [] } }, exact('istio-ambient: the ingress gateway "demo4-gateway" has no hosts. Fix: list the external hosts, e.g. [\'demo4.a.com\'], or [\'*\'].')),
  ambientEntry('ingress-with-too-many-hosts', { ingress: { name: 'demo4-gateway', hosts: Array.from({ length: 17 }, (_, i) => `h${i}.example.com`) } }, exact('istio-ambient: the ingress gateway has 17 hosts; an HTTPRoute allows 16 hostnames. Fix: use a wildcard host such as "*.a.com".'), {
    example: "ingress: { name: 'demo4-gateway', hosts: ['h0.example.com', ... 'h16.example.com'] }",
  }),
  ambientEntry('ingress-selector', { ingress: { name: 'demo4-gateway', hosts: ['demo4.a.com'], selector: { istio: 'ingressgateway' } } }, exact('istio-ambient cannot select existing gateway pods (ingress.selector {"istio":"ingressgateway"}): its ingress is a Gateway API Gateway, for which Istio deploys a gateway of its own. Fix: remove ingress.selector.')),
  ambientEntry('ingress-only-traffic', { ingress: { name: 'demo4-gateway', hosts: ['demo4.a.com'], includeMesh: false } }, exact('istio-ambient cannot route ingress traffic only (ingress.includeMesh: false): the waypoint that applies the routes to ingress traffic applies them to every mesh caller of the Service too. Fix: remove includeMesh: false (mesh callers then get the same routing), or route ingress traffic with another provider.')),
  ambientEntry('tcp-ingress', { http: undefined, tcp: [{ split: split(10) }], protocol: 'tcp', ingress: { name: 'echo-gateway', hosts: ['*'] } }, exact('istio-ambient has no TCP ingress: the ingress gateway hands HTTP requests to the waypoint; TCP connections through it would bypass the TCPRoute. Fix: remove the ingress from the TCP routing (mesh TCP traffic is routed by the waypoint), or route TCP ingress with another provider.')),
  {
    ...ambientEntry('ingress-namespace-without-chart-namespace', { ingress: { name: 'ambient-gateway', namespace: 'istio-system', hosts: ['ambient-c.example.com'] } }, exact('istio-ambient creates the ingress gateway "ambient-gateway" in namespace "istio-system" but the routes have no namespace, so the Gateway cannot admit exactly their namespace. Fix: set the namespace of the chart.')),
    define: (chart: Chart) => {
      const bare = new Chart(chart, 'bare');
      const app = new VersionedApp(bare, 'App', { app: 'ambient-c', versions: VERSIONS, sidecarInjection: false });
      new IstioAmbientRouting(bare, 'Routing', { ...VALID_AMBIENT, service: 'ambient-c', appService: app.service, waypoint: { name: 'waypoint-c' }, ingress: { name: 'ambient-gateway', namespace: 'istio-system', hosts: ['ambient-c.example.com'] } });
    },
    path: 'bare/Routing',
  },
];
