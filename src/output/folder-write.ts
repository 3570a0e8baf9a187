import { resolveOutputRoot } from './output-root';
import { Staging } from './staging';
import { compareWithTree, TreeComparison } from './tree-comparison';
import { TreeFile } from './tree-file';
import { isFileSystemError, writeFailure } from './write-failure';
import { WriteResult } from './write-result';
import { Problem, SynthError } from '../core/problem';

/**
 * The write of one output folder, in steps, so that a write of several folders can take each step in
 * every folder before the next ({@link stage}, {@link prepare}, {@link commit}). Until its commit,
 * {@link discard} leaves the folder as it was; from the commit on, a crash leaves a journal that the
 * next run completes (see `recoverInterruptedWrite`, called before this write is made).
 *
 * Problems with what is in the folder (foreign or edited files, links, folders in the way) are
 * returned, to be reported with the other folders'. A failure of the file system is thrown at once as
 * a {@link SynthError} naming the file (see `writeFailure`).
 */
export class FolderWrite {
  /** The output folder, resolved (see `resolveOutputRoot`). */
  private readonly root: string;
  private readonly staging: Staging;
  private comparison?: TreeComparison;

  /** @param shown the output folder as the user named it */
  constructor(public readonly shown: string) {
    this.root = resolveOutputRoot(shown);
    this.staging = new Staging(this.root, shown);
  }

  /** Whether the write passed its commit point. */
  public get committed(): boolean {
    return this.staging.committed;
  }

  /** What the write changes (or changed); known once the files are staged. */
  public get result(): WriteResult {
    const c = this.compared();
    return { written: c.written, unchanged: c.unchanged, removed: c.removed };
  }

  /**
   * Compares the files with the folder and stages each changed one as it is compared: no file's
   * content is kept, so `files` can produce them one at a time (e.g. serialize each as it is needed).
   *
   * @param keep whether to stage the changed files: not when another folder refused its write already
   * @returns why the write cannot go ahead, empty when it can
   */
  public stage(files: Iterable<TreeFile>, keep: boolean): readonly Problem[] {
    const staged = keep ? (file: TreeFile) => this.staging.write(file.path, file.content) : () => undefined;
    try {
      this.comparison = compareWithTree(this.shown, this.root, files, staged);
      this.staging.finishWrites();
    } catch (e) {
      // Checked first: a file-system failure is thrown as a SynthError of its own, not collected.
      if (isFileSystemError(e)) throw this.failure(e);
      if (e instanceof SynthError) return e.problems;
      throw e;
    }
    return this.comparison.problems;
  }

  /**
   * Takes every step before the commit point that can still fail on what is in the folder (see
   * `Staging.prepare`); nothing to do when the write changes nothing.
   *
   * @returns why the write cannot go ahead, empty when it can
   */
  public prepare(): readonly Problem[] {
    const c = this.compared();
    if (!changesSomething(c)) return [];
    try {
      this.staging.prepare(c.changes, c.tree);
    } catch (e) {
      if (isFileSystemError(e)) throw this.failure(e);
      if (e instanceof SynthError) return e.problems;
      throw e;
    }
    return [];
  }

  /** Passes the commit point and completes the write (see `Staging.commit`). */
  public commit(): void {
    if (!changesSomething(this.compared())) return;
    try {
      this.staging.commit();
    } catch (e) {
      throw isFileSystemError(e) ? this.failure(e) : e;
    }
  }

  /**
   * Removes what was staged and the folders made for it, unless the commit point was passed; best
   * effort, for use while another error is thrown.
   */
  public discard(): void {
    this.staging.discard();
  }

  private compared(): TreeComparison {
    if (this.comparison === undefined) throw new Error(`the files of ${this.shown} are staged first`);
    return this.comparison;
  }

  private failure(e: NodeJS.ErrnoException): SynthError {
    return writeFailure(e, this.root, this.shown, this.staging.committed);
  }
}

function changesSomething(c: TreeComparison): boolean {
  return c.written.length > 0 || c.removed.length > 0;
}
