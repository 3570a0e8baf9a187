import { ALL_CHECKS, Check } from '../checks';
import { ProblemCollector } from './problem';
import { serializeObjects } from './serialize';
import { TreeFile, WriteResult, writeTree } from './tree-writer';
import type { GitOpsRepo } from '../repo/gitops-repo';

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /**
   * Checks to run before serializing.
   * @default ALL_CHECKS
   */
  readonly checks?: readonly Check[];
}

/**
 * Renders, checks and serializes the tree. Pure: reads and writes no files.
 * Throws a `SynthError` with every problem found.
 *
 * @returns the files sorted by path
 */
export function synthesize(repo: GitOpsRepo, options: SynthesizeOptions = {}): TreeFile[] {
  const problems = new ProblemCollector();
  const files = repo.renderFiles();
  for (const check of options.checks ?? ALL_CHECKS) {
    problems.addAll(check(repo, files));
  }
  problems.throwIfAny();
  return files
    .map((f) => ({ path: f.path, content: serializeObjects(f.objects) }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Options of {@link synth}. */
export interface SynthOptions extends SynthesizeOptions {
  /**
   * Output folder.
   * @default - the repository's `outdir`
   */
  readonly outdir?: string;
}

/** What a synth did, with the output folder. */
export interface SynthResult extends WriteResult {
  /** The output folder written. */
  readonly outdir: string;
}

/**
 * Synthesizes the tree and writes it. Nothing is written when any check fails.
 */
export function synth(repo: GitOpsRepo, options: SynthOptions = {}): SynthResult {
  const files = synthesize(repo, options);
  const outdir = options.outdir ?? repo.outdir;
  return { outdir, ...writeTree(outdir, files) };
}

/** One-line summary of a synth, e.g. `gitops-synth: dist — 2 written, 7 unchanged, 0 removed`. */
export function summarize(result: SynthResult): string {
  return `gitops-synth: ${result.outdir} — ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed`;
}
