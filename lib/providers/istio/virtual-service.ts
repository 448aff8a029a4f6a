import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import {
  VirtualService,
  VirtualServiceProps,
  VirtualServiceV1Beta1,
  VirtualServiceSpecHttp,
  VirtualServiceSpecHttpMatch,
  VirtualServiceSpecTcp,
} from '../../../imports/networking.istio.io';
import { RequestMatch, RouteRule, StringMatch } from '../../routing/route-model';
import { istioClass, IstioApiVersion } from './api-version';
import { RoutePolicy } from '../core/traffic-policy';
import { istioRoutePolicy } from './policy';

/** Properties of `createVirtualService`. */
export interface VirtualServiceSpecProps {
  /** Object name. */
  readonly name: string;
  /** Hosts the VirtualService answers for. */
  readonly hosts: readonly string[];
  /** Gateways it binds to; absent means the mesh only. @default - mesh only */
  readonly gateways?: readonly string[];
  /** Destination host of every route (the Service FQDN). */
  readonly destinationHost: string;
  /** Destination port, needed when the Service has several ports and for TCP. @default - none */
  readonly destinationPort?: number;
  /** HTTP rules in order. @default - none */
  readonly http?: readonly RouteRule[];
  /** TCP rules in order (only `port`, `sourceLabels` and `gateways` matches). @default - none */
  readonly tcp?: readonly RouteRule[];
  /** Timeout and retries of every HTTP route. @default - none */
  readonly routePolicy?: RoutePolicy;
  /** Istio API version. @default 'v1' */
  readonly apiVersion?: IstioApiVersion;
}

function stringMatch(m: StringMatch): { exact?: string; prefix?: string; regex?: string } {
  if ('exact' in m) return { exact: m.exact };
  if ('prefix' in m) return { prefix: m.prefix };
  return { regex: m.regex };
}

function sortedRecord<T, U>(r: Readonly<Record<string, T>>, f: (v: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const k of Object.keys(r).sort()) out[k] = f(r[k]);
  return out;
}

function httpMatch(m: RequestMatch): VirtualServiceSpecHttpMatch {
  return {
    ...(m.headers ? { headers: sortedRecord(m.headers, stringMatch) } : {}),
    ...(m.uri ? { uri: stringMatch(m.uri) } : {}),
    ...(m.sourceLabels ? { sourceLabels: sortedRecord(m.sourceLabels, (v) => v) } : {}),
    ...(m.gateways ? { gateways: [...m.gateways] } : {}),
    ...(m.port !== undefined ? { port: m.port } : {}),
  };
}

function destinations(rule: RouteRule, host: string, port: number | undefined, subsets: boolean) {
  return rule.split.map((s) => ({
    destination: { host, ...(subsets ? { subset: s.version } : {}), ...(port !== undefined ? { port: { number: port } } : {}) },
    weight: s.weight,
    // Sticky sessions: `add`, not `set`, so the application's own cookies survive.
    ...(s.setCookie !== undefined ? { headers: { response: { add: { 'Set-Cookie': s.setCookie } } } } : {}),
  }));
}

/**
 * Renders route rules as Istio HTTP routes. Each version of a split is a DestinationRule subset of
 * `host`; with `subsets` false the route goes to `host` itself (its Service selector picks the pods,
 * e.g. a Service whose selector an engine switches), so the split must have one version.
 */
export function toIstioHttp(rules: readonly RouteRule[], host: string, port?: number, subsets: boolean = true, policy?: RoutePolicy): VirtualServiceSpecHttp[] {
  const p = istioRoutePolicy(policy);
  return rules.map((r) => ({
    ...(r.name ? { name: r.name } : {}),
    ...(r.matches && r.matches.length > 0 ? { match: r.matches.map(httpMatch) } : {}),
    route: destinations(r, host, port, subsets),
    ...(r.mirror ? {
      mirror: { host, ...(subsets ? { subset: r.mirror.version } : {}), ...(port !== undefined ? { port: { number: port } } : {}) },
      mirrorPercentage: { value: r.mirror.percent },
    } : {}),
    ...p,
  }));
}

/** Renders route rules as Istio TCP routes (header and uri conditions are not representable). */
export function toIstioTcp(rules: readonly RouteRule[], host: string, port?: number): VirtualServiceSpecTcp[] {
  return rules.map((r) => ({
    ...(r.matches && r.matches.length > 0
      ? { match: r.matches.map((m) => ({ ...(m.port !== undefined ? { port: m.port } : {}), ...(m.sourceLabels ? { sourceLabels: sortedRecord(m.sourceLabels, (v) => v) } : {}), ...(m.gateways ? { gateways: [...m.gateways] } : {}) })) }
      : {}),
    route: destinations(r, host, port, true),
  }));
}

/** Builds a VirtualService from protocol-neutral route rules. */
export function createVirtualService(scope: Construct, id: string, props: VirtualServiceSpecProps): ApiObject {
  const propsVirtualService: VirtualServiceProps = {
    metadata: { name: props.name },
    spec: {
      hosts: [...props.hosts],
      ...(props.gateways && props.gateways.length > 0 ? { gateways: [...props.gateways] } : {}),
      ...(props.http ? { http: toIstioHttp(props.http, props.destinationHost, props.destinationPort, true, props.routePolicy) } : {}),
      ...(props.tcp ? { tcp: toIstioTcp(props.tcp, props.destinationHost, props.destinationPort) } : {}),
    },
  };
  const Kind = istioClass(props.apiVersion, VirtualService, VirtualServiceV1Beta1);
  return new Kind(scope, id, propsVirtualService);
}
