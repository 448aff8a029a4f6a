import { Problem } from '../validation/problems';

/**
 * Option names that only mean something for HTTP routing. A TCP construct's props type has none
 * of them; this list catches them when they arrive anyway (plain JavaScript, `as any`, a spread
 * of an HTTP construct's props), because silently ignoring them would route differently from
 * what the user wrote.
 */
export const HTTP_ONLY_OPTIONS: readonly string[] = [
  'matches', 'match', 'headers', 'uri', 'cookies', 'retries', 'timeout', 'fault', 'mirror', 'mirrorPercentage',
  'rewrite', 'redirect', 'corsPolicy', 'previewHeader', 'previewHost', 'gatewayProtocol',
];

/**
 * Problems of props given to a TCP construct: HTTP-only options, an HTTP probe `path`, and a
 * protocol other than `tcp` (which would name the ports `http`, so Istio would parse the stream as
 * HTTP and never apply the TCP routes).
 */
export function httpOnlyOptionProblems(props: object, construct: string): Problem[] {
  const problems: Problem[] = [];
  const p = props as Record<string, unknown>;
  for (const key of HTTP_ONLY_OPTIONS) {
    if (p[key] !== undefined) {
      problems.push({
        message: `option "${key}" is HTTP-only: a TCP connection carries no headers, path, retries or timeouts, so ${construct} cannot apply it.`,
        fix: `remove "${key}"; for HTTP traffic use CanaryService or HeaderRoute instead.`,
      });
    }
  }
  for (const probe of ['readiness', 'liveness']) {
    const o = p[probe] as Record<string, unknown> | false | undefined;
    if (o && o.path !== undefined) {
      problems.push({
        message: `${probe}.path "${String(o.path)}" is an HTTP probe setting, but ${construct} probes with a TCP connect to the port.`,
        fix: `remove path from ${probe}.`,
      });
    }
  }
  if (p.protocol !== undefined && p.protocol !== 'tcp') {
    problems.push({
      message: `protocol "${String(p.protocol)}" would name the Service and container ports "${String(p.protocol)}", so Istio would parse the TCP stream as ${String(p.protocol)} and never apply the TCP routes.`,
      fix: `remove protocol: ${construct} always names its ports "tcp".`,
    });
  }
  return problems;
}
