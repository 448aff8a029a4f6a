import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { BlueGreenService, CanaryService, Traffic, WorkloadOptions } from '../../lib';

/*
 * Seed 003 without a service mesh, as two releases of the same application:
 *
 * 1. `NginxCanaryChart`: nginx 1.26 -> 1.27 as a replica canary. The seed pauses a rolling update
 *    after the first new pod (3 old + 1 new = 25% of the pods behind the Service); here each stage
 *    is declared instead: 4 pods in all, 1 of them 1.27 at `canary-25`, then 2, then 4.
 * 2. `NginxSwitchChart`: nginx 1.27 -> 1.28 by Service selectors. The seed exposes the new pod as
 *    `new-nginx` and points the old Service at the old pods only; here `new-nginx` is the preview
 *    Service (always green) and the `nginx` Service selector flips from 1.27 to 1.28 at `switch`.
 *
 * Release 2 starts where release 1 ends: its blue Deployment `nginx-v1-27` is exactly release 1's
 * promoted Deployment. In the seed both happen one after the other in namespace `rmh`; here release 1
 * is in `rmh` and release 2 in `rmh-switch`, so both can be synthesized (and applied) side by side.
 *
 * The seed runs the official `nginx:1.14`-`1.16` images, which run as root and write to their
 * filesystem, so they cannot start under the library's restricted pod security (non-root, read-only
 * root filesystem). The examples run `nginxinc/nginx-unprivileged` instead (same nginx, built by NGINX
 * to run as UID 101 and listen on 8080, with its pid file and temp paths under /tmp), three real
 * releases of it, with emptyDir volumes at the two paths nginx writes to. nginx has no /health page,
 * so readiness probes GET `/`.
 */

/** How the unprivileged nginx image runs: UID/GID 101, port 8080, writable /tmp and /var/cache/nginx. */
export const NGINX_UNPRIVILEGED: WorkloadOptions = {
  containerPort: 8080,
  runAsUser: 101,
  runAsGroup: 101,
  volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cache', emptyDir: {} }],
  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'cache', mountPath: '/var/cache/nginx' }],
  readiness: { path: '/' },
};

/** Release 1 (seed 003 §1-6): nginx 1.26 -> 1.27 as a replica-ratio canary, no mesh. */
export class NginxCanaryChart extends Chart {
  /** The replica canary, exposed for tests. */
  public readonly canary: CanaryService;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'rmh', disableResourceNameHashes: true });
    this.canary = new CanaryService(this, 'nginx', {
      ...NGINX_UNPRIVILEGED,
      name: 'nginx',
      traffic: Traffic.replicaRatio({ totalReplicas: 4, rounding: 'exact' }),
      stable: { name: 'v1-26', image: 'nginxinc/nginx-unprivileged:1.26.0-alpine' },
      canary: { name: 'v1-27', image: 'nginxinc/nginx-unprivileged:1.27.0-alpine' },
      stages: [25, 50, 100],
      stage: 'canary-25',
    });
  }
}

/** Release 2 (seed 003 §7): nginx 1.27 -> 1.28 by switching the Service selector; `new-nginx` previews 1.28. */
export class NginxSwitchChart extends Chart {
  /** The Service-selector blue-green, exposed for tests. */
  public readonly switch: BlueGreenService;

  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'rmh-switch', disableResourceNameHashes: true });
    this.switch = new BlueGreenService(this, 'nginx', {
      ...NGINX_UNPRIVILEGED,
      name: 'nginx',
      traffic: Traffic.serviceSelector(),
      blue: { name: 'v1-27', image: 'nginxinc/nginx-unprivileged:1.27.0-alpine' },
      green: { name: 'v1-28', image: 'nginxinc/nginx-unprivileged:1.28.0-alpine' },
      replicas: 4,
      previewServiceName: 'new-nginx',
      stage: 'preview',
    });
  }
}
