/**
 * The vendored upstream CRDs (crds/ at the repository root), parsed: the openAPIV3Schema of every served
 * version, by apiVersion and kind. Only the tests read them.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import YAML from 'yaml';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { stripDescriptions } = require('../support/strip-descriptions.js') as { stripDescriptions: (text: string) => string };

/** The folder of the vendored CRDs. */
export const CRD_DIR = path.join(__dirname, '..', '..', 'crds');

/** One served version of one CRD. */
export interface CrdVersion {
  /** `group/version`. */
  readonly apiVersion: string;
  /** Kind. */
  readonly kind: string;
  /** The CRD file it comes from. */
  readonly file: string;
  /** Its openAPIV3Schema. */
  readonly schema: any;
}

let loaded: Map<string, CrdVersion> | undefined;
/** Part of the cache key: change it when `parseVersions` changes what it returns. */
const CACHE_FORMAT = 'crd-versions-1';

/**
 * The served versions of one CRD file. Parsing the 2.3 MB of YAML takes seconds and every test file
 * that admits objects needs it, so the result is cached as JSON in the temp folder under the hash of
 * the file's content (a changed file is parsed anew).
 */
function versionsOf(file: string): CrdVersion[] {
  const text = fs.readFileSync(path.join(CRD_DIR, file), 'utf8');
  const cache = path.join(os.tmpdir(), `cdk8s-progressive-crd-${createHash('sha256').update(CACHE_FORMAT).update(text).digest('hex').slice(0, 16)}.json`);
  try {
    return JSON.parse(fs.readFileSync(cache, 'utf8'));
  } catch {
    const versions = parseVersions(file, text);
    const tmp = `${cache}.${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(versions));
    fs.renameSync(tmp, cache);
    return versions;
  }
}

function parseVersions(file: string, text: string): CrdVersion[] {
  let docs = YAML.parseAllDocuments(text);
  // flagger-v1.44.0.yaml has under-indented quoted descriptions (invalid YAML upstream): drop descriptions and parse again
  if (docs.some((d) => d.errors.length > 0)) docs = YAML.parseAllDocuments(stripDescriptions(text));
  const out: CrdVersion[] = [];
  for (const d of docs) {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0].message}`);
    const crd = d.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const v of crd.spec.versions) {
      if (v.served) out.push({ apiVersion: `${crd.spec.group}/${v.name}`, kind: crd.spec.names.kind, file, schema: v.schema.openAPIV3Schema });
    }
  }
  return out;
}

/** Every served version of every vendored CRD, keyed `apiVersion kind`. */
export function crdVersions(): Map<string, CrdVersion> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const v of versionsOf(file)) loaded.set(`${v.apiVersion} ${v.kind}`, v);
  }
  return loaded;
}

/** The CRD version an object is an instance of, if a vendored CRD defines it. */
export function crdOf(o: any): CrdVersion | undefined {
  return crdVersions().get(`${o?.apiVersion} ${o?.kind}`);
}
