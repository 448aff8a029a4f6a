import * as fs from 'fs';
import * as path from 'path';
import { RenderedStage } from '../rollout/render-stages';
import { docsOf, identityKey, readYamlFiles } from './app-runner';
import { StagedManifests } from './plan';

const STAGE_DIR = /^(\d+)-(.+)$/;

function subdirs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
}

function stagesOfRollout(dir: string, rolloutPath: string): RenderedStage[] {
  return subdirs(dir)
    .filter((d) => STAGE_DIR.test(d))
    .map((d) => {
      const [, index, stage] = STAGE_DIR.exec(d)!;
      return { rolloutPath, rolloutDir: rolloutPath.replace(/\//g, '.'), index: Number(index), stage, manifests: docsOf(readYamlFiles(path.join(dir, d))) };
    })
    .sort((a, b) => a.index - b.index);
}

/**
 * Reads a folder of YAML manifests for `plan --dir` (hand-written Istio or Gateway API objects, or a
 * `synth --all-stages` output):
 *
 * - a folder with `stages/<rollout>/<NN>-<stage>/` (the layout of `renderAllStages`): every stage of every
 *   rollout; the other YAML files of the folder whose objects are in no stage are shared by all stages;
 * - a folder whose subfolders are `<NN>-<stage>`: the stages of one rollout named after the folder;
 * - any other folder: its YAML files (recursively) are one stage, `manifests`, of one rollout named after the folder.
 */
export function stagesFromDir(dir: string): StagedManifests {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new Error(`${dir} is not a folder. Fix: pass --dir <folder of YAML manifests>.`);
  const name = path.basename(abs);
  let stages: RenderedStage[];
  let sharedFiles = readYamlFiles(abs, ['stages']);
  if (fs.existsSync(path.join(abs, 'stages'))) {
    stages = subdirs(path.join(abs, 'stages')).flatMap((r) => stagesOfRollout(path.join(abs, 'stages', r), r.replace(/\./g, '/')));
  } else if (subdirs(abs).some((d) => STAGE_DIR.test(d))) {
    stages = stagesOfRollout(abs, name);
    sharedFiles = sharedFiles.filter((f) => !STAGE_DIR.test(f.file.split('/')[0]));
  } else {
    stages = [{ rolloutPath: name, rolloutDir: name, index: 0, stage: 'manifests', manifests: docsOf(sharedFiles) }];
    sharedFiles = [];
  }
  if (stages.every((s) => s.manifests.length === 0)) throw new Error(`${dir} holds no Kubernetes objects in YAML files. Fix: pass the folder the manifests are in.`);
  const inStages = new Set(stages.flatMap((s) => s.manifests.map(identityKey)));
  const shared = docsOf(sharedFiles).filter((d) => !inStages.has(identityKey(d)));
  const rollouts = new Map([...new Set(stages.map((s) => s.rolloutPath))].map((p) => [p, { construct: 'manifests' }]));
  return { stages, shared, rollouts };
}
