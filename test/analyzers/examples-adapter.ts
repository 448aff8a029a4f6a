/**
 * The ONE place the analyzer and admission tests learn how the examples are rendered (in both traffic
 * APIs). When the library's rendering API changes, only this file changes.
 *
 * A stage is analyzed as the cluster it lands in: the rollout at that stage, next to every other
 * example as `cdk8s synth` renders it by default (charts are applied together, so a Gateway of one chart
 * can conflict with another chart's), with the charts that have no rollout (the shared weather gateway).
 */
import { App } from 'cdk8s';
import { renderAllStages, TRAFFIC_CONTEXT, TrafficApi } from '../../lib';
import { defineExamples } from '../../examples/app';
import { withoutSkippedCharts } from '../../examples/skip-charts';

/** The traffic APIs the examples render in. */
export const TRAFFIC_APIS: readonly TrafficApi[] = ['istio', 'gateway-api'];

/** One stage of one example rollout, with what else is in the cluster. */
export interface ExampleStage {
  /** Traffic API the app was rendered with. */
  readonly traffic: TrafficApi;
  /** Construct path of the rollout, e.g. `demo4/demo4`. */
  readonly rollout: string;
  /** Stage name. */
  readonly stage: string;
  /** The rollout's own objects at this stage. */
  readonly own: any[];
  /** Everything in the cluster at this stage: `own`, every other rollout as synthesized by default, the charts without a rollout. */
  readonly cluster: any[];
}

const key = (o: any) => `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

function build(traffic: TrafficApi): (app: App) => void {
  const examples = traffic === 'gateway-api' ? withoutSkippedCharts(defineExamples, 'weather-release') : defineExamples;
  return (app: App) => {
    app.node.setContext(TRAFFIC_CONTEXT, traffic);
    examples(app);
  };
}

const cache = new Map<TrafficApi, ExampleStage[]>();

/**
 * Every stage of every example rollout, rendered with `traffic` (the weather release is left out for the
 * Gateway API: it cannot be expressed). Rendered once per test file; callers must not modify the objects.
 */
export function exampleStages(traffic: TrafficApi): ExampleStage[] {
  if (!cache.has(traffic)) cache.set(traffic, render(traffic));
  return cache.get(traffic)!;
}

function render(traffic: TrafficApi): ExampleStage[] {
  const define = build(traffic);
  const stages = renderAllStages(define);
  const app = new App();
  define(app);
  const synthesized = app.charts.flatMap((c) => c.toJson());
  // Objects of a rollout by default are those of its stages; the other synthesized objects belong to no rollout.
  const rolloutKeys = new Map<string, Set<string>>();
  for (const s of stages) {
    const set = rolloutKeys.get(s.rolloutPath) ?? new Set<string>();
    for (const o of s.manifests) set.add(key(o));
    rolloutKeys.set(s.rolloutPath, set);
  }
  return stages.map((s) => {
    const mine = rolloutKeys.get(s.rolloutPath)!;
    const rest = synthesized.filter((o) => !mine.has(key(o)));
    return { traffic, rollout: s.rolloutPath, stage: s.stage, own: s.manifests, cluster: [...s.manifests, ...rest] };
  });
}

/** Every object any stage of any example renders, in both traffic APIs, each once (for admission checks). */
export function everyExampleObject(): any[] {
  const seen = new Map<string, any>();
  for (const traffic of TRAFFIC_APIS) {
    for (const s of exampleStages(traffic)) for (const o of s.cluster) seen.set(JSON.stringify(o), o);
  }
  return [...seen.values()];
}
