#!/usr/bin/env node
/**
 * Development-time script (never run by build, synth or tests): regenerates the cdk8s bindings of
 * the progressive-delivery engines and the JSON schemas the test harness validates them against.
 *
 *   node imports/regenerate.mjs [crd-folder]      (default: ../shared/crds)
 *
 * 1. imports/argoproj.io.ts   - Rollout + AnalysisTemplate only (argo-rollouts-v1.9.1.yaml holds five
 *                               CRDs; importing all of them gives a 2.6 MB file).
 * 2. imports/flagger.app.ts   - Canary + MetricTemplate. The upstream flagger-v1.44.0.yaml has
 *                               under-indented quoted `description` scalars that YAML parsers read as
 *                               keys, which `cdk8s import` rejects ("Key ... contains non standard
 *                               characters"); every schema `description` is removed first.
 * 3. test/schemas/*.json      - openAPIV3Schema of the kinds no kubernetes-models package covers
 *                               (Flagger Canary and MetricTemplate, Gateway API TCPRoute v1), without
 *                               descriptions. Derived data: the CRD files themselves are never copied.
 *
 * The filtered CRD copies go to a temporary folder and are deleted afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const crds = resolve(process.argv[2] ?? join(root, '..', 'shared', 'crds'));
const tmp = mkdtempSync(join(tmpdir(), 'crd-import-'));

/**
 * Removes every `description:` entry of a CRD text (schema documentation only). Works on lines, so
 * it also repairs quoted scalars whose continuation lines are not indented (invalid YAML upstream).
 * A property that is itself named `description` (`description:` with nothing after it) is kept.
 */
export function stripDescriptions(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)description:\s*(.*)$/.exec(lines[i]);
    if (!m || m[2] === '') {
      out.push(lines[i]);
      continue;
    }
    const indent = m[1].length;
    const value = m[2];
    const quote = value[0] === "'" || value[0] === '"' ? value[0] : undefined;
    const closed = (s) => (quote === "'" ? /(^|[^'])'(?:'')*\s*$/.test(s.replace(/''/g, '')) : /(^|[^\\])"\s*$/.test(s));
    if (quote && !(value.length > 1 && closed(value.slice(1)))) {
      // skip until the line that closes the quote
      while (i + 1 < lines.length && !closed(lines[i + 1])) i++;
      i++;
      continue;
    }
    // plain or block scalar: skip the lines indented deeper than the key
    while (i + 1 < lines.length && (lines[i + 1].trim() === '' || lines[i + 1].search(/\S/) > indent)) i++;
  }
  return out.join('\n');
}

function loadCrds(file, kinds, strip) {
  let text = readFileSync(join(crds, file), 'utf8');
  if (strip) text = stripDescriptions(text);
  const docs = YAML.parseAllDocuments(text);
  for (const d of docs) if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
  const objs = docs.map((d) => d.toJS()).filter((o) => o && o.kind === 'CustomResourceDefinition');
  const picked = objs.filter((o) => kinds.includes(o.spec.names.kind));
  if (picked.length !== kinds.length) throw new Error(`${file}: expected kinds ${kinds.join(', ')}, found ${picked.map((o) => o.spec.names.kind).join(', ')}`);
  return picked;
}

function importBindings(name, docs) {
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, docs.map((d) => YAML.stringify(d)).join('---\n'));
  execFileSync('npx', ['cdk8s', 'import', file, '-l', 'typescript', '-o', join(root, 'imports')], { cwd: root, stdio: 'inherit' });
  // `cdk8s import <file>` appends the (temporary) file to cdk8s.yaml: take that line out again.
  const config = join(root, 'cdk8s.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').split('\n').filter((l) => !l.includes(file)).join('\n'));
}

function stripSchemaDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(stripSchemaDescriptions);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description' && typeof v === 'string') continue;
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, stripSchemaDescriptions(s)])) : stripSchemaDescriptions(v);
  }
  return out;
}

function writeSchema(crd, version) {
  const v = crd.spec.versions.find((x) => x.name === version);
  if (!v) throw new Error(`${crd.metadata.name}: no version ${version}`);
  const dir = join(root, 'test', 'schemas');
  mkdirSync(dir, { recursive: true });
  const name = `${crd.spec.group}_${version}_${crd.spec.names.kind}.json`;
  const schema = { $comment: `openAPIV3Schema of ${crd.spec.group}/${version} ${crd.spec.names.kind} (${crd.metadata.name}), descriptions removed. Generated by imports/regenerate.mjs; do not edit.`, ...stripSchemaDescriptions(v.schema.openAPIV3Schema) };
  writeFileSync(join(dir, name), JSON.stringify(schema, null, 1) + '\n');
  console.log(`wrote test/schemas/${name}`);
}

try {
  const argo = loadCrds('argo-rollouts-v1.9.1.yaml', ['Rollout', 'AnalysisTemplate'], false);
  importBindings('argoproj.io', argo);
  const flagger = loadCrds('flagger-v1.44.0.yaml', ['Canary', 'MetricTemplate'], true);
  importBindings('flagger.app', flagger);
  for (const crd of flagger) writeSchema(crd, 'v1beta1');
  const [tcp] = loadCrds('gateway-api-v1.6.1-standard.yaml', ['TCPRoute'], false);
  writeSchema(tcp, 'v1');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
