import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { folderOf, ImportGraph, importCycles, importGraph } from '../support/import-graph';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The layers of the library, lowest first: a folder imports only folders listed before it (and
 * itself). `README.md` ("Architecture") says what each holds and where a new concept goes.
 */
const LAYERS = [
  'core', 'context', 'kustomize', 'policy', 'argocd', 'secrets', 'infrastructure', 'workload',
  'repo', 'aws', 'build', 'checks', 'schema', 'output', 'synth', 'cli',
] as const;

/** Folders of src/ that are this repository's own (demo definitions, benchmark), not the library's. */
const OUTSIDE_THE_LIBRARY = ['src/apps/', 'src/bench/'];

/** Every import that goes up the layers (or into a folder no layer names), as `from → to`. */
function upwardImports(graph: ImportGraph): string[] {
  const rank = (folder: string) => (LAYERS as readonly string[]).indexOf(folder);
  const found: string[] = [];
  for (const [from, targets] of graph) {
    const source = folderOf(from);
    if (source === '') continue; // src/index.ts, the public surface, sits above every layer
    for (const to of targets) {
      if (!to.startsWith('src/')) continue; // imports/: generated bindings, below every layer
      const target = folderOf(to);
      if (target === '' || rank(target) < 0 || rank(target) > rank(source)) found.push(`${from} → ${to}`);
    }
  }
  return found.sort();
}

/** Pairs of folders that import each other, as `a ⇄ b`. */
function folderPairs(graph: ImportGraph): string[] {
  const edges = new Set<string>();
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (to.startsWith('src/') && folderOf(from) !== folderOf(to)) edges.add(`${folderOf(from)}→${folderOf(to)}`);
    }
  }
  return [...edges].filter((e) => {
    const [a, b] = e.split('→');
    return a < b && edges.has(`${b}→${a}`);
  }).map((e) => e.replace('→', ' ⇄ ')).sort();
}

describe('the library source', () => {
  const graph = importGraph(ROOT, 'src', OUTSIDE_THE_LIBRARY);

  test('holds only the folders of the layers', () => {
    const folders = fs.readdirSync(path.join(ROOT, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !OUTSIDE_THE_LIBRARY.includes(`src/${e.name}/`)).map((e) => e.name).sort();
    expect(folders).toEqual([...LAYERS].sort());
  });

  test('imports run one way: each folder imports only the layers below it', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  test('no pair of folders imports each other', () => {
    expect(folderPairs(graph)).toEqual([]);
  });

  test('no file cycle, type-only imports included', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  test('no library file imports the demo definitions or the benchmark', () => {
    const all = importGraph(ROOT, 'src');
    const intoRepositoryOnly = [...all].filter(([from]) => !OUTSIDE_THE_LIBRARY.some((p) => from.startsWith(p)))
      .flatMap(([from, targets]) => targets.filter((t) => OUTSIDE_THE_LIBRARY.some((p) => t.startsWith(p))).map((t) => `${from} → ${t}`));
    expect(intoRepositoryOnly).toEqual([]);
  });
});

describe('the rules find what they guard against', () => {
  const graph: ImportGraph = new Map([
    ['src/core/a.ts', ['src/core/b.ts']],
    ['src/core/b.ts', ['src/repo/c.ts']],
    ['src/repo/c.ts', ['src/core/a.ts']],
    ['src/synth/d.ts', ['src/core/a.ts']],
    ['src/extra/e.ts', []],
  ]);

  test('a cycle through a type-only import', () => {
    expect(importCycles(graph)).toEqual([['src/core/a.ts', 'src/core/b.ts', 'src/repo/c.ts']]);
  });

  test('an import up the layers', () => {
    expect(upwardImports(graph)).toEqual(['src/core/b.ts → src/repo/c.ts']);
  });

  test('two folders importing each other', () => {
    expect(folderPairs(graph)).toEqual(['core ⇄ repo']);
  });

  test('type-only imports are read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-graph-'));
    try {
      fs.mkdirSync(path.join(dir, 'src/core'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'src/core/a.ts'), "import type { B } from './b';\nexport type A = B;\n");
      fs.writeFileSync(path.join(dir, 'src/core/b.ts'), "export type { A as B } from './a';\n");
      expect(importCycles(importGraph(dir, 'src'))).toEqual([['src/core/a.ts', 'src/core/b.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
