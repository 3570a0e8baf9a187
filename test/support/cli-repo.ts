import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempDir } from './tmp';
import { runCli } from '../../src/cli/main';

/** The root of this repository (its definitions, releases and committed dist/). */
export const PROJECT_DIR = path.resolve(__dirname, '..', '..');

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: PROJECT_DIR,
};

/** Runs git in `dir` and returns its output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, env: GIT_ENV, encoding: 'utf8' });
}

/**
 * A Git repository holding a package.json that names this repository's definitions, a copy of its releases
 * file, committed dist/ and cdktf.out/, one commit; the CLI runs there with those definitions.
 * The repository is built once per test file and copied for each caller: a copy costs a few file
 * copies, while `git init`, `add` and `commit` each start a process from the (large) test process.
 */
export function repoCopy(): string {
  template ??= initialRepo();
  const dir = tempDir('gitops-synth-cli-');
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

let template: string | undefined;

/** The Git repository that {@link repoCopy} copies (never handed out, so never changed). */
function initialRepo(): string {
  const dir = tempDir('gitops-synth-cli-template-');
  fs.mkdirSync(path.join(dir, 'src', 'apps'), { recursive: true });
  // The project's configuration names this repository's definitions, as a team's names its own.
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ 'name': 'gitops', 'private': true, 'gitops-synth': { definitions: DEFINITIONS } }, null, 2) + '\n');
  fs.copyFileSync(path.join(PROJECT_DIR, 'src/apps/releases.json'), path.join(dir, 'src/apps/releases.json'));
  fs.cpSync(path.join(PROJECT_DIR, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.cpSync(path.join(PROJECT_DIR, 'cdktf.out'), path.join(dir, 'cdktf.out'), { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'initial tree');
  return dir;
}

/** This repository's definitions entry. */
export const DEFINITIONS = path.join(PROJECT_DIR, 'src/apps/index.ts');

/**
 * Loads definitions through jest's module system, where `gitops-synth` maps to the sources: the
 * definitions then build the very classes the in-process CLI checks against.
 */
export function jestLoad(file: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file);
}

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process in `cwd`. */
export function cli(cwd: string, ...argv: string[]): CliRun {
  return capture(cwd, argv, jestLoad);
}

/** Runs the CLI in-process in `cwd`, loading definitions as the bin does (jiti): for definitions that do not import gitops-synth. */
export function cliAsBin(cwd: string, ...argv: string[]): CliRun {
  return capture(cwd, argv);
}

function capture(cwd: string, argv: readonly string[], loadModule?: (file: string) => unknown): CliRun {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, { cwd, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, loadModule });
  return { code, stdout, stderr };
}

/** The paths whose content differs between two snapshots of a tree (added, removed or changed). */
export function changedPaths(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((p) => before[p] !== after[p]).sort();
}

/** Every file of the copy except Git's own. */
export function snapshotFiles(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(readTree(dir)).filter(([p]) => !p.startsWith('.git/')));
}
