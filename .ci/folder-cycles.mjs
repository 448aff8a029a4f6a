// Usage: node .ci/folder-cycles.mjs [folder] (default lib).
// Fails when two files of lib/ import each other (madge's circular check), or two folders of lib/ do,
// directly or through other folders. One madge pass (its API) reads the file graph for both checks; the
// folder check collapses it to folders.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// A pass is remembered (node_modules/.cache/cycles/) by a hash of this script, madge's version and every
// lib/ file's path and content: the result depends on nothing else, so an unchanged tree skips madge.
const tsFiles = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])).sort();
const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).update(createRequire(import.meta.url)('madge/package.json').version);
const root = process.argv[2] ?? 'lib';
for (const f of tsFiles(root)) hash.update(`\0${f}\0`).update(readFileSync(f));
const key = hash.digest('hex');
const cacheFile = join('node_modules', '.cache', 'cycles', 'passed.json');
try {
  const cached = JSON.parse(readFileSync(cacheFile, 'utf8'));
  if (cached.key === key) {
    console.log(`${cached.summary.replace(/\.$/, '')}: ${root}/ unchanged since the last check.`);
    process.exit(0);
  }
} catch {
  // no cache yet
}

const { default: madge } = await import('madge');
const graph = await madge(root, { fileExtensions: ['ts'] });
const circular = graph.circular();
if (circular.length > 0) {
  for (const c of circular) console.log(`File cycle: ${c.join(' -> ')}`);
  process.exit(1);
}
const files = graph.obj();
const folderOf = (f) => dirname(f);
const edges = new Map();
for (const [from, tos] of Object.entries(files)) {
  const a = folderOf(from);
  for (const to of tos) {
    const b = folderOf(to);
    if (a === b) continue;
    if (!edges.has(a)) edges.set(a, new Map());
    if (!edges.get(a).has(b)) edges.get(a).set(b, `${from} -> ${to}`);
  }
}
// Tarjan's strongly connected components.
let index = 0;
const idx = new Map(), low = new Map(), stack = [], on = new Set(), sccs = [];
const nodes = new Set([...Object.keys(files).map(folderOf)]);
function strong(v) {
  idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
  for (const w of (edges.get(v) ?? new Map()).keys()) {
    if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = [];
    let w;
    do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
    if (c.length > 1) sccs.push(c.sort());
  }
}
for (const n of [...nodes].sort()) if (!idx.has(n)) strong(n);
if (sccs.length === 0) {
  const summary = `No import cycles (${Object.keys(files).length} files, ${nodes.size} folders).`;
  console.log(summary);
  mkdirSync(dirname(cacheFile), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify({ key, summary }));
} else {
  for (const c of sccs) {
    console.log(`Folder cycle: {${c.join(', ')}}`);
    for (const a of c) for (const [b, why] of edges.get(a) ?? []) if (c.includes(b)) console.log(`  ${why}`);
  }
  process.exit(1);
}
