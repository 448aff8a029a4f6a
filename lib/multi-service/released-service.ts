import { Construct } from 'constructs';
import { IstioApiVersion } from '../providers/istio/api-version';
import { MeshRouting } from '../providers/istio/mesh-routing';
import { RouteRule } from '../routing/route-model';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { VersionedApp, workloadOptions } from '../workload/versioned-app';
import { versionSubsets } from '../workload/versioned-deployment';
import { GatewayOptions } from '../providers/core/gateway';
import { ITrafficProvider, ITrafficRouting } from '../providers/core/provider';
import { renderStageRouting } from '../providers/traffic-routing';
import { appWorkloadNeeds } from '../providers/workload-needs';

/** Properties of `ReleasedService`. */
export interface ReleasedServiceProps extends WorkloadOptions {
  /** Application name. */
  readonly app: string;
  /** Every version of the service. */
  readonly versions: readonly VersionSpec[];
  /** Names of the versions running at this stage. */
  readonly running: readonly string[];
  /** Route rules of this stage. @default - no routing is rendered (the release plan is invalid) */
  readonly rules?: readonly RouteRule[];
  /** Service port. @default 80 */
  readonly servicePort?: number;
  /** Gateway for the entry service. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Istio API version. @default 'v1' */
  readonly apiVersion?: IstioApiVersion;
  /** A provider that pins the release without caller conditions (`ITrafficProvider.releasePinning`). @default - Istio (`MeshRouting`) */
  readonly provider?: ITrafficProvider;
}

/** One service of a `MultiServiceRelease` at one stage: its workload (`VersionedApp`) and routing (`MeshRouting`). */
export class ReleasedService extends Construct {
  /** Service and Deployments of the running versions. */
  public readonly app: VersionedApp;
  /** DestinationRule and VirtualService; undefined when the release plan is invalid or with `provider`. */
  public readonly routing?: MeshRouting;
  /** What `provider` rendered (e.g. `IstioAmbientRouting.of(x.providerRouting)`). @default - none (Istio: see `routing`) */
  public readonly providerRouting?: ITrafficRouting;
  /** The route rules the VirtualService renders (empty when the plan is invalid). */
  public readonly rules: readonly RouteRule[];

  constructor(scope: Construct, id: string, props: ReleasedServiceProps) {
    super(scope, id);
    const running = props.versions.filter((v) => props.running.includes(v.name));
    this.app = new VersionedApp(this, 'App', {
      ...workloadOptions(props),
      servicePort: props.servicePort,
      app: props.app,
      versions: running,
      declaredVersions: props.versions,
      ...(props.provider ? { ...appWorkloadNeeds(props.provider), sidecarInjection: props.sidecarInjection ?? props.provider.workload.sidecarInjection } : {}),
    });
    this.rules = props.rules ?? [];
    if (props.rules && props.provider) {
      this.providerRouting = renderStageRouting(this, 'Routing', props.provider, {
        service: props.app, versions: versionSubsets(running), http: props.rules, gateway: props.gateway, servicePort: props.servicePort, targetPort: props.containerPort, protocol: props.protocol,
      });
    } else if (props.rules) {
      this.routing = new MeshRouting(this, 'Routing', {
        service: props.app,
        subsets: versionSubsets(running),
        http: props.rules,
        gateway: props.gateway,
        apiVersion: props.apiVersion,
      });
    }
  }
}
