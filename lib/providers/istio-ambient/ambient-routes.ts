import { toHttpRouteRules, toTcpRouteRules } from '../gateway-api/route-rules';
import { versionServiceName } from '../gateway-api/version-services';
import { RouteRule } from '../../routing/route-model';
import { Problem } from '../../validation/problems';
import { AppProtocol, portNameFor } from '../../workload/options';
import { ambientIngressObjects, ambientIngressRefs, AmbientIngressOptions } from './ambient-ingress';
import { ambientOptionProblems, ambientOrderProblems, ambientRuleProblems } from './ambient-problems';
import { ambientNamespace, ambientNamespaceLabels, useWaypointLabels, waypointGateway, WaypointOptions } from './waypoint';

/**
 * The objects of one service at one stage for Istio's ambient mode: a Service per version
 * (`<service>-<version>`, what the HTTPRoute splits between), an HTTPRoute `<service>` whose parent is
 * the Service (GAMMA, served by the waypoint), a TCPRoute for TCP rules, the waypoint Gateway when
 * asked for, and, as data, the labels the app Service, the namespace and the pods need. Reuses
 * lib/gateway-api's rendering of route rules (`toHttpRouteRules`, `toTcpRouteRules`). Pure: plain JSON.
 */

/** A version that runs at this stage and the pod labels that select it. */
export interface AmbientVersion {
  /** Version name, e.g. `v2`. */
  readonly name: string;
  /** Pod labels of the version, e.g. `{ version: 'v2' }`. */
  readonly labels: Record<string, string>;
}

/** Input of `renderAmbientRouting`. */
export interface AmbientRoutingInput {
  /** Application (Service) name: the route's parent and the prefix of the version Services. */
  readonly service: string;
  /** Namespace of the routes (the chart's). @default - none */
  readonly namespace?: string;
  /** The versions that run at this stage, one version Service each. */
  readonly versions: readonly AmbientVersion[];
  /** HTTP rules, first match wins. @default - none */
  readonly http?: readonly RouteRule[];
  /** TCP rules: at most one, without conditions. @default - none */
  readonly tcp?: readonly RouteRule[];
  /** The waypoint that serves the routes. */
  readonly waypoint: WaypointOptions;
  /**
   * Release pinning across services: every backend of the route sets this request header to its
   * version (`x-release: v2`), so the application can pass it on and downstream routes can match it.
   * @default - no header is set
   */
  readonly releaseHeader?: string;
  /** Also send traffic from Istio ingress gateways through the waypoint (`istio.io/ingress-use-waypoint: "true"`). @default - true with `ingress`, else false */
  readonly ingressUseWaypoint?: boolean;
  /** Traffic from outside the cluster: an ingress Gateway whose HTTPRoute hands requests to the Service, and so to the waypoint. @default - mesh traffic only */
  readonly ingress?: AmbientIngressOptions;
  /** Emit the Namespace itself, enrolled in ambient mode (needs `namespace`). @default false */
  readonly createNamespace?: boolean;
  /** Service port the routes send traffic to. @default 80 */
  readonly port?: number;
  /** Container port the version Services target. @default 80 */
  readonly targetPort?: number;
  /** Application protocol (names the version Service ports). @default - 'tcp' when there are only TCP rules, else 'http' */
  readonly protocol?: AppProtocol;
  /** Pod labels every version shares. @default { app: <service> } */
  readonly appSelector?: Record<string, string>;
  /** API version of the TCPRoute. @default 'v1' */
  readonly tcpRouteApiVersion?: string;
}

/** What the ambient provider produces for one service at one stage. */
export interface AmbientRouting {
  /** Objects to emit, in order: waypoint Gateway, version Services, HTTPRoute, TCPRoute, ingress Gateway and HTTPRoute, Namespace. */
  readonly objects: any[];
  /** Labels to add to the app Service `<service>`: `istio.io/use-waypoint` (and the waypoint namespace, ingress labels). */
  readonly serviceLabels: Record<string, string>;
  /** Labels the namespace needs: `istio.io/dataplane-mode: ambient`. */
  readonly namespaceLabels: Record<string, string>;
  /** Labels the pods need: none (in particular no `sidecar.istio.io/inject`). */
  readonly podLabels: Record<string, string>;
  /** Whether pods get a sidecar: always false in ambient mode. */
  readonly sidecarInjection: boolean;
  /** Everything the input asks that ambient cannot express (empty when fine). */
  readonly problems: Problem[];
}

/** The plain-JSON Service in front of one version: `<service>-<version>`, selecting the app labels plus the version's. */
export function ambientVersionService(service: string, version: AmbientVersion, appSelector: Record<string, string>, port: number, targetPort: number, protocol: AppProtocol): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: versionServiceName(service, version.name), labels: { app: appSelector.app ?? service } },
    spec: {
      type: 'ClusterIP',
      ports: [{ name: portNameFor(protocol), port, targetPort, protocol: 'TCP' }],
      selector: { ...appSelector, ...version.labels },
    },
  };
}

/** Adds the release header filter to every backendRef of rendered HTTPRoute rules: the backend `<service>-<v>` sets `<header>: <v>`. */
function withReleaseHeader(rules: any[], service: string, header: string): any[] {
  const prefix = `${service}-`;
  return rules.map((r) => ({
    ...r,
    backendRefs: (r.backendRefs ?? []).map((b: any) => ({
      ...b,
      filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: header, value: String(b.name).slice(prefix.length) }] } }],
    })),
  }));
}

/**
 * Renders the ambient objects of one service at one stage and lists what cannot be expressed
 * (see ambient-problems.ts). Deterministic: the same input gives byte-identical objects.
 */
export function renderAmbientRouting(input: AmbientRoutingInput): AmbientRouting {
  const http = input.http ?? [];
  const tcp = input.tcp ?? [];
  const port = input.port ?? 80;
  const protocol: AppProtocol = input.protocol ?? (tcp.length > 0 && http.length === 0 ? 'tcp' : 'http');
  const appSelector = input.appSelector ?? { app: input.service };
  const problems: Problem[] = [
    ...ambientRuleProblems({ http, tcp, versions: input.versions.map((v) => v.name), ingressRefs: input.ingress ? ambientIngressRefs(input.ingress, input.namespace) : [] }),
    ...ambientOptionProblems({
      waypoint: input.waypoint, namespace: input.namespace, releaseHeader: input.releaseHeader, hasTcp: tcp.length > 0, port,
      createNamespace: input.createNamespace, ingress: input.ingress,
    }),
  ];
  const objects: any[] = [];
  const w = input.waypoint;
  if (w.create ?? true) {
    const crossNamespace = w.namespace !== undefined && w.namespace !== input.namespace;
    objects.push(waypointGateway({ name: w.name, namespace: w.namespace, allowNamespace: crossNamespace ? input.namespace : undefined }));
  }
  for (const v of input.versions) objects.push(ambientVersionService(input.service, v, appSelector, port, input.targetPort ?? 80, protocol));
  const parentRefs = [{ group: '', kind: 'Service', name: input.service }];
  if (http.length > 0) {
    const rendered = toHttpRouteRules(http, { service: input.service, port, parent: 'mesh' });
    problems.push(...ambientOrderProblems(rendered, http));
    const rules = input.releaseHeader ? withReleaseHeader(rendered.rules, input.service, input.releaseHeader) : rendered.rules;
    objects.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: input.service }, spec: { parentRefs, rules } });
  }
  if (tcp.length > 0) {
    objects.push({
      apiVersion: `gateway.networking.k8s.io/${input.tcpRouteApiVersion ?? 'v1'}`,
      kind: 'TCPRoute',
      metadata: { name: input.service },
      spec: { parentRefs, rules: toTcpRouteRules(tcp, input.service, port) },
    });
  }
  if (input.ingress) objects.push(...ambientIngressObjects(input.service, port, input.ingress, input.namespace));
  if (input.createNamespace && input.namespace) objects.push(ambientNamespace(input.namespace));
  return {
    objects,
    serviceLabels: useWaypointLabels(w, input.namespace, input.ingressUseWaypoint ?? input.ingress !== undefined),
    namespaceLabels: ambientNamespaceLabels(),
    podLabels: {},
    sidecarInjection: false,
    problems,
  };
}
