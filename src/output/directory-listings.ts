import * as fs from 'fs';
import * as path from 'path';

/**
 * Which files exist, from one `readdir` per folder; a folder missing from its parent's listing is
 * known to be empty without asking the file system. Only a hint: the file itself is then read without
 * following links (see `TreeFolders`).
 */
export class DirectoryListings {
  private readonly listings = new Map<string, ReadonlySet<string>>();

  /** @param root the output folder, resolved: folders above it are listed as they are */
  constructor(private readonly root: string) {}

  /** Whether `file` (absolute) exists as an entry of its folder. */
  public has(file: string): boolean {
    const slash = file.lastIndexOf(path.sep);
    return this.list(file.slice(0, slash)).has(file.slice(slash + 1));
  }

  private list(dir: string): ReadonlySet<string> {
    let names = this.listings.get(dir);
    if (names === undefined) {
      const inside = dir.startsWith(this.root + path.sep);
      names = inside && !this.list(path.dirname(dir)).has(path.basename(dir)) ? EMPTY : readNames(dir);
      this.listings.set(dir, names);
    }
    return names;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function readNames(dir: string): ReadonlySet<string> {
  try {
    return new Set(fs.readdirSync(dir));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return EMPTY;
    throw e;
  }
}
