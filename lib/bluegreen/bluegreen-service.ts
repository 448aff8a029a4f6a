import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ITrafficRouting } from '../providers/core/provider';
import { renderStageRouting, selectTraffic } from '../providers/traffic-routing';
import { ArgoBlueGreenRollout } from '../progressive/argo-blue-green';
import { FlaggerBlueGreen } from '../progressive/flagger-blue-green';
import { Progression } from '../progressive/progression';
import { StagedRollout } from '../rollout/staged-rollout';
import { RouteRule } from '../routing/route-model';
import { BlueGreenAction, BlueGreenStage, DEFAULT_BLUE_GREEN_STAGES, resolveBlueGreenStages } from '../stages/bluegreen-stages';
import { reportProblems } from '../validation/problems';
import { AppService } from '../workload/app-service';
import { VersionedApp, workloadOptions } from '../workload/versioned-app';
import { APP_LABEL, VERSION_LABEL, VersionedDeployment } from '../workload/versioned-deployment';
import { createBlueGreenEngine } from './bluegreen-engine';
import { planBlueGreenStage } from './bluegreen-plan';
import { BlueGreenServiceProps } from './bluegreen-props';
import { requireProps } from '../validation/required-props';

export { DEFAULT_PREVIEW_HEADER, type PreviewHeader } from './preview-header';

export type { BlueGreenServiceProps } from './bluegreen-props';

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
  /** The kind of the traffic provider that moves users (`Traffic.kind`: `istio`, `gateway-api`, `service-selector`, `istio-ambient`, ...). */
  public readonly traffic: string;
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
    requireProps(scope, id, 'BlueGreenService', props, ['name', 'blue', 'green', 'stage']);
    super(scope, id, resolveBlueGreenStages(props.stages ?? DEFAULT_BLUE_GREEN_STAGES), props.stage);
    const selection = selectTraffic(this, props.traffic);
    this.progression = props.progression ?? Progression.manual();
    const plan = planBlueGreenStage({ props, stages: this.stages, activeStageIndex: this.activeStageIndex, selection });
    this.traffic = plan.traffic;
    this.action = plan.action;
    this.liveVersion = plan.liveVersion;
    this.rules = plan.rules;
    reportProblems(this, plan.problems);

    this.app = new VersionedApp(this, 'App', {
      ...workloadOptions(props),
      ...plan.workloadNeeds,
      sidecarInjection: plan.sidecarInjection,
      servicePort: props.servicePort,
      app: props.name,
      versions: [...plan.versions],
      declaredVersions: [...plan.declaredVersions],
      createService: !plan.engine,
      serviceSelector: plan.serviceSelector,
    });
    this.service = this.app.service;
    this.blueDeployment = this.app.deployments[props.blue.name];
    this.greenDeployment = this.app.deployments[props.green.name];
    if (plan.previewServiceName !== undefined) {
      this.previewService = new AppService(this, 'PreviewService', {
        name: plan.previewServiceName,
        selector: { [APP_LABEL]: props.name, [VERSION_LABEL]: props.green.name },
        port: props.servicePort,
        targetPort: props.containerPort,
        protocol: props.protocol,
      });
    }
    if (plan.model) {
      this.routing = renderStageRouting(this, 'Routing', plan.provider, plan.model);
      if (plan.gateway) this.gateway = plan.provider.renderGateway(this, 'Gateway', plan.gateway.options, [...plan.gateway.hosts], Chart.of(this).namespace);
      if (this.routing) this.previewRoute = plan.provider.renderPreviews(this, plan.model, this.routing)[0];
    }
    if (plan.enginePlan) {
      const created = createBlueGreenEngine(this, plan.enginePlan.engine, plan.enginePlan.input);
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
