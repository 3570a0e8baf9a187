import { isPlainRelativePath } from './plain-path';

/**
 * The index of files gitops-synth generated, kept in the output folder: only files listed there, with
 * the content recorded for them, are ever removed; files it never generated are never touched.
 */
export const INDEX_FILE = '.gitops-synth-index.json';

/**
 * Folder inside the output folder where a write is staged; holds the journal of a write in progress.
 * It exists only while a write runs or after one was interrupted, and is git-ignored.
 */
export const TXN_DIR = '.gitops-synth-txn';

/** Suffix of the sibling folder a first synth builds the whole tree in before renaming it into place. */
export const FRESH_SUFFIX = '.gitops-synth-new';

/** Suffix of the temporary file a file is written to before it is renamed into place. */
export const TMP_SUFFIX = '.gitops-synth-tmp';

/** Segments of safe characters, none empty, `.` or `..`, joined by single slashes. */
const SAFE_PATH = /^(?!\.\.?(?:\/|$))[\w.-]+(?:\/(?!\.\.?(?:\/|$))[\w.-]+)*$/;

/**
 * Whether a path read from the index or a journal may name a file of the tree: a plain relative path
 * (no `..`, not absolute, normalized), not the index itself, nothing inside the transaction folder or
 * a `.git` folder. Anything else in those files was not written by gitops-synth.
 */
export function isTreeFilePath(p: unknown): p is string {
  // The usual path, checked once per index entry on every synth: safe characters, no `.`/`..` segment, no `.git`.
  if (typeof p === 'string' && SAFE_PATH.test(p) && !p.includes('.git')) return true;
  if (typeof p !== 'string' || !isPlainRelativePath(p) || p.includes('\0')) return false;
  const segments = p.split('/');
  // isPlainRelativePath lets `.` and a trailing slash through: neither names a file.
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s === '.git')) return false;
  return p !== INDEX_FILE && segments[0] !== TXN_DIR;
}
