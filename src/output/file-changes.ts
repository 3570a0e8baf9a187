import { createTwoFilesPatch } from 'diff';

/** A tree as data: relative POSIX path → file content. */
export type TreeContents = ReadonlyMap<string, string>;

/** How a file differs between two trees. */
export type FileStatus = 'added' | 'removed' | 'modified';

/** One file whose content differs between two trees. */
export interface FileChange {
  /** POSIX path relative to the output folder. */
  readonly path: string;
  readonly status: FileStatus;
}

/** The files whose content differs (added, removed or modified), sorted by path. */
export function fileChanges(before: TreeContents, after: TreeContents): FileChange[] {
  return [...new Set([...before.keys(), ...after.keys()])].sort()
    .filter((p) => before.get(p) !== after.get(p))
    .map((p) => ({ path: p, status: !before.has(p) ? 'added' : !after.has(p) ? 'removed' : 'modified' }));
}

/**
 * The unified diff of the changed files, in their order, with `a/` and `b/` headers as `git diff` writes them.
 *
 * @param prefix the folder shown in the headers, e.g. `dist`
 * @param shown what is shown of a file's content (e.g. with secret values redacted)
 * @default shown - the content itself
 */
export function unifiedPatch(
  before: TreeContents,
  after: TreeContents,
  changes: readonly FileChange[],
  prefix = '',
  shown: (content: string | undefined) => string = (content) => content ?? '',
): string {
  const label = (p: string) => (prefix ? `${prefix}/${p}` : p);
  let patch = '';
  for (const { path: file } of changes) {
    patch += createTwoFilesPatch(
      before.has(file) ? `a/${label(file)}` : '/dev/null',
      after.has(file) ? `b/${label(file)}` : '/dev/null',
      shown(before.get(file)), shown(after.get(file)), undefined, undefined, { context: 3 },
    ).replace(/^=+\n/, '');
  }
  return patch;
}
