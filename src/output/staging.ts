import * as fs from 'fs';
import * as path from 'path';
import { BackgroundWrites } from './background-writes';
import { TreeFolders } from './tree-folders';
import { writeNamingFile } from './write-failure';
import { commitJournal, completeJournal, Journal, JournalRemove, STAGED } from './write-journal';
import { Problem, SynthError } from '../core/problem';
import { FRESH_SUFFIX, INDEX_FILE, TXN_DIR } from '../core/reserved-paths';

/** What a commit makes the tree: the planned changes of a comparison. */
export interface StagedChanges {
  /** Files written (staged already, except the index), sorted. */
  readonly written: readonly string[];
  /** Files to remove, with the hash they were checked to have. */
  readonly removed: readonly JournalRemove[];
  /** The content hash of each written file's previous content, `null` when there was none. */
  readonly before: ReadonlyMap<string, string | null>;
  /** The index's new content, or `undefined` when it is up to date. */
  readonly index?: string;
  /** The hash of the index as read, `null` when there was none. */
  readonly indexBefore: string | null;
}

/**
 * The staged file from which on files go to a writer thread (see `BackgroundWrites`): a small write is
 * done before a thread would have started; a large one overlaps its writes with serializing the next files.
 */
const BACKGROUND_AFTER_FILES = 512;

/**
 * Where changed files wait until the write commits: for a first synth the sibling folder that is
 * renamed into place, otherwise the transaction folder inside the output folder. Created at the
 * first file, so a write that changes nothing creates nothing. Never follows a link (see `TreeFolders`).
 */
export class Staging {
  private readonly fresh: boolean;
  /** The folder removed to discard the staging: the sibling folder or the transaction folder. */
  private readonly top: string;
  /** Where the files go, by their path in the tree. */
  private readonly files: TreeFolders;
  /** Whether the commit point was passed: from then on the write is completed, never discarded. */
  private committedFlag = false;
  private started = false;
  private stagedCount = 0;
  /** Writes the staged files from the {@link BACKGROUND_AFTER_FILES}th on, until {@link finishWrites}. */
  private background?: BackgroundWrites;
  /** Folders of the tree made for the commit, removed again when it does not happen. */
  private tree?: TreeFolders;
  /** What {@link commit} does, once {@link prepare} found the way clear. */
  private prepared?: { readonly kind: 'fresh' } | { readonly kind: 'journal'; readonly tree: TreeFolders; readonly journal: Journal };

  /**
   * @param root the output folder, resolved (see `resolveOutputRoot`)
   * @param shown the output folder as the user named it
   */
  constructor(private readonly root: string, shown: string) {
    this.fresh = fs.lstatSync(root, { throwIfNoEntry: false }) === undefined;
    this.top = this.fresh ? root + FRESH_SUFFIX : path.join(root, TXN_DIR);
    this.files = new TreeFolders(this.fresh ? this.top : path.join(this.top, STAGED), `output ${shown}`);
  }

  /** Whether the write passed its commit point. */
  public get committed(): boolean {
    return this.committedFlag;
  }

  /** Stages one file (`rel`: its path in the tree). */
  public write(rel: string, content: string): void {
    this.start();
    this.files.ensureFolderOf(rel);
    if (++this.stagedCount === BACKGROUND_AFTER_FILES) this.background = BackgroundWrites.start();
    const file = this.files.pathOf(rel);
    if (this.background) this.background.write(file, content);
    else writeNamingFile(file, content);
  }

  /** Waits until every staged file is written; throws the first failure of a write (the file system's error). */
  public finishWrites(): void {
    this.background?.drain();
  }

  /** Removes what was staged and the folders made for it; best effort, for use while another error is thrown. */
  public discard(): void {
    if (this.committedFlag) return;
    try {
      // Nothing may be written into the staging while it is removed.
      this.background?.stop();
      this.tree?.removeCreated();
      if (this.started) fs.rmSync(this.top, { recursive: true, force: true });
    } catch {
      // The error that made the write stop is the one to report; a read-only folder fails this too.
    }
  }

  /**
   * Does everything before the commit point that can fail on what is in the folder: stages the index
   * and makes the folders the staged files move into, so that a link or a file in the way fails the
   * write while the old tree is still intact (every such folder is named, not just the first). Until
   * {@link commit}, {@link discard} still leaves the folder as it was.
   *
   * @param tree the output folder's levels; `undefined` only for a first synth (the folder does not exist)
   */
  public prepare(changes: StagedChanges, tree: TreeFolders | undefined): void {
    this.finishWrites();
    this.start();
    if (this.fresh) {
      this.files.ensureFolderOf(INDEX_FILE);
      fs.writeFileSync(this.files.pathOf(INDEX_FILE), changes.index ?? '');
      this.prepared = { kind: 'fresh' };
      return;
    }
    if (tree === undefined) throw new Error('an existing output folder is prepared with its folders');
    this.tree = tree;
    const moves = changes.written.filter((p) => p !== INDEX_FILE);
    const before = new Map(changes.before);
    if (changes.index !== undefined) {
      fs.writeFileSync(this.files.pathOf(INDEX_FILE), changes.index);
      moves.push(INDEX_FILE);
      before.set(INDEX_FILE, changes.indexBefore);
    }
    const problems: Problem[] = [];
    for (const rel of moves) {
      try {
        tree.ensureFolderOf(rel);
      } catch (e) {
        if (!(e instanceof SynthError)) throw e;
        // Several files below one link or file in the way: it is named once.
        problems.push(...e.problems.filter((p) => !problems.some((q) => q.field === p.field)));
      }
    }
    if (problems.length > 0) throw new SynthError(problems);
    const journal: Journal = {
      version: 2,
      write: moves.map((p) => ({ path: p, before: before.get(p) ?? null })),
      remove: changes.removed,
    };
    this.prepared = { kind: 'journal', tree, journal };
  }

  /**
   * Passes the commit point and makes the staged files the tree: the old tree or the new one at any
   * moment. A first synth renames the staging folder into place; otherwise the journal is committed
   * (the point of no return) and then carried out.
   */
  public commit(): void {
    const prepared = this.prepared;
    if (prepared === undefined) throw new Error('a staging is prepared before it is committed');
    if (prepared.kind === 'fresh') {
      fs.renameSync(this.top, this.root);
      this.committedFlag = true;
      return;
    }
    commitJournal(this.top, prepared.journal);
    this.committedFlag = true;
    completeJournal(prepared.tree, this.files, prepared.journal, false);
  }

  private start(): void {
    if (this.started) return;
    // Left over from a run that stopped before its commit point: nothing in it counts. rmSync removes
    // a link itself, never what it points to.
    fs.rmSync(this.top, { recursive: true, force: true });
    // A first synth may name a folder inside folders that do not exist yet.
    fs.mkdirSync(this.top, { recursive: this.fresh });
    if (!this.fresh) fs.mkdirSync(path.join(this.top, STAGED));
    this.started = true;
  }
}
