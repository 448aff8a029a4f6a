import { IConstruct } from 'constructs';
import { parseStageEnv, readSetting, TRAFFIC_ENV_VAR } from './env';
import { Problem } from '../validation/problems';

/**
 * The API a strategy's routing objects belong to.
 * - `istio`: a VirtualService and a DestinationRule with a subset per version (and an Istio Gateway).
 * - `gateway-api`: Kubernetes Gateway API v1.6 objects: a Service per version, `HTTPRoute`s (or
 *   `TCPRoute`s) with weighted `backendRefs`, attached to the app's Service (mesh) and to a `Gateway`.
 *
 * A construct's `traffic` member holds the kind of any registered provider (e.g. `istio-ambient`).
 */
export type TrafficApi = 'istio' | 'gateway-api';

const selectable: string[] = [];

/**
 * Makes a provider kind selectable by `ROLLOUT_TRAFFIC` and the `cdk8s-progressive:traffic` context.
 * The provider registry (lib/providers/registry.ts) calls it for every registered provider, whose
 * default instance is then used: settings never import the providers (no folder cycle).
 */
export function registerSelectableTraffic(kind: string): void {
  if (!selectable.includes(kind)) selectable.push(kind);
}

/** The kinds `ROLLOUT_TRAFFIC` and the context may select, in registry order (the default first). */
export function selectableTrafficKinds(): readonly string[] {
  return selectable;
}

/**
 * Context key with the same meaning as `ROLLOUT_TRAFFIC`, set in code (`app.node.setContext(...)`):
 * a traffic API for every construct (`'gateway-api'`), or a map `{ [idOrPath]: api }`. It wins over
 * the environment variable; a `traffic` prop set in code wins over both.
 */
export const TRAFFIC_CONTEXT = 'cdk8s-progressive:traffic';

/** Where the traffic API of a construct came from, for messages. */
export type TrafficApiSource = 'code' | 'context' | 'environment' | 'default';

/** The traffic API chosen for a construct (maybe not a valid one: see `trafficApiProblems`). */
export interface TrafficApiChoice {
  /** The chosen value, as given. */
  readonly traffic: string;
  /** Who chose it. */
  readonly source: TrafficApiSource;
}

function pick(value: unknown, scope: IConstruct): string | undefined {
  if (typeof value === 'string') return value.includes('=') ? parsed(value, scope) : value.trim() || undefined;
  if (value && typeof value === 'object') {
    const byKey = value as Record<string, unknown>;
    const v = byKey[scope.node.path] ?? byKey[scope.node.id];
    return typeof v === 'string' ? v : undefined;
  }
  return undefined;
}

function parsed(value: string, scope: IConstruct): string | undefined {
  const env = parseStageEnv(value);
  return env.byKey[scope.node.path] ?? env.byKey[scope.node.id] ?? env.all;
}

/**
 * The traffic API of a construct: the `traffic` prop set in code, else the `TRAFFIC_CONTEXT` context,
 * else `ROLLOUT_TRAFFIC`, else `istio`. Context and environment are looked up by the construct's
 * id and path, so one run can switch some constructs only.
 */
export function chooseTrafficApi(scope: IConstruct, declared: string | undefined): TrafficApiChoice {
  if (declared !== undefined) return { traffic: declared, source: 'code' };
  const fromContext = pick(scope.node.tryGetContext(TRAFFIC_CONTEXT), scope);
  if (fromContext !== undefined) return { traffic: fromContext, source: 'context' };
  const fromEnv = pick(readSetting(TRAFFIC_ENV_VAR), scope);
  if (fromEnv !== undefined) return { traffic: fromEnv, source: 'environment' };
  return { traffic: 'istio', source: 'default' };
}

/** True when `value` is the kind of a registered provider (see `selectableTrafficKinds`). */
export function isTrafficApi(value: string): boolean {
  return selectable.includes(value);
}

function fromWhere(source: TrafficApiSource): string {
  return source === 'environment' ? ` (from ${TRAFFIC_ENV_VAR})` : source === 'context' ? ` (from the context key ${TRAFFIC_CONTEXT})` : '';
}

/**
 * The problem of a choice that is not a traffic API (empty when it is one). `extra` lists other
 * values the construct accepts in the same prop (BlueGreenService: `'service-selector'`).
 */
export function trafficApiProblems(choice: TrafficApiChoice, extra: readonly string[] = []): Problem[] {
  if (isTrafficApi(choice.traffic) || extra.includes(choice.traffic)) return [];
  const known = [...new Set([...selectable, ...(choice.source === 'code' ? extra : [])])].map((v) => `'${v}'`).join(', ');
  return [{
    message: `traffic "${choice.traffic}"${fromWhere(choice.source)} is not a traffic API this library renders.`,
    fix: `use one of ${known} (the registered traffic providers, each with its default options), or set traffic in code for other options (e.g. Traffic.replicaRatio({ totalReplicas, rounding })).`,
  }];
}

/** A short description of where a traffic API came from, for other messages (`traffic 'gateway-api' (from ROLLOUT_TRAFFIC)`). */
export function describeTrafficChoice(choice: TrafficApiChoice): string {
  return `traffic '${choice.traffic}'${fromWhere(choice.source)}`;
}
