/**
 * `npm run routes [filter]`: prints, for every stage of every example rollout, where a set of sample
 * requests go (exact probabilities from the traffic simulator). A filter keeps the rollouts whose
 * construct path contains it, e.g. `npm run routes -- weather-release`.
 */
import { ApiObject, App } from 'cdk8s';
import { defineExamples } from '../examples/app';
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
const stages = renderAllStages(defineExamples).filter((s) => !filter || s.rolloutPath.includes(filter));
process.stdout.write(`${formatRouteReports(stages.map((s) => reportStageRoutes(s, context)))}\n`);
