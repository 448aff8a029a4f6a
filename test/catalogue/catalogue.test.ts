/**
 * The bad-input catalogue (docs/errors.md): one test per entry asserting the exact message (construct
 * path, bad value, fix) and that synth refuses to write YAML; all entries in one app report all
 * their errors together; every check in the covered sources has an entry; the document is current.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { CanaryService, collectValidationErrors, MeshRouting } from '../../lib';
import { CatalogueEntry } from './catalogue';
import { ALL_ENTRIES, COVERED_SOURCES, EXEMPT_RULES, EXEMPT_SITES } from './entries';
import { VALID_CANARY } from './entries/canary';
import { renderErrorsDoc } from './errors-doc';

const ROOT = path.join(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'errors.md');

function withEnv<T>(env: Record<string, string> | undefined, f: () => T): T {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env ?? {})) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  try {
    return f();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Builds an entry in a fresh app; returns its validation errors and what `synthYaml` throws. */
function run(e: CatalogueEntry): { errors: string[]; thrown: string } {
  return withEnv(e.env, () => {
    const app = new App();
    e.define(new Chart(app, 'test', { namespace: 'test1' }));
    const errors = collectValidationErrors(app);
    let thrown = '';
    try {
      const yaml = app.synthYaml();
      thrown = `no error; YAML of ${yaml.length} characters`;
    } catch (err) {
      thrown = (err as Error).message;
    }
    return { errors, thrown };
  });
}

function pathsOf(e: CatalogueEntry): readonly string[] {
  return typeof e.path === 'string' ? [e.path] : e.path;
}

/** Checks errors against an entry: the count, and each `[chart/path] message` in order. */
function expectEntryErrors(e: CatalogueEntry, errors: readonly string[], chart: string, message: RegExp = e.message): void {
  expect(errors).toHaveLength(e.count ?? 1);
  const paths = pathsOf(e);
  errors.forEach((err, i) => {
    const m = /^\[([^\]]*)\] (.*)$/.exec(err);
    expect(m).not.toBeNull();
    expect(m![1]).toBe(`${chart}/${paths[Math.min(i, paths.length - 1)]}`);
    expect(m![2]).toMatch(message);
    expect(m![2]).toMatch(/ Fix: \S/);
  });
}

describe('bad-input catalogue', () => {
  test('ids are unique', () => {
    const ids = ALL_ENTRIES.map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  test('the valid inputs the entries start from have no errors (so each entry fails for its own reason)', () => {
    const app = new App();
    const chart = new Chart(app, 'test', { namespace: 'test1' });
    new CanaryService(chart, 'demo4', VALID_CANARY);
    new MeshRouting(chart, 'routing', {
      service: 'demo5',
      subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }],
      http: [{ split: [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 10 }] }],
    });
    expect(collectValidationErrors(app)).toEqual([]);
  });

  test.each(ALL_ENTRIES.map((e) => [e.id, e] as const))('%s', (_id, e) => {
    const { errors, thrown } = run(e);
    expectEntryErrors(e, errors, 'test');
    // synth fails with exactly these errors (validating twice reports each problem once), never YAML.
    expect(thrown).toBe(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  });

  test('the errors of every entry are reported together when they are all in one app', () => {
    const app = new App();
    const combined = ALL_ENTRIES.filter((e) => !e.env);
    combined.forEach((e, i) => e.define(new Chart(app, `e${i}`, { namespace: `ns${i}` })));
    const errors = collectValidationErrors(app);
    let total = 0;
    combined.forEach((e, i) => {
      // The entry's messages name its chart and namespace.
      const message = new RegExp(e.message.source.replace(/test\\\//g, `e${i}\\/`).replace(/test1/g, `ns${i}`));
      const own = errors.filter((err) => err.startsWith(`[e${i}/`) || err.startsWith(`[e${i}]`));
      expectEntryErrors(e, own, `e${i}`, message);
      total += own.length;
    });
    expect(errors).toHaveLength(total);
    expect(() => app.synthYaml()).toThrow(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  });

  test('every problem message in the covered sources has an entry', () => {
    const files: string[] = [];
    const walk = (p: string) => {
      const abs = path.join(ROOT, p);
      if (fs.statSync(abs).isDirectory()) for (const f of fs.readdirSync(abs).sort()) walk(path.join(p, f));
      else if (p.endsWith('.ts')) files.push(p);
    };
    COVERED_SOURCES.forEach(walk);
    const missing: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      if (file === 'lib/validation/rules.ts') {
        for (const [, fn] of text.matchAll(/export function (check\w+)/g)) {
          if (!EXEMPT_RULES[fn] && !ALL_ENTRIES.some((e) => e.rule === fn)) missing.push(`${file}: ${fn} has no entry (set \`rule: '${fn}'\` on one)`);
        }
        continue;
      }
      // A literal `message: '...'` or a `this.problem('...', ...)` call is one message site.
      const sites = (text.match(/\bmessage:\s*[`'"]|\bthis\.problem\(\s*[`'"]/g) ?? []).length - (EXEMPT_SITES[file]?.count ?? 0);
      const entries = ALL_ENTRIES.filter((e) => e.source === file).length;
      if (entries < sites) missing.push(`${file}: ${sites} problem message(s), ${entries} catalogue entr${entries === 1 ? 'y' : 'ies'}`);
    }
    expect(missing).toEqual([]);
  });

  test('docs/errors.md is up to date (regenerate with `npm run docs:errors`)', () => {
    const messages = new Map(ALL_ENTRIES.map((e) => [e.id, run(e).errors] as const));
    const doc = renderErrorsDoc(ALL_ENTRIES, messages);
    if (process.env.UPDATE_ERRORS_DOC === '1') fs.writeFileSync(DOC, doc);
    expect(fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '').toBe(doc);
  });
});
