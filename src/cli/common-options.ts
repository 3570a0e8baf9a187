import * as fs from 'fs';
import * as path from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliContext, CliError, ExitCode } from './cli-context';
import { AwsSide } from '../aws/aws-side';
import { terraformOutput } from '../aws/aws-stack';
import { SynthError } from '../core/problem';
import { existingTreePaths } from '../output/existing-tree';
import { UnreadableLockError } from '../output/lock-file';
import { readFiles } from '../output/read-files';
import { acquireTreeLock, TreeLock, TreeLockError } from '../output/tree-lock';
import type { GitOpsRepo } from '../repo/gitops-repo';
import { SchemaValidator } from '../schema/schema-validator';
import { listWrites, SynthResult } from '../synth/synthesize';

/** Options every command accepts. */
export interface CommonOptions {
  /** The definitions entry, overriding package.json (see `loadRepo`). */
  readonly definitions?: string;
  /** Output folder overriding the definitions' `outdir`. */
  readonly out?: string;
  /** Output folder of the Terraform JSON overriding the definitions' (the AWS side's `outdir`, else `cdktf.out`). */
  readonly terraformOut?: string;
}

/** Options of the commands that write. */
export interface WriteOptions extends CommonOptions {
  /** Seconds to wait for another run holding the lock. */
  readonly lockTimeout: number;
}

/**
 * Adds the options every command shares (`--definitions`, `--out`, `--terraform-out`, and
 * `--lock-timeout` for commands that write) and the examples shown by `--help`.
 */
export function withStandardOptions(command: Command, options: { readonly writes: boolean; readonly examples: string }): Command {
  addCommonOptions(command);
  if (options.writes) addLockOption(command);
  return command.addHelpText('after', `\nExamples:\n${options.examples}`);
}

/** Adds `--definitions`, `--out` and `--terraform-out` to a command. */
export function addCommonOptions(command: Command): Command {
  return command
    .option('--definitions <file>', 'TypeScript or JavaScript module exporting defineRepo (default: the "gitops-synth".definitions field of package.json)')
    .option('--out <dir>', 'output folder of the tree, e.g. a checkout of a separate GitOps repository (default: the definitions\' outdir, dist)')
    .option('--terraform-out <dir>', 'output folder of the AWS side\'s Terraform JSON; --out does not move it (default: the definitions\' AwsSide outdir, else cdktf.out next to their outdir)');
}

/** Adds `--lock-timeout` to a command that writes. */
export function addLockOption(command: Command): Command {
  return command.addOption(new Option('--lock-timeout <seconds>', 'how long to wait for another gitops-synth run on the same tree').default(30).argParser(parseSeconds));
}

function parseSeconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new InvalidArgumentError('must be a number of seconds, e.g. 30');
  return Number(value);
}

/** The output folder, absolute: `--out` (relative to the working directory) or the repository's outdir. */
export function outdirOf(ctx: CliContext, repo: GitOpsRepo, options: CommonOptions): string {
  return outputFolder(ctx, path.resolve(ctx.cwd, options.out ?? repo.outdir), options.out !== undefined ? '--out' : 'the output folder');
}

/**
 * The Terraform JSON's output folder, absolute: `--terraform-out` or what the definitions decide (see
 * `terraformOutput`), relative to the working directory; `undefined` without an AWS side. Never
 * derived from `--out`, so that writing the tree elsewhere writes nothing next to it.
 */
export function terraformOutdirOf(ctx: CliContext, repo: GitOpsRepo, options: CommonOptions): string | undefined {
  const side = AwsSide.of(repo);
  return side && outputFolder(ctx, path.resolve(ctx.cwd, options.terraformOut ?? terraformOutput(repo, side).outdir), options.terraformOut !== undefined ? '--terraform-out' : 'the Terraform output folder');
}

/**
 * `folder`, once it is known to be a folder or to be creatable as one: the path itself, or the nearest
 * of its parents that exists, must be a folder. Anything else is bad input (exit code 2), found before
 * a lock or a file is touched.
 */
function outputFolder(ctx: CliContext, folder: string, source: string): string {
  for (let p = folder; ; p = path.dirname(p)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(p);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) return folder;
    if (stat) throw new CliError(`gitops-synth: ${source} ${display(ctx, folder)}: ${display(ctx, p)} is not a folder (fix: name a folder, or a new folder inside an existing one)`);
    if (path.dirname(p) === p) return folder;
  }
}

/** The lines listing what a synth wrote and removed (`listWrites`), with its folders as the user sees them. */
export function shownWrites(ctx: CliContext, result: SynthResult): { readonly lines: string[]; readonly shown: SynthResult } {
  const shown = {
    ...result,
    outdir: display(ctx, result.outdir),
    terraform: result.terraform && { ...result.terraform, outdir: display(ctx, result.terraform.outdir) },
  };
  return { lines: listWrites(shown), shown };
}

/** A path as shown in messages: relative to the working directory when inside it. */
export function display(ctx: CliContext, file: string): string {
  const rel = path.relative(ctx.cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/**
 * The files of the existing tree that a synth reads (`existingTreePaths`: the overlays it may keep or
 * must not undeploy), as data for `synthesize`.
 */
export function existingFiles(repo: GitOpsRepo, outdir: string): ReadonlyMap<string, string> {
  return readFiles(outdir, existingTreePaths(repo));
}

/** Runs a synth, turning check failures into exit code 2 with every problem listed. */
export function failOnProblems<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof SynthError) throw new CliError(e.message);
    throw e;
  }
}

/**
 * The schemas of `--schemas [DIR]`: the packaged ones without DIR, else the Kubernetes definitions and
 * CRDs under DIR (exit code 2 when they do not load).
 */
export function schemasOf(ctx: CliContext, dir: string | true | undefined): SchemaValidator | undefined {
  if (dir === undefined) return undefined;
  if (dir === true) return SchemaValidator.fromPackages();
  try {
    return SchemaValidator.fromDirectory(path.resolve(ctx.cwd, dir));
  } catch (e) {
    throw new CliError(`gitops-synth: --schemas ${dir}: ${(e as Error).message}`);
  }
}

/** Runs `body` holding the output folder's lock; a lock still held after the timeout is exit code 2. */
export function withLock<T>(outdir: string, options: WriteOptions, command: string, body: () => T): T {
  let lock: TreeLock;
  try {
    lock = acquireTreeLock(outdir, { waitMs: options.lockTimeout * 1000, command });
  } catch (e) {
    if (e instanceof TreeLockError || e instanceof UnreadableLockError) throw new CliError(e.message, ExitCode.USAGE);
    throw e;
  }
  try {
    return body();
  } finally {
    lock.release();
  }
}

