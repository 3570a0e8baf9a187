import * as fs from 'fs';
import * as path from 'path';
import { cli, git, repoCopy } from '../support/cli-repo';

const INVENTORY = 'cdktf.out/stacks/gitops-synth/inventory.tf.json';
const NO_CHANGES = 'gitops-synth diff: no changes to the GitOps tree or the Terraform JSON (compared with HEAD:dist and HEAD:cdktf.out)\n';

/**
 * Commits an inventory that differs from what the definitions produce: without the staging
 * secret, and with an ECR repository `old-service`. Against it, synthesizing adds the secret and
 * its read grant, and removes the repository.
 */
function commitOtherInventory(dir: string): void {
  const file = path.join(dir, INVENTORY);
  const inventory = JSON.parse(fs.readFileSync(file, 'utf8')) as { locals: { ecr_repositories: string[]; secrets: Record<string, unknown> } };
  delete inventory.locals.secrets['staging/api-service/db'];
  inventory.locals.ecr_repositories.push('old-service');
  fs.writeFileSync(file, JSON.stringify(inventory, null, 2) + '\n');
  git(dir, 'commit', '-qam', 'an older inventory');
}

describe('gitops-synth diff', () => {
  test('reports no changes on the committed tree', () => {
    const dir = repoCopy();
    expect(cli(dir, 'diff')).toEqual({ code: 0, stdout: NO_CHANGES, stderr: '' });
    expect(cli(dir, 'diff', '--format', 'markdown').stdout)
      .toBe('### gitops-synth diff\n\nNo changes to the GitOps tree or the Terraform JSON (compared with `HEAD:dist` and `HEAD:cdktf.out`).\n');
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
    expect(cli(dir, 'diff').stdout).toBe(NO_CHANGES);
    expect(cli(dir, 'diff', '--base', 'HEAD~1').stdout).toContain('api-service / production\n  image api-service: sha-1b7e3d0 → sha-4f2a9c1\n');
  });

  test('reports a change of only the Terraform side: repositories, secrets and read grants, then the JSON diff', () => {
    const dir = repoCopy();
    commitOtherInventory(dir);
    const run = cli(dir, 'diff');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith([
      'gitops-synth diff: 1 file changed (compared with HEAD:dist and HEAD:cdktf.out)',
      '',
      'AWS side (Terraform)',
      '  ECR repository removed: old-service',
      '  Secrets Manager secret added: staging/api-service/db',
      '  read grant added: role external-secrets-staging may read staging/api-service/db',
      '',
      `--- a/${INVENTORY}`,
      `+++ b/${INVENTORY}`,
      '',
    ].join('\n'))).toBe(true);
    expect(run.stdout).toContain('-      "api-service",\n-      "old-service"\n+      "api-service"\n');
    expect(cli(dir, 'diff', '--exit-code').code).toBe(1);
    const markdown = cli(dir, 'diff', '--format', 'markdown').stdout;
    expect(markdown).toContain('Compared with `HEAD:dist` and `HEAD:cdktf.out`: 1 file changed.\n\n**AWS side (Terraform)**\n\n- ECR repository removed: old-service\n');
    expect(markdown).toContain(`<details><summary>Terraform diff (1 file)</summary>\n\n\`\`\`diff\n--- a/${INVENTORY}\n`);
    expect(markdown).not.toContain('YAML diff');
    // The revision before it held the inventory the definitions produce.
    expect(cli(dir, 'diff', '--base', 'HEAD~1').stdout).toBe(NO_CHANGES.replace(/HEAD:/g, 'HEAD~1:'));
  });

  test('Terraform not yet committed at the base: both files and everything in them are added', () => {
    const dir = repoCopy();
    git(dir, 'rm', '-rq', 'cdktf.out');
    git(dir, 'commit', '-qm', 'no AWS side yet');
    const run = cli(dir, 'diff', '--json');
    const json = JSON.parse(run.stdout) as { outputs: Array<{ type: string; files: unknown[] }>; terraform: { secrets: { added: string[] } } };
    expect(json.outputs[1]).toEqual({
      dir: 'cdktf.out',
      type: 'terraform',
      files: [{ path: 'stacks/gitops-synth/cdk.tf.json', status: 'added' }, { path: 'stacks/gitops-synth/inventory.tf.json', status: 'added' }],
    });
    expect(json.terraform.secrets.added).toEqual(['prod/api-service/db', 'staging/api-service/db']);
    expect(fs.existsSync(path.join(dir, 'cdktf.out'))).toBe(false);
  });

  test('--json: the changed files per output with their status, the summary and the Terraform summary', () => {
    const dir = repoCopy();
    commitOtherInventory(dir);
    cli(dir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee');
    const run = cli(dir, 'diff', '--json', '--exit-code');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      version: 1,
      base: 'HEAD',
      changed: true,
      outputs: [
        { dir: 'dist', type: 'tree', files: [{ path: 'apps/api-service/overlays/staging/kustomization.yaml', status: 'modified' }] },
        { dir: 'cdktf.out', type: 'terraform', files: [{ path: 'stacks/gitops-synth/inventory.tf.json', status: 'modified' }] },
      ],
      summary: [{ title: 'api-service / staging', changes: ['image api-service: sha-4f2a9c1 → sha-9c0ffee'] }],
      terraform: {
        ecrRepositories: { added: [], removed: ['old-service'] },
        secrets: { added: ['staging/api-service/db'], removed: [] },
        readGrants: { added: [{ role: 'external-secrets-staging', secret: 'staging/api-service/db' }], removed: [] },
      },
    });
  });

  test('--json on the committed tree reports no change', () => {
    const run = cli(repoCopy(), 'diff', '--json');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { changed: boolean; outputs: Array<{ dir: string; files: unknown[] }> };
    expect(json.changed).toBe(false);
    expect(json.outputs).toEqual([{ dir: 'dist', type: 'tree', files: [] }, { dir: 'cdktf.out', type: 'terraform', files: [] }]);
  });

  test('--json and --format together exit 2', () => {
    const run = cli(repoCopy(), 'diff', '--json', '--format', 'markdown');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith("error: option '--json' cannot be used with option '--format <format>'\n")).toBe(true);
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
