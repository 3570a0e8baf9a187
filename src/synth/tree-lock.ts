import * as fs from 'fs';
import * as path from 'path';

/** Name of the lock file, created next to the output folder (git-ignored in this repository). */
export const LOCK_FILE = '.gitops-synth.lock';

/** Options of {@link acquireTreeLock}. */
export interface TreeLockOptions {
  /**
   * How long to wait for another process to release the lock, in milliseconds.
   * @default 30000
   */
  readonly waitMs?: number;
  /**
   * What the lock is taken for, recorded in the lock file for whoever finds it held.
   * @default 'synth'
   */
  readonly command?: string;
}

/** What a lock file records about its holder. */
export interface LockHolder {
  /** Process id of the holder (on this host). */
  readonly pid: number;
  /** The command holding the lock, e.g. `set-image`. */
  readonly command: string;
  /** When the lock was taken (ISO 8601). */
  readonly since: string;
}

/** Thrown when the lock is still held by another live process after waiting. */
export class TreeLockError extends Error {
  constructor(
    /** The lock file. */
    public readonly file: string,
    /** Who holds it, when the file could be read. */
    public readonly holder: LockHolder | undefined,
    waitedMs: number,
  ) {
    const who = holder ? `process ${holder.pid} (${holder.command}, since ${holder.since})` : 'another process';
    super(`gitops-synth: ${file} is held by ${who}; gave up after waiting ${waitedMs / 1000}s (fix: let that run finish and retry; delete the file only if no gitops-synth is running)`);
    this.name = 'TreeLockError';
  }
}

/** A held lock; release it in a `finally`. */
export interface TreeLock {
  /** The lock file. */
  readonly file: string;
  /** Removes the lock file. */
  release(): void;
}

/** The lock file guarding an output folder: `.gitops-synth.lock` in the folder that holds it. */
export function lockFileFor(outdir: string): string {
  return path.join(path.dirname(path.resolve(outdir)), LOCK_FILE);
}

/**
 * Takes the exclusive lock of an output folder, so two runs never interleave their writes.
 *
 * The lock file is created with `O_EXCL` (flag `wx`; atomic on local file systems). A lock left by a process
 * that no longer runs (same host, pid gone) is stale and taken over; a live holder is waited for,
 * up to `waitMs`, then {@link TreeLockError} is thrown.
 */
export function acquireTreeLock(outdir: string, options: TreeLockOptions = {}): TreeLock {
  const file = lockFileFor(outdir);
  const waitMs = options.waitMs ?? 30_000;
  const holder: LockHolder = { pid: process.pid, command: options.command ?? 'synth', since: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const fd = fs.openSync(file, 'wx', 0o644);
      try {
        fs.writeSync(fd, JSON.stringify(holder) + '\n');
      } finally {
        fs.closeSync(fd);
      }
      return { file, release: () => releaseIfOurs(file) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const current = readHolder(file);
    if (current && !isAlive(current.pid)) {
      // The holder died without releasing (killed CI job): take the lock over.
      fs.rmSync(file, { force: true });
      continue;
    }
    if (Date.now() >= deadline) throw new TreeLockError(file, current, waitMs);
    sleep(100);
  }
}

function releaseIfOurs(file: string): void {
  if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, command: String(parsed.command ?? 'unknown'), since: String(parsed.since ?? 'unknown') };
  } catch {
    // Being written right now, or removed in between: treat as held by someone unknown.
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
