import { GatewayOptions } from '../providers/core/gateway';
import { ITrafficProvider, StageRouteModel } from '../providers/core/provider';
import { versionServiceName } from '../providers/gateway-api/version-services';
import { istioApiVersionOf } from '../providers/istio/api-version-of';
import { providerOf, TrafficSelection } from '../providers/traffic-routing';
import { AppWorkloadNeeds, appWorkloadNeeds } from '../providers/workload-needs';
import { engineUnrenderedOptionProblems } from '../progressive/engine-unrendered-options';
import { EngineProgression, engineOf, Progression, progressionProblems } from '../progressive/progression';
import { ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS } from '../progressive/thresholds';
import { RouteRule } from '../routing/route-model';
import { isTrafficApi, TrafficApiChoice, trafficApiProblems } from '../settings/traffic-setting';
import { BlueGreenAction, BlueGreenStage, blueGreenStageProblems, usersOn } from '../stages/bluegreen-stages';
import { Problem } from '../validation/problems';
import { checkHostName } from '../validation/rules';
import { VersionSpec } from '../workload/options';
import { workloadOptions } from '../workload/versioned-app';
import { APP_LABEL, VERSION_LABEL, versionSubsets } from '../workload/versioned-deployment';
import { BlueGreenEngineInput, blueGreenEngineProblems, DEFAULT_ANALYSIS_ITERATIONS } from './bluegreen-engine';
import { DEFAULT_PREVIEW_HEADER } from './preview-header';
import { gatewayCreatedHere } from '../providers/core/gateway-hosts';
import { BlueGreenServiceProps } from './bluegreen-props';

/** The `BlueGreenServiceProps` the planning reads (all but the stage plan, which it gets resolved). */
export type BlueGreenPlanSource = Omit<BlueGreenServiceProps, 'stage' | 'stages'>;

/** What `planBlueGreenStage` decides from. */
export interface BlueGreenPlanInput {
  /** The construct's props. */
  readonly props: BlueGreenPlanSource;
  /** The resolved stage plan. */
  readonly stages: readonly BlueGreenStage[];
  /** Index of the active stage (-1 when the choice is invalid). */
  readonly activeStageIndex: number;
  /** The traffic the construct was given or chose. */
  readonly selection: TrafficSelection;
}

/** What the engine of a blue-green release gets (undefined when no engine runs it or its input is invalid). */
export interface BlueGreenEnginePlan {
  /** Which engine. */
  readonly engine: EngineProgression;
  /** Everything the engine's objects are made from. */
  readonly input: BlueGreenEngineInput;
}

/** The Gateway a blue-green release creates: the gateway's hosts and, before `finalize`, the preview host. */
export interface BlueGreenGatewayPlan {
  /** The gateway as given. */
  readonly options: GatewayOptions;
  /** The hosts its server serves. */
  readonly hosts: readonly string[];
}

/** The decisions of one blue-green stage: what to render, and the problems to report (in order). */
export interface BlueGreenStagePlan {
  /** The kind of the chosen traffic provider (`Traffic.kind`, or the kind named by the context or ROLLOUT_TRAFFIC). */
  readonly traffic: string;
  /** The engine, when one runs the release (even when its input is invalid). */
  readonly engine?: EngineProgression;
  /** The problems, in the order they are reported on the construct. */
  readonly problems: readonly Problem[];
  /** Users are moved by routing objects (true) or by the Service selector (false). */
  readonly routed: boolean;
  /** The action of the rendered stage (undefined when nothing is rendered: invalid plan or an engine). */
  readonly action?: BlueGreenAction;
  /** The version users get at the rendered stage (undefined when nothing is rendered). */
  readonly liveVersion?: string;
  /** The versions whose Deployments run at the active stage (none with an engine). */
  readonly versions: readonly VersionSpec[];
  /** The versions validated by the app. */
  readonly declaredVersions: readonly VersionSpec[];
  /** Sidecar injection of the pods (the user's choice, else what the engine or the provider needs). */
  readonly sidecarInjection: boolean;
  /** The provider's pod and Service labels (none without routing objects or with an engine). */
  readonly workloadNeeds: AppWorkloadNeeds;
  /** The selector of the users' Service. */
  readonly serviceSelector: Record<string, string>;
  /** Name of the Service that selects green (undefined at `finalize` and with an engine, which creates its own). */
  readonly previewServiceName?: string;
  /** The route rules of the rendered stage (the preview header rule first, then the users' rule); empty without routing. */
  readonly rules: readonly RouteRule[];
  /** The provider that renders the routing. */
  readonly provider: ITrafficProvider;
  /** The routing to render, preview entry included (undefined when none is). */
  readonly model?: StageRouteModel;
  /** The Gateway to create (undefined when none is). */
  readonly gateway?: BlueGreenGatewayPlan;
  /** The engine to create (undefined when none is). */
  readonly enginePlan?: BlueGreenEnginePlan;
}

/**
 * Decides one blue-green stage without creating anything: the problems, who users get, the
 * versions that run, the Services' selectors, the route model (with the preview host) handed to
 * the provider, the Gateway and the engine input. `BlueGreenService` renders what this returns.
 */
export function planBlueGreenStage(input: BlueGreenPlanInput): BlueGreenStagePlan {
  const { props, stages, activeStageIndex, selection } = input;
  const traffic = selection.choice.traffic;
  const engine = engineOf(props.progression);
  const engineOptions = props.progression instanceof Progression ? props.progression.options : {};
  const provider = providerOf(selection);
  // Routed by Istio or Gateway API objects (rather than by the Service selector).
  const routed = traffic === 'istio' || traffic === 'gateway-api' || (selection.declared?.features.routingObjects ?? false);
  const problems: Problem[] = [];
  const stageProblems = blueGreenStageProblems(stages);
  const propProblems = blueGreenPropProblems(props, traffic, selection.choice, selection.declared);
  problems.push(...stageProblems, ...propProblems);
  if (props.progression !== undefined) problems.push(...progressionProblems(props.progression));
  const engineProblems = engine ? [
    ...blueGreenEngineProblems(engine, { ...props, analysisIterations: engineOptions.analysisIterations, stages, traffic: selection.choice }),
    ...engineUnrenderedOptionProblems(engine, props),
  ] : [];
  problems.push(...engineProblems);
  // Props already reported are not handed on: the engine or the provider would report them again.
  const inputOk = stageProblems.length === 0 && propProblems.length === 0;
  // The same version name twice is reported once by VersionedApp; routing it would report it again.
  const distinct = props.blue.name !== props.green.name;
  const stage = inputOk && distinct && !engine && activeStageIndex >= 0 ? stages[activeStageIndex] : undefined;
  const finalized = stage?.action === 'finalize';
  const live = stage && usersOn(stage.action) === 'green' ? props.green : props.blue;
  const running = finalized ? [props.green] : [props.blue, props.green];
  const rules = stage && routed ? usersRules(props, stage.action) : [];
  const previewHost = finalized ? undefined : props.previewHost;
  const gw = props.gateway;
  const model: StageRouteModel | undefined = stage && routed ? {
    service: props.name,
    versions: versionSubsets(running),
    stable: live.name,
    http: rules,
    gateway: gw,
    // The Gateway is rendered by the construct rather than with the routes so it also serves the
    // preview host (and keeps the same place in the output at every stage).
    renderGatewayWithRoutes: false,
    servicePort: props.servicePort,
    targetPort: props.containerPort,
    protocol: props.protocol,
    trafficPolicy: props.trafficPolicy,
    previews: gw && previewHost ? [{ name: `${props.name}-preview`, host: previewHost, rules: [{ name: 'preview', split: [{ version: props.green.name, weight: 100 }] }] }] : [],
  } : undefined;
  return {
    traffic,
    engine,
    problems,
    routed,
    action: stage?.action,
    liveVersion: stage ? live.name : undefined,
    versions: engine ? [] : running,
    // With an engine the app emits nothing: it validates blue (the engine validates green).
    declaredVersions: engine && distinct ? [props.blue] : [props.blue, props.green],
    // Engines check green with the sidecars' metrics; otherwise the provider says whether its routing needs the sidecar.
    sidecarInjection: props.sidecarInjection ?? (engine !== undefined || (routed && provider.workload.sidecarInjection)),
    workloadNeeds: routed && !engine ? appWorkloadNeeds(provider) : {},
    serviceSelector: routed ? { [APP_LABEL]: props.name } : { [APP_LABEL]: props.name, [VERSION_LABEL]: live.name },
    previewServiceName: finalized || engine ? undefined : props.previewServiceName ?? `${props.name}-preview`,
    rules,
    provider,
    model,
    gateway: model && gw && gatewayCreatedHere(gw) ? { options: gw, hosts: previewHost ? [...gw.hosts, previewHost] : [...gw.hosts] } : undefined,
    enginePlan: engine && engineProblems.length === 0 && inputOk && distinct ? {
      engine,
      input: {
        ...workloadOptions(props),
        name: props.name,
        green: props.green,
        thresholds: engineOptions.thresholds ?? ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS,
        iterations: engineOptions.analysisIterations ?? DEFAULT_ANALYSIS_ITERATIONS,
        servicePort: props.servicePort,
        previewServiceName: props.previewServiceName,
        gateway: props.gateway,
        previewHost: props.previewHost,
        previewHeader: props.previewHeader === false ? undefined : props.previewHeader ?? (engine === 'argo-rollouts' ? DEFAULT_PREVIEW_HEADER : undefined),
        istioApiVersion: istioApiVersionOf(provider),
      },
    } : undefined,
  };
}

/** The rules of a stage: the preview header to green (until finalize), then every other request to the live version. */
function usersRules(props: BlueGreenPlanSource, action: BlueGreenAction): RouteRule[] {
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

/**
 * Props of a blue-green release that contradict its traffic, and invalid preview settings.
 * `traffic` is the chosen provider's kind; `declared` the provider set in code, if any.
 */
function blueGreenPropProblems(props: BlueGreenPlanSource, traffic: string, choice: TrafficApiChoice, declared?: ITrafficProvider): Problem[] {
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
  if (traffic === 'gateway-api' || traffic === 'istio-ambient') {
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
