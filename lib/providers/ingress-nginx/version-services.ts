import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IngressNginxInput, versionServiceNameOf } from './ingress-input';

/**
 * One ClusterIP Service per version (`<service>-<version>`), selecting the app labels plus the
 * version's labels: an Ingress backend is a Service, so these play the part of Istio's subsets.
 * (The same idea as lib/gateway-api/version-services.ts, kept separate so this provider stands alone.)
 */
export function renderVersionServices(scope: Construct, input: IngressNginxInput): k8s.KubeService[] {
  const app = input.appSelector ?? { app: input.service };
  return input.versions.map((v) => {
    const selector = { ...app, ...(v.labels ?? { version: v.name }) };
    return new k8s.KubeService(scope, `Service-${v.name}`, {
      metadata: { name: versionServiceNameOf(input, v), ...(input.namespace ? { namespace: input.namespace } : {}), labels: { app: app.app ?? input.service } },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [{ name: 'http', port: v.port ?? 80, targetPort: k8s.IntOrString.fromNumber(input.targetPort ?? 80), protocol: 'TCP' }],
      },
    });
  });
}
