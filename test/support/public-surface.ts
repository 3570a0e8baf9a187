import * as path from 'path';
import * as ts from 'typescript';

/** The names a module exports, each as `value Name` (a class, function or constant) or `type Name`, sorted. */
export function exportedNames(file: string): string[] {
  const options = { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, strict: true, noEmit: true, skipLibCheck: true };
  const program = ts.createProgram([file], options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.resolve(file));
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${file} is not a module`);
  return checker.getExportsOfModule(moduleSymbol).map((s) => {
    const target = hasFlag(s, ts.SymbolFlags.Alias) ? checker.getAliasedSymbol(s) : s;
    return `${hasFlag(target, ts.SymbolFlags.Value) && !isTypeOnlyExport(s) ? 'value' : 'type'} ${s.name}`;
  }).sort();
}

function hasFlag(symbol: ts.Symbol, flag: ts.SymbolFlags): boolean {
  // eslint-disable-next-line no-bitwise
  return (symbol.flags & flag) !== 0;
}

/** Whether the name is exported with `export type { … }`: a class exported so is a type only. */
function isTypeOnlyExport(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly));
}
