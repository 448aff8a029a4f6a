/**
 * Generates the API reference (docs/api.md) from the doc comments of everything lib/index.ts exports,
 * and lists the public props that lack a doc comment or, when optional, a `@default` tag.
 */
import * as path from 'path';
import * as ts from 'typescript';

export interface ApiDocs {
  /** The markdown reference. */
  readonly markdown: string;
  /** Public members without the documentation the standards require. */
  readonly missing: string[];
}

const ROOT = path.join(__dirname, '..', '..');

function docOf(checker: ts.TypeChecker, sym: ts.Symbol): { text: string; tags: Record<string, string> } {
  const text = ts.displayPartsToString(sym.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
  const tags: Record<string, string> = {};
  for (const t of sym.getJsDocTags(checker)) tags[t.name] = ts.displayPartsToString(t.text ?? []).replace(/\s+/g, ' ').trim();
  return { text, tags };
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function generateApiDocs(): ApiDocs {
  const entry = path.join(ROOT, 'lib', 'index.ts');
  const program = ts.createProgram([entry], { strict: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!);
  const missing: string[] = [];
  const sections: string[] = [];
  const byFile = new Map<string, ts.Symbol[]>();
  for (const e of exports) {
    const sym = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    const decl = sym.declarations?.[0];
    if (!decl) continue;
    const file = path.relative(ROOT, decl.getSourceFile().fileName);
    if (!file.startsWith('lib/')) continue;
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file)!.push(sym);
  }
  for (const file of [...byFile.keys()].sort()) {
    const parts: string[] = [];
    for (const sym of byFile.get(file)!.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const decl = sym.declarations![0];
      const { text } = docOf(checker, sym);
      if (!text) missing.push(`${file}: ${sym.name} has no doc comment`);
      if (ts.isInterfaceDeclaration(decl) || ts.isClassDeclaration(decl)) {
        const kind = ts.isClassDeclaration(decl) ? 'class' : 'interface';
        const rows: string[] = [];
        const type = checker.getDeclaredTypeOfSymbol(sym);
        for (const prop of checker.getPropertiesOfType(type)) {
          const pd = prop.declarations?.[0];
          if (!pd) continue;
          const mods = ts.canHaveModifiers(pd) ? ts.getModifiers(pd) ?? [] : [];
          if (mods.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
          if (!(ts.isPropertySignature(pd) || ts.isPropertyDeclaration(pd) || ts.isGetAccessor(pd))) continue;
          const d = docOf(checker, prop);
          const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
          const owner = path.relative(ROOT, pd.getSourceFile().fileName);
          if (owner.startsWith('lib/')) {
            if (!d.text) missing.push(`${file}: ${sym.name}.${prop.name} has no doc comment`);
            if (kind === 'interface' && optional && d.tags.default === undefined) missing.push(`${file}: ${sym.name}.${prop.name} is optional but has no @default`);
          }
          const typeText = checker.typeToString(checker.getTypeOfSymbolAtLocation(prop, pd)).replace(/import\("[^"]+"\)\./g, '');
          rows.push(`| \`${prop.name}${optional ? '?' : ''}\` | \`${escapeCell(typeText)}\` | ${escapeCell(d.text)} | ${d.tags.default !== undefined ? escapeCell(d.tags.default) : optional ? '' : 'required'} |`);
        }
        parts.push(`### ${kind} \`${sym.name}\`\n\n${text}\n`);
        if (rows.length > 0) parts.push(`| name | type | description | default |\n|---|---|---|---|\n${rows.join('\n')}\n`);
      } else if (ts.isFunctionDeclaration(decl)) {
        const sig = checker.getSignaturesOfType(checker.getTypeOfSymbolAtLocation(sym, decl), ts.SignatureKind.Call)[0];
        parts.push(`### function \`${sym.name}\`\n\n\`${sym.name}${checker.signatureToString(sig).replace(/import\("[^"]+"\)\./g, '')}\`\n\n${text}\n`);
      } else if (ts.isTypeAliasDeclaration(decl)) {
        parts.push(`### type \`${sym.name}\`\n\n\`${escapeCell(decl.type.getText())}\`\n\n${text}\n`);
      } else if (ts.isVariableDeclaration(decl)) {
        parts.push(`### const \`${sym.name}\`\n\n${text}\n`);
      }
    }
    sections.push(`## ${file}\n\n${parts.join('\n')}`);
  }
  const markdown = `# API reference\n\nGenerated from the doc comments of \`lib/\` by \`npm run docs\`; a test fails when it is out of date.\n\n${sections.join('\n')}`;
  return { markdown, missing };
}
