/**
 * The vendored upstream CRDs (crds/ at the repository root), parsed: the openAPIV3Schema of every served
 * version, by apiVersion and kind. Only the tests read them.
 */
import * as fs from 'fs';
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

/** Every served version of every vendored CRD, keyed `apiVersion kind`. */
export function crdVersions(): Map<string, CrdVersion> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const file of fs.readdirSync(CRD_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    let text = fs.readFileSync(path.join(CRD_DIR, file), 'utf8');
    let docs = YAML.parseAllDocuments(text);
    // flagger-v1.44.0.yaml has under-indented quoted descriptions (invalid YAML upstream): drop descriptions and parse again
    if (docs.some((d) => d.errors.length > 0)) {
      text = stripDescriptions(text);
      docs = YAML.parseAllDocuments(text);
    }
    for (const d of docs) {
      if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0].message}`);
      const crd = d.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions) {
        if (!v.served) continue;
        const apiVersion = `${crd.spec.group}/${v.name}`;
        loaded.set(`${apiVersion} ${crd.spec.names.kind}`, { apiVersion, kind: crd.spec.names.kind, file, schema: v.schema.openAPIV3Schema });
      }
    }
  }
  return loaded;
}

/** The CRD version an object is an instance of, if a vendored CRD defines it. */
export function crdOf(o: any): CrdVersion | undefined {
  return crdVersions().get(`${o?.apiVersion} ${o?.kind}`);
}
