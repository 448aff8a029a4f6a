import { RouteRule } from '../../routing/route-model';

/** One version the Ingresses can send traffic to, behind its own Service. */
export interface IngressNginxVersion {
  /** Version name, as in the route model's splits (e.g. `v2`). */
  readonly name: string;
  /** Service in front of this version's pods. @default `<service>-<name>` */
  readonly serviceName?: string;
  /** Port of that Service the Ingress sends to. @default 80 */
  readonly port?: number;
  /** Pod labels that select this version (besides the app labels). @default { version: <name> } */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The input of the ingress-nginx provider: one service's routing at one stage, in the route model. */
export interface IngressNginxInput {
  /** Application name: the main Ingress is `<service>`, the canary Ingress `<service>-canary`. */
  readonly service: string;
  /** Namespace of the Ingresses and Services. @default - the chart's namespace */
  readonly namespace?: string;
  /** Hosts the Ingresses serve (DNS names, `*.example.com` wildcards allowed). */
  readonly hosts: readonly string[];
  /** Path the Ingresses serve (pathType `Prefix`, whole segments). @default - the rules' common uri, else '/' */
  readonly path?: string;
  /** IngressClass of the ingress-nginx controller. @default 'nginx' */
  readonly ingressClassName?: string;
  /** The versions that exist at this stage. */
  readonly versions: readonly IngressNginxVersion[];
  /** HTTP rules of the stage, in order; the first matching rule wins. */
  readonly rules: readonly RouteRule[];
  /** TCP rules of the stage (refused: ingress-nginx canaries are HTTP only). @default - none */
  readonly tcp?: readonly RouteRule[];
  /** The stable version: the main Ingress sends to it. */
  readonly stable: string;
  /** A version that receives a copy of the traffic (refused: canary annotations cannot mirror). @default - none */
  readonly mirror?: string;
  /** Container port the version Services target. @default 80 */
  readonly targetPort?: number;
  /** Pod labels every version shares. @default { app: <service> } */
  readonly appSelector?: Readonly<Record<string, string>>;
}

/** Name of the canary Ingress of a service: `<service>-canary`. */
export function canaryIngressName(service: string): string {
  return `${service}-canary`;
}

/** The Service of a version: `serviceName`, else `<service>-<version>`. */
export function versionServiceNameOf(input: IngressNginxInput, version: IngressNginxVersion): string {
  return version.serviceName ?? `${input.service}-${version.name}`;
}
