import * as fs from 'fs';
import * as path from 'path';
import { generateApiDocs } from '../support/api-docs';

const FILE = path.join(__dirname, '..', '..', 'docs', 'api.md');

describe('API reference', () => {
  const docs = generateApiDocs();

  test('every public type, construct, prop and function has a doc comment, and every optional prop a @default', () => {
    expect(docs.missing).toEqual([]);
  });

  test('docs/api.md is up to date (regenerate with `npm run docs`)', () => {
    if (process.env.UPDATE_API_DOCS === '1') fs.writeFileSync(FILE, docs.markdown);
    expect(fs.readFileSync(FILE, 'utf8')).toBe(docs.markdown);
  });
});
