import { App, Chart } from 'cdk8s';
import { CanaryService } from '../lib';

/**
 * The benchmark app: `n` services, each a 5-stage CanaryService (canary 5, 25, 50, 75, then promoted),
 * in charts of 100 services (one namespace each). Every 10th service is also reached through its own
 * Istio Gateway. `baseline.ts` emits the same objects with bare ApiObjects.
 */

/** Services per chart (namespace). */
export const SERVICES_PER_CHART = 100;
/** Canary weights of every service; the `promoted` stage is appended, so 5 stages. */
export const FLEET_WEIGHTS = [5, 25, 50, 75];

/** Name of service `i`. */
export function serviceName(i: number): string {
  return `svc-${i}`;
}

/** Namespace (and chart id) of service `i`. */
export function chartName(i: number): string {
  return `team-${Math.floor(i / SERVICES_PER_CHART)}`;
}

/** True when service `i` has an ingress Gateway. */
export function hasGateway(i: number): boolean {
  return i % 10 === 0;
}

/** Returns an app builder for `n` services (for `renderAllStages`). */
export function defineFleet(n: number): (app: App) => void {
  return (app) => {
    let chart: Chart | undefined;
    for (let i = 0; i < n; i++) {
      if (i % SERVICES_PER_CHART === 0) chart = new Chart(app, chartName(i), { namespace: chartName(i), disableResourceNameHashes: true });
      const name = serviceName(i);
      new CanaryService(chart!, name, {
        name,
        stable: { name: 'v1', image: `registry.example.com/${name}:1.0.0` },
        canary: { name: 'v2', image: `registry.example.com/${name}:1.1.0` },
        stages: FLEET_WEIGHTS,
        stage: `canary-${FLEET_WEIGHTS[0]}`,
        ...(hasGateway(i) ? { gateway: { name: `${name}-gateway`, hosts: [`${name}.example.com`] } } : {}),
      });
    }
  };
}
