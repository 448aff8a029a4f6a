import { ManifestIndex } from '../../traffic/manifest-index';
import { SimRequest } from '../../traffic/sim-types';
import { AmbientSimOptions, simulateAmbient } from './ambient-simulator';
import { DEFAULT_RELEASE_HEADER } from './release-pinning';

/**
 * A call chain through ambient services (entry -> downstream -> ...), to prove that release-header
 * pinning never crosses versions: each hop is simulated with `simulateAmbient`; the pod that serves
 * a hop makes the next call, carrying only the headers the application propagates (copied from the
 * request it received, which the waypoint's filters wrote). Exact probabilities per path.
 */

/** Options of `simulateAmbientChain`. */
export interface AmbientChainOptions extends AmbientSimOptions {
  /** Headers the application copies from its incoming request onto its outgoing calls. @default ['x-release'] */
  readonly propagate?: readonly string[];
}

/** One hop of a path: the Deployment that served it. */
export interface AmbientChainHop {
  /** Host the hop was addressed to. */
  readonly host: string;
  /** Deployment serving it. */
  readonly deployment: string;
  /** Namespace of the Deployment. */
  readonly namespace: string;
  /** The `version` label of its pods (undefined if unlabelled). */
  readonly version: string | undefined;
}

/** One way through the chain and its probability. */
export interface AmbientChainPath {
  /** The hops, entry first. */
  readonly hops: AmbientChainHop[];
  /** Exact probability, 0..1. */
  readonly probability: number;
}

/** Result of simulating a chain. */
export interface AmbientChainResult {
  /** Every complete path with its probability, in order of first appearance. */
  readonly paths: AmbientChainPath[];
  /** Probability that some hop fails, 0..1. */
  readonly failed: number;
  /** Why hops fail, when they do. */
  readonly failures: string[];
}

/** True when a path's hops are not all on the same version. */
export function crossesVersions(path: AmbientChainPath): boolean {
  return path.hops.some((h) => h.version !== path.hops[0].version);
}

/**
 * Simulates `entry`, then each host of `calls` in turn, each called by the pod that served the
 * previous hop (from its namespace) with the propagated headers of the request that pod received.
 */
export function simulateAmbientChain(manifests: readonly any[] | ManifestIndex, entry: SimRequest, calls: readonly string[], options: AmbientChainOptions = {}): AmbientChainResult {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  const propagate = (options.propagate ?? [DEFAULT_RELEASE_HEADER]).map((h) => h.toLowerCase());
  const paths = new Map<string, AmbientChainPath>();
  const failures: string[] = [];
  let failed = 0;
  const walk = (req: SimRequest, step: number, hops: AmbientChainHop[], probability: number) => {
    const r = simulateAmbient(index, req, options);
    failed += probability * r.failed;
    for (const f of r.failures) if (!failures.includes(f)) failures.push(f);
    for (const o of r.outcomes) {
      const path = [...hops, { host: req.host, deployment: o.deployment, namespace: o.namespace, version: o.version }];
      const p = probability * o.probability;
      if (step === calls.length) {
        const key = JSON.stringify(path);
        const seen = paths.get(key);
        paths.set(key, { hops: path, probability: (seen?.probability ?? 0) + p });
        continue;
      }
      const headers = Object.fromEntries(Object.entries(o.requestHeaders).filter(([k]) => propagate.includes(k)));
      walk({ host: calls[step], sourceNamespace: o.namespace, sourceLabels: o.podLabels, headers }, step + 1, path, p);
    }
  };
  walk(entry, 0, [], 1);
  const round = (x: number) => Math.round(x * 1e9) / 1e9;
  return { paths: [...paths.values()].map((p) => ({ ...p, probability: round(p.probability) })), failed: round(failed), failures };
}
