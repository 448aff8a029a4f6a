/**
 * Hand-written manifests for the analyzer tests: `good()` is a canary release (Service, two Deployments,
 * DestinationRule, VirtualService through an ingress Gateway, a mesh VirtualService) with no finding;
 * each test breaks one thing in a copy.
 */
const NS = 'shop';

const deployment = (version: string, replicas = 1) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `web-${version}`, namespace: NS },
  spec: {
    replicas, selector: { matchLabels: { app: 'web', version } },
    template: {
      metadata: { labels: { app: 'web', version } },
      spec: { securityContext: { runAsNonRoot: true, runAsUser: 1000 }, containers: [{ name: 'web', image: 'example/web:1.0.0', securityContext: { runAsUser: 1000 } }] },
    },
  },
});

/** A valid release: no analyzer finds anything. */
export function good(): any[] {
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
    deployment('v1'),
    deployment('v2'),
    {
      apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'web', namespace: NS },
      spec: { host: 'web.shop.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    },
    {
      apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: { name: 'web-gateway', namespace: NS },
      spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: ['web.example.com'] }] },
    },
    {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web-ingress', namespace: NS },
      spec: {
        hosts: ['web.example.com'], gateways: ['web-gateway'],
        http: [
          { name: 'beta', match: [{ headers: { 'x-beta': { exact: 'true' } }, uri: { regex: '^/api/.*' } }], route: [{ destination: { host: 'web', subset: 'v2' } }], timeout: '2s' },
          { route: [{ destination: { host: 'web.shop.svc.cluster.local', subset: 'v1' }, weight: 90 }, { destination: { host: 'web.shop.svc.cluster.local', subset: 'v2' }, weight: 10 }] },
        ],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: NS },
      spec: {
        hosts: ['web'],
        http: [
          { match: [{ sourceLabels: { app: 'frontend', version: 'v2' } }], route: [{ destination: { host: 'web', subset: 'v2' } }] },
          { route: [{ destination: { host: 'web', subset: 'v1' } }] },
        ],
      },
    },
  ];
}

/** `good()` with `change` applied to the object of `kind` and `name`. */
export function withChange(kind: string, name: string, change: (o: any) => void, manifests: any[] = good()): any[] {
  const o = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!o) throw new Error(`no ${kind}/${name}`);
  change(o);
  return manifests;
}
