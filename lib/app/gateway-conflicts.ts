import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Problem } from '../validation/problems';
import { ObjectJson, objectJsonOnce } from './object-json';
import { podTemplateLabels } from './pod-labels';

/**
 * App-level checks of Istio Gateways against the ingress workloads that implement them:
 *
 * - two Gateway objects on the same ingress workload (same selector) and the same port that both name
 *   the same host (Istio's IST0145 ConflictingGateways): which one serves the host is undefined;
 * - a Gateway port that no Service of the selected workload exposes (IST0162
 *   GatewayPortNotDefinedOnService). The workload is an ingress gateway the app deploys itself (a
 *   `DedicatedIngressGateway`, or any Deployment + Service in the app), else the cluster's ingress as
 *   described by `IngressDescription` (Istio's default profile unless told otherwise).
 */

/** The ingress gateway of the cluster, which the library cannot see: its pod labels and the ports its Service exposes. */
export class IngressDescription {
  /**
   * Istio's default installation profile: `istio-ingressgateway` (labels `istio: ingressgateway`) whose
   * Service exposes 80 and 443 (target ports 8080 and 8443).
   */
  public static defaultProfile(): IngressDescription {
    return new IngressDescription({ istio: 'ingressgateway' }, [80, 443, 8080, 8443]);
  }

  /** Istio's demo profile: the default profile's ports plus 31400 (TCP) and 15443. */
  public static demoProfile(): IngressDescription {
    return new IngressDescription({ istio: 'ingressgateway' }, [80, 443, 8080, 8443, 31400, 15443]);
  }

  /** A custom ingress: the labels of its pods and the ports (service or target ports) its Service exposes. */
  public static of(selector: Record<string, string>, ports: number[]): IngressDescription {
    return new IngressDescription({ ...selector }, [...ports]);
  }

  /**
   * Describes the cluster's ingress for every Gateway below `scope`: call it on the App (every chart),
   * or on a Chart (that chart only; a chart's description wins over the App's). Without one, Istio's
   * default profile is assumed.
   */
  public static describe(scope: IConstruct, description: IngressDescription): void {
    DESCRIPTIONS.set(scope, description);
  }

  /** The description in force for `scope`: the nearest one described on it or above it, else the default profile. */
  public static forScope(scope: IConstruct): IngressDescription {
    for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
      const d = DESCRIPTIONS.get(c);
      if (d) return d;
    }
    return IngressDescription.defaultProfile();
  }

  private constructor(
    /** Labels of the ingress pods. */
    public readonly selector: Record<string, string>,
    /** Ports the ingress Service exposes (service ports and target ports). */
    public readonly ports: number[],
  ) {}
}

const DESCRIPTIONS = new WeakMap<IConstruct, IngressDescription>();

/** An object of the app and the construct its problems are reported on. */
export interface GatewayCheckObject {
  /** The object. */
  readonly obj: ApiObject;
  /** The construct its problems are reported on. */
  readonly owner: IConstruct;
  /** Its namespace. */
  readonly namespace: string;
}

/** A problem and the construct it is reported on. */
export interface GatewayCheckProblem {
  /** The construct the problem is reported on. */
  readonly scope: IConstruct;
  /** The problem. */
  readonly problem: Problem;
}

function selectorString(s: Record<string, string>): string {
  return Object.keys(s).sort().map((k) => `${k}=${s[k]}`).join(',');
}

/** True when every label of `selector` is in `labels`. */
function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * True when two gateway servers name the same host. A wildcard beside a named host is no conflict: the
 * ingress merges the servers of a port and the most specific host wins.
 */
function sameHost(a: string, b: string): boolean {
  const strip = (h: string) => (h.includes('/') ? h.slice(h.indexOf('/') + 1) : h);
  return strip(a) === strip(b);
}

/** False when the described ingress is the one `sel` selects and lacks `port`. */
function ingressPortServed(ingress: IngressDescription, sel: string, port: number): boolean {
  return selectorString(ingress.selector) !== sel || ingress.ports.includes(port);
}

/** The IST0145 and IST0162 problems of the app's Istio Gateways. */
export function gatewayConflictProblems(objects: readonly GatewayCheckObject[], json: ObjectJson = objectJsonOnce()): GatewayCheckProblem[] {
  const out: GatewayCheckProblem[] = [];
  const istioGateways = objects.filter((o) => o.obj.kind === 'Gateway' && o.obj.apiVersion.startsWith('networking.istio.io/'))
    .map((o) => ({ ...o, spec: json(o.obj).spec ?? {} }));
  if (istioGateways.length === 0) return out; // nothing to check: do not render every Deployment and Service
  // Pods the app deploys itself (Deployments) and the Services that select them.
  const pods = objects.filter((o) => o.obj.kind === 'Deployment' && o.obj.apiVersion === 'apps/v1')
    .map((o) => ({ namespace: o.namespace, labels: podTemplateLabels(o.obj, json) }));
  const services = objects.filter((o) => o.obj.kind === 'Service' && o.obj.apiVersion === 'v1')
    .map((o) => ({ namespace: o.namespace, spec: json(o.obj).spec ?? {} }));

  const seen = new Map<string, { gw: typeof istioGateways[number]; host: string }[]>();
  for (const gw of istioGateways) {
    const selector: Record<string, string> = gw.spec.selector ?? {};
    const sel = selectorString(selector);
    const ownPods = pods.filter((p) => selects(selector, p.labels));
    for (const server of (gw.spec.servers ?? []) as any[]) {
      const port: number | undefined = server.port?.number;
      const key = `${sel}|${port}|${server.bind ?? ''}`;
      const earlier = seen.get(key) ?? [];
      const reported = new Set<string>();
      for (const host of (server.hosts ?? []) as string[]) {
        for (const clash of earlier.filter((e) => e.gw.obj !== gw.obj && sameHost(e.host, host))) {
          if (reported.has(clash.gw.obj.node.path)) continue;
          reported.add(clash.gw.obj.node.path);
          out.push({
            scope: gw.owner,
            problem: {
              message: `Gateway "${gw.obj.name}" in namespace "${gw.namespace}" serves host "${host}" on port ${port} of the ingress workload ${sel}, `
                + `and so does Gateway "${clash.gw.obj.name}" in namespace "${clash.gw.namespace}" of ${clash.gw.owner.node.path} too: which of them serves the host is undefined (Istio IST0145).`,
              fix: 'give each construct its own host, or create the Gateway once (an IngressGateway construct) and pass it to the other constructs.',
            },
          });
        }
      }
      for (const host of (server.hosts ?? []) as string[]) earlier.push({ gw, host });
      seen.set(key, earlier);
      // An invalid port is reported where it is set.
      if (port === undefined || !Number.isInteger(port) || port < 1 || port > 65535) continue;
      // IST0162: the port must be exposed by a Service of the selected pods.
      let served: boolean | undefined;
      if (ownPods.length > 0) {
        const ports = new Set<number>();
        for (const pod of ownPods) {
          for (const svc of services.filter((s) => s.namespace === pod.namespace && selects(s.spec.selector, pod.labels))) {
            for (const p of (svc.spec.ports ?? []) as any[]) {
              ports.add(p.port);
              if (typeof p.targetPort === 'number') ports.add(p.targetPort);
            }
          }
        }
        served = ports.has(port);
        if (!served) {
          out.push({
            scope: gw.owner,
            problem: {
              message: `Gateway "${gw.obj.name}" listens on port ${port}, which no Service of its ingress workload ${sel} in the app exposes, so the port is unreachable (Istio IST0162).`,
              fix: `add port ${port} to the ingress gateway's Service (DedicatedIngressGateway ports), or use a port it exposes.`,
            },
          });
        }
      } else if (!ingressPortServed(IngressDescription.forScope(gw.obj), sel, port)) {
        const ingress = IngressDescription.forScope(gw.obj);
        out.push({
          scope: gw.owner,
          problem: {
            message: `Gateway "${gw.obj.name}" listens on port ${port}, but the cluster's ingress gateway (${sel}) exposes only ports ${ingress.ports.join(', ')}, so the port is unreachable from outside (Istio IST0162).`,
            fix: 'deploy an ingress gateway with that port (new DedicatedIngressGateway(...), then gateway.selector: its selector), use port 80 or 443, '
              + 'or, if your ingress exposes it (e.g. the demo profile\'s 31400), say so: IngressDescription.describe(app, IngressDescription.demoProfile()).',
          },
        });
      }
    }
  }
  return out;
}
