import { Problem } from '../../validation/problems';
import { RouteRule } from '../../routing/route-model';
import { ITrafficProvider } from './provider';

/**
 * The release techniques (mirror, sticky cookies) a routing provider cannot render, for one
 * stage's rules: without this a provider whose renderer ignores `mirror` or `setCookie` would
 * drop them silently.
 */
export function techniqueSupportProblems(provider: ITrafficProvider, rules: readonly RouteRule[], where: string): Problem[] {
  const problems: Problem[] = [];
  const f = provider.features;
  if (!f.mirroring && rules.some((r) => r.mirror)) {
    problems.push({
      message: `${where} uses request mirroring, which ${provider.displayName} cannot render.`,
      fix: 'remove `mirror` from the stage, or choose Traffic.istio() or Traffic.gatewayApi(), which render mirroring.',
    });
  }
  if (!f.responseHeaders && rules.some((r) => r.split.some((s) => s.setCookie !== undefined))) {
    problems.push({
      message: `${where} uses sticky session cookies (response headers), which ${provider.displayName} cannot render.`,
      fix: 'remove `sticky` from the stage, or choose Traffic.istio() or Traffic.gatewayApi(), which set the cookie.',
    });
  }
  return problems;
}
