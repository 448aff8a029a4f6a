import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { TcpCanary } from '../../lib';

/**
 * Seed 002 §6: Istio's TCP Echo service in namespace `weather`. v1 answers "one", v2 "two".
 * Connections to the ingress gateway's TCP port 31400 go to the Service port 9000: all to v1 at
 * `canary-0`, 80/20 at `canary-20` (the seed's vs-tcp-echo-weight-based-20.yaml), all to v2 at
 * `canary-100`, then v1 is removed at `promoted`.
 */
export class TcpEchoChart extends Chart {
  /** The TCP canary, exposed for tests. */
  public readonly canary: TcpCanary;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'weather', disableResourceNameHashes: true });
    this.canary = new TcpCanary(this, 'tcp-echo', {
      name: 'tcp-echo',
      port: 9000,
      stable: { name: 'v1', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'one'] },
      canary: { name: 'v2', image: 'docker.io/istio/tcp-echo-server:1.2', args: ['9000', 'two'] },
      stages: [0, 20, 100],
      stage: 'canary-20',
      gateway: { name: 'tcp-echo-gateway', port: 31400 },
    });
  }
}
