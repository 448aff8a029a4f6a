import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { reportProblems } from '../../validation/problems';
import { ITrafficRouting } from '../core/provider';
import { CANARY_ANNOTATIONS } from './annotations';
import { CanaryPlan, planIngressNginx } from './canary-plan';
import { canaryIngressName, IngressNginxInput, versionServiceNameOf } from './ingress-input';
import { renderVersionServices } from './version-services';
import { requireProps } from '../../validation/required-props';

/** The canary annotations of a plan, keys sorted (empty without a canary). */
export function nginxCanaryAnnotations(plan: CanaryPlan): Record<string, string> {
  if (!plan.canary) return {};
  const a: Record<string, string> = { [CANARY_ANNOTATIONS.canary]: 'true' };
  if (plan.header) {
    a[CANARY_ANNOTATIONS.byHeader] = plan.header.name;
    if (plan.header.value !== undefined) a[CANARY_ANNOTATIONS.byHeaderValue] = plan.header.value;
    if (plan.header.pattern !== undefined) a[CANARY_ANNOTATIONS.byHeaderPattern] = plan.header.pattern;
  }
  if (plan.cookie) a[CANARY_ANNOTATIONS.byCookie] = plan.cookie;
  a[CANARY_ANNOTATIONS.weight] = String(plan.weight);
  if (plan.weightTotal !== 100) a[CANARY_ANNOTATIONS.weightTotal] = String(plan.weightTotal);
  return Object.fromEntries(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1)));
}

/** The `spec` of an Ingress sending every host/path of `plan` to one Service. */
export function nginxIngressSpec(input: IngressNginxInput, plan: CanaryPlan, version: string): k8s.IngressSpec {
  const v = input.versions.find((x) => x.name === version)!;
  return {
    ingressClassName: input.ingressClassName ?? 'nginx',
    rules: input.hosts.map((host) => ({
      host,
      http: {
        paths: [{
          path: plan.path,
          pathType: plan.pathType,
          backend: { service: { name: versionServiceNameOf(input, v), port: { number: v.port ?? 80 } } },
        }],
      },
    })),
  };
}

/** Properties of `IngressNginxRouting`: the provider input, and whether to create the version Services. */
export interface IngressNginxRoutingProps extends IngressNginxInput {
  /** Create a Service per version (`renderVersionServices`). @default true */
  readonly createVersionServices?: boolean;
}

/**
 * The ingress-nginx routing of one service at one stage: the main Ingress `<service>` to the stable
 * version, at most one canary Ingress `<service>-canary` (canary annotations) to the other version,
 * and a Service per version. What the annotations cannot express is reported on this construct and
 * nothing is rendered then.
 */
export class IngressNginxRouting extends Construct implements ITrafficRouting {
  /** The routing as an `IngressNginxRouting`, when the ingress-nginx provider made it. */
  public static of(routing: ITrafficRouting | undefined): IngressNginxRouting | undefined {
    return routing instanceof IngressNginxRouting ? routing : undefined;
  }

  /** Kind of the provider that made this routing (the provider interface's `ITrafficRouting.providerKind`). */
  public readonly providerKind = 'ingress-nginx';
  /** The translation, when the input can be expressed. @default - none (problems reported) */
  public readonly plan?: CanaryPlan;
  /** The main Ingress. @default - none (problems reported) */
  public readonly mainIngress?: k8s.KubeIngress;
  /** The canary Ingress. @default - none (no canary version at this stage, or problems reported) */
  public readonly canaryIngress?: k8s.KubeIngress;
  /** The version Services, in version order. */
  public readonly versionServices: k8s.KubeService[] = [];

  constructor(scope: Construct, id: string, props: IngressNginxRoutingProps) {
    requireProps(scope, id, 'IngressNginxRouting', props, ['service', 'hosts', 'versions', 'rules', 'stable']);
    super(scope, id);
    const result = planIngressNginx(props);
    if (!reportProblems(this, result.problems) || !result.plan) return;
    const plan = result.plan;
    this.plan = plan;
    const ns = props.namespace ? { namespace: props.namespace } : {};
    const labels = { app: props.appSelector?.app ?? props.service };
    if (props.createVersionServices ?? true) this.versionServices = renderVersionServices(this, props);
    this.mainIngress = new k8s.KubeIngress(this, 'Ingress', {
      metadata: { name: props.service, ...ns, labels },
      spec: nginxIngressSpec(props, plan, plan.stable),
    });
    if (plan.canary) {
      this.canaryIngress = new k8s.KubeIngress(this, 'CanaryIngress', {
        metadata: { name: canaryIngressName(props.service), ...ns, labels, annotations: nginxCanaryAnnotations(plan) },
        spec: nginxIngressSpec(props, plan, plan.canary),
      });
    }
  }
}
