import * as fs from 'fs';
import * as path from 'path';
import { cli, git, repoCopy, snapshotFiles } from '../support/cli-repo';

const STAGING = 'dist/apps/api-service/overlays/staging/kustomization.yaml';

describe('gitops-synth synth --check', () => {
  test('exits 0 on the committed tree and writes nothing', () => {
    const dir = repoCopy();
    const before = snapshotFiles(dir);
    expect(cli(dir, 'synth', '--check')).toEqual({ code: 0, stdout: 'gitops-synth: dist is up to date (32 files)\n', stderr: '' });
    expect(snapshotFiles(dir)).toEqual(before);
  });

  test('reports an uncommitted edit of a generated file as hand-edited, and writes nothing', () => {
    const dir = repoCopy();
    fs.appendFileSync(path.join(dir, STAGING), '# tweak\n');
    const before = snapshotFiles(dir);
    expect(cli(dir, 'synth', '--check')).toEqual({
      code: 1,
      stdout: '',
      stderr: [
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
    expect(cli(dir, 'synth', '--check').stderr).toContain(`  hand-edited  ${STAGING}\n`);
  });

  test('reports a file left behind by changed releases as stale', () => {
    const dir = repoCopy();
    const releases = path.join(dir, 'src/apps/releases.json');
    fs.writeFileSync(releases, fs.readFileSync(releases, 'utf8').replace('sha-4f2a9c1', 'sha-9c0ffee'));
    git(dir, 'commit', '-qam', 'release without synth');
    expect(cli(dir, 'synth', '--check')).toEqual({
      code: 1,
      stdout: '',
      stderr: [
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
    const parsed = JSON.parse(fs.readFileSync(index, 'utf8')) as { files: string[] };
    parsed.files = [...parsed.files, 'apps/old/base/kustomization.yaml'].sort();
    fs.writeFileSync(index, JSON.stringify(parsed, null, 2) + '\n');
    fs.writeFileSync(path.join(dir, 'src/apps/old.ts'), '// the old service\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'old service');
    expect(cli(dir, 'synth', '--check').stderr).toBe([
      'gitops-synth: dist differs from the definitions (1 file):',
      '  stale  dist/apps/old/base/kustomization.yaml',
      'fix (stale): run gitops-synth synth and commit the result',
      '',
    ].join('\n'));
    expect(cli(dir, 'synth').stdout).toBe('gitops-synth: dist — 0 written, 32 unchanged, 1 removed; cdktf.out — 0 written, 2 unchanged, 0 removed\n');
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
      stdout: '',
      stderr: [
        'gitops-synth: dist differs from the definitions (2 files):',
        '  unexpected  dist/apps/api-service/base/extra.yaml',
        '  missing     dist/infrastructure/cert-manager/namespace.yaml',
        'fix (missing): run gitops-synth synth and commit the result',
        'fix (unexpected): remove the file, or generate it from the definitions',
        '',
      ].join('\n'),
    });
  });

  test('synth repairs every kind of drift except unexpected files, which it never touches', () => {
    const dir = repoCopy();
    fs.appendFileSync(path.join(dir, STAGING), '# tweak\n');
    fs.rmSync(path.join(dir, 'dist/infrastructure/cert-manager/namespace.yaml'));
    expect(cli(dir, 'synth')).toEqual({ code: 0, stdout: 'gitops-synth: dist — 2 written, 30 unchanged, 0 removed; cdktf.out — 0 written, 2 unchanged, 0 removed\n', stderr: '' });
    expect(cli(dir, 'synth', '--check').code).toBe(0);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  test('--out writes the tree into another folder and checks it there', () => {
    const dir = repoCopy();
    expect(cli(dir, 'synth', '--out', 'elsewhere/tree')).toEqual({ code: 0, stdout: 'gitops-synth: elsewhere/tree — 32 written, 0 unchanged, 0 removed; elsewhere/cdktf.out — 2 written, 0 unchanged, 0 removed\n', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'elsewhere/tree', 'apps/api-service/overlays/staging/kustomization.yaml'), 'utf8'))
      .toBe(fs.readFileSync(path.join(dir, STAGING), 'utf8'));
    expect(cli(dir, 'synth', '--check', '--out', 'elsewhere/tree').code).toBe(0);
  });

  test('failing checks exit 2 with every problem, writing nothing', () => {
    const dir = repoCopy();
    fs.writeFileSync(path.join(dir, 'src/apps/releases.json'), '{ "api-service": { "staging": "latest!" } }\n');
    const before = snapshotFiles(dir);
    const run = cli(dir, 'synth');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe([
      'gitops-synth: 3 problems found, nothing was written',
      'releases src/apps/releases.json:',
      '  ✖ api-service.staging = "latest!": is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-") (fix: set an immutable tag such as the git SHA (e.g. "sha-4f2a9c1") or a sha256 digest)',
      'service api-service:',
      '  ✖ overlays.production.image: no image tag or digest for environment "production" in src/apps/releases.json (fix: add "api-service": { "production": "<tag>" } to src/apps/releases.json, or run gitops-synth set-image api-service production <tag>)',
      '  ✖ overlays.staging.image: no image tag or digest for environment "staging" in src/apps/releases.json (fix: add "api-service": { "staging": "<tag>" } to src/apps/releases.json, or run gitops-synth set-image api-service staging <tag>)',
      '',
    ].join('\n'));
    expect(snapshotFiles(dir)).toEqual(before);
  });
});
