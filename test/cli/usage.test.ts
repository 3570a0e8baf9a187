import * as fs from 'fs';
import * as path from 'path';
import { LOCK_FILE } from '../../src/synth/tree-lock';
import { cli, repoCopy } from '../support/cli-repo';

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
  ])('%j prints the error and the usage, and exits 2', (argv, error) => {
    const run = cli(dir, ...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(error + (error ? '\n' : '') + 'Usage: gitops-synth')).toBe(true);
  });

  test('a missing definitions module exits 2 naming it', () => {
    const run = cli(dir, 'synth', '--definitions', './nowhere');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^gitops-synth: cannot load definitions module \.\/nowhere: Cannot find module .* \(fix: build it first with npx tsc --build, or pass --definitions <module>\)\n$/);
  });

  test('a module without defineRepo exits 2', () => {
    fs.writeFileSync(path.join(dir, 'empty.js'), 'module.exports = {};\n');
    expect(cli(dir, 'synth', '--definitions', './empty.js')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gitops-synth: definitions module ./empty.js does not export defineRepo (fix: export function defineRepo({ rootDir }): GitOpsRepo)\n',
    });
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
