import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { RouteRule } from '../../routing/route-model';
import { ManifestIndex } from '../../traffic/manifest-index';
import { ReviewCondition } from '../../traffic/review-condition';
import { SimRequest, SimResult } from '../../traffic/sim-types';
import { Problem } from '../../validation/problems';
import { IRouteClaimReader } from '../../app/route-claims';
import { AppProtocol } from '../../workload/options';
import { GatewayOptions, GatewayProtocol } from './gateway';
import { GatewayTlsOptions } from './gateway-tls';
import { TrafficPolicy } from './traffic-policy';

/**
 * The traffic-provider interface: how a strategy's provider-neutral route model becomes objects.
 *
 * A strategy (CanaryService, BlueGreenService, HeaderRoute, TcpCanary, MultiServiceRelease) decides
 * WHAT happens at a stage (a `StageRouteModel`: versions, rules, gateway, preview entry points) and
 * never names a provider. The provider the user chose (`Traffic.istio()`, `Traffic.gatewayApi()`, ...)
 * decides HOW: it declares what it can express (`features`), checks the model (`modelProblems`),
 * says what pods and namespaces need (`workload`), renders the objects (`render`), and reads its
 * objects back for the simulator, `plan` and `diff` (`reader`).
 *
 * Written with two future providers in mind:
 * - Istio ambient: HTTPRoutes whose parent is the Service, served by a waypoint; `workload` returns
 *   no sidecar injection, the `istio.io/use-waypoint` label and the namespace label
 *   `istio.io/dataplane-mode: ambient`; `features.sourceLabels` is false (MultiServiceRelease then
 *   pins a release by a propagated header instead).
 * - ingress-nginx canary annotations: one Ingress per version with `nginx.ingress.kubernetes.io/canary*`
 *   annotations; `features.maxVersions` 2, `features.headerRegex` false, `features.weightedSplitInMatch`
 *   false; its reader follows nginx's precedence (header, then cookie, then weight).
 *
 * To add a provider: see docs/architecture.md ("Adding a provider").
 */

/** What a route model may ask for; a provider declares which parts it can express. */
export interface RouteFeatures {
  /** The provider renders routing objects at all (false: the split is made by pod counts or selectors). */
  readonly routingObjects: boolean;
  /** Any split other than 100/0 between versions in one rule. */
  readonly weightedSplit: boolean;
  /** A weighted split inside a rule that has match conditions (not only in the catch-all rule). */
  readonly weightedSplitInMatch: boolean;
  /** The most versions one stage may route to (e.g. 2 for a stable/canary pair). @default - no limit */
  readonly maxVersions?: number;
  /** Header conditions with `exact`. */
  readonly headerExact: boolean;
  /** Header conditions with `prefix`. */
  readonly headerPrefix: boolean;
  /** Header conditions with a full-match RE2 `regex`. */
  readonly headerRegex: boolean;
  /** Path conditions with a string `prefix` (Istio semantics: any string prefix). */
  readonly uriPrefix: boolean;
  /** Conditions on the labels of the calling pod (`sourceLabels`). */
  readonly sourceLabels: boolean;
  /** Conditions on the destination port. */
  readonly portMatch: boolean;
  /** TCP routes (weighted, without HTTP conditions). */
  readonly tcp: boolean;
  /** Request mirroring (`RouteRule.mirror`: CanaryService stages with `mirror`). */
  readonly mirroring: boolean;
  /** Response headers set on one destination (`VersionWeight.setCookie`: sticky canary sessions). @default false */
  readonly responseHeaders?: boolean;
}

/** How a provider without routing objects splits traffic by pod counts (see `Traffic.replicaRatio()`). */
export interface PodSplit {
  /** Pods of both versions together at every stage. */
  readonly totalReplicas: number;
  /** `exact` refuses a weight the pod count cannot give; `nearest` rounds to the closest pod count. */
  readonly rounding: string;
}

/** One version that runs at a stage: its name and the pod labels that select it. */
export interface VersionSubset {
  /** Version (subset) name. */
  readonly name: string;
  /** Pod labels of the version, e.g. `{ version: 'v2' }`. */
  readonly labels: Record<string, string>;
}

/** An extra external host that always reaches one version (BlueGreenService's preview host). */
export interface PreviewEntry {
  /** Name of the object that routes the host, e.g. `shop-preview`. */
  readonly name: string;
  /** The external host, e.g. `preview.shop.example.com`; the stage's gateway also serves it. */
  readonly host: string;
  /** The rules for requests to that host. */
  readonly rules: readonly RouteRule[];
}

/**
 * The provider-neutral routing of one service at one stage: everything a provider needs to render
 * it, nothing about how. Strategies build it in their planning step.
 */
export interface StageRouteModel {
  /** Application (Service) name. */
  readonly service: string;
  /** The versions that run at this stage, in version order. */
  readonly versions: readonly VersionSubset[];
  /**
   * The version serving what no other rule or weight takes (the stable version; after a blue-green
   * switch the live one): ingress-nginx's main Ingress. @default - none: a provider that needs one
   * takes the first of `versions` for which it can express the stage
   */
  readonly stable?: string;
  /** HTTP rules, first match wins. @default - none */
  readonly http?: readonly RouteRule[];
  /** TCP rules. @default - none */
  readonly tcp?: readonly RouteRule[];
  /** Port of the Service the rules target (TCP and multi-port Services). @default - none */
  readonly destinationPort?: number;
  /** Port of the Services a provider creates per version. @default - destinationPort, else 80 */
  readonly servicePort?: number;
  /** Container port the Services target. @default 80 */
  readonly targetPort?: number;
  /** Application protocol (names Service ports). @default - 'tcp' with only TCP rules, else 'http' */
  readonly protocol?: AppProtocol;
  /** Traffic from outside the cluster. @default - mesh traffic only */
  readonly gateway?: GatewayOptions;
  /** Protocol of the gateway server. @default 'HTTP' */
  readonly gatewayProtocol?: GatewayProtocol;
  /**
   * Render the Gateway with the routing (true) or let the strategy render it with `renderGateway`
   * (false), e.g. because it must also serve preview hosts. @default true
   */
  readonly renderGatewayWithRoutes?: boolean;
  /** Extra external hosts routed to one version (needs `gateway`). @default - none */
  readonly previews?: readonly PreviewEntry[];
  /** Timeouts, retries and destination policy; per-version parts apply to running versions only. @default - none */
  readonly trafficPolicy?: TrafficPolicy;
}

/** What the pods (and their namespace) of a strategy need for a provider to route them. */
export interface WorkloadNeeds {
  /** Inject a sidecar (`sidecar.istio.io/inject: "true"`) unless the user chose otherwise. */
  readonly sidecarInjection: boolean;
  /** Extra pod labels (e.g. `istio.io/use-waypoint`). @default - none */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** Labels the namespace must carry (e.g. `istio.io/dataplane-mode: ambient`). @default - none */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** Extra labels of the app Service (e.g. `istio.io/use-waypoint`). @default - none */
  readonly serviceLabels?: Readonly<Record<string, string>>;
}

/**
 * How a provider without caller conditions (`features.sourceLabels` false) keeps a request on one
 * release across services (MultiServiceRelease), e.g. by a propagated request header.
 */
export interface IReleasePinning {
  /** The provider that renders member `index` of the release (0: the entry service). */
  memberProvider(index: number): ITrafficProvider;
  /** A downstream member's rules with the caller conditions rewritten into what the provider can match. */
  downstreamRules(rules: readonly RouteRule[]): RouteRule[];
}

/** The routing objects a provider made for one stage: what every strategy exposes as `routing`. */
export interface ITrafficRouting extends IConstruct {
  /** Kind of the provider that made it (`istio`, `gateway-api`, ...). */
  readonly providerKind: string;
  /** The Gateway, when this routing creates one. @default - none (mesh traffic only, or a Gateway managed elsewhere) */
  readonly gateway?: ApiObject;
}

/** A Gateway shared by several routes (`IngressGateway`), as the provider renders it (with `tls`, also an HTTPS server). */
export interface SharedGatewaySpec extends GatewayTlsOptions {
  /** Gateway name. */
  readonly name: string;
  /** Namespace of the Gateway. @default - the chart's namespace */
  readonly namespace?: string;
  /** Hosts served. */
  readonly hosts: readonly string[];
  /** Port of the plain server. */
  readonly port: number;
  /** Protocol. @default 'HTTP' */
  readonly protocol?: GatewayProtocol;
  /** Labels of the gateway pods (providers that select existing pods). @default - provider default */
  readonly selector?: Record<string, string>;
  /** Admit routes from every namespace. */
  readonly shared: boolean;
}

/**
 * How a provider's objects are read back: by the traffic simulator (`simulate`), by `plan` (its
 * request classes) and by the app-level checks. Readers are asked in registry order.
 */
export interface ITrafficReader extends IRouteClaimReader {
  /**
   * True when this provider's objects decide the request (e.g. the Istio reader: an Istio Gateway
   * of that name, or a VirtualService on `mesh` for the host). The first reader that says yes
   * simulates it; the default provider's reader simulates what no reader claims.
   */
  decides(index: ManifestIndex, request: SimRequest): boolean;
  /** Where the request goes: version shares by Deployment, with the reasons of failed traffic. */
  simulate(index: ManifestIndex, request: SimRequest): SimResult;
  /**
   * The request classes (`plan` columns) of the provider's objects in `manifests`. Adds every
   * Service whose traffic those objects route to `routedServices` (the rest gets a selector column).
   */
  conditions(manifests: readonly any[], routedServices: Set<string>): ReviewCondition[];
  /** True when `manifests` hold a gateway of this provider with the reference `namespace/name`. */
  hasGateway(manifests: readonly any[], ref: string): boolean;
  /** A permissive stand-in for a gateway the app references but does not contain (for `plan`). */
  assumedGateway(ref: string): any;
}

/** A traffic provider: one folder under lib/providers/, registered in lib/providers/registry.ts. */
export interface ITrafficProvider {
  /** Stable identifier, e.g. `istio`, `gateway-api`; the value of `ROLLOUT_TRAFFIC` when selectable there. */
  readonly kind: string;
  /** Name in messages, e.g. `traffic 'gateway-api'`. */
  readonly displayName: string;
  /** What the provider can express; strategies report what it cannot. */
  readonly features: RouteFeatures;
  /** Pods and namespace needs of workloads routed by this provider. */
  readonly workload: WorkloadNeeds;
  /**
   * A provider that splits traffic by pod counts (no routing objects): the pods of both versions
   * together and how a weight the pod count cannot give is handled. @default - none (routes split the traffic)
   */
  readonly podSplit?: PodSplit;
  /** Reads the provider's objects back. @default - none (the provider emits no routing objects) */
  readonly reader?: ITrafficReader;
  /** Release pinning without caller conditions (MultiServiceRelease). @default - none (releases need `features.sourceLabels`) */
  readonly releasePinning?: IReleasePinning;
  /** Problems of a stage's model this provider cannot express or would render wrongly; `where` prefixes messages. */
  modelProblems(model: StageRouteModel, where: string): Problem[];
  /** Renders the routing of one stage under `scope` (construct id `id`). Problems are reported on the new construct. */
  render(scope: Construct, id: string, model: StageRouteModel): ITrafficRouting;
  /** Renders a gateway for a strategy that owns it (`renderGatewayWithRoutes: false`), serving `hosts`. */
  renderGateway(scope: Construct, id: string, gateway: GatewayOptions, hosts: readonly string[], namespace: string | undefined): ApiObject;
  /**
   * Renders the objects routing the model's preview hosts (after `renderGateway`, so the gateway
   * serves them), under `scope`, for the `routing` this provider rendered.
   */
  renderPreviews(scope: Construct, model: StageRouteModel, routing: ITrafficRouting): ApiObject[];
  /** Renders a shared gateway (`IngressGateway`). */
  renderSharedGateway(scope: Construct, id: string, spec: SharedGatewaySpec): ApiObject;
  /** Problems of shared-gateway options this provider cannot express (e.g. `selector`). */
  sharedGatewayProblems(spec: SharedGatewaySpec): Problem[];
}

/** Human list of the route-model features a set of rules uses that `features` does not support. */
export function unsupportedFeatures(features: RouteFeatures, model: StageRouteModel): string[] {
  const out = new Set<string>();
  if (!features.routingObjects && (model.gateway || (model.http ?? []).length + (model.tcp ?? []).length > 1)) out.add('routing rules');
  const http = model.http ?? [];
  const tcp = model.tcp ?? [];
  if (tcp.length > 0 && !features.tcp) out.add('TCP routes');
  const versions = new Set([...http, ...tcp].flatMap((r) => r.split.filter((s) => s.weight > 0).map((s) => s.version)));
  if (features.maxVersions !== undefined && versions.size > features.maxVersions) out.add(`more than ${features.maxVersions} version${features.maxVersions === 1 ? '' : 's'}`);
  for (const r of [...http, ...tcp]) {
    const weighted = r.split.filter((s) => s.weight > 0 && s.weight < (r.weightTotal ?? 100)).length > 0;
    if (r.mirror && !features.mirroring) out.add('request mirroring');
    if (r.split.some((s) => s.setCookie !== undefined) && !features.responseHeaders) out.add('response headers (sticky session cookies)');
    if (weighted && !features.weightedSplit) out.add('weighted splits');
    if (weighted && (r.matches ?? []).length > 0 && !features.weightedSplitInMatch) out.add('a weighted split inside a matched rule');
    for (const m of r.matches ?? []) {
      if (m.sourceLabels && !features.sourceLabels) out.add('conditions on the caller (sourceLabels)');
      if (m.port !== undefined && !features.portMatch) out.add('destination port conditions');
      if (m.uri && 'prefix' in m.uri && m.uri.prefix !== '/' && !features.uriPrefix) out.add('path prefix conditions');
      for (const sm of Object.values(m.headers ?? {})) {
        if ('exact' in sm && !features.headerExact) out.add('exact header conditions');
        if ('prefix' in sm && !features.headerPrefix) out.add('header prefix conditions');
        if ('regex' in sm && !features.headerRegex) out.add('header regex conditions');
      }
    }
  }
  return [...out];
}

/**
 * The generic "provider X cannot express Y" problems of a model (for providers whose
 * `modelProblems` has no more specific wording).
 */
export function unsupportedFeatureProblems(provider: ITrafficProvider, model: StageRouteModel, where: string): Problem[] {
  const missing = unsupportedFeatures(provider.features, model);
  if (missing.length === 0) return [];
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
  return [{
    message: `${where} uses ${list}, which ${provider.displayName} cannot express.`,
    fix: 'change the routing, or choose a traffic provider that supports it (e.g. Traffic.istio()).',
  }];
}
