/**
 * Generic property checks for rollout constructs. A `RolloutModel` says how to generate valid and
 * invalid plans for one construct, how to build it, and what traffic every stage must produce; the
 * checks below then hold for any construct:
 *
 * - a valid plan renders every stage (the rollout's objects, plus objects built outside it such as a
 *   shared IngressGateway); every reference resolves and every route's weights sum to 100
 *   (`referenceProblems`); the simulator's distribution at every stage equals the declared one;
 *   rendering twice gives identical bytes (every stage, the active stage, and for a sample of plans
 *   the written YAML); all objects go to ONE schema-validation batch per run;
 * - an invalid plan fails validation with messages of the form `[path] ... Fix: ...`, and neither
 *   `app.synthYaml()` nor `renderAllStages` produces YAML.
 *
 * Adding a construct = a model file (arbitraries + define + expected traffic) and a test file that
 * calls `describeRolloutProperties(model)`.
 */
import { ApiObject, App, Chart, ChartProps } from 'cdk8s';
import * as fc from 'fast-check';
import { collectValidationErrors } from '../../lib/validation/problems';
import { renderAllStages, RenderedStage } from '../../lib/rollout/render-stages';
import { ManifestIndex } from '../../lib/traffic/manifest-index';
import { shareByVersion, shareByVersionChain, simulate, simulateChain, SimRequest } from '../../lib/simulator/simulator';
import { referenceProblems } from '../support/references';
import { validateManifests } from '../support/schema';

/** A request and the share of each version (in percent) it must reach at a stage. */
export interface ExpectedTraffic {
  /** Label in failure messages, e.g. `mesh` or `gateway demo4.a.com`. */
  readonly label: string;
  /** The request. */
  readonly request: SimRequest;
  /** Percent per version label (per chain of version labels, `v2>v2`, with `chain`); versions with 0% are left out. */
  readonly shares: Record<string, number>;
  /**
   * Hosts the pod that served the request calls in turn (mesh calls carrying its pod labels, as
   * `simulateChain` makes them); the shares are then per chain of versions.
   * @default - a single request
   */
  readonly chain?: readonly string[];
}

/** How to generate, build and judge plans of one construct. */
export interface RolloutModel<P> {
  /** Construct name, for test titles. */
  readonly construct: string;
  /** Valid plans. */
  readonly valid: fc.Arbitrary<P>;
  /** Invalid plans, each with a short description of its mistake. */
  readonly invalid: fc.Arbitrary<{ readonly plan: P; readonly mistake: string }>;
  /** Props of the chart the construct is built in (its namespace). */
  readonly chartProps: (plan: P) => ChartProps;
  /** Builds the construct (with id `rollout`) in `chart`. */
  readonly define: (chart: Chart, plan: P) => void;
  /** The stage names the plan must render, in order. */
  readonly stageNames: (plan: P) => string[];
  /** The requests to simulate at a stage and where each must go. */
  readonly expectedTraffic: (plan: P, stage: string) => ExpectedTraffic[];
  /** Gateways the plan refers to without creating them (`namespace/name`). @default - none */
  readonly externalGateways?: (plan: P) => string[];
}

/** Fixed seed and run counts: the whole property file stays well under a minute. */
export interface PropertyRunOptions {
  /** fast-check seed. */
  readonly seed: number;
  /** Valid plans to try. */
  readonly validRuns: number;
  /** Invalid plans to try. */
  readonly invalidRuns: number;
}

function buildApp<P>(model: RolloutModel<P>, plan: P): App {
  const app = new App();
  model.define(new Chart(app, 'test', model.chartProps(plan)), plan);
  return app;
}

function renderPlan<P>(model: RolloutModel<P>, plan: P): RenderedStage[] {
  return renderAllStages((app) => model.define(new Chart(app, 'test', model.chartProps(plan)), plan));
}

/**
 * The serialization of every stage, for the determinism check: JSON with undefined written as null (as
 * the YAML writer does), so key order and every value count. YAML is a pure function of this (the written
 * YAML itself is compared by the `synthYaml` check); JSON is ~10x cheaper to produce.
 */
function bytesOf(stages: readonly RenderedStage[]): string {
  const keepUndefined = (_k: string, v: unknown) => (v === undefined ? null : v);
  return stages.map((s) => `# ${s.rolloutPath} ${s.index} ${s.stage}\n${s.manifests.map((m) => JSON.stringify(m, keepUndefined)).join('\n')}\n`).join('');
}

function percent(shares: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, p] of Object.entries(shares)) if (p > 0) out[k] = Math.round(p * 1e8) / 1e6;
  return out;
}

function declared(shares: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, p] of Object.entries(shares)) if (p > 0) out[k] = Math.round(p * 1e6) / 1e6;
  return out;
}

/** Shares per chain of versions (`v2>v2`), plus `failed` for the traffic no chain completes. */
function chainShares(index: ManifestIndex, request: SimRequest, next: readonly string[]): Record<string, number> {
  const paths = simulateChain(index, request, next).filter((p) => p.hops.length === next.length + 1);
  const out = shareByVersionChain(paths);
  const failed = 1 - paths.reduce((a, p) => a + p.probability, 0);
  if (failed > 1e-9) out.failed = failed;
  return out;
}

/** Objects the plan builds outside the rollout construct (e.g. a shared IngressGateway); the same at every stage. */
function sharedObjects<P>(model: RolloutModel<P>, plan: P): any[] {
  const app = buildApp(model, plan);
  return app.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && !c.node.path.startsWith('test/rollout/'))
    .map((o) => o.toJson());
}

/** Every stage of the plan, each with the rollout's objects followed by the objects shared by all stages. */
export function renderStages<P>(model: RolloutModel<P>, plan: P): RenderedStage[] {
  const shared = sharedObjects(model, plan);
  return renderPlan(model, plan).map((s) => ({ ...s, manifests: [...s.manifests, ...shared] }));
}

/** Checks one valid plan; pushes its objects to `objects` for the batched schema validation. */
export function checkValidPlan<P>(model: RolloutModel<P>, plan: P, objects: Map<string, any>): void {
  const stages = renderStages(model, plan);
  expect(stages.map((s) => s.stage)).toEqual(model.stageNames(plan));
  const external = model.externalGateways?.(plan) ?? [];
  for (const s of stages) {
    expect({ stage: s.stage, problems: referenceProblems(s.manifests, { externalGateways: external }) }).toEqual({ stage: s.stage, problems: [] });
    const index = new ManifestIndex(s.manifests);
    for (const t of model.expectedTraffic(plan, s.stage)) {
      const shares = t.chain ? chainShares(index, t.request, t.chain) : shareByVersion(simulate(index, t.request));
      expect({ stage: s.stage, request: t.label, shares: percent(shares) }).toEqual({ stage: s.stage, request: t.label, shares: declared(t.shares) });
    }
    for (const m of s.manifests) objects.set(JSON.stringify(m), m);
  }
  // Deterministic: the same input gives the same bytes, for every stage and for the active stage.
  expect(bytesOf(renderStages(model, plan))).toBe(bytesOf(stages));
  expect(activeStageJson(model, plan)).toBe(activeStageJson(model, plan));
  // The YAML writer is a pure function of that JSON, and costs ~20 ms a plan: its output is compared
  // for one plan in YAML_SAMPLE (chosen by the plan itself, so a failing plan shrinks the same way).
  if (sampled(plan)) expect(buildApp(model, plan).synthYaml()).toBe(buildApp(model, plan).synthYaml());
}

/** One plan in YAML_SAMPLE has its written YAML compared as well. */
const YAML_SAMPLE = 8;

function sampled(plan: unknown): boolean {
  let h = 0;
  for (const c of JSON.stringify(plan) ?? '') h = (h * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(h) % YAML_SAMPLE === 0;
}

/** What a plain synth writes (the active stage of every chart, validated), as JSON that keeps undefined. */
function activeStageJson<P>(model: RolloutModel<P>, plan: P): string {
  const app = buildApp(model, plan);
  const errors = collectValidationErrors(app);
  if (errors.length) throw new Error(errors.join('\n'));
  const keepUndefined = (_k: string, v: unknown) => (v === undefined ? null : v);
  return app.charts.map((c) => JSON.stringify(c.toJson(), keepUndefined)).join('\n');
}

/** Checks one invalid plan: errors with path and fix, and no YAML from any synth path. */
export function checkInvalidPlan<P>(model: RolloutModel<P>, plan: P, mistake: string): void {
  const app = buildApp(model, plan);
  const errors = collectValidationErrors(app);
  expect({ mistake, failed: errors.length > 0 }).toEqual({ mistake, failed: true });
  for (const e of errors) expect(e).toMatch(/^\[test(\/[^\]]*)?\] \S.* Fix: \S.*$/s);
  expect(() => app.synthYaml()).toThrow(/Validation failed with the following errors/);
  expect(() => renderPlan(model, plan)).toThrow(/Validation failed with the following errors/);
}

/** Registers the property tests of one construct. */
export function describeRolloutProperties<P>(model: RolloutModel<P>, options: PropertyRunOptions): void {
  describe(`${model.construct} properties (seed ${options.seed})`, () => {
    test(`${options.validRuns} random valid plans: every stage schema-valid, references resolve, weights sum to 100, simulated traffic = declared, deterministic`, () => {
      const objects = new Map<string, any>();
      fc.assert(fc.property(model.valid, (plan) => checkValidPlan(model, plan, objects)), { seed: options.seed, numRuns: options.validRuns });
      // One schema-validation process for every distinct object of the run.
      const errors = validateManifests([...objects.values()]);
      expect(errors.slice(0, 20)).toEqual([]);
      expect(objects.size).toBeGreaterThan(options.validRuns);
    });

    test(`${options.invalidRuns} random invalid plans: always an error naming path and fix, never YAML`, () => {
      fc.assert(fc.property(model.invalid, ({ plan, mistake }) => checkInvalidPlan(model, plan, mistake)), { seed: options.seed, numRuns: options.invalidRuns });
    });
  });
}
