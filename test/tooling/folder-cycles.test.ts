/**
 * The import-cycle check of `npm test` (.ci/folder-cycles.mjs) fires on a folder cycle, passes a tree
 * without one, and skips madge for an unchanged tree only.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.join(__dirname, '..', '..', '.ci', 'folder-cycles.mjs');

function check(cwd: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [SCRIPT, 'src'], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-cycles-'));
  for (const [f, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

test('two folders importing each other (through different files) fail, naming both imports', () => {
  const dir = tree({
    'src/a/one.ts': "import { two } from '../b/two';\nexport const one = () => two;\n",
    'src/a/three.ts': 'export const three = 3;\n',
    'src/b/two.ts': "import { three } from '../a/three';\nexport const two = three;\n",
  });
  const { code, out } = check(dir);
  expect(code).toBe(1);
  expect(out).toContain('Folder cycle: {a, b}');
  expect(out).toContain('a/one.ts -> b/two.ts');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a tree without cycles passes; unchanged, the next run skips madge; changed, it checks again', () => {
  const dir = tree({ 'src/a/one.ts': "import { two } from '../b/two';\nexport const one = two;\n", 'src/b/two.ts': 'export const two = 2;\n' });
  expect(check(dir)).toEqual({ code: 0, out: 'No import cycles (2 files, 2 folders).\n' });
  expect(check(dir)).toEqual({ code: 0, out: 'No import cycles (2 files, 2 folders): src/ unchanged since the last check.\n' });
  fs.writeFileSync(path.join(dir, 'src/b/two.ts'), "import { one } from '../a/one';\nexport const two = 2 + one;\n");
  const changed = check(dir);
  expect(changed.code).toBe(1);
  expect(changed.out).toContain('File cycle:');
  fs.rmSync(dir, { recursive: true, force: true });
});
