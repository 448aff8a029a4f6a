import { Chart } from 'cdk8s';
import { TcpCanary, TcpCanaryProps, IngressDescription } from '../../../lib';
import { CatalogueEntry, exact, propsExample } from '../catalogue';

/** A valid TcpCanary (the input of test/tcp/tcp-errors.test.ts); each entry overrides a few props. */
export const VALID_TCP: TcpCanaryProps = {
  name: 'tcp-echo',
  port: 9000,
  stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2' },
  canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.2' },
  stages: [20],
  stage: 'canary-20',
  gateway: { name: 'tcp-echo-gateway' },
};

/** An entry whose bad input is `VALID_TCP` with `overrides` (HTTP-only props are type errors too; they arrive through `as any`). */
export function tcpEntry(id: string, source: string, overrides: Record<string, unknown>, path: string, message: RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  return {
    id: `tcp/${id}`,
    construct: 'TcpCanary',
    source,
    example: propsExample(overrides),
    define: (chart: Chart) => {
      // An ingress of the chart's own (described as exposing 31400), so that the entries' Gateways (host
      // "*" on 31400) do not conflict when all entries are in one app.
      const selector = { istio: `ingress-${chart.node.id}` };
      IngressDescription.describe(chart, IngressDescription.of(selector, [31400]));
      const gateway = { selector, ...((overrides.gateway ?? VALID_TCP.gateway) as TcpCanaryProps['gateway']) };
      new TcpCanary(chart, 'tcp-echo', { ...VALID_TCP, ...overrides, gateway } as TcpCanaryProps);
    },
    path,
    message,
    ...extra,
  };
}

const HTTP_ONLY = 'lib/tcp/http-only-options.ts';

export const TCP_ENTRIES: CatalogueEntry[] = [
  tcpEntry('http-only-option', HTTP_ONLY, { matches: [{ headers: { 'x-canary': { exact: 'true' } } }] }, 'tcp-echo',
    exact('option "matches" is HTTP-only: a TCP connection carries no headers, path, retries or timeouts, so TcpCanary cannot apply it. Fix: remove "matches"; for HTTP traffic use CanaryService or HeaderRoute instead.')),
  tcpEntry('http-probe-path', HTTP_ONLY, { readiness: { path: '/health' } }, 'tcp-echo',
    exact('readiness.path "/health" is an HTTP probe setting, but TcpCanary probes with a TCP connect to the port. Fix: remove path from readiness.')),
  tcpEntry('http-protocol', HTTP_ONLY, { protocol: 'http' }, 'tcp-echo',
    exact('protocol "http" would name the Service and container ports "http", so Istio would parse the TCP stream as http and never apply the TCP routes. Fix: remove protocol: TcpCanary always names its ports "tcp".')),
  // Shared checks reached through TcpCanary (their messages are listed with CanaryService and MeshRouting).
  tcpEntry('gateway-host-not-dns-name', 'lib/providers/istio/mesh-routing.ts', { gateway: { name: 'tcp-echo-gateway', hosts: ['tcp..example.com'] } }, 'tcp-echo/Routing',
    exact('gateway host "tcp..example.com" is not a valid host name. Fix: use a DNS name such as "demo4.a.com", a wildcard such as "*.a.com", or "*".'), { rule: 'checkHostName' }),
  tcpEntry('weights-backwards', 'lib/stages/canary-stages.ts', { stages: [50, 20], stage: 'canary-50' }, 'tcp-echo',
    exact('stage "canary-20" lowers the canary weight from 50 to 20 without being marked as a rollback. Fix: order the stages by increasing weight, or declare the stage as { name: \'canary-20\', canaryWeight: 20, rollback: true }.')),
];
