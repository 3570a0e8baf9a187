import * as fs from 'fs';
import * as path from 'path';
import { cli, git, repoCopy } from '../support/cli-repo';

describe('gitops-synth diff', () => {
  test('reports no changes on the committed tree', () => {
    const dir = repoCopy();
    expect(cli(dir, 'diff')).toEqual({ code: 0, stdout: 'gitops-synth diff: no changes (compared with HEAD:dist)\n', stderr: '' });
    expect(cli(dir, 'diff', '--exit-code').code).toBe(0);
  });

  test('shows an image change after set-image (text)', () => {
    const dir = repoCopy();
    cli(dir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee');
    const run = cli(dir, 'diff');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('api-service / staging\n  image api-service: sha-4f2a9c1 → sha-9c0ffee\n');
    expect(run.stdout).toMatchSnapshot();
    expect(cli(dir, 'diff', '--exit-code').code).toBe(1);
  });

  test('shows an image change after set-image (markdown)', () => {
    const dir = repoCopy();
    cli(dir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee');
    const run = cli(dir, 'diff', '--format', 'markdown');
    expect(run.stdout).toContain('**api-service / staging**\n\n- image api-service: sha-4f2a9c1 → sha-9c0ffee\n');
    expect(run.stdout).toMatchSnapshot();
  });

  test('compares with an older revision given by --base', () => {
    const dir = repoCopy();
    cli(dir, 'promote', 'api-service', '--from', 'staging', '--to', 'production');
    git(dir, 'commit', '-qam', 'promote');
    expect(cli(dir, 'diff').stdout).toBe('gitops-synth diff: no changes (compared with HEAD:dist)\n');
    expect(cli(dir, 'diff', '--base', 'HEAD~1').stdout).toContain('api-service / production\n  image api-service: sha-1b7e3d0 → sha-4f2a9c1\n');
  });

  test('an unknown revision exits 2', () => {
    const dir = repoCopy();
    expect(cli(dir, 'diff', '--base', 'nope')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gitops-synth diff: unknown Git revision "nope" (fix: run inside the Git repository that holds dist, and pass an existing revision with --base)\n',
    });
  });

  test('outside a Git repository exits 2', () => {
    const dir = repoCopy();
    fs.rmSync(path.join(dir, '.git'), { recursive: true });
    const run = cli(dir, 'diff');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^gitops-synth diff: .* is not inside a Git repository \(fix: /);
  });
});
