import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/*
 * An exclusive lock file whose takeover of a stale lock has exactly one winner.
 *
 * Why not a library: `proper-lockfile` decides staleness by mtime and keeps its lock fresh with a timer,
 * which never fires while a synchronous synth blocks the event loop (a long write would be taken over
 * while still running); its `lockSync` cannot wait; and its own stale reclaim (rmdir, then mkdir) has
 * this very race (moxystudio/node-proper-lockfile#121). Node has no flock(2), which would release
 * a dead process's lock by itself. So the protocol is ours, built on three atomic steps of local file
 * systems: link(2) fails if the name exists, rename(2) replaces a name in one step, and O_EXCL.
 *
 * - Publishing: a record is written whole to a private candidate file, then link()ed to the lock's
 *   name. The lock file is therefore never seen empty or half written by a live run.
 * - Takeover: "remove the stale file, then create ours" lets a slow taker remove the lock a faster
 *   one has just created, so both hold it (issue 14). Instead, the right to replace one stale file
 *   is itself a lock file, the claim `<lock>.takeover-<hash>`, named after that very file (device,
 *   inode, size, mtime and content): one claim per stale file, so exactly one live process holds it.
 *   Holding the claim, the taker checks that the lock still is that same stale file, and only then
 *   renames its candidate over it. The lock's name never goes missing in between, so no fresh
 *   creator can slip in; and a stale file changes only through its claim's holder. A taker that died
 *   holding a claim left a stale claim, taken over the same way (the claim of the claim).
 * - Removing a claim by name is safe once the file it is named after has been replaced: that file
 *   never comes back, so whoever claims it afresh finds the lock changed and backs off.
 *
 * What this cannot see: a holder's pid reused by another process keeps the lock "alive" (the error
 * names the pid; delete the file), and a run of an older release takes over the old, racy way.
 */

/**
 * How old a lock file without a readable record (empty, truncated, garbage) must be before it is
 * taken over. Lock files are published whole, so a live run of this release never shows one; the
 * grace covers older releases and file systems without hard links, which create the file first and
 * write the record after.
 */
export const UNREADABLE_GRACE_MS = 5_000;

/** What a lock file records about its holder. */
export interface LockHolder {
  /** Process id of the holder (on this host). */
  readonly pid: number;
  /** The command holding the lock, e.g. `set-image`. */
  readonly command: string;
  /** When the lock was taken (ISO 8601). */
  readonly since: string;
}

/** The record this process writes: its holder, and a token that tells this acquisition from any other. */
export interface LockRecord extends LockHolder {
  /** Unique per acquisition, so that release never removes a lock taken after ours. */
  readonly token: string;
}

/** Why an attempt did not get the lock. */
export interface LockBlocked {
  /**
   * The live process in the way: the lock's holder, or the process taking a stale lock over right now.
   * Undefined when the lock file holds no readable record and is younger than {@link UNREADABLE_GRACE_MS}.
   */
  readonly holder: LockHolder | undefined;
}

/** A fresh record for this process. */
export function newLockRecord(command: string): LockRecord {
  return { pid: process.pid, command, since: new Date().toISOString(), token: crypto.randomBytes(8).toString('hex') };
}

/**
 * One attempt, without waiting, to take the lock file `file`: creates it, or takes over a stale one
 * (its holder is gone, it names no valid pid, or it holds no readable record and is older than
 * {@link UNREADABLE_GRACE_MS}). Returns undefined once the lock is held, else what is in the way.
 */
export function tryLockFile(file: string, record: LockRecord): LockBlocked | undefined {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const blocked = attempt(file, file, JSON.stringify(record) + '\n');
  if (!blocked) sweepLeftovers(file);
  return blocked;
}

/** Removes the lock file `file` if it still is the one taken with `token`. */
export function unlockFile(file: string, token: string): void {
  let snapshot: FileSnapshot | undefined;
  try {
    snapshot = snapshotOf(file);
  } catch {
    // Release runs in a `finally`: a lock file that can no longer be read is not ours to remove, and
    // throwing here would hide the error that ended the run.
    return;
  }
  if (snapshot && parseRecord(snapshot.content)?.token === token) fs.rmSync(file, { force: true });
}

/** The claim on replacing the stale file `snapshot`, next to the lock `root`. Exported for tests. */
export function takeoverClaimFor(root: string, snapshot: FileSnapshot): string {
  return `${root}.takeover-${crypto.createHash('sha256').update(snapshot.key).digest('hex').slice(0, 16)}`;
}

/** One state of a file, as read through one open descriptor. Exported for tests. */
export interface FileSnapshot {
  /** Identifies this state: device, inode, size, mtime and content (a replaced file never has the same key). */
  readonly key: string;
  /** The file's text. */
  readonly content: string;
  /** Its modification time, in ms since the epoch. */
  readonly mtimeMs: number;
}

/** A lock file that cannot be read (a folder, a FIFO, no permission): bad input, reported with its fix. */
export class UnreadableLockError extends Error {
  constructor(file: string, reason: string) {
    super(`gitops-synth: cannot read the lock file ${file}: ${reason} (fix: make it a readable file, or delete it if no gitops-synth is running)`);
    this.name = 'UnreadableLockError';
  }
}

/** The current state of `file`, or undefined when it does not exist. Exported for tests. */
export function snapshotOf(file: string): FileSnapshot | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO in the lock's place is opened without waiting for a writer, then refused below.
    // eslint-disable-next-line no-bitwise
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UnreadableLockError(file, (e as Error).message);
  }
  try {
    // Stat and content from the same descriptor: both describe one inode, even if the name is replaced meanwhile.
    const stat = fs.fstatSync(fd, { bigint: true });
    if (!stat.isFile()) throw new UnreadableLockError(file, 'it is not a file');
    const content = fs.readFileSync(fd, 'utf8');
    return { key: `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${content}`, content, mtimeMs: Number(stat.mtimeMs) };
  } catch (e) {
    if (e instanceof UnreadableLockError) throw e;
    throw new UnreadableLockError(file, (e as Error).message);
  } finally {
    fs.closeSync(fd);
  }
}

/** Takes `file` (the lock `root`, or a claim next to it) for `content`. */
function attempt(file: string, root: string, content: string): LockBlocked | undefined {
  for (;;) {
    const candidate = writeCandidate(root, content);
    try {
      if (publish(candidate, file, content)) return undefined;
      const found = inspect(file);
      if (found.kind === 'absent') continue; // released in between: create it afresh
      if (found.kind === 'live') return { holder: found.holder };
      if (found.kind === 'young') return { holder: undefined };
      const claim = takeoverClaimFor(root, found.snapshot);
      const blocked = attempt(claim, root, content);
      if (blocked) return blocked;
      try {
        // Another taker replaced it before we got the claim: look again.
        if (snapshotOf(file)?.key !== found.snapshot.key) continue;
        fs.renameSync(candidate, file);
        return undefined;
      } finally {
        fs.rmSync(claim, { force: true });
      }
    } finally {
      fs.rmSync(candidate, { force: true });
    }
  }
}

/** A private file next to `root` holding `content`, ready to be linked or renamed into place. */
function writeCandidate(root: string, content: string): string {
  const candidate = `${root}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(candidate, content, { flag: 'wx', mode: 0o644 });
  return candidate;
}

/** Errors of link(2) on file systems without hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** Creates `file` with the candidate's content unless it exists; false when it exists. */
function publish(candidate: string, file: string, content: string): boolean {
  try {
    fs.linkSync(candidate, file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw e;
  }
  // No hard links here: create, then write; until then readers see an empty file, hence the grace.
  try {
    fs.writeFileSync(file, content, { flag: 'wx', mode: 0o644 });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

type Found =
  | { readonly kind: 'absent' }
  | { readonly kind: 'live'; readonly holder: LockHolder }
  | { readonly kind: 'young' }
  | { readonly kind: 'stale'; readonly snapshot: FileSnapshot };

function inspect(file: string): Found {
  const snapshot = snapshotOf(file);
  if (!snapshot) return { kind: 'absent' };
  const record = parseRecord(snapshot.content);
  if (!record) {
    // |age|: an mtime far in the future (clock set back) was not written by a run that is starting now either.
    return Math.abs(Date.now() - snapshot.mtimeMs) < UNREADABLE_GRACE_MS ? { kind: 'young' } : { kind: 'stale', snapshot };
  }
  return isAlive(record.pid) ? { kind: 'live', holder: { pid: record.pid, command: record.command, since: record.since } } : { kind: 'stale', snapshot };
}

/**
 * The record in a lock file's text, or undefined when it is not a JSON object (empty, truncated, garbage).
 * A complete object was written whole, so it is judged by its pid even when that pid is no valid one.
 */
function parseRecord(content: string): (LockHolder & { readonly token?: string }) | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  return {
    pid: typeof fields.pid === 'number' ? fields.pid : NaN,
    command: String(fields.command ?? 'unknown'),
    since: String(fields.since ?? 'unknown'),
    token: typeof fields.token === 'string' ? fields.token : undefined,
  };
}

/** Whether `pid` names a running process; 0 and negative pids name process groups, never a holder. */
function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what takers killed mid-takeover left next to the lock `root`: candidates of dead processes
 * and stale claims. Runs only while holding the lock, when no claim can concern the current lock
 * file, so a claim removed here at worst sends its taker back to find the lock changed. Best effort:
 * a leftover is harmless, and the lock is already held.
 */
function sweepLeftovers(root: string): void {
  const dir = path.dirname(root);
  const prefix = path.basename(root) + '.';
  try {
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith(prefix)) continue;
      const rest = name.slice(prefix.length);
      const candidateOf = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(rest);
      const leftover = candidateOf
        ? !isAlive(Number(candidateOf[1]))
        : /^takeover-[0-9a-f]{16}$/.test(rest) && inspect(path.join(dir, name)).kind === 'stale';
      if (leftover) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // Best effort, see above.
  }
}
