import * as fs from 'fs';
import * as path from 'path';
import { TMP_SUFFIX } from '../core/reserved-paths';

/**
 * Writes one file outside the output folders (e.g. the releases file) through a temporary file and a
 * rename, so readers never see half a file.
 */
export function atomicWrite(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = file + TMP_SUFFIX;
  // A leftover, or a link planted there, is removed itself (never what it points to); 'wx' then creates
  // the file anew, so the content never goes through a link.
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, content, { flag: 'wx' });
  fs.renameSync(tmp, file);
}
