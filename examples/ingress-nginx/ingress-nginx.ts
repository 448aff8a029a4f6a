import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { HeaderRoute } from '../../lib/header-route/header-route';
import { HeaderRouteStage, headerRouteRules } from '../../lib/header-route/header-route-stages';
import { Traffic } from '../../lib/providers/traffic';
import { cookie, headerExact } from '../../lib/routing/match-helpers';
import { RouteRule } from '../../lib/routing/route-model';

/*
 * Seed 000 §2.1 ("Ingress annotations: Nginx/ALB cookie-based split, A/B testing") without a mesh:
 * the product service of §2.2 behind ingress-nginx, v1 stable, v2 the new version, as a HeaderRoute
 * with `traffic: Traffic.ingressNginx()` (a main Ingress to v1, a canary Ingress to v2 with the
 * canary annotations, a Service per version; pods without sidecar).
 *
 * - `ab-test`: the A/B group opts in with the cookie `canary=always` (and out with `canary=never`);
 *   everybody else stays on v1.
 * - `canary-10`: §2.2's premium users (`x-user-tier: premium`) get v2, the A/B cookie still works,
 *   and 10% of the other requests go to v2.
 *
 * Ingress NGINX is retired upstream (no releases since March 2026): the same HeaderRoute with
 * `traffic: Traffic.gatewayApi()` is the way forward (docs/ingress-nginx.md).
 */

/** The stages of the example's HeaderRoute. */
export const INGRESS_NGINX_EXAMPLE_ROUTE_STAGES: readonly HeaderRouteStage[] = [
  {
    name: 'ab-test',
    routes: [
      { name: 'ab-group', matches: [cookie('canary', 'always')], to: 'v2' },
      { name: 'opted-out', matches: [cookie('canary', 'never')], to: 'v1' },
    ],
    default: 'v1',
  },
  {
    name: 'canary-10',
    routes: [
      { name: 'premium', matches: [headerExact('x-user-tier', 'premium')], to: 'v2' },
      { name: 'ab-group', matches: [cookie('canary', 'always')], to: 'v2' },
      { name: 'opted-out', matches: [cookie('canary', 'never')], to: 'v1' },
    ],
    default: { v1: 90, v2: 10 },
  },
];

/** The route model of each stage of the example (what the provider renders). */
export const INGRESS_NGINX_EXAMPLE_STAGES: Record<string, RouteRule[]> = Object.fromEntries(
  INGRESS_NGINX_EXAMPLE_ROUTE_STAGES.map((s) => [s.name, headerRouteRules(s)]),
);

/** Builds the example chart (namespace `product`, host `product.example.com`) at one stage. */
export function buildIngressNginxExample(scope: Construct, id: string, stage: string = 'ab-test'): Chart {
  if (!INGRESS_NGINX_EXAMPLE_STAGES[stage]) throw new Error(`unknown stage "${stage}"; one of ${Object.keys(INGRESS_NGINX_EXAMPLE_STAGES).join(', ')}`);
  const chart = new Chart(scope, id, { namespace: 'product', disableResourceNameHashes: true });
  new HeaderRoute(chart, 'product', {
    name: 'product',
    versions: [{ name: 'v1', image: 'example/product:1.0.0', replicas: 3 }, { name: 'v2', image: 'example/product:2.0.0', replicas: 1 }],
    stages: INGRESS_NGINX_EXAMPLE_ROUTE_STAGES,
    stage,
    // The Ingress hosts; ingress-nginx (IngressClass `nginx`) is the entry point, there is no gateway object.
    gateway: { name: 'ingress-nginx', hosts: ['product.example.com'] },
    traffic: Traffic.ingressNginx(),
  });
  return chart;
}
