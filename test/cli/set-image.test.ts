import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { changedPaths, cli, git, repoCopy, snapshotFiles } from '../support/cli-repo';
import { describeWithKubectl, kustomizeBuild } from '../support/kubectl';

const DIGEST = 'sha256:' + 'a'.repeat(64);

describe('gitops-synth set-image', () => {
  test('changes only the releases file, that overlay and its hash in the index; a following synth changes nothing', () => {
    const dir = repoCopy();
    const before = snapshotFiles(dir);
    const run = cli(dir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee');
    expect(run).toEqual({
      code: 0,
      stdout: 'api-service staging: sha-4f2a9c1 → sha-9c0ffee\nupdated src/apps/releases.json\nwrote dist/apps/api-service/overlays/staging/kustomization.yaml\n',
      stderr: '',
    });
    const after = snapshotFiles(dir);
    expect(changedPaths(before, after)).toEqual(['dist/.gitops-synth-index.json', 'dist/apps/api-service/overlays/staging/kustomization.yaml', 'src/apps/releases.json']);
    // The index changes by the one line of that overlay's content hash.
    expect(changedLines(before['dist/.gitops-synth-index.json'], after['dist/.gitops-synth-index.json'])).toEqual(['apps/api-service/overlays/staging/kustomization.yaml']);
    expect(after['src/apps/releases.json']).toBe('{\n  "api-service": {\n    "production": "sha-1b7e3d0",\n    "staging": "sha-9c0ffee"\n  }\n}\n');
    expect(after['dist/apps/api-service/overlays/staging/kustomization.yaml']).toContain('    newTag: sha-9c0ffee\n');
    expect(cli(dir, 'synth')).toEqual({ code: 0, stdout: 'gitops-synth: dist — 0 written, 36 unchanged, 0 removed; cdktf.out — 0 written, 2 unchanged, 0 removed\n', stderr: '' });
    expect(snapshotFiles(dir)).toEqual(after);
  });

  test('lists the Terraform JSON it rewrote too, and --terraform-out moves it', () => {
    const dir = repoCopy();
    const inventory = 'cdktf.out/stacks/gitops-synth/inventory.tf.json';
    const committed = fs.readFileSync(path.join(dir, inventory), 'utf8');
    fs.writeFileSync(path.join(dir, inventory), committed.replace('"secrets"', '"secrets_stale"'));
    expect(cli(dir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee')).toEqual({
      code: 0,
      stdout: [
        'api-service staging: sha-4f2a9c1 → sha-9c0ffee',
        'updated src/apps/releases.json',
        'wrote dist/apps/api-service/overlays/staging/kustomization.yaml',
        `wrote ${inventory}`,
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(fs.readFileSync(path.join(dir, inventory), 'utf8')).toBe(committed);
    expect(cli(dir, 'promote', 'api-service', '--from', 'staging', '--to', 'production', '--terraform-out', 'tf')).toEqual({
      code: 0,
      stdout: [
        'api-service production: sha-1b7e3d0 → sha-9c0ffee (promoted from staging)',
        'updated src/apps/releases.json',
        'wrote dist/apps/api-service/overlays/production/kustomization.yaml',
        'wrote tf/stacks/gitops-synth/cdk.tf.json',
        'wrote tf/stacks/gitops-synth/inventory.tf.json',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  test('is idempotent', () => {
    const dir = repoCopy();
    cli(dir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee');
    const once = snapshotFiles(dir);
    expect(cli(dir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee')).toEqual({ code: 0, stdout: 'api-service staging: already sha-9c0ffee\nnothing changed\n', stderr: '' });
    expect(snapshotFiles(dir)).toEqual(once);
  });

  test('accepts a sha256 digest and writes it as a kustomize digest', () => {
    const dir = repoCopy();
    expect(cli(dir, 'set-image', 'api-service', 'production', DIGEST).code).toBe(0);
    const overlay = fs.readFileSync(path.join(dir, 'dist/apps/api-service/overlays/production/kustomization.yaml'), 'utf8');
    expect(overlay).toContain(`    digest: ${DIGEST}\n`);
    expect(overlay).not.toContain('newTag');
  });

  test.each([
    ['latest', 'gitops-synth set-image: tag "latest" is mutable (it is moved to new builds), so it does not pin what runs (fix: pass an immutable tag such as the git SHA, e.g. sha-4f2a9c1, or a sha256: digest)\n'],
    ['', 'gitops-synth set-image: "" must be a non-empty image tag or a sha256 digest (fix: pass an immutable tag such as the git SHA, e.g. sha-4f2a9c1, or a sha256: digest)\n'],
    ['.bad', 'gitops-synth set-image: ".bad" is not a valid image tag (letters, digits, "_", "." and "-", at most 128, not starting with "." or "-") (fix: pass an immutable tag such as the git SHA, e.g. sha-4f2a9c1, or a sha256: digest)\n'],
    ['sha256:abc', 'gitops-synth set-image: "sha256:abc" is not a valid digest (expected sha256: followed by 64 lowercase hex characters) (fix: pass an immutable tag such as the git SHA, e.g. sha-4f2a9c1, or a sha256: digest)\n'],
  ])('refuses the version %j with exit 2 and writes nothing', (version, message) => {
    const dir = repoCopy();
    const before = snapshotFiles(dir);
    expect(cli(dir, 'set-image', 'api-service', 'staging', version)).toEqual({ code: 2, stdout: '', stderr: message });
    expect(snapshotFiles(dir)).toEqual(before);
  });

  test('refuses an unknown service or environment, naming what exists', () => {
    const dir = repoCopy();
    expect(cli(dir, 'set-image', 'web', 'staging', 'v1')).toEqual({ code: 2, stdout: '', stderr: 'gitops-synth set-image: service "web" is not defined (defined: api-service)\n' });
    expect(cli(dir, 'set-image', 'api-service', 'qa', 'v1')).toEqual({ code: 2, stdout: '', stderr: 'gitops-synth set-image: service "api-service" has no overlay for environment "qa" (overlays: staging, production)\n' });
  });

  test('restores the releases file when the synth fails', () => {
    const dir = repoCopy();
    // A service the definitions do not know makes the releases check fail after the update.
    const releases = path.join(dir, 'src/apps/releases.json');
    const broken = '{ "api-service": { "production": "sha-1b7e3d0", "staging": "sha-4f2a9c1" }, "ghost": { "staging": "v1" } }\n';
    fs.writeFileSync(releases, broken);
    const run = cli(dir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('names service "ghost", which is not defined');
    expect(fs.readFileSync(releases, 'utf8')).toBe(broken);
  });
});

describe('gitops-synth promote', () => {
  test('copies the staging version to production, changing only that overlay (and its hash in the index)', () => {
    const dir = repoCopy();
    const before = snapshotFiles(dir);
    expect(cli(dir, 'promote', 'api-service', '--from', 'staging', '--to', 'production')).toEqual({
      code: 0,
      stdout: 'api-service production: sha-1b7e3d0 → sha-4f2a9c1 (promoted from staging)\nupdated src/apps/releases.json\nwrote dist/apps/api-service/overlays/production/kustomization.yaml\n',
      stderr: '',
    });
    expect(changedPaths(before, snapshotFiles(dir))).toEqual(['dist/.gitops-synth-index.json', 'dist/apps/api-service/overlays/production/kustomization.yaml', 'src/apps/releases.json']);
  });

  test('refuses the same environment twice and unknown services', () => {
    const dir = repoCopy();
    expect(cli(dir, 'promote', 'api-service', '--from', 'staging', '--to', 'staging')).toEqual({ code: 2, stdout: '', stderr: 'gitops-synth promote: --from and --to are both "staging" (fix: name two different environments)\n' });
    expect(cli(dir, 'promote', 'web', '--from', 'staging', '--to', 'production')).toEqual({ code: 2, stdout: '', stderr: 'gitops-synth promote: service "web" is not defined (defined: api-service)\n' });
    expect(cli(dir, 'promote', 'api-service', '--from', 'qa', '--to', 'production')).toEqual({ code: 2, stdout: '', stderr: 'gitops-synth promote: service "api-service" has no image version in environment "qa" (fix: set one first with gitops-synth set-image api-service qa <tag>)\n' });
  });
});

describe('rollback', () => {
  test('reverting a set-image commit leaves a tree that synth does not change', () => {
    const dir = repoCopy();
    const before = snapshotFiles(dir);
    cli(dir, 'set-image', 'api-service', 'staging', 'sha-9c0ffee');
    git(dir, 'commit', '-qam', 'api-service staging: deploy sha-9c0ffee');
    git(dir, 'revert', '--no-edit', 'HEAD');
    expect(cli(dir, 'synth')).toEqual({ code: 0, stdout: 'gitops-synth: dist — 0 written, 36 unchanged, 0 removed; cdktf.out — 0 written, 2 unchanged, 0 removed\n', stderr: '' });
    expect(cli(dir, 'synth', '--check').code).toBe(0);
    expect(snapshotFiles(dir)).toEqual(before);
  });
});

/** The paths whose line differs between two texts of an index. */
function changedLines(before: string, after: string): string[] {
  const old = new Set(before.split('\n'));
  return after.split('\n')
    .filter((line) => !old.has(line))
    .flatMap((line) => Object.keys(JSON.parse(`{${line.replace(/,$/, '')}}`) as Record<string, string>));
}

describeWithKubectl('gitops-synth set-image with a tag that looks like a number', () => {
  // Go's YAML, which kustomize and Argo CD read with, takes `0X1F` for 31 and `081_000` for 81000: a
  // plain newTag: 0X1F broke the overlay ("cannot unmarshal number into Go struct field Image.images.newTag").
  test.each(['0X1F', '081_000', '0_9', '1e3', '0o17'])('%s stays a string: the overlay builds with kubectl kustomize', (tag) => {
    const dir = repoCopy();
    expect(cli(dir, 'set-image', 'api-service', 'staging', tag).code).toBe(0);
    const overlay = path.join(dir, 'dist/apps/api-service/overlays/staging');
    expect(fs.readFileSync(path.join(overlay, 'kustomization.yaml'), 'utf8')).toContain(`    newTag: '${tag}'\n`);
    type Deployment = { kind: string; spec: { template: { spec: { containers: Array<{ image: string }> } } } };
    const deployment = (loadAll(kustomizeBuild(overlay)) as Deployment[]).find((o) => o.kind === 'Deployment');
    expect(deployment?.spec.template.spec.containers[0].image).toBe(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/api-service:${tag}`);
  });
});

describe('set-image with a huge argument', () => {
  test('the message shows the first characters and the length, not the whole value; nothing is written', () => {
    const dir = repoCopy();
    const before = snapshotFiles(dir);
    const run = cli(dir, 'set-image', 'api-service', 'staging', `v${'x'.repeat(199_999)}`);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `gitops-synth set-image: "v${'x'.repeat(59)}…" (200000 characters) is 200000 characters long; an image tag has at most 128 (letters, digits, "_", "." and "-", not starting with "." or "-") (fix: pass an immutable tag such as the git SHA, e.g. sha-4f2a9c1, or a sha256: digest)\n`,
    });
    expect(snapshotFiles(dir)).toEqual(before);
  });
});
