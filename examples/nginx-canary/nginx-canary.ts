import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenService, CanaryService, Traffic } from '../../lib';

/*
 * Seed 003 without a service mesh, as two releases of the same application:
 *
 * 1. `NginxCanaryChart`: nginx 1.14 -> 1.15 as a replica canary. The seed pauses a rolling update
 *    after the first new pod (3 old + 1 new = 25% of the pods behind the Service); here each stage
 *    is declared instead: 4 pods in all, 1 of them 1.15 at `canary-25`, then 2, then 4.
 * 2. `NginxSwitchChart`: nginx 1.15 -> 1.16 by Service selectors. The seed exposes the new pod as
 *    `new-nginx` and points the old Service at the old pods only; here `new-nginx` is the preview
 *    Service (always green) and the `nginx` Service selector flips from 1.15 to 1.16 at `switch`.
 *
 * Release 2 starts where release 1 ends: its blue Deployment `nginx-v1-15` is exactly release 1's
 * promoted Deployment. In the seed both happen one after the other in namespace `rmh`; here release 1
 * is in `rmh` and release 2 in `rmh-switch`, so both can be synthesized (and applied) side by side.
 *
 * The images are the seed's. The official nginx image runs as root and writes to its filesystem,
 * so it does not start under the library's restricted pod security (non-root, read-only root
 * filesystem); for a real cluster use an unprivileged nginx build (e.g. nginxinc/nginx-unprivileged,
 * port 8080 via `containerPort`). nginx has no /health page, so readiness probes GET `/`.
 */

/** Release 1 (seed 003 §1-6): nginx 1.14.2 -> 1.15.12 as a replica-ratio canary, no mesh. */
export class NginxCanaryChart extends Chart {
  /** The replica canary, exposed for tests. */
  public readonly canary: CanaryService;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'rmh', disableResourceNameHashes: true });
    this.canary = new CanaryService(this, 'nginx', {
      name: 'nginx',
      traffic: Traffic.replicaRatio({ totalReplicas: 4, rounding: 'exact' }),
      stable: { name: 'v1-14', image: 'nginx:1.14.2' },
      canary: { name: 'v1-15', image: 'nginx:1.15.12' },
      stages: [25, 50, 100],
      stage: 'canary-25',
      readiness: { path: '/' },
    });
  }
}

/** Release 2 (seed 003 §7): nginx 1.15.12 -> 1.16.1 by switching the Service selector; `new-nginx` previews 1.16. */
export class NginxSwitchChart extends Chart {
  /** The Service-selector blue-green, exposed for tests. */
  public readonly switch: BlueGreenService;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'rmh-switch', disableResourceNameHashes: true });
    this.switch = new BlueGreenService(this, 'nginx', {
      name: 'nginx',
      traffic: Traffic.serviceSelector(),
      blue: { name: 'v1-15', image: 'nginx:1.15.12' },
      green: { name: 'v1-16', image: 'nginx:1.16.1' },
      replicas: 4,
      previewServiceName: 'new-nginx',
      stage: 'preview',
      readiness: { path: '/' },
    });
  }
}
