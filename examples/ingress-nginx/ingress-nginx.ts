import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { IngressNginxRouting } from '../../lib/providers/ingress-nginx';
import { cookie, headerExact } from '../../lib/routing/match-helpers';
import { RouteRule } from '../../lib/routing/route-model';
import { VersionedApp } from '../../lib/workload/versioned-app';

/*
 * Seed 000 §2.1 ("Ingress annotations: Nginx/ALB cookie-based split, A/B testing") without a mesh:
 * the product service of §2.2 behind ingress-nginx, v1 stable, v2 the new version.
 *
 * - `ab-test`: the A/B group opts in with the cookie `canary=always` (and out with `canary=never`);
 *   everybody else stays on v1.
 * - `canary-10`: §2.2's premium users (`x-user-tier: premium`) get v2, the A/B cookie still works,
 *   and 10% of the other requests go to v2.
 *
 * The route model of each stage is written by hand here and rendered with the provider directly;
 * once the provider is wired into the strategies, this becomes a HeaderRoute/CanaryService with the
 * ingress-nginx traffic option.
 */

/** The route model of each stage of the example. */
export const INGRESS_NGINX_EXAMPLE_STAGES: Record<string, RouteRule[]> = {
  'ab-test': [
    { name: 'ab-group', matches: [cookie('canary', 'always')], split: [{ version: 'v2', weight: 100 }] },
    { name: 'opted-out', matches: [cookie('canary', 'never')], split: [{ version: 'v1', weight: 100 }] },
    { name: 'default', split: [{ version: 'v1', weight: 100 }, { version: 'v2', weight: 0 }] },
  ],
  'canary-10': [
    { name: 'premium', matches: [headerExact('x-user-tier', 'premium')], split: [{ version: 'v2', weight: 100 }] },
    { name: 'ab-group', matches: [cookie('canary', 'always')], split: [{ version: 'v2', weight: 100 }] },
    { name: 'opted-out', matches: [cookie('canary', 'never')], split: [{ version: 'v1', weight: 100 }] },
    { name: 'default', split: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] },
  ],
};

/** Builds the example chart (namespace `shop`) at one stage of `INGRESS_NGINX_EXAMPLE_STAGES`. */
export function buildIngressNginxExample(scope: Construct, id: string, stage: string = 'ab-test'): Chart {
  const rules = INGRESS_NGINX_EXAMPLE_STAGES[stage];
  if (!rules) throw new Error(`unknown stage "${stage}"; one of ${Object.keys(INGRESS_NGINX_EXAMPLE_STAGES).join(', ')}`);
  const chart = new Chart(scope, id, { namespace: 'shop', disableResourceNameHashes: true });
  new VersionedApp(chart, 'App', {
    app: 'product',
    versions: [{ name: 'v1', image: 'example/product:1.0.0', replicas: 3 }, { name: 'v2', image: 'example/product:2.0.0', replicas: 1 }],
    // No mesh: ingress-nginx routes at the edge, the pods need no sidecar.
    sidecarInjection: false,
  });
  new IngressNginxRouting(chart, 'Routing', {
    service: 'product',
    hosts: ['product.example.com'],
    versions: [{ name: 'v1' }, { name: 'v2' }],
    stable: 'v1',
    rules,
  });
  return chart;
}
