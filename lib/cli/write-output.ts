import * as fs from 'fs';
import * as path from 'path';
import { Yaml } from 'cdk8s';
import { RenderedStage, stageFolder } from '../rollout/render-stages';
import { SynthesizedFile } from '../review/app-runner';

/**
 * Writes what `synth` produced: the app's own files as the app wrote them (the folder is emptied first,
 * as `cdk8s synth` does), and every stage in `stages/<rollout>/<NN>-<stage>/`, one file per object,
 * named and rendered as `renderAllStages` does, so both ways of rendering stages give the same bytes.
 */
export function writeSynthesis(outdir: string, files: readonly SynthesizedFile[], stages: readonly RenderedStage[] = []): { files: number; stages: number } {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  for (const f of files) {
    const file = path.join(outdir, f.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, f.text);
  }
  for (const s of stages) {
    const dir = path.join(outdir, 'stages', stageFolder(s));
    fs.mkdirSync(dir, { recursive: true });
    for (const m of s.manifests) {
      fs.writeFileSync(path.join(dir, `${String(m.kind).toLowerCase()}.${m.metadata?.name ?? 'unnamed'}.k8s.yaml`), Yaml.stringify(m));
    }
  }
  return { files: files.length, stages: stages.length };
}
