/**
 * `npm run routes [filter]`: prints, for every stage of every example rollout, where a set of sample
 * requests go (exact probabilities from the traffic simulator). A filter keeps the rollouts whose
 * construct path contains it, e.g. `npm run routes -- weather-release`. Rollouts handed to Flagger or
 * Argo Rollouts are listed as such: their routing is decided by the engine at run time.
 */
import { ApiObject, App } from 'cdk8s';
import { defineExamples } from './app';
import { findRollouts, formatRouteReports, renderAllStages, reportStageRoutes } from '../lib';

/** Objects of the app that belong to no rollout (shared gateways, plain services): every stage sees them. */
function sharedObjects(): any[] {
  const app = new App();
  defineExamples(app);
  const inRollout = new Set(findRollouts(app).flatMap((r) => r.node.findAll()));
  return app.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && !inRollout.has(c)).map((o) => o.toJson());
}

const filter = process.argv[2];
const context = sharedObjects();
const ENGINE_KINDS = new Set(['flagger.app/Canary', 'argoproj.io/Rollout']);
const isEngineDriven = (manifests: any[]) => manifests.some((m) => ENGINE_KINDS.has(`${String(m.apiVersion).split('/')[0]}/${m.kind}`));
const stages = renderAllStages(defineExamples).filter((s) => !filter || s.rolloutPath.includes(filter));
const engine = [...new Set(stages.filter((s) => isEngineDriven(s.manifests)).map((s) => s.rolloutPath))];
const simulated = stages.filter((s) => !isEngineDriven(s.manifests));
process.stdout.write(`${formatRouteReports(simulated.map((s) => reportStageRoutes(s, context)))}\n`);
for (const path of engine) process.stdout.write(`\n${path}: routing is driven by its progression engine at run time; not simulated.\n`);
