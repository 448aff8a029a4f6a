import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { chooseTrafficApi, DedicatedIngressGateway, TcpCanary } from '../../lib';

/**
 * Seed 002 §6: Istio's TCP Echo service in namespace `weather`. v1 answers "one", v2 "two".
 * Connections to the chart's own ingress gateway `tcp-echo-ingress` (TCP port 31400, which the default
 * profile's ingress does not expose) go to the Service port 9000: all to v1 at
 * `canary-0`, 80/20 at `canary-20` (the seed's vs-tcp-echo-weight-based-20.yaml), all to v2 at
 * `canary-100`, then v1 is removed at `promoted`.
 */
export class TcpEchoChart extends Chart {
  /** The TCP canary, exposed for tests. */
  public readonly canary: TcpCanary;
  /** The ingress gateway serving port 31400 with traffic istio (Istio's default profile ingress exposes 80 and 443 only). */
  public readonly ingress?: DedicatedIngressGateway;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'weather', disableResourceNameHashes: true });
    // With Istio objects the chart deploys the ingress for port 31400 itself; a Gateway API Gateway
    // (class istio) gets a gateway deployment with its listener ports from Istio instead.
    const istio = chooseTrafficApi(this, undefined).traffic === 'istio';
    this.ingress = istio ? new DedicatedIngressGateway(this, 'ingress', { name: 'tcp-echo-ingress', ports: [31400] }) : undefined;
    this.canary = new TcpCanary(this, 'tcp-echo', {
      name: 'tcp-echo',
      port: 9000,
      stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'one'] },
      canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'two'] },
      stages: [0, 20, 100],
      stage: 'canary-20',
      gateway: { name: 'tcp-echo-gateway', port: 31400, selector: this.ingress?.selector },
    });
  }
}
