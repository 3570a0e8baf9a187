import * as path from 'path';
import { Command, Option } from 'commander';
import { CliContext, CliError, ExitCode } from './cli-context';
import { CommonOptions, display, existingFiles, failOnProblems, outdirOf, terraformOutdirOf, withStandardOptions } from './common-options';
import { loadRepo } from './definitions';
import { INDEX_FILE } from '../core/reserved-paths';
import { DiffFormat, DiffReport, diffReportJson, formatDiffReport, hasChanges } from '../output/diff-report';
import { GitTreeError, readGitTree } from '../output/git-tree';
import { diffTerraform } from '../output/terraform-diff';
import { diffTrees } from '../output/tree-diff';
import { TreeFile } from '../output/tree-file';
import { parseIndex } from '../output/tree-index';
import { synthesize } from '../synth/synthesize';

interface DiffOptions extends CommonOptions {
  readonly base: string;
  readonly format: DiffFormat;
  readonly json?: boolean;
  readonly exitCode?: boolean;
}

const EXAMPLES = `  $ gitops-synth diff                                   what the definitions change compared with the committed tree and Terraform (HEAD)
  $ gitops-synth diff --base origin/main                compared with main (a pull request's change)
  $ gitops-synth diff --base origin/main --format markdown > comment.md
  $ gitops-synth diff --base origin/main --json         the changed files and the summary as JSON, for CI`;

/** `gitops-synth diff [--base <git-ref>] [--format text|markdown] [--json]`. */
export function diffCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return withStandardOptions(new Command('diff')
    .description('compare the tree and the Terraform JSON the definitions produce with those committed at a Git revision: a summary per service and environment and of the AWS side, then the file diffs')
    .option('--base <git-ref>', 'Git revision holding the tree and Terraform JSON to compare with', 'HEAD')
    .addOption(new Option('--format <format>', 'output format; markdown is ready to paste as a pull-request comment').choices(['text', 'markdown']).default('text'))
    .addOption(new Option('--json', 'print the changed files and the summary as JSON instead of text or markdown (schema version 1, see the README)').conflicts('format'))
    .option('--exit-code', 'exit 1 when there are differences (like git diff --exit-code)'), { writes: false, examples: EXAMPLES })
    .action((options: DiffOptions) => setExit(runDiff(ctx, options)));
}

/** Runs `diff`; returns the exit code. */
export function runDiff(ctx: CliContext, options: DiffOptions): number {
  const repo = loadRepo(ctx, options.definitions);
  const outdir = outdirOf(ctx, repo, options);
  const terraformOutdir = terraformOutdirOf(ctx, repo, options);
  const { tree, terraform } = failOnProblems(() => synthesize(repo, { existing: existingFiles(repo, outdir), outdir, terraformOutdir }));
  const shown = display(ctx, tree.outdir);
  const report: DiffReport = {
    base: options.base,
    tree: { dir: shown, diff: diffTrees(committedFiles(ctx, tree.outdir, options.base, /\.ya?ml$/), contents(tree.files), prefixOf(shown)) },
    terraform: terraform && {
      dir: display(ctx, terraform.outdir),
      diff: diffTerraform(
        committedFiles(ctx, terraform.outdir, options.base, /\.tf\.json$/),
        contents(terraform.files),
        prefixOf(display(ctx, terraform.outdir)),
      ),
    },
  };
  ctx.stdout(options.json ? diffReportJson(report) : formatDiffReport(report, options.format));
  return options.exitCode && hasChanges(report) ? ExitCode.FINDING : ExitCode.OK;
}

function contents(files: readonly TreeFile[]): Map<string, string> {
  return new Map(files.map((f) => [f.path, f.content]));
}

/** Diff headers show the folder as the user sees it; an absolute path outside the working directory is left out. */
function prefixOf(shown: string): string {
  return path.isAbsolute(shown) ? '' : shown;
}

/**
 * The files gitops-synth generated in `dir` as committed at `base`: those its index lists, or when
 * there is no index, those matching `fallback`.
 */
function committedFiles(ctx: CliContext, dir: string, base: string, fallback: RegExp): Map<string, string> {
  let tree: Map<string, string>;
  try {
    tree = readGitTree(dir, base);
  } catch (e) {
    if (e instanceof GitTreeError) throw new CliError(`gitops-synth diff: ${e.message} (fix: run inside the Git repository that holds ${display(ctx, dir)}, and pass an existing revision with --base)`);
    throw e;
  }
  const index = tree.get(INDEX_FILE);
  let listed: Set<string> | undefined;
  if (index !== undefined) {
    try {
      listed = new Set(parseIndex(index, { subject: `output ${dir}`, file: INDEX_FILE }).files.keys());
    } catch {
      // A broken index (e.g. a merge conflict committed) lists nothing reliable: fall back to the file names.
      listed = undefined;
    }
  }
  return new Map([...tree].filter(([p]) => p !== INDEX_FILE && (listed ? listed.has(p) : fallback.test(p))));
}
