import { Problem } from '../validation/problems';
import { quantityValue } from './quantity';

/** A request and a limit of one resource, as Kubernetes quantity strings (`'250m'`, `'1'`, `'512Mi'`). */
export interface ResourceRange {
  /** What the scheduler reserves for the container. @default - the default of the resource (cpu 100m, memory 128Mi) */
  readonly request?: string;
  /** The most the container may use (CPU is throttled above it, memory above it is OOM-killed). @default - the default of the resource (cpu 500m, memory 256Mi) */
  readonly limit?: string;
}

/**
 * CPU and memory of the container, as Kubernetes quantity strings. Each field you leave out keeps
 * its default, so `{ cpu: { limit: '1' } }` still renders the default CPU request and memory request and limit.
 */
export interface ContainerResources {
  /** CPU request and limit, e.g. `{ request: '250m', limit: '1' }`. @default { request: '100m', limit: '500m' } */
  readonly cpu?: ResourceRange;
  /** Memory request and limit, e.g. `{ request: '256Mi', limit: '512Mi' }`. @default { request: '128Mi', limit: '256Mi' } */
  readonly memory?: ResourceRange;
}

/** Requests and limits with every field set. */
export interface ResolvedResources {
  /** CPU request and limit. */
  readonly cpu: { readonly request: string; readonly limit: string };
  /** Memory request and limit. */
  readonly memory: { readonly request: string; readonly limit: string };
}

/** The library's default requests and limits. */
export const DEFAULT_RESOURCES: ResolvedResources = {
  cpu: { request: '100m', limit: '500m' },
  memory: { request: '128Mi', limit: '256Mi' },
};

/** Merges resource settings field by field: later layers win, unset fields keep the earlier value (the defaults first). */
export function mergeResources(...layers: (ContainerResources | undefined)[]): ResolvedResources {
  let cpu = DEFAULT_RESOURCES.cpu;
  let memory = DEFAULT_RESOURCES.memory;
  for (const l of layers) {
    if (!l) continue;
    if (l.cpu) cpu = { request: l.cpu.request ?? cpu.request, limit: l.cpu.limit ?? cpu.limit };
    if (l.memory) memory = { request: l.memory.request ?? memory.request, limit: l.memory.limit ?? memory.limit };
  }
  return { cpu, memory };
}

/** Problems of merged resources: a malformed or non-positive quantity, a request above its limit. */
export function resourceProblems(r: ResolvedResources, what: string): Problem[] {
  const problems: Problem[] = [];
  for (const resource of ['cpu', 'memory'] as const) {
    const example = resource === 'cpu' ? "'250m' or '1'" : "'256Mi' or '1Gi'";
    const values: Record<string, number | undefined> = {};
    for (const field of ['request', 'limit'] as const) {
      const q = r[resource][field];
      const value = typeof q === 'string' ? quantityValue(q) : undefined;
      if (value === undefined || value <= 0) {
        problems.push({
          message: `${resource} ${field} ${JSON.stringify(q)} of ${what} is not a positive Kubernetes quantity.`,
          fix: `use a quantity such as ${example}.`,
        });
      }
      values[field] = value;
    }
    const { request, limit } = values;
    if (request !== undefined && limit !== undefined && request > 0 && limit > 0 && request > limit) {
      problems.push({
        message: `${resource} request ${r[resource].request} of ${what} is above its limit ${r[resource].limit}, which the API server rejects.`,
        fix: `raise the ${resource} limit to at least the request, or lower the request (an unset field keeps its default: ${resource} ${DEFAULT_RESOURCES[resource].request} request, ${DEFAULT_RESOURCES[resource].limit} limit).`,
      });
    }
  }
  return problems;
}

/** The `resources` field of the container. */
export function renderResources(r: ResolvedResources): Record<string, unknown> {
  return {
    limits: { cpu: r.cpu.limit, memory: r.memory.limit },
    requests: { cpu: r.cpu.request, memory: r.memory.request },
  };
}
