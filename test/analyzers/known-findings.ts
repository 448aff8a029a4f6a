/**
 * The findings the analyzer suite reports on the library's own examples today, each with why it happens
 * and which issue fixes it. `examples.test.ts` asserts that the examples produce EXACTLY these: a new
 * finding fails the test, and so does a listed one that no longer appears (then delete its entry).
 */

import { Finding } from './finding';

/** One known finding. */
export interface KnownFinding {
  /** Istio message code, or `webhook` / `cel` / `schema`. */
  readonly code: string;
  /** `Kind/namespace/name` of the object. */
  readonly object: string;
  /** Traffic APIs whose rendering has it. */
  readonly traffic: readonly ('istio' | 'gateway-api')[];
  /** `rollout:stage` entries it appears in; `rollout:*` for every stage of that rollout. */
  readonly stages: readonly string[];
  /** Why it happens. */
  readonly why: string;
  /** The issue that fixes it. */
  readonly fixedBy: string;
}

const DEMO4_CONFLICT = 'demo4, demo4-flagger and demo4-argo-rollouts each create an Istio Gateway demo4-gateway for demo4.a.com on port 80 of the same '
  + 'ingress (selector istio: ingressgateway); applied together, which Gateway serves the host is undefined. With traffic gateway-api demo4 '
  + 'renders a Gateway API Gateway instead, and the two engine charts still conflict with each other.';

/** The known findings of the examples. */
export const KNOWN_FINDINGS: readonly KnownFinding[] = [
  { code: 'IST0145', object: 'Gateway/test1/demo4-gateway', traffic: ['istio'], stages: ['demo4/demo4:*'], why: DEMO4_CONFLICT, fixedBy: 'issue 11 (examples: one gateway per host, or distinct hosts per chart)' },
  { code: 'IST0145', object: 'Gateway/test1-flagger/demo4-gateway', traffic: ['istio', 'gateway-api'], stages: ['demo4-flagger/demo4:*'], why: DEMO4_CONFLICT, fixedBy: 'issue 11 (examples: one gateway per host, or distinct hosts per chart)' },
  { code: 'IST0145', object: 'Gateway/test1-argo-rollouts/demo4-gateway', traffic: ['istio', 'gateway-api'], stages: ['demo4-argo-rollouts/demo4:*'], why: DEMO4_CONFLICT, fixedBy: 'issue 11 (examples: one gateway per host, or distinct hosts per chart)' },
  {
    code: 'IST0162', object: 'Gateway/weather/tcp-echo-gateway', traffic: ['istio'], stages: ['tcp-echo/tcp-echo:*'],
    why: 'the TcpCanary example listens on port 31400, which the DEFAULT profile ingress Service (15021, 80, 443) does not expose; '
      + 'the library does not deploy or patch an ingress Service for it, so the port is unreachable from outside',
    fixedBy: 'issue 11 (TcpCanary: require an ingress Service exposing the port, or document the istioctl install option)',
  },
];

/** A finding that generated valid plans (test/properties) may produce today, and when. */
export interface KnownPlanFinding {
  /** Istio message code. */
  readonly code: string;
  /** When it is expected: the findings it covers. */
  readonly matches: (f: Finding) => boolean;
  /** Why it happens. */
  readonly why: string;
  /** The issue that fixes it. */
  readonly fixedBy: string;
}

/** The DEFAULT profile ingress Service's target and service ports (IST0162 accepts either). */
const DEFAULT_INGRESS_PORTS = [80, 443, 8080, 8443, 15021];

/** The findings valid generated plans produce today. */
export const KNOWN_PLAN_FINDINGS: readonly KnownPlanFinding[] = [
  {
    code: 'IST0162',
    matches: (f) => f.code === 'IST0162' && !DEFAULT_INGRESS_PORTS.includes(Number(/\(port (\d+)\)/.exec(f.message)?.[1])),
    why: 'the constructs accept any gateway port 1..65535 on the default ingress (selector istio: ingressgateway), whose Service exposes 80 and 443 only',
    fixedBy: 'issue 11 (refuse, or require an ingress Service for, a gateway port the default ingress does not expose)',
  },
];
