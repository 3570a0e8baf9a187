import * as fs from 'fs';
import * as path from 'path';
import { SynthError } from '../core/problem';

/** Whether `e` is an error of the file system (it has an errno code such as `EACCES`). */
export function isFileSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

const HINTS: Record<string, string> = {
  EACCES: 'make the folder writable for this user (chmod u+w), or write elsewhere with --out',
  EPERM: 'make the folder writable for this user (chmod u+w), or write elsewhere with --out',
  EROFS: 'the file system is mounted read-only: write to a writable folder (--out), or remount it read-write',
  ENOSPC: 'free space on the disk, then synthesize again',
  EDQUOT: 'free space within your disk quota, then synthesize again',
  ENOTDIR: 'a file stands where gitops-synth needs a folder: move or delete it, then synthesize again',
  EEXIST: 'a file stands where gitops-synth needs a folder: move or delete it, then synthesize again',
  ENOENT: 'a folder was removed while gitops-synth wrote (another process?): synthesize again',
  EISDIR: 'a folder stands where a file goes: two generated paths clash (one is the folder of the other; rename a construct), or the folder was made meanwhile (remove it); then synthesize again',
};

/**
 * A file-system failure of a write (read-only folder, full disk, a file in the way) as a report naming
 * the file and the fix, instead of a raw `EACCES: permission denied, mkdir '…'`.
 *
 * @param e the error
 * @param root the output folder, absolute: paths inside it are shown relative to it
 * @param shown the output folder as the user named it
 * @param committed whether the write had passed its commit point: the next synth then completes it
 */
export function writeFailure(e: NodeJS.ErrnoException, root: string, shown: string, committed: boolean): SynthError {
  const where = e.path === undefined ? shown : relativeTo(root, e.path) ?? e.path;
  // e.message is "CODE: description, syscall 'path'": keep the part before the path.
  const reason = e.message.replace(/, \w+ '.*$/s, '');
  const hint = HINTS[e.code ?? ''] ?? 'check the folder, then synthesize again';
  const problem = {
    subject: `output ${shown}`,
    field: where,
    message: committed
      ? `could not be completed (${e.syscall}: ${reason}); the write was committed, and the next synth completes it`
      : `could not be written (${e.syscall}: ${reason}); the output folder was left as it was`,
    hint,
  };
  return new SynthError([problem], committed
    ? 'gitops-synth: a write stopped after its commit point; the next synth (or any writing command) completes it'
    : undefined);
}

function relativeTo(root: string, file: string): string | undefined {
  const rel = path.relative(root, file);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
}

/**
 * `writeFileSync`, with the file named in its error: a failed `write` (a full disk) names no path, and
 * the report must say which file could not be written.
 */
export function writeNamingFile(file: string, content: string): void {
  try {
    fs.writeFileSync(file, content);
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (error.path === undefined) error.path = file;
    throw error;
  }
}
