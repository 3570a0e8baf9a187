import * as fs from 'fs';
import * as path from 'path';
import { contentHash, isContentHash } from './content-hash';
import { resolveOutputRoot } from './output-root';
import { LINK, TreeFolders } from './tree-folders';
import { Problem, SynthError } from '../core/problem';
import { FRESH_SUFFIX, INDEX_FILE, isTreeFilePath, TMP_SUFFIX, TXN_DIR } from '../core/reserved-paths';

/** Folder of the transaction folder holding the staged files, by their path in the tree. */
export const STAGED = 'files';
/** The journal: its presence in the transaction folder is the commit point of a write. */
export const JOURNAL = 'journal.json';

/** A staged file to move into place. */
export interface JournalWrite {
  /** Its path in the tree (and below the staging folder). */
  readonly path: string;
  /** The content hash of the file it replaces, `null` when there was none. */
  readonly before: string | null;
}

/** A file to remove. */
export interface JournalRemove {
  readonly path: string;
  /** The content hash it must still have to be removed. */
  readonly sha256: string;
}

/**
 * What a committed write still has to do. Recorded with the content each file had when the write was
 * planned, so that completing it after a crash changes only what the write itself would have changed.
 */
export interface Journal {
  readonly version: 2;
  readonly write: readonly JournalWrite[];
  readonly remove: readonly JournalRemove[];
}

/** The journal's path relative to the output folder, as problems name it. */
const JOURNAL_FIELD = `${TXN_DIR}/${JOURNAL}`;

/**
 * Commits a write: the journal is written whole to a temporary file and renamed into place, the
 * atomic point of no return.
 */
export function commitJournal(txn: string, journal: Journal): void {
  const tmp = path.join(txn, JOURNAL + TMP_SUFFIX);
  fs.writeFileSync(tmp, JSON.stringify(journal));
  fs.renameSync(tmp, path.join(txn, JOURNAL));
}

/**
 * Moves staged files into place and removes pruned ones, then deletes the transaction folder; safe to
 * run again after an interruption (a staged file already moved is skipped, a removed file is gone).
 * Never follows a link: the folders of the tree are checked level by level as they are used.
 *
 * @param tree the output folder
 * @param staged the staging folder (`<tree>/.gitops-synth-txn/files`)
 * @param resumed whether an interrupted write is resumed: some staged files may have been moved already
 */
export function completeJournal(tree: TreeFolders, staged: TreeFolders, journal: Journal, resumed: boolean): void {
  for (const { path: rel } of journal.write) {
    const from = staged.pathOf(rel);
    // A staged file already moved by the interrupted run is gone from the staging folder.
    if (resumed && staged.lstat(rel) === undefined) continue;
    tree.ensureFolderOf(rel);
    fs.renameSync(from, tree.pathOf(rel));
  }
  for (const { path: rel } of journal.remove) {
    try {
      fs.unlinkSync(tree.pathOf(rel));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // Also when the file was gone already: a run interrupted between the removal and the folders'.
    tree.removeEmptyParents(rel);
  }
  fs.rmSync(path.join(tree.root, TXN_DIR), { recursive: true, force: true });
}

/** What was found in an output folder's transaction folder. */
export type PendingWrite =
  /** Nothing: no transaction folder. */
  | { readonly kind: 'none' }
  /** Files staged by a write that stopped before its commit point: discarded, the tree is the old one. */
  | { readonly kind: 'uncommitted' }
  /** A committed journal, checked: completing it changes only what the interrupted write would have. */
  | { readonly kind: 'committed'; readonly journal: Journal };

/**
 * Looks at the transaction folder of an output folder without changing anything. A journal is checked
 * whole before anything is moved: every entry a plain path of a file inside the folder, no link on the
 * way, each file to replace or remove still with the content recorded for it. Anything else was not
 * written by an interrupted gitops-synth (e.g. a transaction folder committed to Git) and is refused,
 * naming every entry at fault.
 *
 * @param root the output folder, resolved (see `resolveOutputRoot`)
 * @param shown the output folder as the user named it
 */
export function inspectPendingWrite(root: string, shown: string): PendingWrite {
  const txn = path.join(root, TXN_DIR);
  const txnStat = fs.lstatSync(txn, { throwIfNoEntry: false });
  if (txnStat === undefined) return { kind: 'none' };
  const tree = new TreeFolders(root, `output ${shown}`);
  if (!txnStat.isDirectory()) {
    throw new SynthError([tree.problem(TXN_DIR, txnStat.isSymbolicLink() ? LINK : { message: 'is not a folder; gitops-synth stages its writes there', hint: `remove it (rm ${path.join(shown, TXN_DIR)}), then synthesize again` })]);
  }
  const txnFolders = new TreeFolders(txn, `output ${shown}`, TXN_DIR + '/');
  // The staged files are read and renamed through this folder: a link here would bring files from elsewhere.
  const stagingStat = fs.lstatSync(path.join(txn, STAGED), { throwIfNoEntry: false });
  if (stagingStat !== undefined && !stagingStat.isDirectory()) {
    throw new SynthError([txnFolders.problem(STAGED, stagingStat.isSymbolicLink() ? LINK : { message: 'is not a folder; gitops-synth stages its files there', hint: foreignJournalFix(shown) })]);
  }
  const journalStat = fs.lstatSync(path.join(txn, JOURNAL), { throwIfNoEntry: false });
  if (journalStat === undefined) return { kind: 'uncommitted' };
  const text = txnFolders.read(JOURNAL) ?? '';
  const journal = parseJournal(text, tree.problem.bind(tree), shown);
  const staged = new TreeFolders(path.join(txn, STAGED), `output ${shown}`, `${TXN_DIR}/${STAGED}/`);
  const problems: Problem[] = [];
  const collect = (check: () => void) => {
    try {
      check();
    } catch (e) {
      if (e instanceof SynthError) problems.push(...e.problems);
      else throw e;
    }
  };
  const fix = foreignJournalFix(shown);
  for (const entry of journal.write) {
    collect(() => {
      const stagedStat = staged.lstat(entry.path);
      if (stagedStat === undefined) return;
      if (!stagedStat.isFile()) throw new SynthError([staged.problem(entry.path, { message: 'is not a file staged by gitops-synth', hint: fix })]);
      const current = tree.read(entry.path);
      const hash = current === undefined ? null : contentHash(current);
      if (hash !== entry.before) {
        problems.push(journalProblem(tree, entry, `would replace ${entry.path}, which ${current === undefined ? 'no longer exists' : entry.before === null ? 'did not exist when the write was committed' : 'changed after the write was committed'}`, fix));
      }
    });
  }
  for (const entry of journal.remove) {
    collect(() => {
      const current = tree.read(entry.path);
      if (current !== undefined && contentHash(current) !== entry.sha256) {
        problems.push(journalProblem(tree, entry, `would remove ${entry.path}, whose content is not what the write recorded`, fix));
      }
    });
  }
  if (problems.length > 0) throw new SynthError(problems);
  return { kind: 'committed', journal };
}

/**
 * Finishes or discards a write that was interrupted (crash, kill, power loss). Every write calls it
 * first; returns what it did, or `undefined` when there was nothing to recover. A journal that does
 * not check out (see {@link inspectPendingWrite}) is a {@link SynthError}, and nothing is touched.
 */
export function recoverInterruptedWrite(outdir: string): 'completed' | 'discarded' | undefined {
  const root = resolveOutputRoot(outdir);
  let outcome: 'completed' | 'discarded' | undefined;
  if (fs.lstatSync(root + FRESH_SUFFIX, { throwIfNoEntry: false }) !== undefined) {
    // rmSync removes a link itself, never what it points to.
    fs.rmSync(root + FRESH_SUFFIX, { recursive: true, force: true });
    outcome = 'discarded';
  }
  const pending = inspectPendingWrite(root, outdir);
  if (pending.kind === 'none') return outcome;
  const tree = new TreeFolders(root, `output ${outdir}`);
  const staged = new TreeFolders(path.join(root, TXN_DIR, STAGED), `output ${outdir}`);
  if (pending.kind === 'uncommitted') {
    discardUncommitted(tree, staged);
    return 'discarded';
  }
  completeJournal(tree, staged, pending.journal, true);
  return 'completed';
}

/**
 * Removes the transaction folder of a write that stopped before its commit point, and the folders it
 * had made in the tree for its files (they are made just before the commit point), if still empty.
 */
function discardUncommitted(tree: TreeFolders, staged: TreeFolders): void {
  for (const rel of stagedFiles(staged.root)) tree.removeEmptyParents(rel);
  fs.rmSync(path.join(tree.root, TXN_DIR), { recursive: true, force: true });
}

/** The paths of the files below the staging folder, not following links. */
function stagedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(rel ? path.join(dir, rel) : dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out;
}

/**
 * Parses and checks the form of a journal: version 2, `write` entries `{ path, before }` and `remove`
 * entries `{ path, sha256 }`, every path a plain relative path of a file inside the folder, listed once.
 */
function parseJournal(text: string, problemOf: TreeFolders['problem'], shown: string): Journal {
  const fix = foreignJournalFix(shown);
  const problem = (message: string, value?: unknown): Problem => ({
    ...problemOf(JOURNAL_FIELD, { message, hint: fix }),
    ...(value === undefined ? {} : { value: JSON.stringify(value) }),
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // The journal is written whole and renamed into place, so this is damage from outside.
    throw new SynthError([problem(`records an interrupted write but cannot be read (${(e as Error).message})`)]);
  }
  if (!isRecord(parsed) || parsed.version !== 2 || !Array.isArray(parsed.write) || !Array.isArray(parsed.remove)) {
    throw new SynthError([problem('is not a journal this gitops-synth wrote (expected "version": 2, a "write" list and a "remove" list)')]);
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const write: JournalWrite[] = [];
  const remove: JournalRemove[] = [];
  // The index is moved into place like any staged file, never removed.
  const checkPath = (entry: Record<string, unknown>, writes: boolean): entry is Record<string, unknown> & { path: string } => {
    if (!isTreeFilePath(entry.path) && !(writes && entry.path === INDEX_FILE)) {
      problems.push(problem('lists a path that is not a plain relative path of a file inside the output folder; gitops-synth never moves or removes anything outside it', entry.path));
      return false;
    }
    if (seen.has(entry.path)) {
      problems.push(problem('lists a path twice', entry.path));
      return false;
    }
    seen.add(entry.path);
    return true;
  };
  for (const entry of parsed.write as unknown[]) {
    if (!isRecord(entry)) problems.push(problem('has a "write" entry that is not { path, before }', entry));
    else if (!checkPath(entry, true)) continue;
    else if (entry.before !== null && !isContentHash(entry.before)) problems.push(problem(`records a "before" hash for ${entry.path} that is neither null nor "sha256:" and 64 hex digits`, entry.before));
    else write.push({ path: entry.path, before: entry.before });
  }
  for (const entry of parsed.remove as unknown[]) {
    if (!isRecord(entry)) problems.push(problem('has a "remove" entry that is not { path, sha256 }', entry));
    else if (!checkPath(entry, false)) continue;
    else if (!isContentHash(entry.sha256)) problems.push(problem(`records a hash for ${entry.path} that is not "sha256:" and 64 hex digits`, entry.sha256));
    else remove.push({ path: entry.path, sha256: entry.sha256 });
  }
  if (problems.length > 0) throw new SynthError(problems);
  return { version: 2, write, remove };
}

function journalProblem(tree: TreeFolders, entry: { readonly path: string }, message: string, hint: string): Problem {
  return { ...tree.problem(JOURNAL_FIELD, { message, hint }), value: JSON.stringify(entry.path) };
}

/** The fix of a journal that does not check out: it was not written by gitops-synth, or the tree changed since. */
function foreignJournalFix(shown: string): string {
  return `if no gitops-synth write was interrupted in ${shown}, the folder ${path.join(shown, TXN_DIR)} is not gitops-synth's; otherwise restore ${shown} from Git (git checkout -- ${shown}); either way remove ${path.join(shown, TXN_DIR)}, then synthesize again`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
