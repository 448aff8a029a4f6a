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

/** The known findings of the examples. */
export const KNOWN_FINDINGS: readonly KnownFinding[] = [
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

/** The findings valid generated plans produce today. */
export const KNOWN_PLAN_FINDINGS: readonly KnownPlanFinding[] = [
];
