import * as path from 'path';
import { AppBuilder } from '../rollout/render-stages';

/**
 * Loads the app definition the review tools work on: a module exporting `define(app)` (or the export
 * named after `#`, e.g. `dist-lib/examples/app.js#defineExamples`; failing that `defineExamples` or a
 * default export). Relative paths are resolved against the current directory.
 */
export function loadAppBuilder(spec: string): AppBuilder {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : undefined;
  const resolved = path.resolve(process.cwd(), file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(resolved);
  const candidates = exportName ? [exportName] : ['define', 'defineExamples', 'default'];
  for (const name of candidates) {
    const f = name === 'default' && typeof mod === 'function' ? mod : mod?.[name];
    if (typeof f === 'function') return f as AppBuilder;
  }
  throw new Error(`${resolved} exports no function ${candidates.map((c) => `"${c}"`).join(' or ')} taking the app`);
}
