import * as path from 'path';
import * as ts from 'typescript';

/**
 * Issue 13: a consumer on another cdk8s-plus major (say cdk8s-plus-33) must be able to pass every
 * prop. A prop typed with a cdk8s-plus-28 class makes TypeScript reject theirs ("Types have separate
 * declarations of a private property"), so no exported interface of lib/ may have a property whose
 * type mentions a cdk8s-plus declaration. (Construct members such as `VersionedDeployment.deployment`
 * are classes' members, not props, and stay cdk8s-plus objects for patching.)
 */
const ROOT = path.join(__dirname, '..', '..');

function cdk8sPlusProps(): string[] {
  const entry = path.join(ROOT, 'lib', 'index.ts');
  const program = ts.createProgram([entry], { strict: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!);
  const fromCdk8sPlus = (t: ts.Type, seen: Set<ts.Type>): boolean => {
    if (seen.has(t)) return false;
    seen.add(t);
    const decls = [...(t.getSymbol()?.declarations ?? []), ...(t.aliasSymbol?.declarations ?? [])];
    if (decls.some((d) => d.getSourceFile().fileName.includes('/cdk8s-plus-'))) return true;
    if (t.isUnion() || t.isIntersection()) return t.types.some((x) => fromCdk8sPlus(x, seen));
    const args = (t as ts.TypeReference).typeArguments ?? checker.getTypeArguments(t as ts.TypeReference) ?? [];
    return args.some((x) => fromCdk8sPlus(x, seen));
  };
  const bad: string[] = [];
  for (const e of exports) {
    const sym = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    const decl = sym.declarations?.[0];
    if (!decl || !ts.isInterfaceDeclaration(decl) || !decl.getSourceFile().fileName.startsWith(path.join(ROOT, 'lib'))) continue;
    for (const prop of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(sym))) {
      const pd = prop.declarations?.[0];
      if (!pd) continue;
      if (fromCdk8sPlus(checker.getTypeOfSymbolAtLocation(prop, pd), new Set())) bad.push(`${sym.name}.${prop.name}: ${checker.typeToString(checker.getTypeOfSymbolAtLocation(prop, pd))}`);
    }
  }
  return bad;
}

test('no exported props interface has a property typed with a cdk8s-plus declaration', () => {
  expect(cdk8sPlusProps()).toEqual([]);
});
