import { SecretRef, synthesize } from '../../src';
import { DiffJson, DiffReport, diffReportJson, formatDiffReport, hasChanges, MARKDOWN_PATCH_LIMIT } from '../../src/output/diff-report';
import { diffTerraform } from '../../src/output/terraform-diff';
import { diffTrees } from '../../src/output/tree-diff';
import { secretsRepo } from '../support/secrets-fixtures';

const OVERLAY = 'apps/web/overlays/staging/kustomization.yaml';
const overlay = (tag: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nimages:\n  - name: registry.example.com/web\n    newTag: ${tag}\n`;

function terraform(worker = false): Map<string, string> {
  const { repo } = secretsRepo();
  if (worker) {
    repo.addService('worker', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/worker', port: 9090 })
      .addExternalSecret('token', { extract: [SecretRef.fromAwsSecretsManager('shared/worker/token')] });
  }
  return new Map(synthesize(repo).terraform!.files.map((f) => [f.path, f.content]));
}

/** A report on a tree with one overlay and, unless `aws` is false, a Terraform folder. */
function report(v: { tag?: string; worker?: boolean; aws?: boolean } = {}): DiffReport {
  return {
    base: 'HEAD',
    tree: { dir: 'dist', diff: diffTrees(new Map([[OVERLAY, overlay('v1')]]), new Map([[OVERLAY, overlay(v.tag ?? 'v1')]]), 'dist') },
    terraform: v.aws === false ? undefined : { dir: 'cdktf.out', diff: diffTerraform(terraform(), terraform(v.worker), 'cdktf.out') },
  };
}

describe('formatDiffReport', () => {
  test('no changes names both folders compared', () => {
    expect(hasChanges(report())).toBe(false);
    expect(formatDiffReport(report(), 'text')).toBe('gitops-synth diff: no changes to the GitOps tree or the Terraform JSON (compared with HEAD:dist and HEAD:cdktf.out)\n');
    expect(formatDiffReport(report(), 'markdown')).toBe('### gitops-synth diff\n\nNo changes to the GitOps tree or the Terraform JSON (compared with `HEAD:dist` and `HEAD:cdktf.out`).\n');
  });

  test('without an AWS side it says that no Terraform was compared', () => {
    expect(formatDiffReport(report({ aws: false }), 'text'))
      .toBe('gitops-synth diff: no changes to the GitOps tree (compared with HEAD:dist; the definitions have no AWS side, so no Terraform was compared)\n');
    expect(formatDiffReport(report({ aws: false }), 'markdown'))
      .toBe('### gitops-synth diff\n\nNo changes to the GitOps tree (compared with `HEAD:dist`; the definitions have no AWS side, so no Terraform was compared).\n');
  });

  test('a Terraform-only change is a change: the AWS summary, then its diff (text)', () => {
    const r = report({ worker: true });
    expect(hasChanges(r)).toBe(true);
    const text = formatDiffReport(r, 'text');
    expect(text.startsWith([
      'gitops-synth diff: 1 file changed (compared with HEAD:dist and HEAD:cdktf.out)',
      '',
      'AWS side (Terraform)',
      '  ECR repository added: worker',
      '  Secrets Manager secret added: shared/worker/token',
      '  read grant added: role external-secrets-production may read shared/worker/token',
      '  read grant added: role external-secrets-staging may read shared/worker/token',
      '',
      '--- a/cdktf.out/stacks/gitops-synth/inventory.tf.json',
      '+++ b/cdktf.out/stacks/gitops-synth/inventory.tf.json',
      '',
    ].join('\n'))).toBe(true);
  });

  test('markdown: tree groups, the AWS summary, then one collapsed diff per folder', () => {
    const text = formatDiffReport(report({ tag: 'v2', worker: true }), 'markdown');
    expect(text).toContain([
      'Compared with `HEAD:dist` and `HEAD:cdktf.out`: 2 files changed.',
      '',
      '**web / staging**',
      '',
      '- image web: v1 → v2',
      '',
      '**AWS side (Terraform)**',
      '',
      '- ECR repository added: worker',
      '- Secrets Manager secret added: shared/worker/token',
      '- read grant added: role external-secrets-production may read shared/worker/token',
      '- read grant added: role external-secrets-staging may read shared/worker/token',
      '',
      '<details><summary>YAML diff (1 file)</summary>',
      '',
      '```diff',
      `--- a/dist/${OVERLAY}`,
    ].join('\n'));
    expect(text).toMatch(/<\/details>\n\n<details><summary>Terraform diff \(1 file\)<\/summary>\n\n```diff\n--- a\/cdktf.out\/stacks\/gitops-synth\/inventory.tf.json\n/);
    expect(text.endsWith('    }\n```\n\n</details>\n')).toBe(true);
  });

  test('markdown cuts a YAML diff too long for a pull-request comment, keeping the summary and the Terraform diff', () => {
    // Few long lines rather than many short ones: the line diff's cost grows with lines × changed lines.
    const big = (v: string) => new Map([['apps/web/base/config.yaml', Array.from({ length: 500 }, (_, i) => `key${i}: ${v.repeat(100)}${i}`).join('\n') + '\n']]);
    const tree = diffTrees(big('a'), big('b'), 'dist');
    expect(tree.patch.length).toBeGreaterThan(MARKDOWN_PATCH_LIMIT);
    const terraformDiff = diffTerraform(terraform(), terraform(true), 'cdktf.out');
    const text = formatDiffReport({ base: 'HEAD', tree: { dir: 'dist', diff: tree }, terraform: { dir: 'cdktf.out', diff: terraformDiff } }, 'markdown');
    expect(text.length).toBeLessThan(MARKDOWN_PATCH_LIMIT + 1000);
    expect(text).toContain('**web (base)**\n\n- changed apps/web/base/config.yaml\n');
    expect(text).toMatch(/```\n\nThe YAML diff is cut after \d+ characters; run `gitops-synth diff` for all of it.\n\n<\/details>\n/);
    expect(text).toContain(terraformDiff.patch.trimEnd());
    expect(formatDiffReport({ base: 'HEAD', tree: { dir: 'dist', diff: tree } }, 'text')).toContain(tree.patch.trimEnd());
  });
});

describe('diffReportJson', () => {
  test('version 1: files per output with status, the tree summary and the Terraform summary', () => {
    const json = JSON.parse(diffReportJson(report({ tag: 'v2', worker: true }))) as DiffJson;
    expect(json).toEqual({
      version: 1,
      base: 'HEAD',
      changed: true,
      outputs: [
        { dir: 'dist', type: 'tree', files: [{ path: OVERLAY, status: 'modified' }] },
        { dir: 'cdktf.out', type: 'terraform', files: [{ path: 'stacks/gitops-synth/inventory.tf.json', status: 'modified' }] },
      ],
      summary: [{ title: 'web / staging', changes: ['image web: v1 → v2'] }],
      terraform: {
        ecrRepositories: { added: ['worker'], removed: [] },
        secrets: { added: ['shared/worker/token'], removed: [] },
        readGrants: { added: [{ role: 'external-secrets-production', secret: 'shared/worker/token' }, { role: 'external-secrets-staging', secret: 'shared/worker/token' }], removed: [] },
      },
    });
  });

  test('without an AWS side there is one output and terraform is null', () => {
    const json = JSON.parse(diffReportJson(report({ aws: false }))) as DiffJson;
    expect(json).toEqual({ version: 1, base: 'HEAD', changed: false, outputs: [{ dir: 'dist', type: 'tree', files: [] }], summary: [], terraform: null });
  });
});
