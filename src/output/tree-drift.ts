import * as fs from 'fs';
import * as path from 'path';
import { FileOrigin, fileOrigins } from './git-tree';
import { resolveOutputRoot } from './output-root';
import { TreeFile } from './tree-file';
import { TreeFolders } from './tree-folders';
import { readTreeIndex } from './tree-index';
import { inspectPendingWrite, JOURNAL } from './write-journal';
import { INDEX_FILE, TXN_DIR } from '../core/reserved-paths';

/**
 * Why a file of the tree differs from what the definitions produce:
 * - `stale`: the definitions (or releases) changed and synth was not run, or the file is no longer
 *   generated at all — run synth and commit;
 * - `missing`: the definitions produce it but it is not there;
 * - `hand-edited`: the YAML itself was edited — its working copy differs from HEAD, or the last commit
 *   that changed it changed nothing outside the output folder (no definitions, no releases) —
 *   move the change into the definitions;
 * - `unexpected`: a YAML/JSON file gitops-synth never generated sits in the tree.
 */
export type DriftKind = 'stale' | 'missing' | 'hand-edited' | 'unexpected';

/** One file that differs. */
export interface Drift {
  /** POSIX path relative to the output folder. */
  readonly path: string;
  readonly kind: DriftKind;
}

/**
 * Compares the tree on disk with the files the definitions produce, without writing anything.
 *
 * Files in folders whose name starts with `.` (`.git`, `.github`) and files other than
 * `.yaml`/`.yml`/`.json` are never reported as unexpected: a separate GitOps repository may keep
 * its README and CI files next to the tree. Telling `hand-edited` from `stale` needs the Git
 * history of the file (check out with enough depth in CI, e.g. `fetch-depth: 0`). A write interrupted
 * after its commit point is reported as its journal, `.gitops-synth-txn/journal.json`, `stale` (synth
 * completes it); a journal gitops-synth would refuse, a symbolic link inside the folder, or a folder
 * where a file goes is a `SynthError`, as for synth.
 *
 * @returns the differing files, sorted by path (empty when the tree is up to date)
 */
export function detectDrift(outdir: string, files: readonly TreeFile[]): Drift[] {
  const root = resolveOutputRoot(outdir);
  const tree = fs.existsSync(root) ? new TreeFolders(root, `output ${outdir}`) : undefined;
  // A journal that does not check out is refused here as synth would refuse it (a SynthError naming it).
  const pending = tree ? inspectPendingWrite(root, outdir) : undefined;
  const owned = new Set(tree ? readTreeIndex(tree, outdir).files.keys() : []);
  const expected = new Map(files.map((f) => [f.path, f.content]));
  // Read without following links: a link inside the tree is refused (a SynthError), as synth refuses it.
  const contents = new Map<string, string | undefined>();
  const read = (rel: string): string | undefined => {
    if (!contents.has(rel)) contents.set(rel, tree?.read(rel));
    return contents.get(rel);
  };
  // First the differing files, then their classification (Git is asked once for all of them).
  const differing: string[] = [];
  for (const [rel, content] of expected) {
    if (read(rel) !== content) differing.push(rel);
  }
  for (const rel of owned) {
    if (!expected.has(rel) && read(rel) !== undefined) differing.push(rel);
  }
  const present = differing.filter((rel) => owned.has(rel) && read(rel) !== undefined);
  const origins = fileOrigins(root, present.map((rel) => path.join(root, rel)));
  const originOf = (rel: string): FileOrigin => origins.get(path.join(root, rel)) ?? 'unknown';
  const drifts: Drift[] = differing.map((rel) => {
    if (read(rel) === undefined) return { path: rel, kind: 'missing' };
    if (!owned.has(rel)) return { path: rel, kind: 'unexpected' };
    const origin = originOf(rel);
    // Without Git history (no repository, shallow root commit) a difference cannot be attributed: stale.
    return { path: rel, kind: origin === 'uncommitted' || origin === 'alone' ? 'hand-edited' : 'stale' };
  });
  for (const rel of listTreeFiles(root)) {
    if (!expected.has(rel) && !owned.has(rel) && rel !== INDEX_FILE) drifts.push({ path: rel, kind: 'unexpected' });
  }
  // An interrupted write the next synth completes: until then the tree is neither the old one nor the new one.
  if (pending?.kind === 'committed') drifts.push({ path: `${TXN_DIR}/${JOURNAL}`, kind: 'stale' });
  if (drifts.length === 0 && !sameSet(owned, expected)) {
    // Every file is right, but the index lists other files (e.g. it was edited by hand): synth rewrites it.
    // Hashes alone are not compared: a file is checked by its content above, and a hash matters only when
    // the file is removed — in preserve mode an image updater edits overlays and the index follows at the next synth.
    drifts.push({ path: INDEX_FILE, kind: 'stale' });
  }
  return drifts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlyMap<string, unknown>): boolean {
  if (a.size !== b.size) return false;
  for (const p of a) if (!b.has(p)) return false;
  return true;
}

/** Relative paths of the YAML and JSON files under `root`, skipping dot-folders. */
function listTreeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.')) walk(child);
      } else if (/\.(ya?ml|json)$/.test(entry.name)) {
        out.push(child);
      }
    }
  };
  walk('');
  return out;
}
