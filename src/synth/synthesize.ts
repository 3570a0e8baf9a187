import { RenderedTerraform, renderTerraform, terraformOutput } from '../aws/aws-stack';
import { MODEL_CHECKS, TREE_CHECKS, Check, runCheck, undeployProblems } from '../checks';
import { SynthCheckContext } from '../checks/check-context';
import { ManifestFile } from '../core/manifest';
import { Problem, ProblemCollector, SynthError } from '../core/problem';
import { serializeObjects } from '../core/serialize';
import { existingTreePaths } from '../output/existing-tree';
import { writeOutputs } from '../output/output-writer';
import { readFiles } from '../output/read-files';
import { TreeFile } from '../output/tree-file';
import { recoverInterruptedWrite } from '../output/write-journal';
import { WriteResult } from '../output/write-result';
import type { GitOpsRepo } from '../repo/gitops-repo';
import { ModelIndex } from '../repo/model-index';
import { describePending, PendingOverlay } from '../repo/pending-overlays';
import { applyPreservedImages, keepsExistingImage } from '../repo/preserve-images';
import type { SchemaValidator } from '../schema/schema-validator';

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /**
   * Run exactly these checks (after rendering) instead of the model and tree checks — for tests and
   * tools that look at one concern. The refusal to undeploy an overlay the existing tree deploys
   * (`undeployProblems`) runs all the same.
   * @default - MODEL_CHECKS then TREE_CHECKS
   */
  readonly checks?: readonly Check[];
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
  /**
   * Content of existing tree files by path: the files listed by `existingTreePaths(repo)`. Preserve
   * mode (`GitOpsRepo` `preserveImages`) keeps the image entries of the existing overlays, and an
   * overlay without an image version that the existing tree deploys is refused rather than undeployed.
   * Passed in so that synthesizing stays pure.
   * @default - none: every image version comes from the releases data, and nothing is deployed yet
   */
  readonly existing?: ReadonlyMap<string, string>;
  /**
   * Output folder of the tree.
   * @default - the repository's `outdir`
   */
  readonly outdir?: string;
  /**
   * Output folder of the AWS side's Terraform JSON. Independent of `outdir`: a tree written elsewhere
   * does not move the Terraform JSON.
   * @default - the AWS side's `outdir`, else `cdktf.out` next to the repository's `outdir`
   */
  readonly terraformOutdir?: string;
}

/** One output folder of a synth and the files it holds. */
export interface SynthesizedOutput {
  /** The folder the files go to. */
  readonly outdir: string;
  /** The files, relative to the folder, sorted by path. */
  readonly files: readonly TreeFile[];
}

/** Everything one synth writes, and what it left out. */
export interface Synthesized {
  /** The GitOps tree. */
  readonly tree: SynthesizedOutput;
  /**
   * The AWS side's Terraform JSON (`stacks/<stack>/cdk.tf.json` and `inventory.tf.json`).
   * @default - none: the repository has no AWS side
   */
  readonly terraform?: SynthesizedOutput;
  /** The overlays left out because no image version is known for them yet, in definition order. */
  readonly pending: readonly PendingOverlay[];
}

/**
 * Renders, checks and serializes the tree and the AWS side's Terraform JSON. Pure: reads and writes
 * no files (pass what the existing tree holds as `existing`). Throws a `SynthError` with every problem found.
 */
export function synthesize(repo: GitOpsRepo, options: SynthesizeOptions = {}): Synthesized {
  const checked = renderChecked(repo, options);
  return {
    tree: { outdir: options.outdir ?? repo.outdir, files: [...serialized(checked.files)] },
    terraform: checked.terraform && terraformFiles(repo, checked.terraform, options.terraformOutdir),
    pending: checked.pending,
  };
}

/** The rendered files, checked and sorted by path, the Terraform JSON they were checked against, and what was left out. */
interface Checked {
  readonly files: readonly ManifestFile[];
  readonly terraform?: RenderedTerraform;
  readonly pending: readonly PendingOverlay[];
}

/** Renders and checks the tree, without serializing it. Pure: no I/O. Throws a `SynthError` with every problem found. */
function renderChecked(repo: GitOpsRepo, options: SynthesizeOptions): Checked {
  const problems = new ProblemCollector();
  const modelChecks = options.checks ? [] : options.modelChecks ?? MODEL_CHECKS;
  const treeChecks = options.checks ?? options.treeChecks ?? TREE_CHECKS;
  const existing = options.existing ?? new Map<string, string>();
  // One walk of the model for the whole synth: the checks and the render look constructs up in the
  // same index, which also decides which overlays are pending.
  const index = ModelIndex.of(repo, { keepsExistingImage: (overlay) => keepsExistingImage(repo, overlay, existing) });
  for (const check of modelChecks) problems.addAll(runCheck(check, new SynthCheckContext(repo, index, [])));
  let files: ManifestFile[];
  let terraform: RenderedTerraform | undefined;
  try {
    files = applyPreservedImages(repo, repo.renderFiles(index), existing);
    terraform = renderTerraform(repo, index);
  } catch (e) {
    // Definitions with problems may not render; their report says more than the render error.
    if (problems.problems.length > 0) throw new SynthError(problems.problems);
    throw e;
  }
  // One context for every check of the tree: the objects they look at are picked once, when first asked for.
  const ctx = new SynthCheckContext(repo, index, files, terraform);
  for (const check of treeChecks) problems.addAll(runCheck(check, ctx));
  // Not one of the selectable checks: like the writer's refusal of foreign files, it guards what is deployed.
  problems.addAll(withCode('undeploy', undeployProblems(repo, index.pendingOverlays, existing)));
  if (options.schemas) problems.addAll(withCode('schema', options.schemas.validateFiles(files)));
  problems.throwIfAny();
  return {
    files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    terraform,
    pending: describePending(repo, index.pendingOverlays),
  };
}

function withCode(code: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, code }));
}

/** The files serialized one at a time, as they are consumed: a writer that streams them never holds every file's text. */
function* serialized(files: readonly ManifestFile[]): Generator<TreeFile> {
  for (const f of files) yield { path: f.path, content: serializeObjects(f.objects) };
}

/** The Terraform JSON as files of its output folder (see {@link terraformOutput}). */
function terraformFiles(repo: GitOpsRepo, terraform: RenderedTerraform, outdir?: string): SynthesizedOutput {
  const output = terraformOutput(repo, terraform.side, outdir);
  return {
    outdir: output.outdir,
    files: [
      { path: output.stackFile, content: JSON.stringify(terraform.stack, null, 2) + '\n' },
      { path: output.inventoryFile, content: JSON.stringify(terraform.inventory, null, 2) + '\n' },
    ],
  };
}

/** Options of {@link synth}: those of {@link synthesize}; `existing` is read from the output folder when not given. */
export type SynthOptions = SynthesizeOptions;

/** What a synth did, with the output folder. */
export interface SynthResult extends WriteResult {
  /** The output folder written. */
  readonly outdir: string;
  /**
   * What was written of the AWS side's Terraform JSON (`cdktf.out/stacks/<stack>/`).
   * @default - nothing: the repository has no AWS side
   */
  readonly terraform?: WriteResult & { readonly outdir: string };
  /**
   * The overlays not deployed yet because no image version is known for them: nothing of them was
   * written (`formatPending` words each as the CLI prints it).
   */
  readonly pending: readonly PendingOverlay[];
}

/**
 * Synthesizes the tree (and the AWS side's Terraform JSON, if any) and writes both folders as one
 * write (see `writeOutputs`): unchanged files are not rewritten. Nothing is written when any check fails.
 */
export function synth(repo: GitOpsRepo, options: SynthOptions = {}): SynthResult {
  const outdir = options.outdir ?? repo.outdir;
  // Finish an interrupted write first, so the existing files (preserve mode, deployed overlays) are read as last written.
  recoverInterruptedWrite(outdir);
  const checked = renderChecked(repo, { existing: readFiles(outdir, existingTreePaths(repo)), ...options });
  const terraform = checked.terraform && terraformFiles(repo, checked.terraform, options.terraformOutdir);
  // Both folders are one write: a foreign file in either leaves both untouched, and one folder inside the
  // other is refused (each would prune the other's files).
  const [result, terraformResult] = writeOutputs([
    { name: 'tree', outdir, files: serialized(checked.files) },
    ...(terraform ? [{ name: 'terraform', outdir: terraform.outdir, files: terraform.files, separateHint: TERRAFORM_OUTDIR_HINT }] : []),
  ]);
  return {
    outdir,
    ...result,
    terraform: terraform && { outdir: terraform.outdir, ...terraformResult },
    pending: checked.pending,
  };
}

/** How to give the Terraform JSON a folder of its own when it would share the tree's. */
const TERRAFORM_OUTDIR_HINT = 'give the Terraform JSON a folder of its own next to the tree, e.g. cdktf.out (--terraform-out, or AwsSide outdir)';

/** One-line summary of a synth, e.g. `gitops-synth: dist — 2 written, 7 unchanged, 0 removed`. */
export function summarize(result: SynthResult): string {
  const tf = result.terraform;
  const terraform = tf ? `; ${tf.outdir} — ${tf.written.length} written, ${tf.unchanged.length} unchanged, ${tf.removed.length} removed` : '';
  return `gitops-synth: ${result.outdir} — ${result.written.length} written, ${result.unchanged.length} unchanged, ${result.removed.length} removed${terraform}`;
}

/**
 * One line per file a synth wrote or removed — `wrote dist/apps/…`, `removed dist/apps/…` — the tree's
 * first, then the Terraform JSON's, each folder's sorted by path, so that a run's output says exactly
 * what it touched and is the same for the same change.
 *
 * @param result a synth's result, with the folders as they should be shown (e.g. relative to the working directory)
 */
export function listWrites(result: Pick<SynthResult, 'outdir' | 'written' | 'removed' | 'terraform'>): string[] {
  const lines: string[] = [];
  for (const out of [result, ...(result.terraform ? [result.terraform] : [])]) {
    const changes = [...out.written.map((p) => ({ p, verb: 'wrote' })), ...out.removed.map((p) => ({ p, verb: 'removed' }))];
    changes.sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
    lines.push(...changes.map((c) => `${c.verb} ${out.outdir}/${c.p}`));
  }
  return lines;
}
