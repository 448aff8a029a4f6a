#!/usr/bin/env node
/**
 * Schema validation for synthesized manifests (ESM, run as a child process).
 *
 * Input : a JSON array of Kubernetes objects on stdin.
 * Output: a JSON array of human-readable error strings on stdout (`[]` = all valid).
 * Exit  : 0 whenever validation ran (even if it found errors); non-zero only if the
 *         harness itself broke (bad input, unparsable generated code, ...).
 *
 * Two independent checks run for every object:
 *
 * 1. Type / required / enum check with the kubernetes-models classes
 *    (`new Model(obj).validate()`, ajv validators compiled from the OpenAPI / CRD schemas).
 *    These validators do NOT reject unknown fields.
 *
 * 2. Unknown-field check. The cdk8s generated bindings (`cdk8s-plus-28`'s `k8s` module and
 *    this repo's `imports/*.ts`) contain one `toJson_<Type>` function per schema type. Each
 *    lists exactly the JSON keys the schema knows, e.g.
 *        'clusterIP': obj.clusterIp,
 *        'ports': obj.ports?.map(y => toJson_ServicePort(y)),
 *    We parse those functions as text into a structural schema (JSON key -> leaf / nested
 *    type / array of type / map of type) and walk every object against it. Reading the JSON
 *    key literals directly sidesteps the TypeScript-name vs JSON-key differences
 *    (clusterIP/clusterIp, consecutive5xxErrors/consecutive5XxErrors, mirror_percent,
 *    x-kubernetes-*, $ref, ...) that a naive toJson round-trip would trip over.
 *    Any key not listed for its type is reported as `unknown field <path>`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = join(here, '..', '..');
const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Sources of structural (unknown-field) schemas: generated cdk8s bindings.
// ---------------------------------------------------------------------------------------------

function k8sBindingsPath() {
  const pkgJson = require.resolve('cdk8s-plus-28/package.json');
  return join(dirname(pkgJson), 'lib', 'imports', 'k8s.js');
}

const STRUCT_SOURCES = {
  k8s: () => k8sBindingsPath(),
  istio: () => join(projectRoot, 'imports', 'networking.istio.io.ts'),
  gatewayApi: () => join(projectRoot, 'imports', 'gateway.networking.k8s.io.ts'),
  argo: () => join(projectRoot, 'imports', 'argoproj.io.ts'),
  flagger: () => join(projectRoot, 'imports', 'flagger.app.ts'),
  monitoring: () => join(projectRoot, 'imports', 'monitoring.coreos.com.ts'),
};

// ---------------------------------------------------------------------------------------------
// Dispatch table: apiVersion + kind -> model module + root "Props" type in the bindings.
// ---------------------------------------------------------------------------------------------

const KINDS = {};
function kind(apiVersion, k, model, structSource, propsType) {
  KINDS[`${apiVersion} ${k}`] = { model, exportName: k, structSource, propsType };
}
/**
 * A kind no kubernetes-models package covers: typed with ajv against the CRD's openAPIV3Schema,
 * extracted at development time into test/schemas/<group>_<version>_<Kind>.json by
 * imports/regenerate.mjs (unknown fields are still checked through the generated bindings).
 */
function crdKind(apiVersion, k, structSource, propsType) {
  const [group, version] = apiVersion.split('/');
  KINDS[`${apiVersion} ${k}`] = { schema: join(projectRoot, 'test', 'schemas', `${group}_${version}_${k}.json`), structSource, propsType };
}

kind('apps/v1', 'Deployment', 'kubernetes-models/apps/v1/Deployment', 'k8s', 'KubeDeploymentProps');
kind('v1', 'Service', 'kubernetes-models/v1/Service', 'k8s', 'KubeServiceProps');
kind('v1', 'Namespace', 'kubernetes-models/v1/Namespace', 'k8s', 'KubeNamespaceProps');
kind('v1', 'ConfigMap', 'kubernetes-models/v1/ConfigMap', 'k8s', 'KubeConfigMapProps');
kind('v1', 'ServiceAccount', 'kubernetes-models/v1/ServiceAccount', 'k8s', 'KubeServiceAccountProps');
kind('autoscaling/v2', 'HorizontalPodAutoscaler', 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', 'k8s', 'KubeHorizontalPodAutoscalerV2Props');
kind('policy/v1', 'PodDisruptionBudget', 'kubernetes-models/policy/v1/PodDisruptionBudget', 'k8s', 'KubePodDisruptionBudgetProps');
kind('networking.k8s.io/v1', 'Ingress', 'kubernetes-models/networking.k8s.io/v1/Ingress', 'k8s', 'KubeIngressProps');

for (const [ver, suffix] of [['v1', ''], ['v1beta1', 'V1Beta1']]) {
  for (const k of ['VirtualService', 'DestinationRule', 'Gateway']) {
    kind(`networking.istio.io/${ver}`, k, `@kubernetes-models/istio/networking.istio.io/${ver}/${k}`, 'istio', `${k}${suffix}Props`);
  }
}

const GW = 'gateway.networking.k8s.io';
kind(`${GW}/v1`, 'HTTPRoute', `@kubernetes-models/gateway-api/${GW}/v1/HTTPRoute`, 'gatewayApi', 'HttpRouteProps');
kind(`${GW}/v1`, 'Gateway', `@kubernetes-models/gateway-api/${GW}/v1/Gateway`, 'gatewayApi', 'GatewayProps');
kind(`${GW}/v1alpha2`, 'TCPRoute', `@kubernetes-models/gateway-api/${GW}/v1alpha2/TCPRoute`, 'gatewayApi', 'TcpRouteV1Alpha2Props');
crdKind(`${GW}/v1`, 'TCPRoute', 'gatewayApi', 'TcpRouteProps');

kind('argoproj.io/v1alpha1', 'Rollout', '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout', 'argo', 'RolloutProps');
kind('argoproj.io/v1alpha1', 'AnalysisTemplate', '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate', 'argo', 'AnalysisTemplateProps');
crdKind('flagger.app/v1beta1', 'Canary', 'flagger', 'CanaryProps');
crdKind('flagger.app/v1beta1', 'MetricTemplate', 'flagger', 'MetricTemplateProps');
// The Prometheus Operator CRD is vendored unmodified in crds/: its openAPIV3Schema is read from there.
KINDS['monitoring.coreos.com/v1 PrometheusRule'] = {
  schema: join(projectRoot, 'crds', 'prometheus-operator-v0.93.0-prometheusrules.yaml'), crdVersion: 'v1', structSource: 'monitoring', propsType: 'PrometheusRuleProps',
};

// ---------------------------------------------------------------------------------------------
// Parsing of generated `toJson_*` functions into structural schemas.
// ---------------------------------------------------------------------------------------------

/**
 * Shape of one property:
 *   { t: 'leaf' }                  scalar / opaque value (not descended into)
 *   { t: 'obj', ref }              nested object of type `ref`
 *   { t: 'arr', ref? }             array of `ref` objects (or of leaves if no ref)
 *   { t: 'map', ref? }             string-keyed map of `ref` objects (or of leaves)
 */
function classify(expr) {
  let m;
  if (/^obj\.\w+$/.test(expr)) return { t: 'leaf' };
  if (/^obj\.\w+\?\.(value|toISOString\(\))$/.test(expr)) return { t: 'leaf' }; // IntOrString, Quantity, Date
  if ((m = /^toJson_(\w+)\(obj\.\w+\)$/.exec(expr))) return { t: 'obj', ref: m[1] };
  if (/^obj\.\w+\?\.map\(y => y\)$/.test(expr)) return { t: 'arr' };
  if ((m = /^obj\.\w+\?\.map\(y => toJson_(\w+)\(y\)\)$/.exec(expr))) return { t: 'arr', ref: m[1] };
  m = /^\(\(obj\.\w+\) === undefined\) \? undefined : \(Object\.entries\(obj\.\w+\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: (.*) \}\), \{\}\)\)$/.exec(expr);
  if (m) {
    const v = m[1];
    if (v === 'i[1]' || v === 'i[1]?.value' || v === 'i[1]?.map(y => y)') return { t: 'map' };
    const r = /^toJson_(\w+)\(i\[1\]\)$/.exec(v);
    if (r) return { t: 'map', ref: r[1] };
  }
  return undefined;
}

const structCache = new Map();

/** Parses every `toJson_<Type>` function of a generated bindings file: Map<Type, Map<jsonKey, shape>>. */
export function loadStruct(sourceName) {
  if (structCache.has(sourceName)) return structCache.get(sourceName);
  const file = STRUCT_SOURCES[sourceName]();
  const text = readFileSync(file, 'utf8');
  const types = new Map();
  const fnRe = /^(?:export )?function toJson_(\w+)\(obj[^)]*\)[^{]*\{$/gm;
  const starts = [];
  let m;
  while ((m = fnRe.exec(text))) starts.push({ name: m[1], index: m.index });
  for (let i = 0; i < starts.length; i++) {
    const body = text.slice(starts[i].index, i + 1 < starts.length ? starts[i + 1].index : text.length);
    const open = body.indexOf('const result = {\n');
    if (open < 0) throw new Error(`${file}: cannot find 'const result = {' in toJson_${starts[i].name}`);
    const props = new Map();
    let closed = false;
    for (const line of body.slice(open + 'const result = {\n'.length).split('\n')) {
      if (line.trim() === '};') {
        closed = true;
        break;
      }
      if (!line.trim()) continue;
      const lm = /^\s*'([^']+)': (.*?),?$/.exec(line);
      const shape = lm && classify(lm[2]);
      if (!shape) throw new Error(`${file}: unrecognised generated line in toJson_${starts[i].name}: ${line.trim()}`);
      props.set(lm[1], shape);
    }
    if (!closed) throw new Error(`${file}: unterminated result object in toJson_${starts[i].name}`);
    types.set(starts[i].name, props);
  }
  // The PrometheusRule bindings are small (4 types); every other source has dozens.
  if (types.size < (sourceName === 'monitoring' ? 4 : 20)) throw new Error(`${file}: parsed only ${types.size} toJson_* functions; generated code format changed?`);
  // Fields newer than the Kubernetes 1.28 bindings of cdk8s-plus-28 (kubernetes-models still types them).
  if (sourceName === 'k8s') types.get('LifecycleHandler')?.set('sleep', { t: 'leaf' }); // preStop sleep action, Kubernetes 1.30+
  structCache.set(sourceName, types);
  return types;
}

// ---------------------------------------------------------------------------------------------
// Paths and messages.
// ---------------------------------------------------------------------------------------------

function keySegment(key) {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function joinPath(base, key) {
  const seg = keySegment(key);
  return base === '' && seg.startsWith('.') ? seg.slice(1) : base + seg;
}

function ajvPathToDotted(instancePath) {
  if (!instancePath) return '(root)';
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = /^\d+$/.test(seg) ? `${out}[${seg}]` : joinPath(out, seg);
  }
  return out;
}

function describe(obj, index) {
  const k = obj && typeof obj.kind === 'string' ? obj.kind : '<no kind>';
  const n = obj && obj.metadata && typeof obj.metadata.name === 'string' ? obj.metadata.name : `<unnamed #${index}>`;
  return `${k}/${n}`;
}

function ajvMessage(err) {
  let msg = err.message ?? err.keyword;
  if (err.keyword === 'enum' && err.params?.allowedValues) msg += ` ${JSON.stringify(err.params.allowedValues)}`;
  if (err.keyword === 'additionalProperties' && err.params?.additionalProperty) msg += ` (${err.params.additionalProperty})`;
  return msg;
}

// ---------------------------------------------------------------------------------------------
// Unknown-field walk.
// ---------------------------------------------------------------------------------------------

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function walk(types, typeName, value, path, out) {
  const props = types.get(typeName);
  if (!props) throw new Error(`structural schema: no toJson_${typeName} found`);
  if (!isPlainObject(value)) return; // wrong type: reported by the model validator
  for (const [key, child] of Object.entries(value)) {
    const p = joinPath(path, key);
    const shape = props.get(key);
    if (!shape) {
      out.push(`unknown field ${p}`);
      continue;
    }
    walkShape(types, shape, child, p, out);
  }
}

function walkShape(types, shape, value, path, out) {
  if (!shape.ref) return;
  if (shape.t === 'obj') {
    walk(types, shape.ref, value, path, out);
  } else if (shape.t === 'arr' && Array.isArray(value)) {
    value.forEach((item, i) => walk(types, shape.ref, item, `${path}[${i}]`, out));
  } else if (shape.t === 'map' && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) walk(types, shape.ref, v, path + `[${JSON.stringify(k)}]`, out);
  }
}

function unknownFields(entry, obj) {
  const types = loadStruct(entry.structSource);
  const root = types.get(entry.propsType);
  if (!root) throw new Error(`structural schema: no toJson_${entry.propsType} in ${entry.structSource} bindings`);
  const out = [];
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'apiVersion' || key === 'kind') continue;
    if (key === 'metadata') {
      // Every object uses ObjectMeta (CRD bindings type it as cdk8s ApiObjectMetadata, a leaf).
      walk(loadStruct('k8s'), 'ObjectMeta', value, 'metadata', out);
      continue;
    }
    const shape = root.get(key);
    if (!shape) {
      out.push(`unknown field ${joinPath('', key)}`);
      continue;
    }
    walkShape(types, shape, value, key, out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Model (type) validation.
// ---------------------------------------------------------------------------------------------

const modelCache = new Map();

let ajv;

/** An ajv validator of a committed CRD schema, shaped like a kubernetes-models class. */
async function loadCrdSchema(entry) {
  if (!ajv) {
    const { default: Ajv } = await import('ajv');
    // OpenAPI keywords (x-kubernetes-*, nullable) are not JSON Schema: ignore unknown keywords and formats.
    // CRD patterns are Go (RE2) regexes (`^(?i)(abort|warn)?$`), which JavaScript's RegExp rejects.
    const { RE2JS } = require('re2js');
    // ajv caches compiled patterns by `toString()`: it must name the pattern.
    const re2 = (pattern) => { const re = RE2JS.compile(pattern); return { test: (s) => re.matcher(s).find(), toString: () => `re2:${pattern}` }; };
    re2.code = 're2js';
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: re2 } });
  }
  const text = readFileSync(entry.schema, 'utf8');
  const schema = entry.crdVersion
    ? (await import('yaml')).parse(text).spec.versions.find((v) => v.name === entry.crdVersion).schema.openAPIV3Schema
    : JSON.parse(text);
  const validate = ajv.compile(schema);
  class CrdModel {
    constructor(obj) {
      this.obj = obj;
    }
    validate() {
      if (!validate(this.obj)) {
        const e = new Error('schema validation failed');
        e.errors = validate.errors;
        throw e;
      }
    }
  }
  return { Model: CrdModel };
}

async function loadModel(entry) {
  if (entry.schema) {
    if (!modelCache.has(entry.schema)) modelCache.set(entry.schema, await loadCrdSchema(entry));
    return modelCache.get(entry.schema);
  }
  if (modelCache.has(entry.model)) return modelCache.get(entry.model);
  let result;
  try {
    const mod = await import(entry.model);
    const Model = mod[entry.exportName] ?? mod.default;
    result = Model ? { Model } : { missing: `module ${entry.model} has no export ${entry.exportName}` };
  } catch (e) {
    if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED')) {
      result = { missing: `model package not installed (${entry.model})` };
    } else {
      throw e;
    }
  }
  modelCache.set(entry.model, result);
  return result;
}

function modelErrors(Model, obj) {
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    const details = e && (e.errors ?? e.details);
    if (Array.isArray(details) && details.length > 0) {
      return details.map((d) => `${ajvPathToDotted(d.instancePath ?? d.dataPath ?? '')} ${ajvMessage(d)}`);
    }
    return [`(root) ${e && e.message ? e.message : String(e)}`];
  }
}

// ---------------------------------------------------------------------------------------------
// Main.
// ---------------------------------------------------------------------------------------------

export async function validateAll(objects) {
  if (!Array.isArray(objects)) throw new Error('input must be a JSON array of objects');
  const errors = [];
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i];
    const who = describe(obj, i);
    if (!isPlainObject(obj)) {
      errors.push(`${who}: not an object (got ${obj === null ? 'null' : typeof obj})`);
      continue;
    }
    const entry = KINDS[`${obj.apiVersion} ${obj.kind}`];
    if (!entry) {
      errors.push(`${who}: no schema known for apiVersion ${JSON.stringify(obj.apiVersion)} kind ${JSON.stringify(obj.kind)}`);
      continue;
    }
    const model = await loadModel(entry);
    if (model.missing) {
      errors.push(`${who}: no schema known for ${obj.apiVersion} ${obj.kind}: ${model.missing}`);
      continue;
    }
    for (const e of modelErrors(model.Model, obj)) errors.push(`${who}: ${e}`);
    for (const e of unknownFields(entry, obj)) errors.push(`${who}: ${e}`);
  }
  return errors;
}

async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const input = JSON.parse(await readStdin());
  const errors = await validateAll(input);
  process.stdout.write(JSON.stringify(errors));
}
