import { Problem } from '../validation/problems';
import { checkDnsLabel, checkPort } from '../validation/rules';
import { RequestMatch } from './route-model';

/**
 * Problems of where a match applies: `gateways` must name gateways the way a VirtualService does
 * (`mesh`, `<name>` or `<namespace>/<name>`, each a DNS label), and `port` must be 1..65535; Istio's
 * webhook refuses anything else.
 */
export function matchBindingProblems(m: RequestMatch, label: string): Problem[] {
  const problems: Problem[] = [];
  if (m.port !== undefined) {
    const p = checkPort(m.port, `${label}: match port`);
    if (p) problems.push(p);
  }
  for (const g of m.gateways ?? []) {
    if (g === 'mesh') continue;
    const parts = g.split('/');
    const bad = parts.length > 2 || parts.some((x) => checkDnsLabel(x, 'gateway') !== undefined);
    if (bad) {
      problems.push({
        message: `${label}: match gateway "${g}" is not a gateway reference.`,
        fix: 'name a gateway as "mesh", "<name>" or "<namespace>/<name>" (lower-case DNS labels), e.g. "istio-system/weather-gateway".',
      });
    }
  }
  return problems;
}
