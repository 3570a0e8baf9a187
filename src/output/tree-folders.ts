import * as fs from 'fs';
import * as path from 'path';
import { Problem, SynthError } from '../core/problem';

// Without O_NOFOLLOW (Windows) the last component is checked with an lstat first.
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
// O_NONBLOCK: a FIFO planted at a generated path is opened without waiting for a writer (it reads as
// empty, so it is replaced like any stale file); regular files are unaffected.
// eslint-disable-next-line no-bitwise -- open(2) flags are a bit set
const READ_FLAGS = fs.constants.O_RDONLY | NOFOLLOW | (fs.constants.O_NONBLOCK ?? 0);

/** What is at the folder of a path inside an output folder. */
export type FolderState =
  /** Every level is a real folder. */
  | { readonly kind: 'folder' }
  /** A level does not exist: nothing below it exists either. */
  | { readonly kind: 'missing' }
  /** A level is a file (or another non-folder, non-link): `at` is its path relative to the root. */
  | { readonly kind: 'blocked'; readonly at: string };

/**
 * The folders of one output folder (the tree, the Terraform JSON, or a staging folder), used without
 * ever following a symbolic link: a link inside the output folder would make a write, a rename or a
 * delete change files outside it. Every level below the root is `lstat`ed (or made) once and
 * remembered, so checking the path of each of 13,000 files costs one system call per folder.
 * Files are opened with `O_NOFOLLOW`.
 *
 * A link anywhere on the way is a {@link SynthError} naming it; the root itself is taken as given
 * (see `resolveOutputRoot`).
 */
export class TreeFolders {
  /** Real folders, by their path relative to the root (`''`: the root): the levels made or `lstat`ed. */
  private readonly known = new Set<string>(['']);
  /** Folders this instance made, in the order made. */
  private readonly created: string[] = [];
  /** The folder last found in {@link known}: `''` (the root, which no file's folder slice equals) at first. */
  private lastFolder = '';

  /**
   * @param root the output folder, absolute (no trailing separator); it must exist before any method is called
   * @param subject how problems name the folder, e.g. `output dist`
   * @param prefix put before relative paths in problems, e.g. `.gitops-synth-txn/files/` for a staging folder
   */
  constructor(public readonly root: string, private readonly subject: string, private readonly prefix = '') {}

  /** The absolute path of `rel` (a plain relative POSIX path). */
  public pathOf(rel: string): string {
    return path.sep === '/' ? this.root + '/' + rel : path.join(this.root, rel);
  }

  /** Whether the folder of `rel` exists as real folders, creating nothing; throws at a link. */
  public folderOf(rel: string): FolderState {
    for (const dir of this.unknownLevels(rel)) {
      const stat = fs.lstatSync(this.pathOf(dir), { throwIfNoEntry: false });
      if (stat === undefined) return MISSING;
      if (stat.isSymbolicLink()) throw this.error(dir, LINK);
      if (!stat.isDirectory()) return { kind: 'blocked', at: dir };
      this.known.add(dir);
    }
    return IS_FOLDER;
  }

  /** Makes the folder of `rel`, one `mkdir` per missing level; throws at a link or a file in the way. */
  public ensureFolderOf(rel: string): void {
    for (const dir of this.unknownLevels(rel)) {
      const full = this.pathOf(dir);
      try {
        fs.mkdirSync(full);
        this.created.push(full);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const stat = fs.lstatSync(full);
        if (stat.isSymbolicLink()) throw this.error(dir, LINK);
        if (!stat.isDirectory()) throw this.error(dir, BLOCKED);
      }
      this.known.add(dir);
    }
  }

  /**
   * The content of the file `rel`, or `undefined` when it does not exist. Throws when it, or a folder
   * on its way, is a link, or when it is a folder.
   */
  public read(rel: string): string | undefined {
    const folder = this.folderOf(rel);
    if (folder.kind !== 'folder') return undefined;
    return this.peek(rel);
  }

  /**
   * Like {@link read}, but checks only the file itself for a link, not the folders on its way: for
   * comparing a file with what would be written. Its folders are checked when it is written
   * ({@link ensureFolderOf}) or removed ({@link lstat}), so a file only read never changes anything
   * through a link — and a no-op synth of 13,000 files does not pay an `lstat` per folder.
   */
  public peek(rel: string): string | undefined {
    const file = this.pathOf(rel);
    if (NOFOLLOW === 0 && fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) throw this.error(rel, LINK);
    try {
      // One call with the open flags: as fast as a plain readFileSync, which is what a no-op synth does 13,000
      // times. Node takes numeric flags here too, though its types name only strings.
      return fs.readFileSync(file, { encoding: 'utf8', flag: READ_FLAGS as unknown as string });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOTDIR: a file where a folder of the path should be.
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      // O_NOFOLLOW on a link: ELOOP on Linux, EMLINK on FreeBSD.
      if (code === 'ELOOP' || code === 'EMLINK') throw this.error(rel, LINK);
      if (code === 'EISDIR') throw this.error(rel, FOLDER);
      throw e;
    }
  }

  /** What is at `rel` itself, not following a link: `undefined` when nothing (or its folder is missing). */
  public lstat(rel: string): fs.Stats | undefined {
    if (this.folderOf(rel).kind !== 'folder') return undefined;
    return fs.lstatSync(this.pathOf(rel), { throwIfNoEntry: false });
  }

  /**
   * Removes the folder of `rel` and its parents up to (not including) the root while they are empty.
   * Levels already gone are skipped, so that the folders a write interrupted between two removals
   * left are removed when it is completed.
   */
  public removeEmptyParents(rel: string): void {
    for (let slash = rel.lastIndexOf('/'); slash > 0; slash = rel.lastIndexOf('/', slash - 1)) {
      const dir = rel.slice(0, slash);
      try {
        // rmdir removes only an empty real folder: a link or a file fails with ENOTDIR.
        fs.rmdirSync(this.pathOf(dir));
        this.known.delete(dir);
        this.lastFolder = '';
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return;
      }
    }
  }

  /** Removes the folders this instance made, deepest first, if they are still empty. */
  public removeCreated(): void {
    for (const dir of this.created.reverse()) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // Not empty or gone: it holds something that is not ours to remove.
      }
    }
    this.created.length = 0;
  }

  /** A problem of `rel` (relative to the root) as this folder's problems are worded. */
  public problem(rel: string, what: { readonly message: string; readonly hint: string }): Problem {
    return { subject: this.subject, field: this.prefix + rel, message: what.message, hint: what.hint };
  }

  private error(rel: string, what: { readonly message: string; readonly hint: string }): SynthError {
    return new SynthError([this.problem(rel, what)]);
  }

  /** The folders (relative) from the root down to the folder of `rel` not known to be real folders yet, top down. */
  private unknownLevels(rel: string): readonly string[] {
    const slash = rel.lastIndexOf('/');
    if (slash <= 0) return NONE;
    // Files come folder by folder: the folder of the previous file is compared, not sliced and hashed.
    const last = this.lastFolder;
    if (slash === last.length && rel.startsWith(last)) return NONE;
    const folder = rel.slice(0, slash);
    // The usual case, a file in a folder already seen: no array, no further slicing.
    if (this.known.has(folder)) {
      this.lastFolder = folder;
      return NONE;
    }
    const levels: string[] = [];
    for (let s = slash; s > 0; s = rel.lastIndexOf('/', s - 1)) {
      const dir = rel.slice(0, s);
      if (this.known.has(dir)) break;
      levels.push(dir);
    }
    return levels.reverse();
  }
}

const NONE: readonly string[] = [];
const MISSING: FolderState = { kind: 'missing' };
const IS_FOLDER: FolderState = { kind: 'folder' };

/** A symbolic link inside an output folder. */
export const LINK = {
  message: 'is a symbolic link; gitops-synth never reads or writes through a link inside its output folder, so that nothing outside it changes',
  hint: 'replace the link with the folder or file itself, or remove it, then synthesize again',
};

/** A file where a folder of the tree goes. */
const BLOCKED = {
  message: 'is a file where gitops-synth needs a folder',
  hint: 'move or delete the file, then synthesize again',
};

/** A folder where a file of the tree goes. */
const FOLDER = {
  message: 'is a folder where gitops-synth reads or writes a file',
  hint: 'move or delete the folder, then synthesize again',
};
