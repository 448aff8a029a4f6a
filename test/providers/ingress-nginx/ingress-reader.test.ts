/**
 * Reading the objects back for the review tools: which requests ingress-nginx decides, the request
 * classes of its canary Ingresses (each simulated to the version the route model names), and the
 * choice of the stable version when the model does not name one.
 */
import { App } from 'cdk8s';
import { buildIngressNginxExample, INGRESS_NGINX_EXAMPLE_STAGES } from '../../../examples/ingress-nginx/ingress-nginx';
import { decidedByIngressNginx, ingressNginxConditions, IngressNginxInput, pickStableVersion, simulateIngressNginx } from '../../../lib/providers/ingress-nginx';
import { headerExact } from '../../../lib/routing/match-helpers';
import { shareByVersion } from '../../../lib';

const example = (stage: string) => buildIngressNginxExample(new App(), 'example', stage).toJson();

test('ingress-nginx decides requests to its hosts, not mesh requests or other gateways', () => {
  const m = example('canary-10');
  expect(decidedByIngressNginx(m, { host: 'product.example.com' })).toBe(true);
  expect(decidedByIngressNginx(m, { host: 'product.example.com', gateway: 'ingress-nginx' })).toBe(true);
  expect(decidedByIngressNginx(m, { host: 'product' })).toBe(false);
  expect(decidedByIngressNginx(m, { host: 'product.example.com', gateway: 'istio-system/ingressgateway' })).toBe(false);
  expect(decidedByIngressNginx(m, { host: 'product.example.com' }, 'other-class')).toBe(false);
});

test('the request classes of canary-10 and where each goes', () => {
  const m = example('canary-10');
  const rows = ingressNginxConditions(m).map((c) => [c.label, shareByVersion(simulateIngressNginx(m, c.request))]);
  expect(rows).toEqual([
    ['product.example.com/ via ingress-nginx: no canary header or cookie', { v1: 0.9, v2: 0.1 }],
    ['product.example.com/ via ingress-nginx: header x-user-tier = premium', { v2: 1 }],
    ['product.example.com/ via ingress-nginx: cookie canary = always', { v2: 1 }],
    ['product.example.com/ via ingress-nginx: cookie canary = never', { v1: 1 }],
  ]);
});

test('a pattern gets a sample value that matches it', () => {
  const m = [
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'a-canary', annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', 'nginx.ingress.kubernetes.io/canary-by-header': 'user-agent', 'nginx.ingress.kubernetes.io/canary-by-header-pattern': '^(?:.*Chrome/.*)$' } },
      spec: { ingressClassName: 'nginx', rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'a-v2', port: { number: 80 } } } }] } }] } },
  ];
  const c = ingressNginxConditions(m).find((x) => x.label.includes('~'))!;
  expect(c.request.headers!['user-agent']).toMatch(/^.*Chrome\/.*$/);
});

test('the stable version: the first version for which the model is expressible', () => {
  const base: IngressNginxInput = { service: 'demo4', hosts: ['demo4.example.com'], versions: [{ name: 'v1' }, { name: 'v2' }], stable: 'v1', rules: [] };
  expect(pickStableVersion({ ...base, rules: INGRESS_NGINX_EXAMPLE_STAGES['canary-10'] }, ['v1', 'v2'])).toBe('v1');
  // Blue-green after the switch, with the old version still reachable by header: v2 must be the main Ingress.
  const switched = [{ matches: [headerExact('x-version', 'blue')], split: [{ version: 'v1', weight: 100 }] }, { split: [{ version: 'v2', weight: 100 }] }];
  expect(pickStableVersion({ ...base, rules: switched }, ['v1', 'v2'])).toBe('v2');
  // Nothing works: the first candidate (its problems are reported when rendered).
  expect(pickStableVersion({ ...base, hosts: [], rules: switched }, ['v1', 'v2'])).toBe('v1');
});
