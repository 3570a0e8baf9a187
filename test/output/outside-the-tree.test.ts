import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { awsSide, GitOpsRepo, Releases, synth, SyncPolicy } from '../../src';
import { atomicWrite } from '../../src/output/atomic-write';
import { synthErrorOf } from '../support/errors';
import { smallRepo } from '../support/fixtures';
import { readTree, tempDir } from '../support/tmp';

/** A folder outside every output folder, with a file the attacks aim at. */
function sentinel(): string {
  const dir = tempDir('gitops-synth-outside-');
  fs.writeFileSync(path.join(dir, 'f1.yaml'), 'outside: true\n');
  return dir;
}

describe('nothing outside the tree, whatever was planted in it', () => {
  test('a staging folder that is a link is refused: no file is brought in from elsewhere', () => {
    const outside = sentinel();
    const out = tempDir();
    synth(smallRepo().repo, { outdir: out });
    const before = readTree(out);
    fs.mkdirSync(path.join(out, '.gitops-synth-txn'));
    fs.symlinkSync(outside, path.join(out, '.gitops-synth-txn/files'));
    fs.writeFileSync(path.join(out, '.gitops-synth-txn/journal.json'), JSON.stringify({ version: 2, write: [{ path: 'f1.yaml', before: null }], remove: [] }));
    expect(synthErrorOf(() => synth(smallRepo().repo, { outdir: out }))).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      `output ${out}:`,
      '  ✖ .gitops-synth-txn/files: is a symbolic link; gitops-synth never reads or writes through a link inside its output folder, so that nothing outside it changes (fix: replace the link with the folder or file itself, or remove it, then synthesize again)',
    ].join('\n'));
    expect(readTree(outside)).toEqual({ 'f1.yaml': 'outside: true\n' });
    expect(fs.lstatSync(path.join(out, '.gitops-synth-txn/files')).isSymbolicLink()).toBe(true);
    // Removing the planted folder removes the link itself, never what it points to.
    fs.rmSync(path.join(out, '.gitops-synth-txn'), { recursive: true });
    expect(readTree(out)).toEqual(before);
    expect(readTree(outside)).toEqual({ 'f1.yaml': 'outside: true\n' });
  });

  test('a link planted at the temporary file of the releases file is replaced, never written through', () => {
    const outside = sentinel();
    const dir = tempDir();
    const file = path.join(dir, 'releases.json');
    fs.symlinkSync(path.join(outside, 'f1.yaml'), `${file}.gitops-synth-tmp`);
    atomicWrite(file, '{}\n');
    expect(readTree(outside)).toEqual({ 'f1.yaml': 'outside: true\n' });
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe('{}\n');
    expect(fs.existsSync(`${file}.gitops-synth-tmp`)).toBe(false);
  });

  test('the Terraform JSON in the tree\'s folder (or the reverse) is refused before anything is written', () => {
    const build = () => {
      const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git', releases: Releases.fromData({ web: { staging: 'v1.0.0' } }, 'releases.json') });
      const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
      repo.add(awsSide({ accountId: '123456789012', region: 'eu-west-1', clusterOidcIssuer: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE' }));
      repo.addService('web', { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web', port: 8080 }).addOverlay(staging);
      return repo;
    };
    const out = tempDir();
    for (const terraformOutdir of [out, path.join(out, 'apps'), path.dirname(out)]) {
      expect(synthErrorOf(() => synth(build(), { outdir: out, terraformOutdir }))).toBe([
        'gitops-synth: 1 problem found, nothing was written',
        `output ${out}:`,
        `  ✖ terraform outdir = ${JSON.stringify(terraformOutdir)}: is the tree's output folder, inside it, or holds it; each writer would remove the other's files as no longer generated (fix: give the Terraform JSON a folder of its own next to the tree, e.g. cdktf.out (--terraform-out, or AwsSide outdir))`,
      ].join('\n'));
    }
    expect(readTree(out)).toEqual({});
  });

  test('an add-on file under .git or the transaction folder is refused', () => {
    const { repo } = smallRepo();
    const objects = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hook' } }];
    repo.addAddOn('hooks', {
      chart: { repoURL: 'https://charts.example.com', chart: 'hooks', version: '1.0.0' },
      objects: [{ fileName: '.git/hooks/post-checkout', objects }],
    });
    const out = tempDir();
    const message = synthErrorOf(() => synth(repo, { outdir: out }));
    expect(message).toContain('infrastructure/hooks/.git/hooks/post-checkout');
    expect(message).toContain('names a place gitops-synth keeps for itself or Git (a .git folder, .gitops-synth-txn/, the index), where a generated file would be lost or break the next synth (fix: choose another file name)');
    expect(readTree(out)).toEqual({});
  });

  test('a FIFO at a generated path does not hang the synth: it is replaced like a stale file', () => {
    const out = tempDir();
    synth(smallRepo().repo, { outdir: out });
    const file = path.join(out, 'apps/web/base/deployment.yaml');
    const content = fs.readFileSync(file, 'utf8');
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    const result = synth(smallRepo().repo, { outdir: out });
    expect(result.written).toContain('apps/web/base/deployment.yaml');
    expect(fs.lstatSync(file).isFile()).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });
});
