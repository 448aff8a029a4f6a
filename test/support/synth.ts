/**
 * Test helpers: build an app, validate it the way `cdk8s synth` does, and return its manifests.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { collectValidationErrors } from '../../lib/validation/problems';
import { STAGE_OVERRIDES_CONTEXT } from '../../lib/rollout/active-stage';

/** Builds one chart with `define`, validates the whole app, and returns its manifests (throws the cdk8s validation error). */
export function synthChart(define: (chart: Chart) => void, props: ChartProps = { namespace: 'test1' }, overrides?: Record<string, string>): any[] {
  const app = new App();
  if (overrides) app.node.setContext(STAGE_OVERRIDES_CONTEXT, overrides);
  const chart = new Chart(app, 'test', props);
  define(chart);
  const errors = collectValidationErrors(app);
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  return chart.toJson();
}

/** The validation errors `define` produces (empty when valid), each `[path] message Fix: ...`. */
export function synthErrors(define: (chart: Chart) => void, props: ChartProps = { namespace: 'test1' }): string[] {
  const app = new App();
  const chart = new Chart(app, 'test', props);
  define(chart);
  return collectValidationErrors(app);
}

/** Manifests of every stage of the rollout with construct id `id` built by `define`, keyed by stage name. */
export function synthEveryStage(define: (chart: Chart) => void, id: string, stageNames: string[], props: ChartProps = { namespace: 'test1' }): Record<string, any[]> {
  const out: Record<string, any[]> = {};
  for (const s of stageNames) out[s] = synthChart(define, props, { [`test/${id}`]: s });
  return out;
}

/** Finds one manifest by kind and name (throws when absent). */
export function find(manifests: any[], kind: string, name: string): any {
  const m = manifests.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!m) throw new Error(`no ${kind}/${name} in ${manifests.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return m;
}

/** All manifests of a kind. */
export function ofKind(manifests: any[], kind: string): any[] {
  return manifests.filter((o) => o.kind === kind);
}

export type { Construct };
