import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** Relative imports of each file: repository-relative POSIX path → the files it imports (type-only imports included). */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * The import graph of the TypeScript files below `dir` (relative to `root`), read with TypeScript's own
 * pre-processor: `import`, `import type`, `export … from`, `require()` and `import()` all count.
 */
export function importGraph(root: string, dir: string, exclude: readonly string[] = []): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(path.join(root, dir))) {
    const rel = toPosix(path.relative(root, file));
    if (exclude.some((e) => rel.startsWith(e))) continue;
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets: string[] = [];
    for (const imported of info.importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const resolved = resolveModule(path.resolve(path.dirname(file), imported.fileName));
      if (resolved) targets.push(toPosix(path.relative(root, resolved)));
    }
    graph.set(rel, targets);
  }
  return graph;
}

/** The import cycles of a graph: each strongly connected component of more than one file, or a file importing itself. */
export function importCycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative-free recursion is fine at this size (hundreds of files).
  let next = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    order.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!order.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, order.get(w)!));
      }
    }
    if (low.get(v) === order.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!order.has(v)) visit(v);
  return cycles;
}

/** The folder of a file below `src/`: `src/core/manifest.ts` → `core`; a file directly in `src/` → `''`. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1] : '';
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

function resolveModule(base: string): string | undefined {
  for (const candidate of [base + '.ts', path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
