import * as fs from 'fs';
import { resolveOutputRoot } from './output-root';
import { TreeFolders } from './tree-folders';

/**
 * Reads the tree files at `paths` (relative to `outdir`) that exist, never through a symbolic link
 * inside the folder (a `SynthError` names it).
 */
export function readFiles(outdir: string, paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (paths.length === 0) return out;
  const root = resolveOutputRoot(outdir);
  if (!fs.existsSync(root)) return out;
  const tree = new TreeFolders(root, `output ${outdir}`);
  for (const rel of paths) {
    const content = tree.read(rel);
    if (content !== undefined) out.set(rel, content);
  }
  return out;
}

/** A file's content, or `undefined` when it does not exist. */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}
