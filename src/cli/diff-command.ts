import * as path from 'path';
import { Command, Option } from 'commander';
import { CliContext, CliError, ExitCode, loadRepo } from './cli-context';
import { CommonOptions, display, outdirOf, synthesizeOrFail, withStandardOptions } from './common-options';
import { GitTreeError, readGitTree } from '../synth/git-tree';
import { DiffFormat, diffTrees, formatTreeDiff } from '../synth/tree-diff';
import { INDEX_FILE } from '../synth/tree-writer';

interface DiffOptions extends CommonOptions {
  readonly base: string;
  readonly format: DiffFormat;
  readonly exitCode?: boolean;
}

const EXAMPLES = `  $ gitops-synth diff                                   what the definitions change compared with the committed tree (HEAD)
  $ gitops-synth diff --base origin/main                compared with the tree on main (a pull request's change)
  $ gitops-synth diff --base origin/main --format markdown > comment.md`;

/** `gitops-synth diff [--base <git-ref>] [--format text|markdown]`. */
export function diffCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return withStandardOptions(new Command('diff')
    .description('compare the tree the definitions produce with the tree committed at a Git revision: a summary per service and environment, then the YAML diff')
    .option('--base <git-ref>', 'Git revision holding the tree to compare with', 'HEAD')
    .addOption(new Option('--format <format>', 'output format; markdown is ready to paste as a pull-request comment').choices(['text', 'markdown']).default('text'))
    .option('--exit-code', 'exit 1 when there are differences (like git diff --exit-code)'), { writes: false, examples: EXAMPLES })
    .action((options: DiffOptions) => setExit(runDiff(ctx, options)));
}

/** Runs `diff`; returns the exit code. */
export function runDiff(ctx: CliContext, options: DiffOptions): number {
  const repo = loadRepo(ctx, options.definitions);
  const outdir = outdirOf(ctx, repo, options);
  const after = new Map(synthesizeOrFail(repo, outdir).map((f) => [f.path, f.content]));
  let committed: Map<string, string>;
  try {
    committed = readGitTree(outdir, options.base);
  } catch (e) {
    if (e instanceof GitTreeError) throw new CliError(`gitops-synth diff: ${e.message} (fix: run inside the Git repository that holds ${display(ctx, outdir)}, and pass an existing revision with --base)`);
    throw e;
  }
  const before = generatedFiles(committed);
  const shown = display(ctx, outdir);
  const diff = diffTrees(before, after, path.isAbsolute(shown) ? '' : shown);
  ctx.stdout(formatTreeDiff(diff, options.format, `${options.base}:${shown}`));
  return options.exitCode && diff.changedFiles.length > 0 ? ExitCode.FINDING : ExitCode.OK;
}

/** The files gitops-synth generated in a committed tree: those its index lists (all YAML when there is none). */
function generatedFiles(tree: Map<string, string>): Map<string, string> {
  const index = tree.get(INDEX_FILE);
  let listed: Set<string> | undefined;
  if (index !== undefined) {
    try {
      listed = new Set((JSON.parse(index) as { files: string[] }).files);
    } catch {
      listed = undefined;
    }
  }
  return new Map([...tree].filter(([p]) => p !== INDEX_FILE && (listed ? listed.has(p) : /\.ya?ml$/.test(p))));
}
