import { ApiObject, Chart } from 'cdk8s';
import { TrafficPolicyOptions } from '../providers/core/traffic-policy';
import { engineUnrenderedOptionProblems } from '../progressive/engine-unrendered-options';
import { Construct } from 'constructs';
import { istioApiVersionOf } from '../providers/istio/api-version-of';
import { versionServiceName } from '../providers/gateway-api/version-services';
import { ArgoBlueGreenRollout } from '../progressive/argo-blue-green';
import { FlaggerBlueGreen } from '../progressive/flagger-blue-green';
import { engineOf, Progression, progressionProblems } from '../progressive/progression';
import { ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS } from '../progressive/thresholds';
import { isTrafficApi, TrafficApiChoice, trafficApiProblems } from '../settings/traffic-setting';
import { Traffic } from '../providers/traffic';
import { providerOf, renderStageRouting, selectTraffic } from '../providers/traffic-routing';
import { appWorkloadNeeds } from '../providers/workload-needs';
import { ITrafficProvider, ITrafficRouting, StageRouteModel } from '../providers/core/provider';
import { StagedRollout } from '../rollout/staged-rollout';
import { RouteRule } from '../routing/route-model';
import { Problem, reportProblems } from '../validation/problems';
import { checkHostName } from '../validation/rules';
import { AppService } from '../workload/app-service';
import { VersionSpec, WorkloadOptions } from '../workload/options';
import { VersionedApp, workloadOptions } from '../workload/versioned-app';
import { APP_LABEL, VERSION_LABEL, VersionedDeployment, versionSubsets } from '../workload/versioned-deployment';
import {
  BlueGreenAction,
  BlueGreenStage,
  BlueGreenStageInput,
  blueGreenStageProblems,
  DEFAULT_BLUE_GREEN_STAGES,
  resolveBlueGreenStages,
  usersOn,
} from '../stages/bluegreen-stages';
import { blueGreenEngineProblems, createBlueGreenEngine, DEFAULT_ANALYSIS_ITERATIONS } from './bluegreen-engine';
import { GatewayOptions } from '../providers/core/gateway';
import { gatewayCreatedHere } from '../providers/core/gateway-hosts';

/**
 * How a blue-green release moves users between the two environments.
 * - `istio`: a VirtualService sends 100/0 over DestinationRule subsets `blue`/`green` versions;
 *   the Service selects both versions; previews by header, preview host and preview Service.
 * - `gateway-api`: the same with Gateway API objects: HTTPRoutes send 100/0 to the Services
 *   `<name>-<blue>`/`<name>-<green>`; previews by header, preview host (an HTTPRoute `<name>-preview`)
 *   and preview Service.
 * - `service-selector`: plain Kubernetes (seed 003): the Service selects `version=<blue>` and
 *   switches to `version=<green>`; a separate preview Service selects green. No Istio objects.
 */
export type BlueGreenTraffic = 'istio' | 'gateway-api' | 'service-selector';

/** A request header that sends a request to green while users still get blue (Istio only). */
export interface PreviewHeader {
  /** Header name, lower-case, e.g. `x-preview`. */
  readonly name: string;
  /** Exact value the header must have, e.g. `true`. */
  readonly value: string;
}

/** The default preview header: `x-preview: true`. */
export const DEFAULT_PREVIEW_HEADER: PreviewHeader = { name: 'x-preview', value: 'true' };

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
   * How users are moved: Istio routing, Gateway API routing, or the Service selector. When not set
   * here, the `cdk8s-progressive:traffic` context key or the `ROLLOUT_TRAFFIC` environment variable
   * chooses between `istio` and `gateway-api`.
   * @default 'istio'
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

/**
 * A blue-green release: blue (current) and green (new) each run as a full Deployment; users are
 * moved from blue to green all at once. Stages: `preview` (green reachable by testers only),
 * `switch` (all users to green, blue kept), `rollback` (all users back to blue, green kept),
 * `finalize` (blue removed). Works with Istio (`traffic: Traffic.istio()`, VirtualService 100/0) or with plain
 * Kubernetes (`traffic: Traffic.serviceSelector()`, the Service selector flips from blue to green).
 *
 * @example
 * new BlueGreenService(chart, 'shop', {
 *   name: 'shop',
 *   blue: { name: 'v1', image: 'example/shop:1.0.0' },
 *   green: { name: 'v2', image: 'example/shop:2.0.0' },
 *   stage: 'preview',
 * });
 */
export class BlueGreenService extends StagedRollout<BlueGreenStage> {
  /** How users are moved between the versions. */
  public readonly traffic: BlueGreenTraffic;
  /** The Service and the Deployments of the active stage. */
  public readonly app: VersionedApp;
  /** The Service users call (`<name>`); absent with progression 'flagger' (Flagger creates the Services). */
  public readonly service?: AppService;
  /** The Service selecting green only (`<name>-preview`); absent at `finalize` and with progression 'flagger'. */
  public readonly previewService?: AppService;
  /** Blue's Deployment; absent at `finalize`. */
  public readonly blueDeployment?: VersionedDeployment;
  /** Green's Deployment. */
  public readonly greenDeployment?: VersionedDeployment;
  /** The routing objects the traffic provider made for the active stage (typed access: `MeshRouting.of(x.routing)`, `GatewayApiRouting.of(x.routing)`); undefined when the provider emits none, with an engine, or when the plan is invalid. */
  public readonly routing?: ITrafficRouting;
  /** Istio or Gateway API mode with a gateway: the Gateway (Istio, or Gateway API), when this construct creates it. */
  public readonly gateway?: ApiObject;
  /** With `previewHost`: the object the traffic provider made to route the preview host to green (a VirtualService or an HTTPRoute `<name>-preview`). */
  public readonly previewRoute?: ApiObject;
  /** Istio and Gateway API modes: the route rules of the active stage (the preview header rule first, then the users' rule). */
  public readonly rules: readonly RouteRule[];
  /** Who moves the release through the stages. */
  public readonly progression: Progression;
  /** Progression.flagger(): the target Deployment, the Flagger Canary (blue/green) and its MetricTemplates. */
  public readonly flaggerBlueGreen?: FlaggerBlueGreen;
  /** Progression.argoRollouts(): the Rollout (blueGreen), its Services, Istio routing and AnalysisTemplate. */
  public readonly argoRollout?: ArgoBlueGreenRollout;
  /** The action of the active stage (undefined when the plan is invalid). */
  public readonly action?: BlueGreenAction;
  /** The version users get at the active stage (undefined when the plan is invalid). */
  public readonly liveVersion?: string;

  constructor(scope: Construct, id: string, props: BlueGreenServiceProps) {
    super(scope, id, resolveBlueGreenStages(props.stages ?? DEFAULT_BLUE_GREEN_STAGES), props.stage);
    const selection = selectTraffic(this, props.traffic);
    const trafficChoice = selection.choice;
    this.traffic = trafficChoice.traffic as BlueGreenTraffic;
    this.progression = props.progression ?? Progression.manual();
    const engine = engineOf(props.progression);
    const engineOptions = props.progression instanceof Progression ? props.progression.options : {};
    const istio = this.traffic === 'istio';
    // Routed by Istio or Gateway API objects (rather than by the Service selector).
    const routed = istio || this.traffic === 'gateway-api' || (selection.declared?.features.routingObjects ?? false);
    const planOk = reportProblems(this, blueGreenStageProblems(this.stages));
    const trafficOk = reportProblems(this, blueGreenPropProblems(props, this.traffic, trafficChoice, selection.declared));
    if (props.progression !== undefined) reportProblems(this, progressionProblems(props.progression));
    const engineOk = engine ? reportProblems(this, [...blueGreenEngineProblems(engine, { ...props, analysisIterations: engineOptions.analysisIterations, stages: this.stages, traffic: trafficChoice }), ...engineUnrenderedOptionProblems(engine, props)]) : false;
    const distinct = props.blue.name !== props.green.name;
    // The same version name twice is reported once by VersionedApp; routing it would report it again.
    const stage = planOk && distinct && trafficOk && !engine ? this.active : undefined;
    this.action = stage?.action;
    const finalized = stage?.action === 'finalize';
    const live = stage && usersOn(stage.action) === 'green' ? props.green : props.blue;
    if (stage) this.liveVersion = live.name;
    const running = finalized ? [props.green] : [props.blue, props.green];

    this.app = new VersionedApp(this, 'App', {
      ...workloadOptions(props),
      ...(routed && !engine ? appWorkloadNeeds(providerOf(selection)) : {}),
      // Engines check green with the sidecars' metrics; otherwise the provider says whether its routing needs the sidecar.
      sidecarInjection: props.sidecarInjection ?? (engine !== undefined || (routed && providerOf(selection).workload.sidecarInjection)),
      servicePort: props.servicePort,
      app: props.name,
      versions: engine ? [] : running,
      // With an engine the app emits nothing: it validates blue (the engine validates green).
      declaredVersions: engine && distinct ? [props.blue] : [props.blue, props.green],
      createService: !engine,
      serviceSelector: routed ? { [APP_LABEL]: props.name } : { [APP_LABEL]: props.name, [VERSION_LABEL]: live.name },
    });
    this.service = this.app.service;
    this.blueDeployment = finalized || engine ? undefined : this.app.deployments[props.blue.name];
    this.greenDeployment = this.app.deployments[props.green.name];

    if (!finalized && !engine) {
      this.previewService = new AppService(this, 'PreviewService', {
        name: props.previewServiceName ?? `${props.name}-preview`,
        selector: { [APP_LABEL]: props.name, [VERSION_LABEL]: props.green.name },
        port: props.servicePort,
        targetPort: props.containerPort,
        protocol: props.protocol,
      });
    }

    this.rules = stage && routed ? usersRules(props, stage.action) : [];
    if (stage && routed) {
      const gw = props.gateway;
      const previewHost = finalized ? undefined : props.previewHost;
      const namespace = Chart.of(this).namespace;
      const provider = providerOf(selection);
      const model: StageRouteModel = {
        service: props.name,
        versions: versionSubsets(running),
        http: this.rules,
        gateway: gw,
        // The Gateway is rendered here rather than with the routes so it also serves the preview host
        // (and keeps the same place in the output at every stage).
        renderGatewayWithRoutes: false,
        servicePort: props.servicePort,
        targetPort: props.containerPort,
        protocol: props.protocol,
        trafficPolicy: props.trafficPolicy,
        previews: gw && previewHost ? [{ name: `${props.name}-preview`, host: previewHost, rules: [{ name: 'preview', split: [{ version: props.green.name, weight: 100 }] }] }] : [],
      };
      this.routing = renderStageRouting(this, 'Routing', provider, model);
      if (gw && gatewayCreatedHere(gw)) {
        this.gateway = provider.renderGateway(this, 'Gateway', gw, previewHost ? [...gw.hosts, previewHost] : [...gw.hosts], namespace);
      }
      if (this.routing) this.previewRoute = provider.renderPreviews(this, model, this.routing)[0];
    }
    // Props the construct already reported (trafficOk false) are not handed to the engine, which would report them again.
    if (engine && engineOk && planOk && trafficOk && distinct) {
      const header = props.previewHeader === false ? undefined : props.previewHeader ?? (engine === 'argo-rollouts' ? DEFAULT_PREVIEW_HEADER : undefined);
      const created = createBlueGreenEngine(this, engine, {
        ...workloadOptions(props),
        name: props.name,
        green: props.green,
        thresholds: engineOptions.thresholds ?? ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS,
        iterations: engineOptions.analysisIterations ?? DEFAULT_ANALYSIS_ITERATIONS,
        servicePort: props.servicePort,
        previewServiceName: props.previewServiceName,
        gateway: props.gateway,
        previewHost: props.previewHost,
        previewHeader: header,
        istioApiVersion: istioApiVersionOf(providerOf(selection)),
      });
      if (created instanceof FlaggerBlueGreen) {
        this.flaggerBlueGreen = created;
      } else {
        this.argoRollout = created;
        this.service = created.activeService;
        this.previewService = created.previewService;
      }
    }
  }
}

/** Istio rules of a stage: the preview header to green (until finalize), then every other request to the live version. */
function usersRules(props: BlueGreenServiceProps, action: BlueGreenAction): RouteRule[] {
  const rules: RouteRule[] = [];
  const header = props.previewHeader === false ? undefined : props.previewHeader ?? DEFAULT_PREVIEW_HEADER;
  if (action === 'finalize') return [{ name: 'live', split: [{ version: props.green.name, weight: 100 }] }];
  if (header) {
    rules.push({ name: 'preview', matches: [{ headers: { [header.name]: { exact: header.value } } }], split: [{ version: props.green.name, weight: 100 }] });
  }
  const green = usersOn(action) === 'green' ? 100 : 0;
  rules.push({ name: 'live', split: [{ version: props.blue.name, weight: 100 - green }, { version: props.green.name, weight: green }] });
  return rules;
}

/** Props that contradict the traffic mode, and invalid preview settings. */
function blueGreenPropProblems(props: BlueGreenServiceProps, traffic: BlueGreenTraffic, choice: TrafficApiChoice, declared?: ITrafficProvider): Problem[] {
  // A value from ROLLOUT_TRAFFIC or the context can only be a traffic API; anything else is reported as such.
  if (choice.source !== 'code' && !isTrafficApi(traffic)) return trafficApiProblems(choice);
  if (traffic !== 'istio' && traffic !== 'gateway-api' && traffic !== 'service-selector' && !declared?.features.routingObjects) {
    return [{
      message: `traffic "${traffic}" is not a traffic mode this construct knows.`,
      fix: "use 'istio' (VirtualService over subsets), 'gateway-api' (HTTPRoutes over a Service per version) or 'service-selector' (plain Kubernetes Service selector).",
    }];
  }
  const problems: Problem[] = [];
  if (props.previewServiceName === props.name) {
    problems.push({ message: `previewServiceName "${props.previewServiceName}" is the name of the users' Service.`, fix: `use another name, e.g. "${props.name}-preview".` });
  }
  if (traffic === 'service-selector') {
    const istioOnly: Array<[string, unknown]> = [
      ['gateway', props.gateway], ['previewHost', props.previewHost], ['previewHeader', props.previewHeader === false ? undefined : props.previewHeader],
    ];
    for (const [what, value] of istioOnly) {
      if (value !== undefined) {
        problems.push({ message: `${what} is an Istio option, but traffic is 'service-selector', which emits no Istio objects.`, fix: `remove ${what}, or use traffic: Traffic.istio().` });
      }
    }
    return problems;
  }
  if (traffic === 'gateway-api' || String(traffic) === 'istio-ambient') {
    const preview = props.previewServiceName ?? `${props.name}-preview`;
    const clash = [props.blue, props.green].find((v) => versionServiceName(props.name, v.name) === preview);
    if (clash) {
      problems.push({
        message: `the preview Service "${preview}" has the name of the Service of version "${clash.name}" (traffic 'gateway-api' creates a Service <name>-<version> per version), so one would overwrite the other.`,
        fix: `set previewServiceName to another name (e.g. "${props.name}-next"), or rename version "${clash.name}".`,
      });
    }
  }
  if ((props.protocol ?? 'http') === 'tcp') {
    problems.push({
      message: `protocol 'tcp' cannot be routed by traffic '${traffic}': BlueGreenService switches ${traffic === 'istio' ? 'Istio ' : ''}HTTP routes, which never apply to a TCP port.`,
      fix: 'use traffic: Traffic.serviceSelector() (the selector switch works for any protocol), or an HTTP protocol.',
    });
  }
  const header = props.previewHeader;
  if (header && !/^[a-z0-9][a-z0-9-]*$/.test(header.name)) {
    problems.push({ message: `previewHeader name "${header.name}" is not a lower-case HTTP header name.`, fix: 'use lower-case letters, digits and "-", e.g. "x-preview".' });
  }
  const host = props.previewHost;
  if (host !== undefined) {
    if (!props.gateway) {
      problems.push({ message: `previewHost "${host}" needs a gateway: it is an external host served by ${traffic === 'istio' ? 'an Istio' : 'a'} Gateway.`, fix: "set gateway (e.g. { name: 'shop-gateway', hosts: ['shop.example.com'] }), or remove previewHost and use the preview Service or header." });
    } else if (props.gateway.hosts.includes(host)) {
      problems.push({ message: `previewHost "${host}" is also a host of the gateway, so users calling it would reach green too.`, fix: 'use a separate host for the preview, e.g. "preview.<your host>".' });
    }
    if (host.includes('*') || checkHostName(host, 'previewHost')) {
      problems.push({ message: `previewHost "${host}" is not a single DNS host name.`, fix: 'use a host without wildcards, e.g. "preview.shop.example.com".' });
    }
  }
  return problems;
}
