import * as path from 'path';
import { App } from 'cdk8s';
import { ALL_STAGES_ENV_VAR, renderAllStages } from '../lib';
import { defineExamples } from './app';

// `cdk8s synth` runs this file: the active stage of every example goes to dist/<chart>.k8s.yaml.
// With ROLLOUT_ALL_STAGES=1, every stage of every rollout also goes to dist/stages/<rollout>/<NN>-<stage>/.
const app = new App();
defineExamples(app);
app.synth();
if (process.env[ALL_STAGES_ENV_VAR] === '1' || process.env[ALL_STAGES_ENV_VAR] === 'true') {
  renderAllStages(defineExamples, { outdir: path.join(app.outdir, 'stages') });
}
