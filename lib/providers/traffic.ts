import { ITrafficProvider } from './core/provider';
import { GatewayApiProvider, GatewayApiTrafficOptions } from './gateway-api/provider';
import { IngressNginxProvider, IngressNginxTrafficOptions } from './ingress-nginx/provider';
import { IstioProvider, IstioTrafficOptions } from './istio/provider';
import { IstioAmbientProvider, IstioAmbientTrafficOptions } from './istio-ambient/provider';
import { ReplicaRatioOptions, ReplicaRatioProvider } from './replica-ratio/provider';
import { ServiceSelectorProvider } from './service-selector/provider';

/**
 * How a strategy moves traffic between versions: the traffic provider and its options, in the
 * style of cdk8s-plus and the AWS CDK (`Traffic.istio()`, `Traffic.gatewayApi({ ... })`).
 * Each provider's options live with it, so impossible combinations cannot be written.
 *
 * @example
 * new CanaryService(chart, 'demo4', { ..., traffic: Traffic.gatewayApi({ gatewayClassName: 'istio' }) });
 */
export class Traffic {
  /** Istio: a VirtualService and a DestinationRule with a subset per version (and an Istio Gateway). */
  public static istio(options: IstioTrafficOptions = {}): Traffic {
    return new Traffic(new IstioProvider(options));
  }

  /** Kubernetes Gateway API v1.6: a Service per version, HTTPRoutes (TCPRoutes) with weighted backendRefs. */
  public static gatewayApi(options: GatewayApiTrafficOptions = {}): Traffic {
    return new Traffic(new GatewayApiProvider(options));
  }

  /** Istio ambient mode (no sidecars): a Service per version and HTTPRoutes (TCPRoutes) on the app Service, served by a waypoint. */
  public static istioAmbient(options: IstioAmbientTrafficOptions = {}): Traffic { return new Traffic(new IstioAmbientProvider(options)); }

  /** ingress-nginx canary annotations (retired upstream; prefer `gatewayApi()`): a main and a canary Ingress, a Service per version. */
  public static ingressNginx(options: IngressNginxTrafficOptions = {}): Traffic { return new Traffic(new IngressNginxProvider(options)); }

  /** No mesh: one Service in front of both versions, each version's share is its share of `totalReplicas` pods. */
  public static replicaRatio(options: ReplicaRatioOptions): Traffic {
    return new Traffic(new ReplicaRatioProvider(options));
  }

  /** No mesh: the Service selector picks the live version (blue-green). */
  public static serviceSelector(): Traffic {
    return new Traffic(new ServiceSelectorProvider());
  }

  /** A provider defined outside this library (implements `ITrafficProvider`). */
  public static custom(provider: ITrafficProvider): Traffic {
    return new Traffic(provider);
  }

  private constructor(
    /** The provider that renders the routing. */
    public readonly provider: ITrafficProvider,
  ) {}

  /** The provider's kind, e.g. `istio`. */
  public get kind(): string {
    return this.provider.kind;
  }
}
