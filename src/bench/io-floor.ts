import * as fs from 'fs';
import * as path from 'path';
import { ManifestFile } from '../synth/manifest';

/**
 * The least any generator can do for a tree: serialize the same objects with `JSON.stringify` and write
 * them with `writeFileSync` to the same paths (creating each folder once). No checks, no key order, no
 * comparison with what is on disk. `extra` is one more object, e.g. the Terraform JSON.
 *
 * @returns the number of files written
 */
export function writeFloor(outdir: string, files: readonly ManifestFile[], extra?: { readonly path: string; readonly object: unknown }): number {
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
  if (extra) {
    const target = path.join(outdir, extra.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, JSON.stringify(extra.object));
  }
  return files.length + (extra ? 1 : 0);
}
