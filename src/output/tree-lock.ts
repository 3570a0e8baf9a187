import * as path from 'path';
import { LockHolder, newLockRecord, tryLockFile, UNREADABLE_GRACE_MS, unlockFile } from './lock-file';

export type { LockHolder } from './lock-file';

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

/** Thrown when the lock is still held by another live process after waiting. */
export class TreeLockError extends Error {
  constructor(
    /** The lock file. */
    public readonly file: string,
    /** Who holds it; undefined when the lock file holds no readable record (yet). */
    public readonly holder: LockHolder | undefined,
    waitedMs: number,
  ) {
    const who = holder
      ? `process ${holder.pid} (${holder.command}, since ${holder.since})`
      : `another process (the file holds no readable lock record yet; one older than ${UNREADABLE_GRACE_MS / 1000}s is taken over)`;
    super(`gitops-synth: ${file} is held by ${who}; gave up after waiting ${waitedMs / 1000}s (fix: let that run finish and retry; delete the file only if no gitops-synth is running)`);
    this.name = 'TreeLockError';
  }
}

/** A held lock; release it in a `finally`. */
export interface TreeLock {
  /** The lock file. */
  readonly file: string;
  /** Removes the lock file, unless it is no longer ours. */
  release(): void;
}

/** The lock file guarding an output folder: `.gitops-synth.lock` in the folder that holds it. */
export function lockFileFor(outdir: string): string {
  return path.join(path.dirname(path.resolve(outdir)), LOCK_FILE);
}

/**
 * Takes the exclusive lock of an output folder, so two runs never interleave their writes.
 *
 * The lock file is published whole and atomically (see `lock-file.ts`). A stale lock is taken over by
 * exactly one process, however many try at once: one left by a process that no longer runs (same host),
 * one naming no valid pid (0, negative, not an integer), or one without a readable record that is older
 * than 5 s. A live holder is waited for, up to `waitMs`, then {@link TreeLockError} is thrown.
 */
export function acquireTreeLock(outdir: string, options: TreeLockOptions = {}): TreeLock {
  const file = lockFileFor(outdir);
  const waitMs = options.waitMs ?? 30_000;
  const record = newLockRecord(options.command ?? 'synth');
  const deadline = Date.now() + waitMs;
  for (;;) {
    const blocked = tryLockFile(file, record);
    if (!blocked) return { file, release: () => unlockFile(file, record.token) };
    if (Date.now() >= deadline) throw new TreeLockError(file, blocked.holder, waitMs);
    sleep(100);
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
