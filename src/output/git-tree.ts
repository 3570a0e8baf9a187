import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Enough for trees of thousands of files (the default 1 MiB is not). */
const MAX_BUFFER = 1024 * 1024 * 1024;

/** Thrown when Git cannot give the tree at a revision (not a repository, unknown revision). */
export class GitTreeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitTreeError';
  }
}

/**
 * Reads every file of a folder as committed at a Git revision, without touching the working tree.
 *
 * @param dir the folder, inside a Git working tree (it need not exist on disk any more)
 * @param ref a revision, e.g. `HEAD`, `origin/main`, a commit
 * @returns relative POSIX path → content; empty when the folder does not exist at that revision
 */
export function readGitTree(dir: string, ref: string): Map<string, string> {
  const absolute = path.resolve(dir);
  const cwd = existingAncestor(absolute);
  const top = git(cwd, ['rev-parse', '--show-toplevel'], `${cwd} is not inside a Git repository`).trim();
  const prefix = path.relative(fs.realpathSync(top), realpathOrSelf(absolute)).split(path.sep).join('/');
  git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], `unknown Git revision "${ref}"`);
  const listing = git(top, ['ls-tree', '-r', '-z', '--full-tree', ref, '--', prefix || '.'], `cannot list ${prefix} at ${ref}`);
  const blobs: Array<{ path: string; sha: string }> = [];
  for (const entry of listing.split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match) blobs.push({ sha: match[1], path: prefix ? path.posix.relative(prefix, match[2]) : match[2] });
  }
  const out = new Map<string, string>();
  if (blobs.length === 0) return out;
  // One `cat-file --batch` for all blobs: one process instead of one per file.
  const raw = execFileSync('git', ['cat-file', '--batch'], { cwd: top, input: blobs.map((b) => b.sha).join('\n') + '\n', maxBuffer: MAX_BUFFER });
  let offset = 0;
  for (const blob of blobs) {
    const headerEnd = raw.indexOf(0x0a, offset);
    const size = Number(raw.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    out.set(blob.path, raw.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8'));
    offset = headerEnd + 1 + size + 1;
  }
  return out;
}

function git(cwd: string, args: string[], failure: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: MAX_BUFFER });
  } catch {
    throw new GitTreeError(failure);
  }
}

function existingAncestor(dir: string): string {
  let current = dir;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

function realpathOrSelf(dir: string): string {
  const base = existingAncestor(dir);
  return path.join(fs.realpathSync(base), path.relative(base, dir));
}

/**
 * Where a file's content comes from in Git, to tell a hand edit from a stale file:
 * `uncommitted` when the working copy differs from HEAD, `alone` when the last commit that changed
 * it changed nothing outside `dir`, `with-sources` when that commit also changed other files
 * (definitions, releases), `unknown` without Git or history.
 */
export type FileOrigin = 'uncommitted' | 'alone' | 'with-sources' | 'unknown';

/**
 * The {@link FileOrigin} of each of `files` (absolute paths inside the folder `dir`), by path.
 * Batched: one `git diff` for the folder, then one `git log` per file and one `git show` per commit.
 */
export function fileOrigins(dir: string, files: readonly string[]): Map<string, FileOrigin> {
  const out = new Map<string, FileOrigin>(files.map((f) => [f, 'unknown']));
  const cwd = existingAncestor(path.resolve(dir));
  let top: string;
  let uncommitted: Set<string>;
  const rel = (p: string) => path.relative(top, realpathOrSelf(path.resolve(p))).split(path.sep).join('/');
  try {
    top = fs.realpathSync(git(cwd, ['rev-parse', '--show-toplevel'], '').trim());
    uncommitted = new Set(git(top, ['diff', '--name-only', '--no-renames', 'HEAD', '--', rel(dir) || '.'], '').split('\n').filter(Boolean));
  } catch {
    // Not a repository, or no commit yet.
    return out;
  }
  const dirRel = rel(dir);
  const commits = new Map<string, boolean>();
  for (const file of files) {
    const fileRel = rel(file);
    if (uncommitted.has(fileRel)) {
      out.set(file, 'uncommitted');
      continue;
    }
    try {
      const commit = git(top, ['log', '-1', '--format=%H', 'HEAD', '--', fileRel], '').trim();
      if (!commit) continue;
      if (!commits.has(commit)) {
        const changed = git(top, ['show', '--name-only', '--format=', '--no-renames', commit], '').split('\n').filter(Boolean);
        commits.set(commit, changed.every((p) => p === dirRel || p.startsWith(dirRel + '/')));
      }
      out.set(file, commits.get(commit) ? 'alone' : 'with-sources');
    } catch {
      // No history for this file: unknown.
    }
  }
  return out;
}
