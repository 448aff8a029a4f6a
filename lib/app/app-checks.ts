import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { isRollout } from './rollout';
import { apiGroupOf, RouteHostClaims, routeClaimReaders } from './route-claims';
import { formatProblem, Problem } from '../validation/problems';
import { gatewayConflictProblems } from './gateway-conflicts';
import { gatewayHostCoverageProblems } from './gateway-hosts';
import { objectJsonOnce } from './object-json';

/**
 * App-level checks: mistakes no single construct can see, because they involve several.
 *
 * - two constructs emitting the same Service (kind, namespace, name), the same Istio Gateway, or any
 *   other same object (one would overwrite the other when applied);
 * - two VirtualServices claiming the same host on the same gateway (or both on the mesh), and two
 *   Gateway API routes claiming the same host on the same Gateway;
 * - a VirtualService bound to a Gateway that no object in the app defines and that nobody declared
 *   as managed outside the app (`GatewayOptions.external`, or `declareExternalGateway`);
 * - a route host that the app's Gateway it binds does not serve (IST0132, lib/app/gateway-hosts.ts).
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

const apiGroup = apiGroupOf;

/** The construct an object's problems are reported on: its nearest rollout construct, else its parent. */
function ownerOf(obj: ApiObject): IConstruct {
  for (let c: IConstruct | undefined = obj.node.scope; c; c = c.node.scope) {
    if (isRollout(c)) return c;
  }
  return obj.node.scope ?? obj;
}

/**
 * The hosts and gateways a VirtualService declares, as recorded when this library built it, else as
 * read from its spec (the Istio reader turns them into claims).
 */
export function recordedRouteClaims(vs: ApiObject): RouteClaims {
  const recorded = ROUTE_CLAIMS.get(vs);
  if (recorded) return recorded;
  try {
    const spec = vs.toJson().spec ?? {};
    return { hosts: spec.hosts ?? [], gateways: spec.gateways };
  } catch {
    return { hosts: [] };
  }
}

/** The gateway an object defines, per reader family index, and the claims of a routing object, asked of every registered reader. */
function gatewayOf(obj: ApiObject, namespace: string): { reader: number; ref: string } | undefined {
  const readers = routeClaimReaders();
  for (let i = 0; i < readers.length; i++) {
    const ref = readers[i].gatewayOf?.(obj, namespace);
    if (ref !== undefined) return { reader: i, ref };
  }
  return undefined;
}

function claimsOf(obj: ApiObject, namespace: string): { reader: number; claims: RouteHostClaims } | undefined {
  const readers = routeClaimReaders();
  for (let i = 0; i < readers.length; i++) {
    const claims = readers[i].claims?.(obj, namespace);
    if (claims) return { reader: i, claims };
  }
  return undefined;
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
  // The gateways the app defines, per reader (a route binds gateways of its own provider).
  const gateways = new Map<number, Set<string>>();
  for (const o of first.values()) {
    const g = gatewayOf(o.obj, o.namespace);
    if (!g) continue;
    if (!gateways.has(g.reader)) gateways.set(g.reader, new Set());
    gateways.get(g.reader)!.add(g.ref);
  }

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
    if (gatewayOf(o.obj, o.namespace)) {
      out.push({
        scope: o.owner,
        problem: {
          message: `Gateway "${o.obj.name}" in namespace "${o.namespace}" is also created by ${prev.owner.node.path}, so one would overwrite the other.`,
          fix: 'create a shared Gateway once: set gateway.create: false on every other construct that uses it and list all their hosts where it is created (or give each its own gateway name).',
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

  // 2. Gateways nobody defines, and hosts claimed twice on the same binding (one problem per pair
  // and host, or per pair, binding and host), as the providers' readers claim them: the Istio reader
  // (VirtualServices, bound to gateways or the mesh) and the Gateway API reader (routes attached to a
  // Gateway; mesh routes attach to their Service, whose name is checked above).
  const claimed = new Map<string, ObjectInfo>();
  const clashes = new Map<number, Map<string, { o: ObjectInfo; prev: ObjectInfo; host: string; claims: RouteHostClaims; bindings: string[] }>>();
  for (const o of objects) {
    const found = claimsOf(o.obj, o.namespace);
    if (!found) continue;
    const { reader, claims } = found;
    const defined = gateways.get(reader) ?? new Set<string>();
    if (claims.gatewaysMustExist) {
      for (const g of claims.bindings) {
        if (g === 'mesh' || defined.has(g) || external.has(g)) continue;
        // Likely meant: a Gateway of that name in another namespace, or another Gateway in that namespace.
        const [ns, name] = g.split('/');
        const near = [...defined].filter((x) => x.startsWith(`${ns}/`) || x.endsWith(`/${name}`)).sort().slice(0, 5);
        out.push({
          scope: o.owner,
          problem: {
            message: `${o.obj.kind} "${o.obj.name}" is bound to gateway "${g}", which no Gateway in the app defines${near.length ? ` (similar Gateways in the app: ${near.join(', ')})` : ''}.`,
            fix: 'reference a Gateway that a construct of this app creates (correct the name or namespace, or let this construct create it: remove gateway.create: false), or, if it is managed outside this app, say so: gateway.external: true (declareExternalGateway for hand-made routes).',
          },
        });
      }
    }
    if (!clashes.has(reader)) clashes.set(reader, new Map());
    const familyClashes = clashes.get(reader)!;
    claims.bindings.forEach((g, i) => {
      for (const host of claims.hosts) {
        const claimKey = `${claims.family}|${g}|${host}`;
        const prev = claimed.get(claimKey);
        if (!prev) {
          claimed.set(claimKey, o);
          continue;
        }
        if (prev.owner === o.owner) continue;
        const pair = pairKey(o.owner, prev.owner);
        if (claims.oneMessagePerHost && host.endsWith('.svc.cluster.local') && servicePairs.has(pair)) continue;
        const key = claims.oneMessagePerHost ? `${pair}|${host}` : `${pair}|${g}|${host}`;
        const clash = familyClashes.get(key);
        if (clash) {
          if (claims.oneMessagePerHost) clash.bindings.push(claims.bindingLabels[i]);
        } else {
          familyClashes.set(key, { o, prev, host, claims, bindings: [claims.bindingLabels[i]] });
        }
      }
    });
  }
  for (const reader of [...clashes.keys()].sort((x, y) => x - y)) {
    for (const { o, prev, host, claims, bindings } of clashes.get(reader)!.values()) {
      out.push({
        scope: o.owner,
        problem: {
          message: `host "${host}" on ${bindings.join(' and ')} is claimed by ${o.obj.kind} "${o.obj.name}" and by ${prev.obj.kind} "${prev.obj.name}" of ${prev.owner.node.path}: ${claims.clashConsequence}.`,
          fix: 'serve each host from one construct: give one of them another host, or route both versions from a single construct.',
        },
      });
    }
  }
  // 4. Istio Gateways on the same ingress workload, port and host; ports the ingress does not expose.
  // Both read the same Gateways and Services: each object is rendered once for the two.
  const json = objectJsonOnce();
  out.push(...gatewayConflictProblems(objects, json));
  // 5. Hosts bound to a Gateway of the app that it does not serve (IST0132).
  out.push(...gatewayHostCoverageProblems(objects, json));
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
