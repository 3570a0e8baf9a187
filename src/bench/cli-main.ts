import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { median } from './timing';

/**
 * `npm run bench:cli [-- --runs 5]`: what a team waits for at the command line, as whole processes.
 *
 * - `repo:` this repository in a temporary copy: edit one definition, then `npm run synth`; next to it the
 *   bin alone and, once, the full compile that every synth paid before the definitions were loaded as
 *   TypeScript.
 * - `consumer:` a project made by `gitops-synth init` with the packed package installed (`npm install`, then
 *   `npm ci` as the image job runs it), then the image job's `npx gitops-synth set-image`, `synth` and
 *   `synth --check`.
 *
 * Figures are medians of wall-clock seconds measured in one run, printed, never asserted.
 */
function main(argv: readonly string[]): number {
  const runs = parseRuns(argv);
  // npm runs the task in the repository's root.
  const root = process.cwd();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-synth-bench-cli-'));
  try {
    const repo = benchRepo(root, path.join(work, 'repo'), runs);
    const consumer = benchConsumer(root, work, runs);
    console.log(`repo: runs=${runs} synth_after_edit_s=${s(repo.synthAfterEdit)} bin_synth_s=${s(repo.binSynth)} full_compile_s=${s(repo.fullCompile)} speedup_vs_full_compile=${(repo.fullCompile / repo.synthAfterEdit).toFixed(1)} target_s=3`);
    console.log(`consumer: runs=${runs} npm_install_s=${s(consumer.install)} npm_ci_s=${s(consumer.ci)} set_image_s=${s(consumer.setImage)} synth_s=${s(consumer.synth)} check_s=${s(consumer.check)} target_set_image_s=3`);
    return 0;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

interface RepoFigures { readonly synthAfterEdit: number; readonly binSynth: number; readonly fullCompile: number }

/** This repository copied (tracked files, the built lib/ and its build info; node_modules linked), then edited and synthesized. */
function benchRepo(root: string, copy: string, runs: number): RepoFigures {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of [...tracked, 'tsconfig.tsbuildinfo']) {
    const from = path.join(root, file);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(from, path.join(copy, file));
  }
  fs.cpSync(path.join(root, 'lib'), path.join(copy, 'lib'), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  const definition = path.join(copy, 'src/apps/api-service.ts');
  const original = fs.readFileSync(definition, 'utf8');
  const synthAfterEdit: number[] = [];
  const binSynth: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A change of the definitions' code that leaves the tree as it is, like most edits under review.
    fs.writeFileSync(definition, `${original}// edit ${i}\n`);
    synthAfterEdit.push(wall(copy, 'npm', ['run', '--silent', 'synth']));
    binSynth.push(wall(copy, process.execPath, ['lib/src/cli/main.js', 'synth']));
  }
  fs.writeFileSync(definition, original);
  const fullCompile = wall(copy, 'npx', ['tsc', '--build', '--force']);
  return { synthAfterEdit: median(synthAfterEdit), binSynth: median(binSynth), fullCompile };
}

interface ConsumerFigures { readonly install: number; readonly ci: number; readonly setImage: number; readonly synth: number; readonly check: number }

function benchConsumer(root: string, work: string, runs: number): ConsumerFigures {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8', env: userEnv() })) as { filename: string }[];
  const tarball = path.join(work, packed[0].filename);
  const project = path.join(work, 'consumer');
  run(work, process.execPath, [path.join(root, 'lib/src/cli/main.js'), 'init', 'consumer']);
  const install = wall(project, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball]);
  const cleanInstall = wall(project, 'npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline']);
  run(project, 'npx', ['gitops-synth', 'synth']);
  const setImage: number[] = [];
  const synth: number[] = [];
  const check: number[] = [];
  for (let i = 0; i < runs; i++) {
    setImage.push(wall(project, 'npx', ['gitops-synth', 'set-image', 'web', 'staging', `sha-${(0x1000000 + i).toString(16)}`]));
    synth.push(wall(project, 'npx', ['gitops-synth', 'synth']));
    check.push(wall(project, 'npx', ['gitops-synth', 'synth', '--check']));
  }
  return { install, ci: cleanInstall, setImage: median(setImage), synth: median(synth), check: median(check) };
}

/** Seconds a command takes as a whole process; a failing command stops the benchmark with its output. */
function wall(cwd: string, command: string, args: readonly string[]): number {
  const start = process.hrtime.bigint();
  run(cwd, command, args);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function run(cwd: string, command: string, args: readonly string[]): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: userEnv() });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
}

/** The environment a user's shell would give: none of the variables npm sets for this script. */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'));
}

function parseRuns(argv: readonly string[]): number {
  const at = argv.indexOf('--runs');
  if (at === -1) return 5;
  const runs = Number(argv[at + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${argv[at + 1]}: expected a positive integer, e.g. 5`);
  return runs;
}

function s(seconds: number): string {
  return seconds.toFixed(2);
}

process.exitCode = main(process.argv.slice(2));
