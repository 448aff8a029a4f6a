import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isRollout } from './rollout';
import { formatProblem, Problem } from '../validation/problems';
import { gatewayConflictProblems } from './gateway-conflicts';

/**
 * App-level checks: mistakes no single construct can see, because they involve several.
 *
 * - two constructs emitting the same Service (kind, namespace, name), the same Istio Gateway, or any
 *   other same object (one would overwrite the other when applied);
 * - two VirtualServices claiming the same host on the same gateway (or both on the mesh), and two
 *   Gateway API routes claiming the same host on the same Gateway;
 * - a VirtualService bound to a Gateway that no object in the app defines and that nobody declared
 *   as managed elsewhere (`GatewayOptions.create: false`, or `declareExternalGateway`).
 *
 * Every rollout construct calls `ensureAppChecks(this)`; the checks then run once per validation
 * of the app (one pass over its objects) and each problem is reported on the construct that owns the
 * later of the clashing objects (its rollout construct when it has one), so the message carries that
 * construct's path and all problems of the app are reported together.
 */

/** Where a VirtualService routes: its hosts and the gateways it binds (`mesh` when none). */
export interface RouteClaims {
  /** Hosts of the VirtualService. */
  readonly hosts: readonly string[];
  /** Gateways it is bound to; empty or absent means the mesh only. @default - mesh only */
  readonly gateways?: readonly string[];
}

interface AppCheckState {
  /** Problems found by the last run, per construct; each slot has one validation registered. */
  readonly slots: Map<IConstruct, Problem[]>;
  /** Gateways declared as managed outside the app, as `namespace/name`. */
  readonly externalGateways: Set<string>;
  /** True once the checks are registered on the app. */
  registered: boolean;
}

const STATES = new WeakMap<IConstruct, AppCheckState>();
const ROUTE_CLAIMS = new WeakMap<ApiObject, RouteClaims>();

function stateOf(scope: IConstruct): AppCheckState {
  const root = scope.node.root;
  let state = STATES.get(root);
  if (!state) {
    state = { slots: new Map(), externalGateways: new Set(), registered: false };
    STATES.set(root, state);
  }
  return state;
}

/**
 * Registers the app-level checks on the app that contains `scope` (once per app; later calls do nothing).
 * The checks run when the app is validated (`cdk8s synth`, `app.synth()`, `collectValidationErrors`).
 */
export function ensureAppChecks(scope: IConstruct): void {
  const root = scope.node.root;
  const state = stateOf(root);
  if (state.registered) return;
  state.registered = true;
  // The root is validated first (validation walks the tree in pre-order), so the slots are filled
  // before the constructs that own them are validated.
  root.node.addValidation({
    validate: () => {
      runAppChecks(root, state);
      return [];
    },
  });
}

/**
 * Declares that the Istio Gateway `namespace/name` exists outside this app (for example
 * `istio-system/weather-gateway`, managed by the platform team), so VirtualServices may bind it.
 */
export function declareExternalGateway(scope: IConstruct, namespace: string, name: string): void {
  stateOf(scope).externalGateways.add(`${namespace}/${name}`);
}

/** Records the hosts and gateways of a VirtualService built by this library (saves rendering it to read them). */
export function recordRouteClaims(virtualService: ApiObject, claims: RouteClaims): void {
  ROUTE_CLAIMS.set(virtualService, { hosts: [...claims.hosts], gateways: claims.gateways ? [...claims.gateways] : undefined });
}

/** A problem and the construct it is reported on. */
export interface ScopedProblem {
  /** The construct the problem is reported on (its path prefixes the message). */
  readonly scope: IConstruct;
  /** The problem. */
  readonly problem: Problem;
}

interface ObjectInfo {
  readonly obj: ApiObject;
  readonly owner: IConstruct;
  readonly namespace: string;
}

function apiGroup(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** The construct an object's problems are reported on: its nearest rollout construct, else its parent. */
function ownerOf(obj: ApiObject): IConstruct {
  for (let c: IConstruct | undefined = obj.node.scope; c; c = c.node.scope) {
    if (isRollout(c)) return c;
  }
  return obj.node.scope ?? obj;
}

function fqdn(host: string, namespace: string): string {
  if (host === '*' || host.startsWith('*.') || host.endsWith('.svc.cluster.local')) return host;
  const parts = host.split('.');
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`;
  if (parts.length === 2) return `${host}.svc.cluster.local`;
  return host;
}

function gatewayRef(ref: string, namespace: string): string {
  if (ref === 'mesh') return 'mesh';
  return ref.includes('/') ? ref : `${namespace}/${ref}`;
}

function claimsOf(vs: ApiObject): RouteClaims {
  const recorded = ROUTE_CLAIMS.get(vs);
  if (recorded) return recorded;
  try {
    const spec = vs.toJson().spec ?? {};
    return { hosts: spec.hosts ?? [], gateways: spec.gateways };
  } catch {
    return { hosts: [] };
  }
}

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
const GATEWAY_API_ROUTE_KINDS: readonly string[] = ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute'];

/** Hosts (`*` when the route names none) and Gateways (`namespace/name`) a Gateway API route attaches to. */
function gatewayApiClaimsOf(route: ApiObject, namespace: string): { hosts: string[]; gateways: string[] } {
  try {
    const spec = route.toJson().spec ?? {};
    const hostnames: string[] = spec.hostnames ?? [];
    const gateways = ((spec.parentRefs ?? []) as any[])
      .filter((p) => (p.kind ?? 'Gateway') === 'Gateway' && (p.group ?? GATEWAY_API_GROUP) === GATEWAY_API_GROUP)
      .map((p) => `${p.namespace ?? namespace}/${p.name}`);
    return { hosts: hostnames.length > 0 ? hostnames : ['*'], gateways };
  } catch {
    return { hosts: [], gateways: [] };
  }
}

/**
 * Runs the app-level checks over every object below `root` and returns the problems, each with the
 * construct to report it on. Pure: records nothing (`ensureAppChecks` reports them).
 */
export function appCheckProblems(root: IConstruct): ScopedProblem[] {
  const state = STATES.get(root.node.root);
  const external = state?.externalGateways ?? new Set<string>();
  const objects: ObjectInfo[] = [];
  for (const c of root.node.findAll()) {
    if (c instanceof ApiObject) objects.push({ obj: c, owner: ownerOf(c), namespace: c.metadata.namespace ?? 'default' });
  }
  const out: ScopedProblem[] = [];
  /** Pairs `later|earlier` of owners already reported as claiming the same Service. */
  const servicePairs = new Set<string>();
  const otherPairs = new Set<string>();
  const pairKey = (a: IConstruct, b: IConstruct) => `${a.node.path}\u0000${b.node.path}`;

  // 1. Same object emitted by two constructs.
  const first = new Map<string, ObjectInfo>();
  const laterDuplicates: Array<[ObjectInfo, ObjectInfo]> = [];
  for (const o of objects) {
    const key = `${apiGroup(o.obj.apiVersion)}|${o.obj.kind}|${o.namespace}|${o.obj.name}`;
    const prev = first.get(key);
    if (!prev) first.set(key, o);
    else if (prev.owner !== o.owner) laterDuplicates.push([o, prev]);
  }
  const gateways = new Set<string>();
  for (const [key, o] of first) if (key.startsWith('networking.istio.io|Gateway|')) gateways.add(`${o.namespace}/${o.obj.name}`);

  for (const [o, prev] of laterDuplicates) {
    if (o.obj.kind === 'Service' && apiGroup(o.obj.apiVersion) === '') {
      servicePairs.add(pairKey(o.owner, prev.owner));
      out.push({
        scope: o.owner,
        problem: {
          message: `Service "${o.obj.name}" in namespace "${o.namespace}" is also created by ${prev.owner.node.path}: two constructs claim the same Service name.`,
          fix: 'give each application its own name, or put them in different namespaces.',
        },
      });
    }
  }
  for (const [o, prev] of laterDuplicates) {
    const group = apiGroup(o.obj.apiVersion);
    if (o.obj.kind === 'Service' && group === '') continue;
    if (o.obj.kind === 'Gateway' && (group === 'networking.istio.io' || group === GATEWAY_API_GROUP)) {
      out.push({
        scope: o.owner,
        problem: {
          message: `Gateway "${o.obj.name}" in namespace "${o.namespace}" is also created by ${prev.owner.node.path}, so one would overwrite the other.`,
          fix: 'create a shared Gateway once: set gateway.create: false on every other construct that uses it (or give each its own gateway name).',
        },
      });
      continue;
    }
    const pair = pairKey(o.owner, prev.owner);
    if (servicePairs.has(pair) || otherPairs.has(pair)) continue;
    otherPairs.add(pair);
    out.push({
      scope: o.owner,
      problem: {
        message: `${o.obj.kind} "${o.obj.name}" in namespace "${o.namespace}" is also created by ${prev.owner.node.path}, so one would overwrite the other.`,
        fix: 'rename the application or the version of one of them so that the object names differ.',
      },
    });
  }

  // 2. Gateways nobody defines, and hosts claimed twice on the same gateway (one problem per pair and host).
  const claimed = new Map<string, ObjectInfo>();
  const clashes = new Map<string, { o: ObjectInfo; prev: ObjectInfo; host: string; bindings: string[] }>();
  for (const o of objects) {
    if (o.obj.kind !== 'VirtualService' || apiGroup(o.obj.apiVersion) !== 'networking.istio.io') continue;
    const claims = claimsOf(o.obj);
    const bindings = (claims.gateways && claims.gateways.length > 0 ? claims.gateways : ['mesh']).map((g) => gatewayRef(g, o.namespace));
    for (const g of bindings) {
      if (g === 'mesh' || gateways.has(g) || external.has(g)) continue;
      // Likely meant: a Gateway of that name in another namespace, or another Gateway in that namespace.
      const [ns, name] = g.split('/');
      const near = [...gateways].filter((x) => x.startsWith(`${ns}/`) || x.endsWith(`/${name}`)).sort().slice(0, 5);
      out.push({
        scope: o.owner,
        problem: {
          message: `VirtualService "${o.obj.name}" is bound to gateway "${g}", which no Gateway in the app defines${near.length ? ` (similar Gateways in the app: ${near.join(', ')})` : ''}.`,
          fix: 'let the construct create the Gateway (gateway.create: true), correct its name or namespace, or, if it is managed outside this app, declare it with gateway.create: false.',
        },
      });
    }
    for (const g of bindings) {
      for (const h of claims.hosts) {
        const host = fqdn(h, o.namespace);
        const prev = claimed.get(`${g}|${host}`);
        if (!prev) {
          claimed.set(`${g}|${host}`, o);
          continue;
        }
        if (prev.owner === o.owner) continue;
        const pair = pairKey(o.owner, prev.owner);
        if (host.endsWith('.svc.cluster.local') && servicePairs.has(pair)) continue;
        const key = `${pair}|${host}`;
        const clash = clashes.get(key) ?? { o, prev, host, bindings: [] };
        clash.bindings.push(g === 'mesh' ? 'the mesh' : `gateway ${g}`);
        clashes.set(key, clash);
      }
    }
  }
  for (const { o, prev, host, bindings } of clashes.values()) {
    out.push({
      scope: o.owner,
      problem: {
        message: `host "${host}" on ${bindings.join(' and ')} is claimed by VirtualService "${o.obj.name}" and by VirtualService "${prev.obj.name}" of ${prev.owner.node.path}: which rules apply would depend on Istio's merge order.`,
        fix: 'serve each host from one construct: give one of them another host, or route both versions from a single construct.',
      },
    });
  }
  // 3. Gateway API routes claiming the same host on the same Gateway (mesh routes attach to their
  // Service, whose name is checked above). The Gateway API merges their rules by match precedence
  // and breaks ties by route age, so which route serves a request would depend on creation order.
  const routeClaimed = new Map<string, ObjectInfo>();
  const routeClashes = new Map<string, { o: ObjectInfo; prev: ObjectInfo; host: string; gateway: string }>();
  for (const o of objects) {
    if (apiGroup(o.obj.apiVersion) !== GATEWAY_API_GROUP || !GATEWAY_API_ROUTE_KINDS.includes(o.obj.kind)) continue;
    const { hosts, gateways: parents } = gatewayApiClaimsOf(o.obj, o.namespace);
    for (const g of parents) {
      for (const host of hosts) {
        const prev = routeClaimed.get(`${g}|${host}`);
        if (!prev) {
          routeClaimed.set(`${g}|${host}`, o);
          continue;
        }
        if (prev.owner === o.owner) continue;
        const key = `${pairKey(o.owner, prev.owner)}|${g}|${host}`;
        if (!routeClashes.has(key)) routeClashes.set(key, { o, prev, host, gateway: g });
      }
    }
  }
  for (const { o, prev, host, gateway } of routeClashes.values()) {
    out.push({
      scope: o.owner,
      problem: {
        message: `host "${host}" on Gateway API gateway ${gateway} is claimed by ${o.obj.kind} "${o.obj.name}" and by ${prev.obj.kind} "${prev.obj.name}" of ${prev.owner.node.path}: the Gateway API merges their rules by match precedence and the older route wins ties, so which one serves a request would depend on creation order.`,
        fix: 'serve each host from one construct: give one of them another host, or route both versions from a single construct.',
      },
    });
  }
  // 4. Istio Gateways on the same ingress workload, port and host; ports the ingress does not expose.
  out.push(...gatewayConflictProblems(objects));
  return out;
}

function runAppChecks(root: IConstruct, state: AppCheckState): void {
  for (const slot of state.slots.values()) slot.length = 0;
  for (const { scope, problem } of appCheckProblems(root)) {
    let slot = state.slots.get(scope);
    if (!slot) {
      const list: Problem[] = [];
      slot = list;
      state.slots.set(scope, list);
      scope.node.addValidation({ validate: () => list.map(formatProblem) });
    }
    slot.push(problem);
  }
}
