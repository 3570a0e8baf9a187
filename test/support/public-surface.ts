import * as path from 'path';
import * as ts from 'typescript';

/** The names a module exports, each as `value Name` (a class, function or constant) or `type Name`, sorted. */
export function exportedNames(file: string): string[] {
  const program = ts.createProgram([file], { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.resolve(file));
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${file} is not a module`);
  return checker.getExportsOfModule(moduleSymbol).map((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    return `${target.flags & ts.SymbolFlags.Value ? 'value' : 'type'} ${s.name}`;
  }).sort();
}
