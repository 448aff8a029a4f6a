/**
 * The bad-input catalogue: every error the library reports, each with a one-line example input and
 * the message it must produce (construct path, the bad value, the fix).
 *
 * One file per construct under `entries/` exports `CatalogueEntry[]`; `ALL_ENTRIES` (entries/index.ts)
 * lists them. `catalogue.test.ts` runs each entry, checks it yields exactly its message(s), runs them
 * all in one app (every error reported together) and keeps docs/errors.md in step
 * (`npm run docs:errors` regenerates it).
 *
 * To add a construct: write `entries/<construct>.ts` (see `canaryEntry` for the one-prop-override
 * shape) and add it to `ALL_ENTRIES` and its valid input to `CONSTRUCT_BASES` in `entries/index.ts`.
 * Every message site anywhere in lib/ must have an entry (`COVERED_SOURCES` is all of lib/), so a
 * construct without entries fails the suite.
 */
import { Chart } from 'cdk8s';
import { Traffic } from '../../lib';

/** How a `Traffic` is written in examples. */
const TRAFFIC_FACTORIES: Record<string, string> = {
  'istio': 'Traffic.istio()',
  'gateway-api': 'Traffic.gatewayApi()',
  'service-selector': 'Traffic.serviceSelector()',
  'replica-ratio': 'Traffic.replicaRatio({ ... })',
};

/** One way to misconfigure a construct, and the message it must produce. */
export interface CatalogueEntry {
  /** Unique id, `<construct>/<mistake>`, e.g. `canary/weight-out-of-range`. */
  readonly id: string;
  /** The construct or function the user calls. */
  readonly construct: string;
  /** File under lib/ whose check reports it. */
  readonly source: string;
  /** The check of lib/validation/rules.ts that words the message, when one does (e.g. `checkWeight`). @default - none */
  readonly rule?: string;
  /** The bad input in one line (for docs/errors.md). */
  readonly example: string;
  /** Builds the bad input in a chart with namespace `test1`. */
  readonly define: (chart: Chart) => void;
  /** Construct path of the error, relative to the chart (e.g. `demo4/App/Service`); one per message when `count` > 1. */
  readonly path: string | readonly string[];
  /** The message after `[path] `: value, explanation and `Fix: ...`. */
  readonly message: RegExp;
  /** How many messages the mistake yields (a shared prop is reported once per Deployment it breaks). @default 1 */
  readonly count?: number;
  /** Environment variables set while the app is built. @default - none */
  readonly env?: Record<string, string>;
  /** The constructor throws this one message (a required prop missing from JavaScript: no construct exists to report on). @default false */
  readonly throws?: boolean;
}

/** Renders a value as a compact TypeScript literal, for one-line examples. */
export function literal(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v instanceof Traffic) return TRAFFIC_FACTORIES[v.kind] ?? `Traffic.custom(${v.kind})`;
  if (v && typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: ${literal(x)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return String(v);
}

/** The props of an object literal as a one-line example: `stages: [10, 150], stage: 'canary-10'`. */
export function propsExample(overrides: Record<string, unknown>): string {
  const s = literal(overrides);
  return s.startsWith('{ ') ? s.slice(2, -2) : s;
}

/** Escapes a string for use inside a RegExp. */
export function re(literalText: string): string {
  return literalText.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A RegExp matching exactly `text` (the whole message after `[path] `). */
export function exact(text: string): RegExp {
  return new RegExp(`^${re(text)}$`);
}
