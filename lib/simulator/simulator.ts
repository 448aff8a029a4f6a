import { defaultTrafficProvider, trafficReaders } from '../providers/registry';
import { ManifestIndex } from '../traffic/manifest-index';
import { SimOutcome, SimRequest, SimResult } from '../traffic/sim-types';

/**
 * Simulates where one request goes, through the registered providers' readers: the first reader
 * whose objects decide the request (`ITrafficReader.decides`: Istio for an Istio Gateway or a
 * VirtualService on the mesh; Gateway API for a Gateway API Gateway or a route attached to the
 * Service) simulates it; the default provider's reader (Istio) simulates the rest (without a
 * VirtualService, mesh traffic follows the Service selector). Every reader returns the same result
 * type, so the same meaning tests run on every provider's output.
 */
export function simulate(manifests: readonly any[] | ManifestIndex, req: SimRequest): SimResult {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  for (const { reader } of trafficReaders()) if (reader.decides(index, req)) return reader.simulate(index, req);
  return defaultTrafficProvider().reader!.simulate(index, req);
}

function round(p: number): number {
  return Math.round(p * 1e9) / 1e9;
}

/** Probability per version label (`unlabelled` for pods without one), plus `failed` when some traffic fails. */
export function shareByVersion(result: SimResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of result.outcomes) {
    const k = o.version ?? 'unlabelled';
    out[k] = round((out[k] ?? 0) + o.probability);
  }
  if (result.failed > 0) out.failed = result.failed;
  return out;
}

/** One path of a request through a chain of services. */
export interface SimPath {
  /** The Deployment that serves each hop, in order. */
  readonly hops: SimOutcome[];
  /** Exact probability of this path. */
  readonly probability: number;
}

/**
 * Simulates a request chain: the first request, then a call from the pod that served it to each
 * next host in turn (mesh traffic, carrying that pod's labels as source labels; headers are
 * propagated only if `propagateHeaders`). Returns every path with its probability.
 */
export function simulateChain(
  manifests: readonly any[] | ManifestIndex,
  first: SimRequest,
  nextHosts: readonly string[],
  options: { propagateHeaders?: boolean } = {},
): SimPath[] {
  const index = manifests instanceof ManifestIndex ? manifests : new ManifestIndex(manifests);
  let paths: SimPath[] = simulate(index, first).outcomes.map((o) => ({ hops: [o], probability: o.probability }));
  for (const host of nextHosts) {
    const next: SimPath[] = [];
    for (const p of paths) {
      const from = p.hops[p.hops.length - 1];
      const r = simulate(index, {
        host,
        sourceNamespace: from.namespace,
        sourceLabels: from.podLabels,
        ...(options.propagateHeaders ? { headers: first.headers, cookies: first.cookies } : {}),
      });
      for (const o of r.outcomes) next.push({ hops: [...p.hops, o], probability: round(p.probability * o.probability) });
    }
    paths = next;
  }
  return paths;
}

/** Probability per chain of versions, keyed like `v2>v2`. */
export function shareByVersionChain(paths: readonly SimPath[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of paths) {
    const k = p.hops.map((h) => h.version ?? 'unlabelled').join('>');
    out[k] = round((out[k] ?? 0) + p.probability);
  }
  return out;
}

export type { SimMatchedRule, SimOutcome, SimRequest, SimResult } from '../traffic/sim-types';
export { labelsMatch } from '../traffic/manifest-index';
