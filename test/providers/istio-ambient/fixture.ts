/** Charts built with the ambient provider's construct directly, for the ambient tests. */
import { Chart } from 'cdk8s';
import { RouteRule, VersionedApp } from '../../../lib';
import { IstioAmbientRouting, IstioAmbientRoutingProps } from '../../../lib/providers/istio-ambient';

/** Versions v1 and v2 of an app, as VersionedApp and the provider take them. */
export const VERSIONS = ['v1', 'v2'];

/** A canary split: v2 gets `v2` percent. */
export const split = (v2: number) => (v2 <= 0 ? [{ version: 'v1', weight: 100 }] : v2 >= 100 ? [{ version: 'v2', weight: 100 }] : [{ version: 'v1', weight: 100 - v2 }, { version: 'v2', weight: v2 }]);

/** One ambient service: a VersionedApp without sidecars and its ambient routing. */
export function ambientService(chart: Chart, name: string, http: RouteRule[], props: Partial<IstioAmbientRoutingProps> = {}, versions = VERSIONS): IstioAmbientRouting {
  const app = new VersionedApp(chart, `${name}-app`, {
    app: name,
    versions: versions.map((v, i) => ({ name: v, image: `example/${name}:${i + 1}.0.0` })),
    sidecarInjection: false,
  });
  return new IstioAmbientRouting(chart, `${name}-routing`, {
    service: name,
    appService: app.service,
    versions: versions.map((v) => ({ name: v, labels: { version: v } })),
    http,
    ...props,
  });
}
