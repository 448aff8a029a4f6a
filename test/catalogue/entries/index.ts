import { CatalogueEntry } from '../catalogue';
import { CANARY_ENTRIES } from './canary';
import { APP_ENTRIES, INGRESS_GATEWAY_ENTRIES, ROUTING_ENTRIES } from './shared';

/** Every catalogue entry, grouped by construct (docs/errors.md follows this order). */
export const ALL_ENTRIES: CatalogueEntry[] = [...CANARY_ENTRIES, ...ROUTING_ENTRIES, ...INGRESS_GATEWAY_ENTRIES, ...APP_ENTRIES];

/**
 * Files whose problem messages the catalogue must cover. A literal `message:` in one of them needs
 * an entry with that `source` (or an exemption below), so a new check cannot skip the catalogue.
 * Add a construct's folder here when its entries are written.
 */
export const COVERED_SOURCES: readonly string[] = [
  'lib/validation', 'lib/rollout', 'lib/routing/route-problems.ts', 'lib/routing/traffic-api.ts', 'lib/routing/traffic-routing.ts',
  'lib/workload', 'lib/istio', 'lib/canary',
];

/** Literal message sites that are not user-facing on their own, per file, with the reason. @default - none */
export const EXEMPT_SITES: Record<string, { count: number; reason: string }> = {};

/** Checks of lib/validation/rules.ts whose message never reaches users as is, with the reason. */
export const EXEMPT_RULES: Record<string, string> = {
  checkDnsSubdomain: 'a building block: its message only reaches users through checkHostName, which words its own.',
};
