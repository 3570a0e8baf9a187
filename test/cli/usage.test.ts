import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { LOCK_FILE } from '../../src/output/tree-lock';
import { GitOpsRepo } from '../../src/repo/gitops-repo';
import { cli, PROJECT_DIR, repoCopy } from '../support/cli-repo';

describe('gitops-synth usage', () => {
  const dir = repoCopy();

  test('--help lists every command with examples and exits 0', () => {
    const run = cli(dir, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchSnapshot();
  });

  test.each(['synth', 'set-image', 'promote', 'diff'])('%s --help shows examples and exits 0', (command) => {
    const run = cli(dir, command, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: gitops-synth ${command} [options]`);
    expect(run.stdout).toContain(`\nExamples:\n  $ gitops-synth ${command}`);
  });

  test.each([
    [[], ''],
    [['deploy'], "error: unknown command 'deploy'\n"],
    [['synth', '--chek'], "error: unknown option '--chek'\n(Did you mean --check?)\n"],
    [['set-image', 'api-service'], "error: missing required argument 'env'\n"],
    [['set-image', 'api-service', 'staging', 'v1', 'extra'], "error: too many arguments for 'set-image'. Expected 3 arguments but got 4.\n"],
    [['promote', 'api-service', '--from', 'staging'], "error: required option '--to <env>' not specified\n"],
    [['diff', '--format', 'html'], "error: option '--format <format>' argument 'html' is invalid. Allowed choices are text, markdown.\n"],
    [['synth', '--lock-timeout', 'soon'], "error: option '--lock-timeout <seconds>' argument 'soon' is invalid. must be a number of seconds, e.g. 30\n"],
    // Commander answers help for an unknown command with the program's usage.
    [['help', 'deploy'], "error: unknown command 'deploy'\n"],
  ])('%j prints the error and the usage, and exits 2', (argv, error) => {
    const run = cli(dir, ...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(error + (error ? '\n' : '') + 'Usage: gitops-synth')).toBe(true);
  });

  test('--version and -V print the version of the package.json, and exit 0', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string };
    expect(cli(dir, '--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(cli(dir, '-V')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('help prints the program\'s help and exits 0', () => {
    const help = cli(dir, '--help').stdout;
    expect(help).toContain('Usage: gitops-synth [options] [command]');
    expect(cli(dir, 'help')).toEqual({ code: 0, stdout: help, stderr: '' });
  });

  test.each(['synth', 'set-image', 'promote', 'diff'])('help %s prints that command\'s help and exits 0', (command) => {
    const help = cli(dir, command, '--help').stdout;
    expect(help).toContain(`Usage: gitops-synth ${command} [options]`);
    expect(cli(dir, 'help', command)).toEqual({ code: 0, stdout: help, stderr: '' });
  });

  test('--help documents the exit codes', () => {
    expect(cli(dir, '--help').stdout).toContain('Exit codes: 0 success, 1 a finding (drift, or differences with diff --exit-code), 2 bad usage or bad input,\n'
      + '3 an internal error (a bug in gitops-synth: it prints one line; add --verbose for the stack trace).\n');
  });

  describe('an internal error (a bug, not a problem of the input)', () => {
    // Definitions whose render fails as a bug in gitops-synth would: not a CliError or SynthError.
    const buggy = () => ({
      defineRepo: () => {
        const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
        repo.renderFiles = () => {
          throw new TypeError("Cannot read properties of undefined (reading 'name')\nsecond line");
        };
        return repo;
      },
    });
    const run = (...argv: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = runCli(argv, { cwd: dir, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, loadModule: buggy });
      return { code, stdout, stderr };
    };

    test('exits 3 with one line naming it as such', () => {
      expect(run('synth', '--check')).toEqual({
        code: 3,
        stdout: '',
        stderr: "gitops-synth: internal error: Cannot read properties of undefined (reading 'name') (a bug in gitops-synth: run with --verbose for the stack trace and report it)\n",
      });
    });

    test('with --verbose, anywhere on the command line, prints the stack', () => {
      for (const argv of [['--verbose', 'synth'], ['synth', '--verbose']]) {
        const verbose = run(...argv);
        expect(verbose.code).toBe(3);
        expect(verbose.stderr).toMatch(/^gitops-synth: internal error: TypeError: Cannot read properties of undefined \(reading 'name'\)\nsecond line\n {4}at /);
      }
    });
  });

  test('an output folder that is a file is bad input, found before anything is locked or written', () => {
    const copy = repoCopy();
    fs.writeFileSync(path.join(copy, 'notes.txt'), 'not a folder\n');
    const message = 'gitops-synth: --out notes.txt/tree: notes.txt is not a folder (fix: name a folder, or a new folder inside an existing one)\n';
    expect(cli(copy, 'synth', '--out', 'notes.txt/tree')).toEqual({ code: 2, stdout: '', stderr: message });
    expect(cli(copy, 'synth', '--check', '--out', 'notes.txt/tree')).toEqual({ code: 2, stdout: '', stderr: message });
    expect(cli(copy, 'synth', '--terraform-out', 'notes.txt')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gitops-synth: --terraform-out notes.txt: notes.txt is not a folder (fix: name a folder, or a new folder inside an existing one)\n',
    });
    expect(fs.existsSync(path.join(copy, LOCK_FILE))).toBe(false);
    expect(fs.readFileSync(path.join(copy, 'notes.txt'), 'utf8')).toBe('not a folder\n');
  });

  test('a lock that is a folder or a FIFO is bad input (exit 2), and never waited on', () => {
    for (const make of [(f: string) => fs.mkdirSync(f), (f: string) => execFileSync('mkfifo', [f])]) {
      const copy = repoCopy();
      const file = path.join(copy, LOCK_FILE);
      make(file);
      expect(cli(copy, 'synth', '--lock-timeout', '0')).toEqual({
        code: 2,
        stdout: '',
        stderr: `gitops-synth: cannot read the lock file ${file}: it is not a file (fix: make it a readable file, or delete it if no gitops-synth is running)\n`,
      });
    }
  });

  test('a held lock makes synth and set-image fail clearly, writing nothing', () => {
    const lockDir = repoCopy();
    const file = path.join(lockDir, LOCK_FILE);
    fs.writeFileSync(file, JSON.stringify({ pid: process.ppid, command: 'set-image', since: '2026-01-01T00:00:00.000Z' }));
    const message = `gitops-synth: ${file} is held by process ${process.ppid} (set-image, since 2026-01-01T00:00:00.000Z); gave up after waiting 0s (fix: let that run finish and retry; delete the file only if no gitops-synth is running)\n`;
    expect(cli(lockDir, 'synth', '--lock-timeout', '0')).toEqual({ code: 2, stdout: '', stderr: message });
    expect(cli(lockDir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee', '--lock-timeout', '0')).toEqual({ code: 2, stdout: '', stderr: message });
    expect(fs.readFileSync(path.join(lockDir, 'src/apps/releases.json'), 'utf8')).toContain('"staging": "sha-4f2a9c1"');
    // --check writes nothing, so it needs no lock.
    expect(cli(lockDir, 'synth', '--check').code).toBe(0);
  });
});
