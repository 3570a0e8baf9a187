import * as fs from 'fs';
import * as path from 'path';
import { contentHash } from './content-hash';
import { resolveOutputRoot } from './output-root';
import { TreeFolders } from './tree-folders';
import { Problem, SynthError } from '../core/problem';
import { INDEX_FILE, isTreeFilePath } from '../core/reserved-paths';

/** Strings that JSON writes as they are, between quotes. */
const PLAIN = /^[\w./-]*$/;

/** The index's format version written now: `files` maps each path to its content hash. */
const VERSION = 2;

/**
 * The index of an output folder as read: every file gitops-synth wrote there, with the content hash
 * it recorded. An index written before hashes were recorded (format 1: `files` is a list of paths)
 * reads as paths without a hash: such a file is still rewritten when it is generated, but never
 * removed, since nothing tells it from a file made by hand (see `compareWithTree`).
 */
export interface TreeIndex {
  /** Content hash by path (`undefined`: listed without a hash, by an index of format 1). */
  readonly files: ReadonlyMap<string, string | undefined>;
  /** The index's text as read (`undefined` when there is no index). */
  readonly text?: string;
}

/** The index of a folder without one. */
export const NO_INDEX: TreeIndex = { files: new Map() };

/**
 * Parses an index's text. Every entry must be a plain relative path of a file inside the folder (see
 * `isTreeFilePath`) with a well-formed hash; anything else is refused, every such entry named.
 *
 * @param where how problems name the folder (`output dist`) and the file to restore (`dist/.gitops-synth-index.json`)
 */
export function parseIndex(text: string, where: { readonly subject: string; readonly file: string }): TreeIndex {
  const restore = `restore it from Git (git checkout -- ${where.file}), or resolve its merge conflict`;
  const problem = (message: string, value?: string): Problem => ({ subject: where.subject, field: INDEX_FILE, value, message, hint: restore });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // A merge conflict in the index is the usual cause; nothing is written until it is mended.
    throw new SynthError([problem(`is not valid JSON (${(e as Error).message})`)]);
  }
  const raw = isRecord(parsed) ? parsed.files : undefined;
  const problems: Problem[] = [];
  const files = new Map<string, string | undefined>();
  const add = (p: unknown, hash: unknown) => {
    if (!isTreeFilePath(p)) {
      problems.push(problem('lists a path that is not a plain relative path of a file inside the output folder; gitops-synth never removes or writes anything outside it', JSON.stringify(p)));
    } else if (hash !== undefined && typeof hash !== 'string') {
      // Only the type here: checking 13,000 hashes digit by digit costs more than the rest of the parse, and
      // a hash is used only to remove a file, where it is checked (see checkRemovals in tree-comparison.ts).
      problems.push(problem(`records a content hash that is not "sha256:" and 64 hex digits for ${p}`, JSON.stringify(hash)));
    } else if (files.has(p)) {
      problems.push(problem('lists a path twice', JSON.stringify(p)));
    } else {
      files.set(p, hash as string | undefined);
    }
  };
  // Format 1 lists paths; format 2 maps each path to its hash. Walked without building entry arrays:
  // a no-op synth of 13,000 files reads the whole index.
  if (Array.isArray(raw)) {
    for (const p of raw as unknown[]) add(p, undefined);
  } else if (isRecord(raw) && isRecord(parsed) && parsed.version === VERSION) {
    for (const p in raw) add(p, raw[p]);
  } else {
    throw new SynthError([problem(`is not an index of gitops-synth (expected "version": ${VERSION} and "files" mapping each path to its content hash, or "files" listing paths)`)]);
  }
  if (problems.length > 0) throw new SynthError(problems);
  return { files, text };
}

/**
 * Reads and parses the index of an output folder, never through a link.
 *
 * @param folders the output folder (it exists)
 * @param shown the folder as the user named it
 */
export function readTreeIndex(folders: TreeFolders, shown: string): TreeIndex {
  const text = folders.read(INDEX_FILE);
  if (text === undefined) return NO_INDEX;
  return parseIndex(text, { subject: `output ${shown}`, file: path.join(shown, INDEX_FILE) });
}

/** Reads the list of files a previous run generated, sorted as the index lists them (empty when there is no index). */
export function readIndex(outdir: string): string[] {
  const root = resolveOutputRoot(outdir);
  if (!fs.existsSync(root)) return [];
  return [...readTreeIndex(new TreeFolders(root, `output ${outdir}`), outdir).files.keys()];
}

/**
 * Renders the index file's content for the files of a tree: format 2, each path (sorted) with its
 * content hash, one per line, so that the index diffs like the tree and is the same for the same files.
 */
export function renderIndex(files: Iterable<{ readonly path: string; readonly content: string }>): string {
  const hashes: Array<[string, string]> = [];
  for (const f of files) hashes.push([f.path, contentHash(f.content)]);
  return renderIndexOfHashes(hashes);
}

/** {@link renderIndex} of paths with their content hashes already computed. */
export function renderIndexOfHashes(hashes: ReadonlyArray<readonly [string, string]>): string {
  const sorted = isSorted(hashes) ? hashes : [...hashes].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // Written line by line rather than through an object: JSON.stringify puts integer-like keys (a file named `1`) first.
  // A hash is hex; most paths need no escaping either, and quoting them directly is cheaper.
  const lines: string[] = [];
  for (const [p, hash] of sorted) lines.push(`    ${PLAIN.test(p) ? `"${p}"` : JSON.stringify(p)}: "${hash}"`);
  const files = lines.length === 0 ? '{}' : `{\n${lines.join(',\n')}\n  }`;
  return `{\n  "generator": "gitops-synth",\n  "version": ${VERSION},\n  "files": ${files}\n}\n`;
}

function isSorted(hashes: ReadonlyArray<readonly [string, string]>): boolean {
  for (let i = 1; i < hashes.length; i++) if (hashes[i - 1][0] > hashes[i][0]) return false;
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
