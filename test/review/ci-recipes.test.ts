/**
 * The CI recipes in examples/ci (docs/ci.md) are runnable: every `cdk8s-progressive` command the GitHub
 * Actions workflow and the GitLab CI jobs run exists, takes those options, and works on an example app
 * (test/review/ci-app, a standard cdk8s app run by `npx tsx main.ts`) in a scratch git repository whose
 * last commit moves a canary stage, with the CI variables replaced by HEAD~1. The Argo CD Application and
 * the Flux objects deploy dist/ without dist/stages/.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { main } from '../../lib/cli/cdk8s-progressive';

const ROOT = path.join(__dirname, '..', '..');
const CI = path.join(ROOT, 'examples', 'ci');

/** The shell lines of a GitHub workflow (`run:`) or a GitLab CI file (`script:`, `before_script:`). */
function shellLines(file: string): string[] {
  const doc = parse(fs.readFileSync(path.join(CI, file), 'utf8'));
  const scripts: string[] = [];
  for (const job of Object.values<any>(doc.jobs ?? {})) for (const step of job.steps ?? []) if (step.run) scripts.push(step.run);
  for (const [key, job] of Object.entries<any>(doc)) {
    if (key === 'jobs' || typeof job !== 'object' || job === null) continue;
    for (const k of ['before_script', 'script']) for (const s of job[k] ?? []) scripts.push(s);
  }
  return scripts.flatMap((s) => s.split('\n')).map((l) => l.trim()).filter(Boolean);
}

/** The argv of every `npx cdk8s-progressive ...` line (quotes removed, stops at a redirection). */
function progressiveCommands(lines: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const line of lines) {
    const m = /npx cdk8s-progressive (.*)$/.exec(line);
    if (!m) continue;
    const argv: string[] = [];
    for (const token of m[1].match(/"[^"]*"|'[^']*'|\S+/g) ?? []) {
      if (/^(>|>>|\||;|&&|\|\|)$/.test(token)) break;
      argv.push(token.replace(/^["']|["']$/g, ''));
    }
    out.push(argv);
  }
  return out;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd, stdio: 'ignore' });
}

/** A scratch git repository with the example app: commit 1 at canary-10, commit 2 moves it to canary-50. */
function scratchApp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-recipes-'));
  const source = fs.readFileSync(path.join(__dirname, 'ci-app', 'main.ts'), 'utf8').replace("'../../../lib'", JSON.stringify(path.join(ROOT, 'lib')));
  fs.writeFileSync(path.join(dir, 'main.ts'), source);
  fs.copyFileSync(path.join(__dirname, 'ci-app', 'cdk8s.yaml'), path.join(dir, 'cdk8s.yaml'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'base');
  fs.writeFileSync(path.join(dir, 'main.ts'), source.replace("stage: 'canary-10'", "stage: 'canary-50'"));
  git(dir, 'commit', '-qam', 'cart: canary-50');
  return dir;
}

describe('CI recipes', () => {
  const github = shellLines('github-actions.yml');
  const gitlab = shellLines('gitlab-ci.yml');
  const commands = [...progressiveCommands(github), ...progressiveCommands(gitlab)];
  let dir: string;
  beforeAll(() => { dir = scratchApp(); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('both recipes synthesize every stage, plan, and comment a markdown diff against the base branch', () => {
    for (const lines of [github, gitlab]) {
      const argvs = progressiveCommands(lines).map((a) => a.join(' '));
      expect(argvs).toContain('synth --all-stages --output dist');
      expect(argvs).toContain('plan');
      expect(argvs.some((a) => /^diff --base .+ --format markdown$/.test(a))).toBe(true);
      expect(lines.some((l) => l.startsWith('npm ci'))).toBe(true);
    }
  });

  test('every cdk8s-progressive command of the recipes works on the example app', async () => {
    const results: Record<string, { code: number; out: string }> = {};
    for (const argv of commands) {
      const resolved = argv.map((a) => (/\$/.test(a) ? 'HEAD~1' : a));
      const key = resolved.join(' ');
      if (results[key]) continue;
      let out = '';
      const code = await main(resolved, { out: (t) => { out += t; } }, dir);
      results[key] = { code, out };
    }
    expect(results['synth --all-stages --output dist'].code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'dist', 'stages', 'shop.cart')).sort()).toEqual(['00-canary-10', '01-canary-50', '02-promoted']);
    expect(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).toMatch(/weight: 50/);
    expect(results.plan.out).toMatch(/\| 01 canary-50 \(active\) \| v1 50%, v2 50% \|/);
    const diff = results['diff --base HEAD~1 --format markdown'];
    // Exit code 2: the pull request changes who serves the requests.
    expect(diff.code).toBe(2);
    expect(diff.out).toContain('### shop/cart (CanaryService): active stage canary-10 -> canary-50');
    expect(diff.out).toContain('| cart.shop.com via shop/shop-gateway: any request | v1 90%, v2 10% | **v1 50%, v2 50%** |');
    expect(diff.out).toMatch(/```diff\n# changed VirtualService shop\/cart\n/);
  });

  test('diff --base exits 0 when nothing changes, and a bad ref is an error naming the fix', async () => {
    const out: string[] = [];
    expect(await main(['diff', '--base', 'HEAD'], { out: (t) => { out.push(t); } }, dir)).toBe(0);
    expect(out.join('')).toBe('no changes\n');
    await expect(main(['diff', '--base', 'no-such-branch'], { out: () => undefined }, dir)).rejects.toThrow(/"no-such-branch" is not a commit .* Fix: pass --base/);
  });

  test('diff <a> <b> on an app given as --app <command> (no cdk8s.yaml needed)', async () => {
    let out = '';
    const code = await main(['diff', 'canary-10', '1', '--app', 'node --import tsx main.ts'], { out: (t) => { out += t; } }, dir);
    expect(code).toBe(0);
    expect(out).toContain('shop/cart: canary-10 -> canary-50 (1 changed, 0 added, 0 removed');
    expect(out).toContain('-          weight: 90\n');
    await expect(main(['plan', '--app', 'node -e "process.exit(3)"'], { out: () => undefined }, dir)).rejects.toThrow(/the app command `node -e "process.exit\(3\)"` failed in .* \(exit code 3\)/);
  });

  test('Argo CD and Flux deploy dist/ but not dist/stages/', () => {
    const [argo] = parseAllDocuments(fs.readFileSync(path.join(CI, 'argocd-application.yaml'), 'utf8')).map((d) => d.toJSON());
    expect(argo.spec.source.path).toBe('dist');
    expect(argo.spec.source.directory.recurse).toBe(false);
    const [repo, kustomization] = parseAllDocuments(fs.readFileSync(path.join(CI, 'flux-kustomization.yaml'), 'utf8')).map((d) => d.toJSON());
    expect(kustomization.spec.path).toBe('./dist');
    expect(kustomization.spec.sourceRef.name).toBe(repo.metadata.name);
    expect(repo.spec.ignore.split('\n')).toContain('/dist/stages/');
  });
});
