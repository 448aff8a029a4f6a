/**
 * The bad-input catalogue (docs/errors.md): one test per entry asserting the exact message (construct
 * path, bad value, fix) and that synth refuses to write YAML; all entries in one app report all
 * their errors together; every check in the covered sources has an entry; the document is current.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { BlueGreenService, CanaryService, collectValidationErrors, HeaderRoute, MeshRouting, MultiServiceRelease, TcpCanary, IngressDescription } from '../../lib';
import { CatalogueEntry } from './catalogue';
import { ALL_ENTRIES, COVERED_SOURCES, EXEMPT_RULES, EXEMPT_SITES } from './entries';
import { VALID_BLUE_GREEN } from './entries/bluegreen';
import { VALID_CANARY } from './entries/canary';
import { VALID_HEADER_ROUTE } from './entries/header-route';
import { VALID_RELEASE } from './entries/multi-service';
import { VALID_TCP } from './entries/tcp';
import { renderErrorsDoc } from './errors-doc';
import { withEnv } from '../support/env';

const ROOT = path.join(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'errors.md');

/** Builds an entry in a fresh app; returns its validation errors and what `synthYaml` throws. */
function run(e: CatalogueEntry): { errors: string[]; thrown: string } {
  return withEnv(e.env ?? {}, () => {
    const app = new App();
    if (e.throws) return thrownBy(() => e.define(new Chart(app, 'test', { namespace: 'test1' })));
    e.define(new Chart(app, 'test', { namespace: 'test1' }));
    const errors = collectValidationErrors(app);
    let thrown: string;
    try {
      const yaml = app.synthYaml();
      thrown = `no error; YAML of ${yaml.length} characters`;
    } catch (err) {
      thrown = (err as Error).message;
    }
    return { errors, thrown };
  });
}

/** What a throwing entry's constructor throws (its one error). */
function thrownBy(define: () => void): { errors: string[]; thrown: string } {
  try {
    define();
  } catch (err) {
    const message = (err as Error).message;
    return { errors: [message], thrown: message };
  }
  return { errors: [], thrown: 'no error thrown' };
}

function pathsOf(e: CatalogueEntry): readonly string[] {
  return typeof e.path === 'string' ? [e.path] : e.path;
}

/**
 * The places in a source text where a problem message is written: a literal `message: '...'` (or
 * template), a `this.problem('...')` call, and a computed `message: x` or `{ message, ... }`, so a
 * message built from a variable is counted too. (`message: string` type annotations are not.)
 */
function messageSites(text: string): number {
  const literal = text.match(/\bmessage:\s*[`'"]|\bthis\.problem\(\s*[`'"]/g) ?? [];
  const computed = text.match(/\bmessage:\s*(?!string\b)[A-Za-z_$(]|[{,]\s*message\s*[,}]/g) ?? [];
  return literal.length + computed.length;
}

/** The .ts files below the covered sources, sorted. */
function coveredFiles(): string[] {
  const files: string[] = [];
  const walk = (p: string) => {
    const abs = path.join(ROOT, p);
    if (fs.statSync(abs).isDirectory()) for (const f of fs.readdirSync(abs).sort()) walk(path.join(p, f));
    else if (p.endsWith('.ts')) files.push(p);
  };
  COVERED_SOURCES.forEach(walk);
  return files;
}

/**
 * Message sites without an entry, per file: every `check*` of lib/validation/rules.ts needs an entry
 * naming it as `rule`; every other file needs at least as many entries with it as `source` as it
 * has message sites (minus its exemptions).
 */
function uncoveredSites(entries: readonly CatalogueEntry[]): string[] {
  const missing: string[] = [];
  for (const file of coveredFiles()) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    if (file === 'lib/validation/rules.ts') {
      for (const [, fn] of text.matchAll(/export function (check\w+)/g)) {
        if (!EXEMPT_RULES[fn] && !entries.some((e) => e.rule === fn)) missing.push(`${file}: ${fn} has no entry (set \`rule: '${fn}'\` on one)`);
      }
      continue;
    }
    const sites = messageSites(text) - (EXEMPT_SITES[file]?.count ?? 0);
    const count = entries.filter((e) => e.source === file).length;
    if (count < sites) missing.push(`${file}: ${sites} problem message(s), ${count} catalogue entr${count === 1 ? 'y' : 'ies'}`);
  }
  return missing;
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
    new BlueGreenService(chart, 'shop', VALID_BLUE_GREEN);
    IngressDescription.describe(chart, IngressDescription.demoProfile());
    new TcpCanary(chart, 'tcp-echo', VALID_TCP);
    new HeaderRoute(chart, 'forecast', VALID_HEADER_ROUTE);
    // The release's downstream service is also called forecast: it goes to another namespace.
    new MultiServiceRelease(new Chart(app, 'release', { namespace: 'test2' }), 'release', VALID_RELEASE);
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
    expect(thrown).toBe(e.throws ? errors[0] : `Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  });

  test('the errors of every entry are reported together when they are all in one app', () => {
    const app = new App();
    const combined = ALL_ENTRIES.filter((e) => !e.env && !e.throws);
    combined.forEach((e, i) => e.define(new Chart(app, `e${i}`, { namespace: `ns${i}` })));
    // The entries are independent inputs, but one app is one cluster: Gateways of two entries on the same
    // ingress, port and host conflict (IST0145). Those cross-entry conflicts are not the entries' errors.
    const crossEntry = (err: string) => /\(Istio IST0145\)/.test(err) && /^\[(e\d+)[/\]]/.exec(err)?.[1] !== / of (e\d+)\//.exec(err)?.[1];
    const errors = collectValidationErrors(app).filter((err) => !crossEntry(err));
    let total = 0;
    combined.forEach((e, i) => {
      // The entry's messages name its chart and namespace.
      const message = new RegExp(e.message.source.replace(/test\\\//g, `e${i}\\/`).replace(/test1/g, `ns${i}`));
      const own = errors.filter((err) => err.startsWith(`[e${i}/`) || err.startsWith(`[e${i}]`));
      expectEntryErrors(e, own, `e${i}`, message);
      total += own.length;
    });
    expect(errors).toHaveLength(total);
    expect(() => app.synthYaml()).toThrow(/Validation failed with the following errors/);
  });

  test('every problem message in lib/ has an entry', () => {
    expect(uncoveredSites(ALL_ENTRIES)).toEqual([]);
  });

  test('the coverage guard can fail: it counts every kind of message site, and notices a construct without entries', () => {
    expect(messageSites([
      "problems.push({ message: 'a.', fix: 'b.' });",
      'problems.push({ message: `x ${y}.`, fix: "b." });',
      "this.problem('a.', 'b.');",
      'this.problem(\n  `a ${b}.`,\n  "c.");',
      'reportProblem(this, { message: text, fix });',
      'reportProblem(this, { fix, message });',
      'readonly message: string;',
      'protected problem(message: string, fix: string): void {',
    ].join('\n'))).toBe(6);
    const withoutBlueGreen = ALL_ENTRIES.filter((e) => !e.source.startsWith('lib/bluegreen/'));
    expect(uncoveredSites(withoutBlueGreen)).toEqual([
      expect.stringMatching(/^lib\/bluegreen\/bluegreen-engine\.ts: \d+ problem message\(s\), 0 catalogue entries$/),
      expect.stringMatching(/^lib\/bluegreen\/bluegreen-plan\.ts: \d+ problem message\(s\), 0 catalogue entries$/),
    ]);
    expect(uncoveredSites(ALL_ENTRIES.filter((e) => e.rule !== 'checkRe2'))).toEqual(['lib/validation/rules.ts: checkRe2 has no entry (set `rule: \'checkRe2\'` on one)']);
  });

  test('docs/errors.md is up to date (regenerate with `npm run docs:errors`)', () => {
    const messages = new Map(ALL_ENTRIES.map((e) => [e.id, run(e).errors] as const));
    const doc = renderErrorsDoc(ALL_ENTRIES, messages);
    if (process.env.UPDATE_ERRORS_DOC === '1') fs.writeFileSync(DOC, doc);
    expect(fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '').toBe(doc);
  });
});
