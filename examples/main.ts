import * as path from 'path';
import { App } from 'cdk8s';
import { ALL_STAGES_ENV_VAR, renderAllStages } from '../lib';
import { defineExamples } from './app';
import { withoutSkippedCharts } from './skip-charts';

// `cdk8s synth` runs this file: the active stage of every example goes to dist/<chart>.k8s.yaml.
// With ROLLOUT_ALL_STAGES=1, every stage of every rollout also goes to dist/stages/<rollout>/<NN>-<stage>/.
// ROLLOUT_TRAFFIC=gateway-api renders Gateway API objects instead of Istio ones (docs/gateway-api.md);
// ROLLOUT_SKIP_CHARTS=<chart>,... leaves charts out of the run.
const define = withoutSkippedCharts(defineExamples);
const app = new App();
define(app);
app.synth();
if (process.env[ALL_STAGES_ENV_VAR] === '1' || process.env[ALL_STAGES_ENV_VAR] === 'true') {
  renderAllStages(define, { outdir: path.join(app.outdir, 'stages') });
}
