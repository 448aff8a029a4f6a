import { RouteGateway } from '../providers/ingress-gateway';
import { Traffic } from '../providers/traffic';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { MultiServiceStage } from './multi-service-stages';

/** One service released by a `MultiServiceRelease`. */
export interface ReleaseServiceSpec extends WorkloadOptions {
  /** Application name: Service, DestinationRule and VirtualService name, and the `app` label. */
  readonly name: string;
  /** The service's versions: exactly the release's `from` and `to` versions, each with its image. */
  readonly versions: readonly VersionSpec[];
  /** Service port. @default 80 */
  readonly servicePort?: number;
}

/** The entry service of a release: the one users reach through the gateway. */
export interface EntryServiceSpec extends ReleaseServiceSpec {
  /**
   * The gateway users reach the service through (a shared `IngressGateway` or `GatewayOptions`).
   * Needed as soon as a stage routes by request conditions.
   * @default - mesh traffic only
   */
  readonly gateway?: RouteGateway;
}

/** Properties of `MultiServiceRelease`. */
export interface MultiServiceReleaseProps {
  /** The version every service runs today, e.g. `v1`. */
  readonly from: string;
  /** The version every service is released to, e.g. `v2`; its pods carry the label `version: <to>`. */
  readonly to: string;
  /** The entry service (seed 002: `frontend`): it routes user requests by the stage's conditions and weight. */
  readonly entry: EntryServiceSpec;
  /** The services called behind it (seed 002: `forecast`): they route by the caller's version label. */
  readonly downstream: readonly ReleaseServiceSpec[];
  /** The stages, applied to every service at once. A final `promoted` stage is appended unless `promote` is false. */
  readonly stages: readonly MultiServiceStage[];
  /** The stage to render. The `ROLLOUT_STAGE` environment variable overrides it for one run. */
  readonly stage: string;
  /** Append a final `promoted` stage: only the new versions run and serve every request. @default true */
  readonly promote?: boolean;
  /**
   * The traffic provider. `Traffic.istio()` pins the release by the caller's version (Istio
   * `sourceLabels`, so every calling service needs its sidecar); `Traffic.istioAmbient()` pins it by a
   * propagated release header. Providers with neither (`gateway-api`, `ingress-nginx`) fail synth.
   * When not set here, the `cdk8s-progressive:traffic` context key or the `ROLLOUT_TRAFFIC`
   * environment variable chooses it (by kind, with the same checks).
   * @default Traffic.istio()
   */
  readonly traffic?: Traffic;
}
