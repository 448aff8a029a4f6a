import { Progression } from '../../../lib';
import { Chart, Duration } from 'cdk8s';
import {
  ArgoRollout, ArgoRolloutProps, CanaryServiceProps, FlaggerCanary, FlaggerCanaryProps, resolveCanaryStages, RollbackThresholds, ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS,
} from '../../../lib';
import { CatalogueEntry, exact } from '../catalogue';
import { canaryEntry } from './canary';

const STEPS = 'lib/progressive/engine-steps.ts';
const THRESHOLDS = 'lib/progressive/thresholds.ts';
const FLAGGER = 'lib/progressive/flagger-canary.ts';
const ARGO = 'lib/progressive/argo-rollout.ts';
const CONVERSION = 'lib/progressive/match-conversion.ts';

/** A CanaryService entry with `progression` (the engine reports on its own construct, `demo4/Flagger` or `demo4/ArgoRollout`). */
function engineEntry(id: string, source: string, overrides: Partial<CanaryServiceProps>, message: RegExp, extra: Partial<CatalogueEntry> = {}): CatalogueEntry {
  const path = overrides.progression?.kind === 'argo-rollouts' ? 'demo4/ArgoRollout' : 'demo4/Flagger';
  return { ...canaryEntry(id, source, overrides as Record<string, unknown>, path, message, extra), id: `progressive/${id}`, construct: 'CanaryService with progression (Flagger, Argo Rollouts)' };
}

/** Thresholds entries: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS with one value changed, given to Flagger through CanaryService. */
function thresholdEntry(id: string, over: Partial<RollbackThresholds>, shown: string, message: RegExp): CatalogueEntry {
  return {
    ...engineEntry(`thresholds-${id}`, THRESHOLDS, { progression: Progression.flagger({ thresholds: { ...ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, ...over } }) }, message),
    example: `progression: Progression.flagger({ thresholds: { ...ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, ${shown} } })`,
  };
}

const V2 = { name: 'v2', image: 'mritd/demo:2.0.0' };

/** FlaggerCanary or ArgoRollout used directly, for the options only they have (abTest, headerRoute, stepPause). */
function directEntry(engine: 'flagger' | 'argo', id: string, source: string, over: Record<string, unknown>, shown: string, message: RegExp): CatalogueEntry {
  const construct = engine === 'flagger' ? 'FlaggerCanary' : 'ArgoRollout';
  return {
    id: `progressive/${engine}-${id}`,
    construct,
    source,
    example: `new ${construct}(chart, 'demo4', { name: 'demo4', version: v2, thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, ${shown} })`,
    define: (chart: Chart) => {
      const props = { name: 'demo4', version: V2, stages: resolveCanaryStages([10, 50], true), thresholds: ERROR_RATE_1PCT_LATENCY_500MS_THRESHOLDS, ...over };
      if (engine === 'flagger') new FlaggerCanary(chart, 'demo4', props as FlaggerCanaryProps);
      else new ArgoRollout(chart, 'demo4', props as ArgoRolloutProps);
    },
    path: 'demo4',
    message,
  };
}

const exactHeader = { headers: { 'x-canary': { exact: 'true' } } };

export const PROGRESSIVE_ENTRIES: CatalogueEntry[] = [
  { ...canaryEntry('unknown-progression', 'lib/progressive/progression.ts', { progression: 'spinnaker' }, 'demo4',
    exact('progression "spinnaker" is not a Progression. Fix: use Progression.manual() (a pull request per stage), Progression.flagger() (a Flagger Canary) or Progression.argoRollouts() (an Argo Rollout).')),
  id: 'progressive/unknown-progression', construct: 'CanaryService with progression (Flagger, Argo Rollouts)' },
  { ...canaryEntry('iterations-on-canary', 'lib/canary/canary-plan.ts', { progression: Progression.flagger({ analysisIterations: 5 }) }, 'demo4',
    exact("analysisIterations 5 is a blue-green option, but a canary's engine checks once per stage step. Fix: remove analysisIterations from the progression; the stages (and thresholds.interval) set how long the canary is checked.")),
  id: 'progressive/iterations-on-canary', construct: 'CanaryService with progression (Flagger, Argo Rollouts)' },

  // The stage plan as engine steps (lib/progressive/engine-steps.ts).
  engineEntry('manual-rollback-step', STEPS, { progression: Progression.flagger(), stages: [10, 50, { name: 'back-to-10', canaryWeight: 10, rollback: true }] },
    exact('stage "back-to-10" is a manual rollback step, which Flagger cannot run: it rolls back by itself when a threshold is crossed. Fix: remove the rollback stage from the plan given to Flagger, or keep progression: Progression.manual().')),
  engineEntry('weight-not-raised', STEPS, { progression: Progression.argoRollouts(), stages: [10, { name: 'hold', canaryWeight: 10 }] },
    exact('stage "hold" keeps the canary weight at 10 (previous stage: 10); every Argo Rollouts step must send more traffic to the new version than the one before. Fix: remove the stage or give it a higher weight.')),
  engineEntry('no-traffic-to-new-version', STEPS, { progression: Progression.flagger(), stages: [0], stage: 'canary-0' },
    exact('the plan has no stage that sends traffic to the new version, so Flagger has nothing to analyse. Fix: declare at least one stage with a weight above 0, e.g. stages: [5, 20, 50].')),
  engineEntry('flagger-without-promotion', FLAGGER, { progression: Progression.flagger(), promote: false },
    exact('the plan does not end with the promoted stage, but Flagger always promotes the new version after the last step. Fix: keep the promoted stage (promote: true), or keep progression: Progression.manual().')),
  engineEntry('flagger-gateway-without-hosts', 'lib/progressive/flagger-parts.ts', { progression: Progression.flagger(), gateway: { name: 'demo4-gateway', hosts: [] } },
    exact('the gateway has no hosts. Fix: list the external hosts, e.g. [\'demo4.a.com\'], or [\'*\'].')),

  // Rollback thresholds (lib/progressive/thresholds.ts).
  thresholdEntry('error-rate-not-a-percentage', { maxErrorRatePercent: 101 }, 'maxErrorRatePercent: 101',
    exact('thresholds.maxErrorRatePercent 101 is not a percentage from 0 to 100. Fix: use a number such as 1.')),
  thresholdEntry('success-rate-not-a-percentage', { minSuccessRatePercent: 0 }, 'minSuccessRatePercent: 0',
    exact('thresholds.minSuccessRatePercent 0 is not a percentage above 0 and up to 100. Fix: use a number such as 99.9.')),
  thresholdEntry('average-latency-not-positive', { maxAverageLatencyMs: -5 }, 'maxAverageLatencyMs: -5',
    exact('thresholds.maxAverageLatencyMs -5 is not a positive number of milliseconds. Fix: use a latency such as 500.')),
  thresholdEntry('p99-latency-not-positive', { maxP99LatencyMs: 0 }, 'maxP99LatencyMs: 0',
    exact('thresholds.maxP99LatencyMs 0 is not a positive number of milliseconds. Fix: use a latency such as 1000, or leave it out.')),
  thresholdEntry('failed-checks-not-whole', { failedChecksBeforeRollback: 0 }, 'failedChecksBeforeRollback: 0',
    exact('thresholds.failedChecksBeforeRollback 0 is not a whole number of at least 1. Fix: use 1 to roll back at the first failed check.')),
  thresholdEntry('interval-not-whole-seconds', { interval: Duration.millis(500) }, 'interval: Duration.millis(500)',
    exact('thresholds.interval 0.5s is not a whole, positive number of seconds. Fix: use e.g. Duration.minutes(1).')),
  thresholdEntry('error-rate-window-not-whole-seconds', { errorRateWindow: Duration.millis(2500) }, 'errorRateWindow: Duration.millis(2500)',
    exact('thresholds.errorRateWindow 2.5s is not a whole, positive number of seconds. Fix: use e.g. Duration.minutes(2).')),
  thresholdEntry('error-rate-window-shorter-than-interval', { errorRateWindow: Duration.seconds(30) }, 'errorRateWindow: Duration.seconds(30)',
    exact('thresholds.errorRateWindow 30s is shorter than thresholds.interval 1m, so no check could see it. Fix: make the error-rate window at least one interval long.')),

  // Options of the engine constructs used directly (lib/progressive/flagger-canary.ts, argo-rollout.ts, match-conversion.ts).
  directEntry('flagger', 'ab-test-with-weights', FLAGGER, { abTest: { matches: [exactHeader], iterations: 5 } },
    `stages: resolveCanaryStages([10, 50], true), abTest: { matches: [{ headers: { 'x-canary': { exact: 'true' } } }], iterations: 5 }`,
    exact('abTest and the weighted stages 10, 50 cannot both drive Flagger: an A/B test sends all matching requests to the new version for 5 iterations, without weights. Fix: pass stages without weights (e.g. only the promoted stage) with abTest, or remove abTest.')),
  directEntry('flagger', 'ab-test-iterations-not-whole', FLAGGER, { stages: resolveCanaryStages([], true), abTest: { matches: [exactHeader], iterations: 0 } },
    `stages: [], abTest: { matches: [{ headers: { 'x-canary': { exact: 'true' } } }], iterations: 0 }`,
    exact('abTest.iterations 0 is not a whole number of at least 1. Fix: use e.g. iterations: 10.')),
  directEntry('flagger', 'ab-test-without-matches', FLAGGER, { stages: resolveCanaryStages([], true), abTest: { matches: [], iterations: 5 } },
    'stages: [], abTest: { matches: [], iterations: 5 }',
    exact('abTest.matches is empty, so no request would reach the new version. Fix: give at least one header condition.')),
  directEntry('flagger', 'ab-test-condition-not-a-header', CONVERSION, { stages: resolveCanaryStages([], true), abTest: { matches: [{ uri: { prefix: '/beta' } }], iterations: 5 } },
    `stages: [], abTest: { matches: [{ uri: { prefix: '/beta' } }], iterations: 5 }`,
    exact('abTest match 1 uses uri, which Flagger cannot express there. Fix: match on request headers only (exact, prefix or regex), or keep progression: Progression.manual().')),
  directEntry('argo', 'header-route-two-headers', CONVERSION, { headerRoute: { matches: [{ headers: { a: { exact: '1' }, b: { exact: '2' } } }] } },
    `headerRoute: { matches: [{ headers: { a: { exact: '1' }, b: { exact: '2' } } }] }`,
    exact('headerRoute match 1 uses 2 headers at once (Argo ORs its conditions, one header each), which Argo Rollouts setHeaderRoute cannot express there. Fix: match on request headers only (exact, prefix or regex), or keep progression: Progression.manual().')),
  directEntry('argo', 'header-route-without-matches', ARGO, { headerRoute: { matches: [] } }, 'headerRoute: { matches: [] }',
    exact('headerRoute.matches is empty, so no request would reach the new version. Fix: give at least one header condition.')),
  directEntry('argo', 'step-pause-not-whole-seconds', ARGO, { stepPause: Duration.millis(1500) }, 'stepPause: Duration.millis(1500)',
    exact('stepPause 1.5s is not a whole, positive number of seconds. Fix: use e.g. Duration.minutes(5), or \'manual\'.')),
];
