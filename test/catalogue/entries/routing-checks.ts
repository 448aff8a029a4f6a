import { Chart } from 'cdk8s';
import { MeshRouting, RouteRule } from '../../../lib';
import { CatalogueEntry, literal } from '../catalogue';

const SHADOWED = 'lib/routing/shadowed-matches.ts';
const SUBSETS = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];

function shadowEntry(id: string, http: RouteRule[], message: RegExp, source = SHADOWED, rule?: string): CatalogueEntry {
  return {
    id: `mesh-routing/${id}`,
    construct: 'MeshRouting',
    source,
    ...(rule ? { rule } : {}),
    example: `http: ${literal(http)}`,
    define: (chart: Chart) => {
      new MeshRouting(chart, 'routing', { service: 'demo4', subsets: SUBSETS, http });
    },
    path: 'routing',
    message,
  };
}

/** Rules a match of an earlier rule covers (Istio IST0130 / IST0131 beyond a plain catch-all). */
export const ROUTE_SHADOW_ENTRIES: CatalogueEntry[] = [
  shadowEntry('prefix-covered-by-earlier-prefix', [
    { matches: [{ uri: { prefix: '/api' } }], split: [{ version: 'v1', weight: 100 }] },
    { matches: [{ uri: { prefix: '/api/v2' } }], split: [{ version: 'v2', weight: 100 }] },
    { split: [{ version: 'v1', weight: 100 }] },
  ], /^route, rule 2, match 1 \{"uri":\{"prefix":"\/api\/v2"\}\} is covered by match 1 of route, rule 1, which comes first, so it never applies\. Fix: remove the repeated match, or put the narrower rule \(e\.g\. \/api\/v2\) before the wider one \(\/api\)\.$/),
  shadowEntry('root-prefix-catch-all', [
    { matches: [{ uri: { prefix: '/' } }], split: [{ version: 'v1', weight: 100 }] },
    { split: [{ version: 'v2', weight: 100 }] },
  ], /^route, rule 1 matches every request \(a path prefix "\/" matches every path\), so route, rule 2 can never match \(shadowed\)\. Fix: put the catch-all rule last, or give it a narrower match condition\.$/),
  shadowEntry('empty-regex', [
    { matches: [{ uri: { regex: '' } }], split: [{ version: 'v2', weight: 100 }] },
    { split: [{ version: 'v1', weight: 100 }] },
  ], /^route, rule 1: uri regex is empty; Istio accepts regular expressions of 1 to 1024 characters\. Fix: give the regular expression a pattern, or remove the condition\.$/, 'lib/routing/route-problems.ts', 'checkRe2'),
];
