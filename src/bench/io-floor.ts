import * as fs from 'fs';
import * as path from 'path';
import { ManifestFile } from '../core/manifest';

/**
 * The least any generator can do for a tree: serialize the same objects with `JSON.stringify` and write
 * them with `writeFileSync` to the same paths (creating each folder once). No checks, no key order, no
 * comparison with what is on disk. `extra` are more objects, e.g. the Terraform JSON files.
 *
 * @returns the number of files written
 */
export function writeFloor(
  outdir: string,
  files: readonly ManifestFile[],
  extra: ReadonlyArray<{ readonly path: string; readonly object: unknown }> = [],
): number {
  const made = new Set<string>();
  for (const file of files) {
    const target = path.join(outdir, file.path);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    fs.writeFileSync(target, JSON.stringify(file.objects.length === 1 ? file.objects[0] : file.objects));
  }
  for (const { path: extraPath, object } of extra) {
    const target = path.join(outdir, extraPath);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, JSON.stringify(object));
  }
  return files.length + extra.length;
}
