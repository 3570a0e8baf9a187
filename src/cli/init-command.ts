import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { CliContext, CliError, ExitCode } from './cli-context';
import { display } from './common-options';
import { packageInfo } from './package-info';
import { projectTemplate, TEMPLATE_DEV_DEPENDENCIES } from './project-template';

interface InitOptions {
  readonly repoUrl: string;
  readonly force?: boolean;
}

/** The Git URL written when `--repo-url` is not given; the README of the new project says to replace it. */
export const PLACEHOLDER_REPO_URL = 'https://github.com/acme/gitops.git';

/** The repository URL forms Argo CD pulls from: HTTPS (or HTTP), `ssh://`, and scp-like `user@host:path`. */
const GIT_URL = /^(?:https?:\/\/[^\s/]+\/\S+|ssh:\/\/\S+|[\w.-]+@[\w.-]+:\S+)$/;

const EXAMPLES = `  $ gitops-synth init my-gitops --repo-url https://github.com/acme/gitops.git
  $ cd my-gitops && npm install && npm run synth && npm test`;

/** `gitops-synth init [dir] [--repo-url URL] [--force]`. */
export function initCommand(ctx: CliContext, setExit: (code: number) => void): Command {
  return new Command('init')
    .description('start a GitOps project: definitions in TypeScript, releases data, a snapshot test, CI workflows and a README')
    .argument('[dir]', 'folder to create the project in', '.')
    .option('--repo-url <url>', 'Git URL Argo CD pulls the tree from', PLACEHOLDER_REPO_URL)
    .option('--force', 'also in a folder that is not empty: add the missing files and keep every existing one')
    .addHelpText('after', `\nExamples:\n${EXAMPLES}`)
    .action((dir: string, options: InitOptions) => setExit(runInit(ctx, dir, options)));
}

/** Runs `init`; returns the exit code. Every problem is found before the first file is written. */
export function runInit(ctx: CliContext, dir: string, options: InitOptions): number {
  const root = path.resolve(ctx.cwd, dir);
  const shown = root === path.resolve(ctx.cwd) ? '.' : display(ctx, root);
  const entries = listEntries(root, shown);
  if (entries.length > 0 && !options.force) {
    const listed = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw new CliError(`gitops-synth init: ${shown} is not empty (${listed}) (fix: choose a new or empty folder, or pass --force to add the missing files and keep every existing one)`);
  }
  if (!GIT_URL.test(options.repoUrl)) {
    throw new CliError(`gitops-synth init: --repo-url ${JSON.stringify(options.repoUrl)} is not a Git URL Argo CD can pull (fix: pass an HTTPS or SSH URL, e.g. https://github.com/acme/gitops.git or git@github.com:acme/gitops.git)`);
  }
  const info = packageInfo();
  const files = projectTemplate({
    name: packageName(root),
    repoURL: options.repoUrl,
    gitopsSynthRange: `^${info.version}`,
    // The tools a new project tests with are those this package's own tests run with (its package.json ships them).
    devDependencies: Object.fromEntries(TEMPLATE_DEV_DEPENDENCIES.map((name) => [name, toolVersion(info.devDependencies, name)])),
  });
  const kept: string[] = [];
  const problems: string[] = [];
  for (const file of files.keys()) {
    const state = targetState(root, file);
    if (state === 'exists') kept.push(file);
    else if (state !== 'free') problems.push(`${shown}/${file}: ${state}`);
  }
  if (problems.length > 0) {
    throw new CliError(`gitops-synth init: nothing was written:\n${problems.map((p) => `  ${p}`).join('\n')}\n(fix: remove or rename those paths, or choose another folder)`);
  }
  const lines: string[] = [];
  for (const [file, content] of files) {
    if (kept.includes(file)) {
      lines.push(`kept    ${shown}/${file} (exists)`);
      continue;
    }
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // 'wx' never replaces a file or writes through a link created since the check above.
    fs.writeFileSync(target, content, { flag: 'wx' });
    lines.push(`created ${shown}/${file}`);
  }
  const cd = shown === '.' ? '' : `cd ${shown} && `;
  lines.push('', 'Next:', `  ${cd}npm install`, '  npm run synth     # writes dist/ and cdktf.out/', '  npm test          # type-checks, then writes the tree\'s snapshot: commit test/__snapshots__/');
  if (options.repoUrl === PLACEHOLDER_REPO_URL) lines.push(`  replace ${PLACEHOLDER_REPO_URL} in src/gitops.ts with the URL Argo CD pulls from (or pass --repo-url)`);
  if (kept.includes('package.json')) lines.push('  package.json was kept: add "gitops-synth": { "definitions": "src/gitops.ts" } and the scripts of a new project to it');
  ctx.stdout(lines.join('\n') + '\n');
  return ExitCode.OK;
}

function toolVersion(devDependencies: Readonly<Record<string, string>>, name: string): string {
  const version = devDependencies[name];
  if (version === undefined) throw new Error(`the package.json of gitops-synth names no version of ${name} for new projects`);
  return version;
}

/** The folder's entries, sorted (a Git checkout's `.git` does not count); a file or link in its place is a CliError. */
function listEntries(root: string, shown: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    return [];
  }
  if (!stat.isDirectory()) throw new CliError(`gitops-synth init: ${shown} is not a folder (fix: name a new or empty folder)`);
  return fs.readdirSync(root).filter((e) => e !== '.git').sort();
}

/**
 * Whether a template file can be written: `free`, `exists` (a regular file, kept), or why not — a
 * folder or link in its place, or a link among its parent folders, which would write outside the project.
 */
function targetState(root: string, file: string): 'free' | 'exists' | string {
  const parts = file.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const rel = parts.slice(0, i).join('/');
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(path.join(root, rel));
    } catch {
      return 'free';
    }
    if (stat.isSymbolicLink()) return i === parts.length ? 'is a symbolic link' : `${rel} is a symbolic link`;
    if (i < parts.length && !stat.isDirectory()) return `${rel} is not a folder`;
    if (i === parts.length) return stat.isFile() ? 'exists' : 'is not a file';
  }
  return 'free';
}

/** An npm package name from the folder's name: lowercase letters, digits, `-`, `.` and `_`. */
function packageName(root: string): string {
  const name = path.basename(root).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return name || 'gitops';
}
