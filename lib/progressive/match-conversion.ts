import { RequestMatch, StringMatch } from '../routing/route-model';
import { Problem } from '../validation/problems';

/** A header condition as the engines write it (Istio StringMatch). */
export type EngineStringMatch = { exact?: string; prefix?: string; regex?: string };

/** The Istio StringMatch of a route-model string match. */
export function engineStringMatch(m: StringMatch): EngineStringMatch {
  if ('exact' in m) return { exact: m.exact };
  if ('prefix' in m) return { prefix: m.prefix };
  return { regex: m.regex };
}

/** Conditions an engine cannot use, for the message. */
export function unsupportedConditions(m: RequestMatch, supported: readonly ('headers' | 'sourceLabels' | 'uri')[]): string[] {
  const out: string[] = [];
  if (m.uri && !supported.includes('uri')) out.push('uri');
  if (m.sourceLabels && !supported.includes('sourceLabels')) out.push('sourceLabels');
  if (m.headers && !supported.includes('headers')) out.push('headers');
  if (m.gateways) out.push('gateways');
  if (m.port !== undefined) out.push('port');
  return out;
}

/** Problem for conditions an engine's header routing cannot express. */
export function unsupportedMatchProblem(engine: string, field: string, what: string[], i: number): Problem {
  return {
    message: `${field} match ${i + 1} uses ${what.join(', ')}, which ${engine} cannot express there.`,
    fix: `match on request headers only (exact, prefix or regex), or keep progression: Progression.manual().`,
  };
}
