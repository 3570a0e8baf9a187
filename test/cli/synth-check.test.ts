import * as fs from 'fs';
import * as path from 'path';
import { INDEX_FILE } from '../../src/core/reserved-paths';
import { renderIndex } from '../../src/output/tree-index';
import { cli, git, repoCopy, snapshotFiles } from '../support/cli-repo';

const STAGING = 'dist/apps/api-service/overlays/staging/kustomization.yaml';
const UP_TO_DATE = 'gitops-synth: dist is up to date (36 files); cdktf.out is up to date (2 files)\n';

describe('gitops-synth synth --check', () => {
  test('exits 0 on the committed tree and writes nothing', () => {
    const dir = repoCopy();
    const before = snapshotFiles(dir);
    expect(cli(dir, 'synth', '--check')).toEqual({ code: 0, stdout: UP_TO_DATE, stderr: '' });
    expect(snapshotFiles(dir)).toEqual(before);
  });

  test('reports an uncommitted edit of a generated file as hand-edited, and writes nothing', () => {
    const dir = repoCopy();
    fs.appendFileSync(path.join(dir, STAGING), '# tweak\n');
    const before = snapshotFiles(dir);
    expect(cli(dir, 'synth', '--check')).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        'gitops-synth: dist differs from the definitions (1 file):',
        `  hand-edited  ${STAGING}`,
        'fix (hand-edited): make the change in the definitions instead, then run gitops-synth synth',
        '',
      ].join('\n'),
    });
    expect(snapshotFiles(dir)).toEqual(before);
  });

  test('reports a committed edit of only the YAML as hand-edited', () => {
    const dir = repoCopy();
    const file = path.join(dir, STAGING);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('count: 2', 'count: 5'));
    git(dir, 'commit', '-qam', 'scale staging');
    expect(cli(dir, 'synth', '--check').stdout).toContain(`  hand-edited  ${STAGING}\n`);
  });

  test('reports a file left behind by changed releases as stale', () => {
    const dir = repoCopy();
    const releases = path.join(dir, 'src/apps/releases.json');
    fs.writeFileSync(releases, fs.readFileSync(releases, 'utf8').replace('sha-4f2a9c1', 'sha-9c0ffee'));
    git(dir, 'commit', '-qam', 'release without synth');
    expect(cli(dir, 'synth', '--check')).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        'gitops-synth: dist differs from the definitions (1 file):',
        `  stale  ${STAGING}`,
        'fix (stale): run gitops-synth synth and commit the result',
        '',
      ].join('\n'),
    });
  });

  test('reports a file generated earlier but no longer produced by the definitions as stale', () => {
    const dir = repoCopy();
    // As if a service "old" had been defined and synthesized in one commit, then removed from the definitions.
    fs.mkdirSync(path.join(dir, 'dist/apps/old/base'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist/apps/old/base/kustomization.yaml'), 'kind: Kustomization\n');
    const index = path.join(dir, 'dist/.gitops-synth-index.json');
    const tree = snapshotFiles(path.join(dir, 'dist'));
    fs.writeFileSync(index, renderIndex(Object.entries(tree).filter(([p]) => p !== INDEX_FILE).map(([p, content]) => ({ path: p, content }))));
    fs.writeFileSync(path.join(dir, 'src/apps/old.ts'), '// the old service\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'old service');
    expect(cli(dir, 'synth', '--check').stdout).toBe([
      'gitops-synth: dist differs from the definitions (1 file):',
      '  stale  dist/apps/old/base/kustomization.yaml',
      'fix (stale): run gitops-synth synth and commit the result',
      '',
    ].join('\n'));
    expect(cli(dir, 'synth').stdout).toBe([
      'removed dist/apps/old/base/kustomization.yaml',
      'gitops-synth: dist — 0 written, 36 unchanged, 1 removed; cdktf.out — 0 written, 2 unchanged, 0 removed',
      '',
    ].join('\n'));
    expect(fs.existsSync(path.join(dir, 'dist/apps/old'))).toBe(false);
  });

  test('reports missing and unexpected files', () => {
    const dir = repoCopy();
    fs.rmSync(path.join(dir, 'dist/infrastructure/cert-manager/namespace.yaml'));
    fs.writeFileSync(path.join(dir, 'dist/apps/api-service/base/extra.yaml'), 'kind: ConfigMap\n');
    // Files that are not YAML/JSON, and dot-folders, are not part of the tree.
    fs.writeFileSync(path.join(dir, 'dist/README.md'), '# tree\n');
    expect(cli(dir, 'synth', '--check')).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        'gitops-synth: dist differs from the definitions (2 files):',
        '  unexpected  dist/apps/api-service/base/extra.yaml',
        '  missing     dist/infrastructure/cert-manager/namespace.yaml',
        'fix (missing): run gitops-synth synth and commit the result',
        'fix (unexpected): remove the file, or generate it from the definitions',
        '',
      ].join('\n'),
    });
  });

  test('reports drift of the Terraform JSON under its own folder', () => {
    const dir = repoCopy();
    fs.appendFileSync(path.join(dir, 'cdktf.out/stacks/gitops-synth/inventory.tf.json'), ' ');
    expect(cli(dir, 'synth', '--check')).toEqual({
      code: 1,
      stderr: '',
      stdout: [
        'gitops-synth: cdktf.out differs from the definitions (1 file):',
        '  hand-edited  cdktf.out/stacks/gitops-synth/inventory.tf.json',
        'fix (hand-edited): make the change in the definitions instead, then run gitops-synth synth',
        '',
      ].join('\n'),
    });
  });

  test('--json reports every output checked, with each drifting file and its kind', () => {
    const dir = repoCopy();
    fs.appendFileSync(path.join(dir, STAGING), '# tweak\n');
    fs.rmSync(path.join(dir, 'dist/infrastructure/cert-manager/namespace.yaml'));
    fs.rmSync(path.join(dir, 'cdktf.out/stacks/gitops-synth/cdk.tf.json'));
    const run = cli(dir, 'synth', '--check', '--json');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      version: 1,
      upToDate: false,
      outputs: [
        {
          dir: 'dist',
          type: 'tree',
          generated: 36,
          files: [
            { path: 'apps/api-service/overlays/staging/kustomization.yaml', kind: 'hand-edited' },
            { path: 'infrastructure/cert-manager/namespace.yaml', kind: 'missing' },
          ],
        },
        { dir: 'cdktf.out', type: 'terraform', generated: 2, files: [{ path: 'stacks/gitops-synth/cdk.tf.json', kind: 'missing' }] },
      ],
    });
  });

  test('--json on the committed tree: up to date, every output listed without files', () => {
    const run = cli(repoCopy(), 'synth', '--check', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      version: 1,
      upToDate: true,
      outputs: [{ dir: 'dist', type: 'tree', generated: 36, files: [] }, { dir: 'cdktf.out', type: 'terraform', generated: 2, files: [] }],
    });
  });

  test('--json without --check exits 2 and writes nothing', () => {
    const dir = repoCopy();
    const before = snapshotFiles(dir);
    expect(cli(dir, 'synth', '--json')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gitops-synth synth: --json reports the outcome of --check only (fix: add --check, or leave out --json)\n',
    });
    expect(snapshotFiles(dir)).toEqual(before);
  });

  test('errors stay on stderr: a broken index is exit 2, not a finding', () => {
    const dir = repoCopy();
    fs.writeFileSync(path.join(dir, 'dist/.gitops-synth-index.json'), '<<<<<<< HEAD\n');
    const run = cli(dir, 'synth', '--check', '--json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const index = path.join(dir, 'dist/.gitops-synth-index.json');
    expect(run.stderr).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      `output ${path.join(dir, 'dist')}:`,
      `  ✖ .gitops-synth-index.json: is not valid JSON (Unexpected token '<', "<<<<<<< HEAD\n" is not valid JSON) (fix: restore it from Git (git checkout -- ${index}), or resolve its merge conflict)`,
      '',
    ].join('\n'));
  });

  test('synth repairs every kind of drift except unexpected files, which it never touches', () => {
    const dir = repoCopy();
    fs.appendFileSync(path.join(dir, STAGING), '# tweak\n');
    fs.rmSync(path.join(dir, 'dist/infrastructure/cert-manager/namespace.yaml'));
    expect(cli(dir, 'synth')).toEqual({
      code: 0,
      stdout: [
        `wrote ${STAGING}`,
        'wrote dist/infrastructure/cert-manager/namespace.yaml',
        'gitops-synth: dist — 2 written, 34 unchanged, 0 removed; cdktf.out — 0 written, 2 unchanged, 0 removed',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(cli(dir, 'synth', '--check').code).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  test('--out writes the tree into another folder, listing each file, and checks it there; the Terraform JSON stays where the definitions put it', () => {
    const dir = repoCopy();
    const treeFiles = Object.keys(snapshotFiles(path.join(dir, 'dist'))).filter((p) => p !== INDEX_FILE);
    expect(treeFiles).toHaveLength(36);
    expect(cli(dir, 'synth', '--out', 'elsewhere/tree')).toEqual({
      code: 0,
      stdout: [
        ...treeFiles.map((p) => `wrote elsewhere/tree/${p}`),
        'gitops-synth: elsewhere/tree — 36 written, 0 unchanged, 0 removed; cdktf.out — 0 written, 2 unchanged, 0 removed',
        '',
      ].join('\n'),
      stderr: '',
    });
    // Nothing next to the folder --out names.
    expect(fs.readdirSync(path.join(dir, 'elsewhere'))).toEqual(['tree']);
    expect(fs.readFileSync(path.join(dir, 'elsewhere/tree', 'apps/api-service/overlays/staging/kustomization.yaml'), 'utf8'))
      .toBe(fs.readFileSync(path.join(dir, STAGING), 'utf8'));
    expect(cli(dir, 'synth', '--check', '--out', 'elsewhere/tree').code).toBe(0);
  });

  test('--terraform-out writes the Terraform JSON into another folder, listing each file, and checks it there', () => {
    const dir = repoCopy();
    const before = snapshotFiles(dir);
    expect(cli(dir, 'synth', '--terraform-out', 'elsewhere/tf')).toEqual({
      code: 0,
      stdout: [
        'wrote elsewhere/tf/stacks/gitops-synth/cdk.tf.json',
        'wrote elsewhere/tf/stacks/gitops-synth/inventory.tf.json',
        'gitops-synth: dist — 0 written, 36 unchanged, 0 removed; elsewhere/tf — 2 written, 0 unchanged, 0 removed',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(snapshotFiles(path.join(dir, 'elsewhere/tf'))).toEqual(snapshotFiles(path.join(dir, 'cdktf.out')));
    expect(Object.keys(snapshotFiles(dir)).filter((p) => !(p in before))).toEqual(Object.keys(snapshotFiles(path.join(dir, 'cdktf.out'))).map((p) => `elsewhere/tf/${p}`));
    expect(cli(dir, 'synth', '--check', '--terraform-out', 'elsewhere/tf').code).toBe(0);
    fs.appendFileSync(path.join(dir, 'elsewhere/tf/stacks/gitops-synth/inventory.tf.json'), ' ');
    expect(cli(dir, 'synth', '--check', '--terraform-out', 'elsewhere/tf').stdout).toContain('  stale  elsewhere/tf/stacks/gitops-synth/inventory.tf.json\n');
  });

  test('failing checks exit 2 with every problem, writing nothing', () => {
    const dir = repoCopy();
    fs.writeFileSync(path.join(dir, 'src/apps/releases.json'), '{ "api-service": { "staging": "latest!" } }\n');
    const before = snapshotFiles(dir);
    const run = cli(dir, 'synth');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'releases src/apps/releases.json:',
      '  ✖ api-service.staging = "latest!": is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-") (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
      '',
    ].join('\n'));
    expect(snapshotFiles(dir)).toEqual(before);
  });
});
