import { ITrafficProvider, StageRouteModel } from '../providers/core/provider';
import { toHttpRouteRules } from '../providers/gateway-api/route-rules';
import { ambientIngressRefs } from '../providers/istio-ambient/ambient-ingress';
import { ambientOrderProblems, ambientRuleProblems } from '../providers/istio-ambient/ambient-problems';
import { Problem } from '../validation/problems';
import { HeaderRouteStage, headerRouteGatewayApiProblems } from './header-route-stages';

/** Input of `otherStageProblems`. */
export interface OtherStageCheck {
  /** The provider of the route. */
  readonly provider: ITrafficProvider;
  /** Every stage, in order. */
  readonly stages: readonly HeaderRouteStage[];
  /** The model of each stage (same order). */
  readonly models: readonly StageRouteModel[];
  /** Index of the stage that is rendered (its routing reports its own problems); -1 for none. */
  readonly activeIndex: number;
  /** Namespace of the chart. @default - none */
  readonly namespace?: string;
}

/** A problem of a stage that is not rendered, named by its stage. */
function ofStage(stage: string, p: Problem): Problem {
  const where = `stage "${stage}"`;
  return p.message.startsWith(where) ? p : { message: `${where}: ${p.message}`, fix: p.fix };
}

/**
 * What the provider cannot express in the stages that are not rendered: the routing checks the
 * active stage only, and a stage must not pass synth today only to fail once it becomes active.
 * - every provider: its `modelProblems` of the stage, except those the rendered stage reports anyway
 *   (gateway and option mistakes, the same at every stage), named by the stage;
 * - `gateway-api`: what HTTPRoutes cannot say (header prefixes, caller labels, rule order);
 * - `istio-ambient`: the same, in the ambient provider's words (its routing reports them at render).
 */
export function otherStageProblems(input: OtherStageCheck): Problem[] {
  const { provider, stages, models, activeIndex } = input;
  const rendered = new Set(activeIndex >= 0 ? provider.modelProblems(models[activeIndex], 'route').map((p) => p.message) : []);
  const problems: Problem[] = [];
  stages.forEach((s, i) => {
    if (i === activeIndex) return;
    const model = models[i];
    problems.push(...provider.modelProblems(model, 'route').filter((p) => !rendered.has(p.message)).map((p) => ofStage(s.name, p)));
    if (provider.kind === 'gateway-api') problems.push(...headerRouteGatewayApiProblems(s, model.service));
    if (provider.kind === 'istio-ambient') problems.push(...ambientStageProblems(model, input.namespace).map((p) => ofStage(s.name, p)));
  });
  return problems;
}

/** The route problems `IstioAmbientRouting` would report for a stage's model (pure). */
export function ambientStageProblems(model: StageRouteModel, namespace: string | undefined): Problem[] {
  const http = model.http ?? [];
  const gw = model.gateway;
  const ingressRefs = gw ? ambientIngressRefs({ name: gw.name, hosts: gw.hosts, namespace: gw.namespace }, namespace) : [];
  return [
    ...ambientRuleProblems({ http, versions: model.versions.map((v) => v.name), ingressRefs }),
    ...ambientOrderProblems(toHttpRouteRules(http, { service: model.service, port: model.servicePort ?? 80, parent: 'mesh' }), http),
  ];
}
