import * as fs from 'fs';
import * as path from 'path';

/** Identity of every file under a folder: inode and modification time, by relative path. */
export type TreeStamp = ReadonlyMap<string, string>;

/** Records inode and mtime of every file under `dir`. */
export function stampTree(dir: string): TreeStamp {
  const stamps = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        walk(child);
      } else {
        const stat = fs.statSync(path.join(dir, child), { bigint: true });
        stamps.set(child, `${stat.ino}:${stat.mtimeNs}`);
      }
    }
  };
  walk('');
  return stamps;
}

/**
 * The files created, rewritten (in place or replaced by a rename) or removed between two stamps, sorted.
 * This counts what the file system saw, independently of what the writer reports.
 */
export function changedFiles(before: TreeStamp, after: TreeStamp): string[] {
  const changed = new Set<string>();
  for (const [file, stamp] of after) if (before.get(file) !== stamp) changed.add(file);
  for (const file of before.keys()) if (!after.has(file)) changed.add(file);
  return [...changed].sort();
}
