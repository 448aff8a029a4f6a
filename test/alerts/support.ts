/**
 * Test support for alerts: validation of PrometheusRules against the vendored CRD's
 * openAPIV3Schema (crds/, with unknown fields rejected, as the API server prunes them), PromQL
 * parsing with the official Prometheus grammar (@prometheus-io/lezer-promql), and the rollback
 * thresholds the tests declare (built here, the only place).
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parser } from '@prometheus-io/lezer-promql';
import { Duration } from 'cdk8s';
import { re2RegExp } from '../support/re2-regexp';
import * as YAML from 'yaml';
import { RollbackThresholds } from '../../lib';

/** Seed 000 §3.2 (error rate > 1% for 2 min, average latency > 500 ms, success rate < 99.9%), every minute. */
export const THRESHOLDS: RollbackThresholds = {
  maxErrorRatePercent: 1,
  errorRateWindow: Duration.minutes(2),
  maxAverageLatencyMs: 500,
  minSuccessRatePercent: 99.9,
  interval: Duration.minutes(1),
  failedChecksBeforeRollback: 1,
};

const CRD = path.join(__dirname, '..', '..', 'crds', 'prometheus-operator-v0.93.0-prometheusrules.yaml');

/** Closes every object schema that lists its properties (unknown fields fail, instead of being pruned). */
function closed(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closed(s)])) : closed(v);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const crd = YAML.parse(fs.readFileSync(CRD, 'utf8'));
const version = crd.spec.versions.find((v: any) => v.name === 'v1');

const validate = new Ajv({ strict: false, allErrors: true, formats: { 'date-time': true, 'int32': true, 'int64': true }, code: { regExp: re2RegExp as any } }).compile(closed(version.schema.openAPIV3Schema));

/** Schema errors of a PrometheusRule (`[]` when valid), as `<path> <message>`. */
export function prometheusRuleErrors(obj: any): string[] {
  const errors: string[] = [];
  if (obj.apiVersion !== `${crd.spec.group}/v1` || obj.kind !== crd.spec.names.kind) errors.push(`not a ${crd.spec.names.kind}: ${obj.apiVersion} ${obj.kind}`);
  if (!validate(obj)) for (const e of validate.errors ?? []) errors.push(`${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  return errors;
}

/** Syntax errors of a PromQL expression: the text of every error node of the parse (`[]` when it parses). */
export function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({ enter: (n) => { if (n.type.isError) errors.push(`at ${n.from}: "${expr.slice(Math.max(0, n.from - 10), n.to + 10)}"`); } });
  return errors;
}

/** The top-level comparison of an alert expression: `<left> <op> <number>`, read from the parse tree. */
export function comparison(expr: string): { op: string; threshold: number } {
  const top = parser.parse(expr).topNode.firstChild!;
  if (top.name !== 'BinaryExpr') throw new Error(`not a binary expression: ${expr}`);
  let op: string | undefined;
  let last: { from: number; to: number; name: string } | undefined;
  for (let c = top.firstChild; c; c = c.nextSibling) {
    if (['Gtr', 'Lss', 'Gte', 'Lte', 'Eql', 'Neq'].includes(c.name)) op = c.name;
    last = { from: c.from, to: c.to, name: c.name };
  }
  if (!op || !last || !/Number/.test(last.name)) throw new Error(`no "<expr> <op> <number>" at the top of: ${expr}`);
  return { op: op === 'Gtr' ? '>' : op === 'Lss' ? '<' : op, threshold: Number(expr.slice(last.from, last.to)) };
}
