import { GatewayOptions } from '../providers/core/gateway';
import { TrafficPolicyOptions } from '../providers/core/traffic-policy';
import { Traffic } from '../providers/traffic';
import { Progression } from '../progressive/progression';
import { BlueGreenStageInput } from '../stages/bluegreen-stages';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { PreviewHeader } from './preview-header';

/** Properties of `BlueGreenService`. */
export interface BlueGreenServiceProps extends WorkloadOptions, TrafficPolicyOptions {
  /** Application name: the Service (and Istio objects) name and the `app` label. */
  readonly name: string;
  /** The version serving users today (blue). Runs at full replicas until `finalize`. */
  readonly blue: VersionSpec;
  /** The new version (green). Runs at full replicas from the first stage. */
  readonly green: VersionSpec;
  /**
   * The stages, in order: actions (`'preview'`, `'switch'`, `'rollback'`, `'finalize'`, each named
   * after itself) or named stages (`{ name: 'switch-again', action: 'switch' }`) when an action repeats.
   * The plan must start with `preview`; `rollback` must follow a `switch`; `finalize` must follow a
   * `switch` and be last.
   * @default ['preview', 'switch', 'finalize']
   */
  readonly stages?: BlueGreenStageInput[];
  /** The stage to render; the `ROLLOUT_STAGE` environment variable overrides it for one run. */
  readonly stage: string;
  /**
   * How users are moved between blue and green:
   * - `Traffic.istio()`: a VirtualService sends 100/0 over the DestinationRule subsets of blue and
   *   green; the Service selects both versions; previews by header, preview host and preview Service.
   * - `Traffic.gatewayApi()`: the same with Gateway API objects: HTTPRoutes send 100/0 to the Services
   *   `<name>-<blue>`/`<name>-<green>`; previews by header, preview host (an HTTPRoute `<name>-preview`)
   *   and preview Service.
   * - `Traffic.serviceSelector()`: plain Kubernetes (seed 003): the Service selects `version=<blue>` and
   *   switches to `version=<green>`; a separate preview Service selects green. No routing objects.
   * - any other provider that emits routing objects (`Traffic.istioAmbient()`, `Traffic.ingressNginx()`,
   *   `Traffic.custom(...)`) routes the same rules as `Traffic.istio()`; a provider without routing
   *   objects other than the Service selector (`Traffic.replicaRatio()`) is refused.
   * When not set here, the `cdk8s-progressive:traffic` context key or the `ROLLOUT_TRAFFIC`
   * environment variable chooses between `istio` and `gateway-api`.
   * @default Traffic.istio()
   */
  readonly traffic?: Traffic;
  /** Port of the Service and of the preview Service. @default 80 */
  readonly servicePort?: number;
  /** Name of the Service that always selects green (until `finalize`), for testers. @default `<name>-preview` */
  readonly previewServiceName?: string;
  /**
   * Istio and Gateway API only: requests carrying this header go to green at every stage until
   * `finalize`, while other requests follow the stage. `false` disables it.
   * @default { name: 'x-preview', value: 'true' } with traffic 'istio' or 'gateway-api' (but progression 'flagger'); none with 'service-selector'
   */
  readonly previewHeader?: PreviewHeader | false;
  /**
   * Istio and Gateway API only, needs `gateway`: an external host (e.g. `preview.demo.example.com`)
   * that the Gateway also serves and that always reaches green (until `finalize`), through a
   * `<name>-preview` VirtualService (or HTTPRoute).
   * @default - no preview host
   */
  readonly previewHost?: string;
  /** Istio and Gateway API only: traffic from outside the cluster through a Gateway. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /**
   * Who moves the release through the stages. `Progression.manual()` renders the active stage.
   * `Progression.flagger({ thresholds, analysisIterations })` emits a Flagger blue/green Canary
   * (analysis `iterations`, no weights); `Progression.argoRollouts({ thresholds, analysisIterations })`
   * an Argo Rollout with the `blueGreen` strategy (active and preview Services, manual promotion, the
   * rollback checks before and after the switch). Engines need traffic: Traffic.istio() (whose
   * `apiVersion` the engine's objects use) and the plan preview, switch, finalize; `blue` is then
   * only validated, `stage` does not change the output.
   * @default Progression.manual()
   */
  readonly progression?: Progression;
}
