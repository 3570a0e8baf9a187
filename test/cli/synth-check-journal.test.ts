import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { INDEX_FILE, TXN_DIR } from '../../src/core/reserved-paths';
import { cli, repoCopy, snapshotFiles } from '../support/cli-repo';

// `synth --check` sees what synth would act on: a journal of an interrupted write, or one that synth
// would refuse, is never "up to date".

const STAGING = 'apps/api-service/overlays/staging/kustomization.yaml';

function sha256(content: string): string {
  return 'sha256:' + crypto.createHash('sha256').update(content).digest('hex');
}

function writeJournal(dist: string, journal: unknown, staged: Record<string, string>): void {
  fs.mkdirSync(path.join(dist, TXN_DIR, 'files'), { recursive: true });
  for (const [rel, content] of Object.entries(staged)) {
    fs.mkdirSync(path.dirname(path.join(dist, TXN_DIR, 'files', rel)), { recursive: true });
    fs.writeFileSync(path.join(dist, TXN_DIR, 'files', rel), content);
  }
  fs.writeFileSync(path.join(dist, TXN_DIR, 'journal.json'), JSON.stringify(journal));
}

describe('gitops-synth synth --check and the transaction folder', () => {
  test('a write interrupted after its commit point is reported as its journal, stale; synth completes it', () => {
    const dir = repoCopy();
    const dist = path.join(dir, 'dist');
    const current = fs.readFileSync(path.join(dist, STAGING), 'utf8');
    writeJournal(dist, { version: 2, write: [{ path: STAGING, before: sha256(current) }], remove: [] }, { [STAGING]: current + '# half-way\n' });
    const before = snapshotFiles(dir);
    expect(cli(dir, 'synth', '--check')).toEqual({
      code: 1,
      stdout: [
        'gitops-synth: dist differs from the definitions (1 file):',
        `  stale  dist/${TXN_DIR}/journal.json`,
        'fix (stale): run gitops-synth synth and commit the result',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(snapshotFiles(dir)).toEqual(before);
    // synth completes the interrupted write first, then puts the file back as the definitions say.
    expect(cli(dir, 'synth').stdout).toBe(`wrote dist/${STAGING}\ngitops-synth: dist — 1 written, 35 unchanged, 0 removed; cdktf.out — 0 written, 2 unchanged, 0 removed\n`);
    expect(cli(dir, 'synth', '--check').code).toBe(0);
  });

  test('a journal synth would refuse is an error of --check too, naming the entry and the fix', () => {
    const dir = repoCopy();
    const dist = path.join(dir, 'dist');
    writeJournal(dist, { version: 2, write: [], remove: [{ path: '../src/apps/releases.json', sha256: sha256('') }] }, {});
    const before = snapshotFiles(dir);
    const fix = `if no gitops-synth write was interrupted in ${dist}, the folder ${dist}/${TXN_DIR} is not gitops-synth's; otherwise restore ${dist} from Git (git checkout -- ${dist}); either way remove ${dist}/${TXN_DIR}, then synthesize again`;
    const message = [
      'gitops-synth: 1 problem found, nothing was written',
      `output ${dist}:`,
      `  ✖ ${TXN_DIR}/journal.json = "../src/apps/releases.json": lists a path that is not a plain relative path of a file inside the output folder; gitops-synth never moves or removes anything outside it (fix: ${fix})`,
      '',
    ].join('\n');
    expect(cli(dir, 'synth', '--check')).toEqual({ code: 2, stdout: '', stderr: message });
    expect(cli(dir, 'synth')).toEqual({ code: 2, stdout: '', stderr: message });
    expect(snapshotFiles(dir)).toEqual(before);
  });

  test('an index of the earlier format (paths without hashes) is up to date for --check; synth upgrades it', () => {
    const dir = repoCopy();
    const index = path.join(dir, 'dist', INDEX_FILE);
    const paths = Object.keys(JSON.parse(fs.readFileSync(index, 'utf8')).files as Record<string, string>);
    fs.writeFileSync(index, JSON.stringify({ generator: 'gitops-synth', files: paths }, null, 2) + '\n');
    expect(cli(dir, 'synth', '--check').code).toBe(0);
    expect(cli(dir, 'synth').stdout).toBe(`wrote dist/${INDEX_FILE}\ngitops-synth: dist — 1 written, 36 unchanged, 0 removed; cdktf.out — 0 written, 2 unchanged, 0 removed\n`);
  });

  test('a link inside the tree is refused by --check as by synth', () => {
    const dir = repoCopy();
    const dist = path.join(dir, 'dist');
    fs.renameSync(path.join(dist, 'apps'), path.join(dir, 'apps-elsewhere'));
    fs.symlinkSync(path.join(dir, 'apps-elsewhere'), path.join(dist, 'apps'));
    const run = cli(dir, 'synth', '--check');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('  ✖ apps: is a symbolic link; gitops-synth never reads or writes through a link inside its output folder');
  });
});
