import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenService, Traffic } from '../../lib';

/**
 * Blue-green in both traffic modes, one application each, in namespace `blue-green`:
 * - `web` with Istio: users reach it through `web-gateway` on web.example.com; testers reach green
 *   before users do with the header `x-preview: true`, the host preview.web.example.com, or the
 *   in-cluster Service `web-preview`. The VirtualService sends users 100/0 over subsets v1/v2.
 *   Its traffic API is not set here, so `ROLLOUT_TRAFFIC=gateway-api` renders it with Gateway API
 *   objects instead (HTTPRoutes over the Services web-v1/web-v2, an HTTPRoute web-preview).
 * - `api` without a mesh: the Service `api` selects `version=v1` and flips to `version=v2` at the
 *   switch (seed 003's Service-selector switch); `api-preview` always selects green. Its plan shows
 *   a rollback and a second switch.
 * To move a rollout, change `stage` in a pull request (or run with ROLLOUT_STAGE=web=switch).
 */
export class BlueGreenChart extends Chart {
  /** The Istio blue-green, exposed for tests. */
  public readonly web: BlueGreenService;
  /** The Service-selector blue-green, exposed for tests. */
  public readonly api: BlueGreenService;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'blue-green', disableResourceNameHashes: true });
    this.web = new BlueGreenService(this, 'web', {
      name: 'web',
      blue: { name: 'v1', image: 'mritd/demo:1.0.0' },
      green: { name: 'v2', image: 'mritd/demo:2.0.0' },
      replicas: 2,
      stage: 'preview',
      readiness: { path: '/' },
      gateway: { name: 'web-gateway', hosts: ['web.example.com'] },
      previewHost: 'preview.web.example.com',
    });
    this.api = new BlueGreenService(this, 'api', {
      name: 'api',
      traffic: Traffic.serviceSelector(),
      blue: { name: 'v1', image: 'mritd/demo:1.0.0' },
      green: { name: 'v2', image: 'mritd/demo:2.0.0' },
      replicas: 2,
      stages: ['preview', 'switch', 'rollback', { name: 'switch-again', action: 'switch' }, 'finalize'],
      stage: 'preview',
      readiness: { path: '/' },
    });
  }
}
