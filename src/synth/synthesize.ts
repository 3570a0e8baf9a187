import { MODEL_CHECKS, TREE_CHECKS, Check } from '../checks';
import { ManifestFile } from './manifest';
import { ProblemCollector, SynthError } from './problem';
import { serializeObjects } from './serialize';
import { TreeFile, WriteResult, writeTree } from './tree-writer';
import type { GitOpsRepo } from '../repo/gitops-repo';
import type { SchemaValidator } from '../schema/schema-validator';

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /**
   * Checks of the definitions, run before rendering.
   * @default MODEL_CHECKS
   */
  readonly modelChecks?: readonly Check[];
  /**
   * Checks of the rendered files.
   * @default TREE_CHECKS
   */
  readonly treeChecks?: readonly Check[];
  /**
   * Validates every emitted object against the cluster's schemas before anything is written.
   * @default - no schema validation
   */
  readonly schemas?: SchemaValidator;
}

/**
 * Renders, checks and serializes the tree. Pure: reads and writes no files.
 * Throws a `SynthError` with every problem found.
 *
 * @returns the files sorted by path
 */
export function synthesize(repo: GitOpsRepo, options: SynthesizeOptions = {}): TreeFile[] {
  const problems = new ProblemCollector();
  for (const check of options.modelChecks ?? MODEL_CHECKS) problems.addAll(check(repo, []));
  let files: ManifestFile[];
  try {
    files = repo.renderFiles();
  } catch (e) {
    // Definitions with problems may not render; their report says more than the render error.
    if (problems.problems.length > 0) throw new SynthError(problems.problems);
    throw e;
  }
  for (const check of options.treeChecks ?? TREE_CHECKS) problems.addAll(check(repo, files));
  if (options.schemas) problems.addAll(options.schemas.validateFiles(files));
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
