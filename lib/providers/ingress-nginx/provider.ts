import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ManifestIndex } from '../../traffic/manifest-index';
import { ReviewCondition } from '../../traffic/review-condition';
import { SimRequest, SimResult } from '../../traffic/sim-types';
import { Problem } from '../../validation/problems';
import { GatewayOptions } from '../core/gateway';
import { ITrafficProvider, ITrafficReader, ITrafficRouting, RouteFeatures, SharedGatewaySpec, StageRouteModel, WorkloadNeeds } from '../core/provider';
import { pickStableVersion, planIngressNginx } from './canary-plan';
import { IngressNginxInput } from './ingress-input';
import { NGINX_PROBLEMS } from './ingress-problems';
import { IngressNginxRouting } from './ingress-objects';
import { decidedByIngressNginx, INGRESS_NGINX_GATEWAY_NAMES, ingressNginxConditions } from './ingress-reader';
import { simulateIngressNginx } from './ingress-simulator';

/** Options of `Traffic.ingressNginx()`. */
export interface IngressNginxTrafficOptions {
  /** IngressClass of the ingress-nginx controller (`spec.ingressClassName` of both Ingresses). @default 'nginx' */
  readonly ingressClassName?: string;
}

/**
 * What ingress-nginx canary annotations can express: one canary beside the stable version, a
 * weight only in the last rule, one header (exact or regex) and one cookie. Finer limits (header
 * names, cookie values, rule order, ...) are reported by `planIngressNginx`.
 */
export const INGRESS_NGINX_FEATURES: RouteFeatures = {
  routingObjects: true,
  weightedSplit: true,
  weightedSplitInMatch: false,
  maxVersions: 2,
  headerExact: true,
  headerPrefix: false,
  headerRegex: true,
  uriPrefix: true,
  sourceLabels: false,
  portMatch: false,
  tcp: false,
  mirroring: false,
};

/** Ports an ingress-nginx controller serves by default (HTTP and HTTPS). */
const NGINX_PORTS: readonly number[] = [80, 443];

/** The provider input of a stage's model (the stable version is picked by `stableOf`). */
export function ingressNginxInput(model: StageRouteModel, ingressClassName: string | undefined, stable: string = ''): IngressNginxInput {
  return {
    service: model.service,
    hosts: model.gateway?.hosts ?? [],
    ...(ingressClassName !== undefined ? { ingressClassName } : {}),
    versions: model.versions.map((v) => ({ name: v.name, labels: v.labels, port: model.servicePort ?? model.destinationPort })),
    rules: model.http ?? [],
    ...(model.tcp && model.tcp.length > 0 ? { tcp: model.tcp } : {}),
    ...(model.targetPort !== undefined ? { targetPort: model.targetPort } : {}),
    stable,
  };
}

/**
 * The stable version of a stage (the main Ingress's backend): the model's `stable` (CanaryService,
 * BlueGreenService and TcpCanary name it). A strategy without one (HeaderRoute, MultiServiceRelease:
 * any version may take the default) lists the versions in release order, so the first version for
 * which the annotations can express the stage is taken (`pickStableVersion`).
 */
export function ingressNginxStable(model: StageRouteModel, ingressClassName?: string): string {
  if (model.stable !== undefined) return model.stable;
  const input = ingressNginxInput(model, ingressClassName);
  return pickStableVersion(input, model.versions.map((v) => v.name));
}

/**
 * What a stage's gateway and entry points mean to ingress-nginx: the Ingress hosts are
 * `gateway.hosts`; the controller is the entry point, so an Istio `selector`, `create`, a port
 * other than 80/443, mesh routing (`includeMesh: true`), a gateway rendered by the strategy and
 * preview hosts contradict it.
 */
export function ingressNginxGatewayProblems(model: StageRouteModel, where: string): Problem[] {
  const svc = model.service;
  const gw = model.gateway;
  const problems: Problem[] = [];
  if (gw?.selector !== undefined) {
    problems.push({
      message: `${where} of "${svc}": gateway selector ${JSON.stringify(gw.selector)} selects Istio gateway pods, but with Traffic.ingressNginx() the ingress-nginx controller serves the Ingress hosts.`,
      fix: 'remove gateway.selector (choose the controller with Traffic.ingressNginx({ ingressClassName })).',
    });
  }
  if (gw?.port !== undefined && !NGINX_PORTS.includes(gw.port)) {
    problems.push({
      message: `${where} of "${svc}": gateway port ${gw.port} is not a port an Ingress can choose; ingress-nginx serves Ingress hosts on 80 (HTTP) and 443 (HTTPS).`,
      fix: 'remove gateway.port, or set 80 or 443.',
    });
  }
  if (gw?.create !== undefined) {
    problems.push({
      message: `${where} of "${svc}": gateway.create is ${gw.create}, but ingress-nginx has no Gateway object to create or to share: the controller (IngressClass) is installed separately and the Ingresses carry the hosts.`,
      fix: 'remove gateway.create.',
    });
  }
  if (gw?.external !== undefined) {
    problems.push({
      message: `${where} of "${svc}": gateway.external is ${gw.external}, but ingress-nginx has no Gateway object to share with other apps: the controller (IngressClass) is installed separately and the Ingresses of this app carry the hosts.`,
      fix: 'remove gateway.external.',
    });
  }
  if (gw?.includeMesh === true) {
    problems.push({
      message: `${where} of "${svc}": gateway.includeMesh is true, but ingress-nginx routes external requests only; in-cluster callers reach every version through the Service.`,
      fix: 'remove includeMesh, or use traffic: Traffic.istio() to route mesh traffic too.',
    });
  }
  if (gw && model.renderGatewayWithRoutes === false) {
    problems.push({
      message: `${where} of "${svc}": the strategy renders its own gateway, which ingress-nginx cannot provide (there is no gateway object; the Ingresses carry the hosts).`,
      fix: 'use a strategy that leaves the gateway to the routing (CanaryService, HeaderRoute), or traffic: Traffic.istio() / Traffic.gatewayApi().',
    });
  }
  for (const p of model.previews ?? []) {
    problems.push({
      message: `${where} of "${svc}": preview host "${p.host}" cannot be routed by ingress-nginx canary annotations (one main and one canary Ingress per host and path).`,
      fix: 'remove the preview host and use the preview Service, or use traffic: Traffic.istio() / Traffic.gatewayApi().',
    });
  }
  return problems;
}

/** Reads the Ingresses of one IngressClass back (simulator, `plan`). */
export function ingressNginxReader(kind: string, ingressClassName: string = 'nginx'): ITrafficReader {
  return {
    decides: (index: ManifestIndex, request: SimRequest) => decidedByIngressNginx(index, request, ingressClassName),
    simulate: (index: ManifestIndex, request: SimRequest): SimResult => simulateIngressNginx(index, request, { ingressClassName }),
    conditions: (manifests: readonly any[], routed: Set<string>): ReviewCondition[] => {
      for (const o of manifests) {
        if (o.kind !== 'Ingress' || o.apiVersion !== 'networking.k8s.io/v1' || o.spec?.ingressClassName !== ingressClassName) continue;
        const ns = o.metadata?.namespace ?? 'default';
        for (const r of o.spec?.rules ?? []) {
          for (const p of r.http?.paths ?? []) if (p.backend?.service?.name) routed.add(`${p.backend.service.name}.${ns}.svc.cluster.local`);
        }
      }
      return ingressNginxConditions(manifests, ingressClassName, kind).map((c) => ({ label: c.label, request: c.request, api: c.api, ...(c.note ? { note: c.note } : {}) }));
    },
    hasGateway: (_manifests: readonly any[], ref: string) => {
      const name = ref.split('/').pop()!;
      return INGRESS_NGINX_GATEWAY_NAMES.includes(name) || name === ingressClassName;
    },
    assumedGateway: (ref: string) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: ref.split('/').pop() },
      spec: { controller: 'k8s.io/ingress-nginx' },
    }),
  };
}

/**
 * The `ingress-nginx` provider: a Service per version, a main Ingress `<service>` to the stable
 * version and a canary Ingress `<service>-canary` with `nginx.ingress.kubernetes.io/canary*`
 * annotations (`IngressNginxRouting`). The hosts come from the strategy's `gateway.hosts`. Pods get
 * no sidecar (there is no mesh). Ingress NGINX is retired upstream (no releases since March 2026);
 * the way forward is `Traffic.gatewayApi()`. See docs/ingress-nginx.md.
 */
export class IngressNginxProvider implements ITrafficProvider {
  /** Provider kind. */
  public readonly kind = 'ingress-nginx';
  /** Name in messages. */
  public readonly displayName = "traffic 'ingress-nginx'";
  /** What canary annotations can express. */
  public readonly features = INGRESS_NGINX_FEATURES;
  /** No mesh: pods need no sidecar. */
  public readonly workload: WorkloadNeeds = { sidecarInjection: false };
  /** Reads the Ingresses of the class. */
  public readonly reader: ITrafficReader;

  constructor(public readonly options: IngressNginxTrafficOptions = {}) {
    this.reader = ingressNginxReader(this.kind, options.ingressClassName ?? 'nginx');
  }

  /** A TCP model's refusal alone; else the gateway contradictions, then everything `planIngressNginx` cannot express (for the picked stable version). */
  public modelProblems(model: StageRouteModel, where: string): Problem[] {
    // A TCP model (TcpCanary) has no HTTP rule and no host: the TCP refusal says it all.
    if ((model.tcp ?? []).length > 0) return [NGINX_PROBLEMS.tcp(model.service, model.tcp!.length)];
    const gateway = ingressNginxGatewayProblems(model, where);
    const input = ingressNginxInput(model, this.options.ingressClassName, ingressNginxStable(model, this.options.ingressClassName));
    return [...gateway, ...planIngressNginx(input).problems];
  }

  /** Renders `IngressNginxRouting` (version Services, main and canary Ingress). */
  public render(scope: Construct, id: string, model: StageRouteModel): IngressNginxRouting {
    const stable = ingressNginxStable(model, this.options.ingressClassName);
    return new IngressNginxRouting(scope, id, ingressNginxInput(model, this.options.ingressClassName, stable));
  }

  /** Never called by the built-in strategies (`modelProblems` refuses a strategy-rendered gateway). */
  public renderGateway(_scope: Construct, _id: string, _gw: GatewayOptions, _hosts: readonly string[], _namespace: string | undefined): ApiObject {
    throw new Error(`${this.displayName} renders no gateway: the ingress-nginx controller is the entry point and the Ingresses carry the hosts`);
  }

  /** No previews (`modelProblems` refuses preview hosts). */
  public renderPreviews(_scope: Construct, _model: StageRouteModel, _routing: ITrafficRouting): ApiObject[] {
    return [];
  }

  /** An IngressGateway has no ingress-nginx equivalent: give the hosts in the strategy's `gateway.hosts`. */
  public renderSharedGateway(_scope: Construct, _id: string, _spec: SharedGatewaySpec): ApiObject {
    throw new Error(`${this.displayName} renders no shared gateway: the ingress-nginx controller is the entry point; give the hosts in each strategy's gateway.hosts instead of an IngressGateway`);
  }

  /** Nothing to check: `renderSharedGateway` refuses every shared gateway. */
  public sharedGatewayProblems(_spec: SharedGatewaySpec): Problem[] {
    return [];
  }
}
