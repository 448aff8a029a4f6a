import { Chart } from 'cdk8s';
import { CanaryService, CanaryServiceProps, HeaderRoute, HeaderRouteProps, IngressNginxRouting, RequestMatch } from '../../../lib';
import { fromSourceLabels, headerExact } from '../../../lib/routing/match-helpers';
import { CatalogueEntry, exact, re } from '../catalogue';
import { VALID_CANARY } from './canary';
import { oneStage, VALID_HEADER_ROUTE } from './header-route';
import { VALID_INGRESS_NGINX } from './ingress-nginx';

/** The heading of these entries in docs/errors.md. */
export const INPUT_CONSTRUCT = 'input checks (required props, namespaces, image references, label selectors, replicas)';

function entry(id: string, source: string, example: string, define: (chart: Chart) => void, path: string | string[], message: string | RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return { id: `input/${id}`, construct: INPUT_CONSTRUCT, source, example, define, path, message: typeof message === 'string' ? exact(message) : message, ...extra };
}

function canary(chart: Chart, over: Record<string, unknown>): void {
  new CanaryService(chart, 'demo4', { ...VALID_CANARY, ...over } as CanaryServiceProps);
}

function headerRoute(chart: Chart, match: RequestMatch): void {
  new HeaderRoute(chart, 'forecast', { ...VALID_HEADER_ROUTE, ...oneStage({ name: 's', routes: [{ matches: [match], to: 'v2' }], default: 'v1' }) } as HeaderRouteProps);
}

const REQUIRED = 'lib/validation/required-props.ts';
const LABELS = 'lib/validation/labels.ts';
const IMAGE = 'lib/validation/image-reference.ts';
const BOTH = ['demo4/App/Deployment-v1', 'demo4/App/Deployment-v2'];

/** Input mistakes a type checker misses (JavaScript callers) or that only the cluster would reveal. */
export const INPUT_ENTRIES: CatalogueEntry[] = [
  entry('missing-required-prop', REQUIRED, "new CanaryService(chart, 'demo4', { name, stable, stages, stage } as any) (no canary)",
    (chart) => { const { canary: _c, ...rest } = VALID_CANARY; new CanaryService(chart, 'demo4', rest as any); }, 'demo4',
    'CanaryService is missing the required prop "canary". Fix: pass canary in the props of new CanaryService(scope, id, { ... }) (TypeScript reports this at compile time).', { throws: true }),
  entry('no-props', REQUIRED, "new HeaderRoute(chart, 'forecast', undefined as any)",
    (chart) => { new HeaderRoute(chart, 'forecast', undefined as any); }, 'forecast',
    'HeaderRoute was given no props object (undefined), so it is missing the required props "name", "versions", "stages", "stage". Fix: pass name, versions, stages, stage in the props of new HeaderRoute(scope, id, { ... }) (TypeScript reports this at compile time).', { throws: true }),
  entry('source-label-key', LABELS, "routes: [{ matches: [fromSourceLabels({ 'team app': 'web' })], to: 'v2' }]",
    (chart) => headerRoute(chart, fromSourceLabels({ 'team app': 'web' })), 'forecast',
    'stage "s", route 1: sourceLabels: "team app" is not a valid label key, so no pod can carry it and Istio rejects the match. Fix: use an optional DNS subdomain prefix and "/", then 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (e.g. "app" or "example.com/team").'),
  entry('source-label-value', LABELS, "routes: [{ matches: [fromSourceLabels({ app: 'web/v2' })], to: 'v2' }]",
    (chart) => headerRoute(chart, fromSourceLabels({ app: 'web/v2' })), 'forecast',
    'stage "s", route 1: sourceLabels: value "web/v2" of label "app" is not a valid label value, so no pod can carry it and Istio rejects the match. Fix: use at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit (e.g. "v2").'),
  entry('chart-namespace', 'lib/validation/chart-namespace.ts', "new CanaryService(new Chart(app, 'shop', { namespace: 'My_NS' }), 'demo4', { ... })",
    (chart) => canary(new Chart(chart, 'shop', { namespace: 'My_NS' }), {}), 'shop/demo4',
    'the namespace "My_NS" of chart "test/shop" is not a valid DNS-1123 label: the API server refuses every object in it, and the hosts built from it ("<service>.My_NS.svc.cluster.local") are no DNS names. Fix: give the chart a namespace of 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "my-ns").'),
  entry('gateway-namespace', 'lib/providers/core/gateway.ts', "gateway: { name: 'demo4-gateway', namespace: 'Istio_System', hosts: ['gateway-ns.a.com'] }",
    (chart) => canary(chart, { gateway: { name: 'demo4-gateway', namespace: 'Istio_System', hosts: ['gateway-ns.a.com'] } }), 'demo4/Routing',
    'gateway namespace "Istio_System" is not a valid DNS-1123 label. Fix: use 1-63 lower-case letters, digits or "-", starting and ending with a letter or digit (e.g. "forecast-v2").', { rule: 'checkDnsLabel' }),
  entry('image-upper-case-path', IMAGE, "canary: { name: 'v2', image: 'Registry.io/Team/App:1.2' }",
    (chart) => canary(chart, { canary: { name: 'v2', image: 'Registry.io/Team/App:1.2' } }), 'demo4/App/Deployment-v2',
    'image of version "v2" "Registry.io/Team/App:1.2" has upper-case letters in its repository path; only the registry host may have them, so the kubelet refuses the image (InvalidImageName). Fix: write the repository path in lower case: "Registry.io/team/app:1.2".', { rule: 'checkImage' }),
  entry('image-grammar', IMAGE, "canary: { name: 'v2', image: 'mritd//demo:2.0.0' }",
    (chart) => canary(chart, { canary: { name: 'v2', image: 'mritd//demo:2.0.0' } }), 'demo4/App/Deployment-v2',
    'image of version "v2" "mritd//demo:2.0.0" is not a valid image reference (invalid reference format), so the kubelet refuses it (InvalidImageName). Fix: write [registry[:port]/]path[:tag][@sha256:<64 hex>], the path in lower-case components of letters and digits joined by ".", "_", "__" or "-" and separated by "/", e.g. "registry.example.com/team/app:1.2.3".'),
  entry('sidecar-uid', 'lib/workload/pod-render.ts', 'runAsUser: 1337', (chart) => canary(chart, { runAsUser: 1337 }), BOTH,
    /^runAsUser 1337 of version "v[12]" is the UID of the Istio sidecar, so the app's own outbound traffic bypasses the proxy \(no mTLS, no routing\) \(Istio IST0144\)\. Fix: use another non-zero UID, e.g\. the default 65532, or set sidecarInjection: false if the pods run without a sidecar\.$/, { count: 2 }),
  entry('zero-replicas-with-traffic', 'lib/routing/zero-replica-targets.ts', "canary: { name: 'v2', image: 'mritd/demo:2.0.0', replicas: 0 } at canary-10",
    (chart) => canary(chart, { canary: { ...VALID_CANARY.canary, replicas: 0 } }), 'demo4',
    'version "v2" of "demo4" runs 0 replicas (Deployment "demo4-v2"), but the stage still routes to it (weight 10 in route, rule 1), so those requests fail with 503 no healthy upstream (Istio IST0173). Fix: scale "v2" up (replicas of at least 1) at this stage, or route its traffic to a running version (weight 0, no header route or mirror to it).'),
  entry('nginx-shadowed-match', 'lib/routing/shadowed-matches.ts', "ingress-nginx rules: [{ matches: [headerExact('x-canary', 'on')], split: v2 }, { matches: [headerExact('x-canary', 'on')], split: v2 }, { split: v1 90, v2 10 }]",
    (chart) => {
      const on = headerExact('x-canary', 'on');
      new IngressNginxRouting(chart, 'Routing', { ...VALID_INGRESS_NGINX, rules: [{ matches: [on], split: [{ version: 'v2', weight: 100 }] }, { matches: [on], split: [{ version: 'v2', weight: 100 }] }, VALID_INGRESS_NGINX.rules[0]] });
    }, 'Routing', new RegExp(`^(${re('ingress-nginx routing of "demo4", rule 2, match 1 {"headers":{"x-canary":{"exact":"on"}}} is covered by match 1 of ingress-nginx routing of "demo4", rule 1, which comes first, so it never applies. Fix: remove the repeated match, or put the narrower rule (e.g. /api/v2) before the wider one (/api).')}|${re('ingress-nginx cannot send several conditions on header "x-canary" of "demo4" to the canary (rule 1: exact "on", rule 2: exact "on"): a canary Ingress has one canary-by-header-value or one canary-by-header-pattern. Fix: merge them into one regex, e.g. { regex: "a|b" }.')})$`), { count: 2 }),
];
