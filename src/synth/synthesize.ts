import * as path from 'path';
import { existingTreePaths } from '../output/existing-tree';
import { ManifestFile } from '../core/manifest';
import { describePending, PendingOverlay } from '../repo/pending-overlays';
import { applyPreservedImages, keepsExistingImage } from '../repo/preserve-images';
import { ProblemCollector, SynthError } from '../core/problem';
import { serializeObjects } from '../core/serialize';
import { applyPlan, planWrite, readFiles, recoverInterruptedWrite, TreeFile, writeFiles, WriteResult } from '../output/tree-writer';
import { RenderedTerraform, renderTerraform, terraformOutput } from '../aws/aws-stack';
import { MODEL_CHECKS, TREE_CHECKS, Check, undeployProblems } from '../checks';
import type { GitOpsRepo } from '../repo/gitops-repo';
import { ModelIndex } from '../repo/model-index';
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
}

/**
 * Renders, checks and serializes the tree. Pure: reads and writes no files.
 * Throws a `SynthError` with every problem found.
 *
 * @returns the files sorted by path
 */
export function synthesize(repo: GitOpsRepo, options: SynthesizeOptions = {}): TreeFile[] {
  return synthesizeWithTerraform(repo, options).files;
}

/** What one synth produces: the tree's files and the AWS side's Terraform JSON (built once for both). */
export interface Synthesized {
  /** The tree's files, sorted by path. */
  readonly files: TreeFile[];
  /**
   * The AWS side's Terraform JSON, as the cross-plane check saw it.
   * @default - none: the repository has no AWS side
   */
  readonly terraform?: RenderedTerraform;
  /** The overlays left out because no image version is known for them yet, in definition order. */
  readonly pending: readonly PendingOverlay[];
}

/**
 * Like {@link synthesize}, also returning the Terraform JSON the checks were run against, so that
 * writing or comparing it does not build the stack a second time. Pure: no I/O.
 */
export function synthesizeWithTerraform(repo: GitOpsRepo, options: SynthesizeOptions): Synthesized {
  const checked = renderChecked(repo, options);
  return { files: [...serialized(checked.files)], terraform: checked.terraform, pending: checked.pending };
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
  // One walk of the model for the whole synth: the model checks (given no files yet) and the render
  // look constructs up in the same index, which also decides which overlays are pending.
  const index = ModelIndex.of(repo, undefined, { keepsExistingImage: (overlay) => keepsExistingImage(repo, overlay, existing) });
  const unrendered: ManifestFile[] = [];
  ModelIndex.remember(unrendered, index);
  for (const check of modelChecks) problems.addAll(check(repo, unrendered));
  let files: ManifestFile[];
  try {
    const rendered = repo.renderFiles(index);
    files = applyPreservedImages(repo, rendered, existing);
    // The tree checks look constructs up in the index the render was built from.
    ModelIndex.remember(files, index);
  } catch (e) {
    // Definitions with problems may not render; their report says more than the render error.
    if (problems.problems.length > 0) throw new SynthError(problems.problems);
    throw e;
  }
  for (const check of treeChecks) problems.addAll(check(repo, files));
  // Not one of the selectable checks: like the writer's refusal of foreign files, it guards what is deployed.
  problems.addAll(undeployProblems(repo, index.pendingOverlays, existing));
  if (options.schemas) problems.addAll(options.schemas.validateFiles(files));
  problems.throwIfAny();
  const terraform = renderTerraform(repo, files);
  return {
    files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    terraform,
    pending: describePending(repo, index.pendingOverlays),
  };
}

/** The files serialized one at a time, as they are consumed: a writer that streams them never holds every file's text. */
function* serialized(files: readonly ManifestFile[]): Generator<TreeFile> {
  for (const f of files) yield { path: f.path, content: serializeObjects(f.objects) };
}

/** Options of {@link synth}. */
export interface SynthOptions extends SynthesizeOptions {
  /**
   * Output folder.
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

/** Options of {@link synthesizeTerraform}. */
export interface TerraformOutputOptions {
  /**
   * Output folder of the Terraform JSON.
   * @default - the AWS side's `outdir`, else `cdktf.out` next to the repository's `outdir`
   */
  readonly outdir?: string;
}

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
 * The AWS side's Terraform JSON as files of its output folder (`stacks/<stack>/cdk.tf.json` and
 * `inventory.tf.json`), or `undefined` without an AWS side. Pure; run the checks first (`synthesize`),
 * as `synth` does.
 *
 * @param options where the Terraform JSON goes (see {@link terraformOutput})
 */
export function synthesizeTerraform(
  repo: GitOpsRepo,
  options: TerraformOutputOptions = {},
  rendered?: RenderedTerraform,
): { outdir: string; files: TreeFile[] } | undefined {
  const terraform = rendered ?? renderTerraform(repo);
  if (!terraform) return undefined;
  const { outdir, stackFile, inventoryFile } = terraformOutput(repo, terraform.side, options.outdir);
  return {
    outdir,
    files: [
      { path: stackFile, content: JSON.stringify(terraform.stack, null, 2) + '\n' },
      { path: inventoryFile, content: JSON.stringify(terraform.inventory, null, 2) + '\n' },
    ],
  };
}

/**
 * Synthesizes the tree (and the AWS side's Terraform JSON, if any) and writes them through the
 * tree writer: unchanged files are not rewritten. Nothing is written when any check fails.
 */
export function synth(repo: GitOpsRepo, options: SynthOptions = {}): SynthResult {
  const outdir = options.outdir ?? repo.outdir;
  // Finish an interrupted write first, so the existing files (preserve mode, deployed overlays) are read as last written.
  recoverInterruptedWrite(outdir);
  const checked = renderChecked(repo, { existing: readFiles(outdir, existingTreePaths(repo)), ...options });
  const terraform = checked.terraform && synthesizeTerraform(repo, { outdir: options.terraformOutdir }, checked.terraform);
  if (terraform && overlaps(outdir, terraform.outdir)) {
    // Each folder's writer would remove the other's files as no longer generated: the whole tree, at once.
    throw new SynthError([{
      subject: `output ${outdir}`,
      field: 'terraform outdir',
      value: JSON.stringify(terraform.outdir),
      message: 'is the tree\'s output folder, inside it, or holds it; each writer would remove the other\'s files as no longer generated',
      hint: 'give the Terraform JSON a folder of its own next to the tree, e.g. cdktf.out (--terraform-out, or AwsSide outdir)',
    }]);
  }
  if (terraform) recoverInterruptedWrite(terraform.outdir);
  // The Terraform files are planned before the tree is staged, so that a foreign file in either folder
  // leaves both untouched.
  const terraformPlan = terraform ? planWrite(terraform.outdir, terraform.files) : undefined;
  const result = writeFiles(outdir, serialized(checked.files));
  return {
    outdir,
    ...result,
    terraform: terraform && terraformPlan ? { outdir: terraform.outdir, ...applyPlan(terraformPlan) } : undefined,
    pending: checked.pending,
  };
}

/** Whether one folder is the other or inside it. */
function overlaps(a: string, b: string): boolean {
  const inside = (child: string, parent: string) => {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  const [ra, rb] = [path.resolve(a), path.resolve(b)];
  return inside(ra, rb) || inside(rb, ra);
}

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
