import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { synth } from '../../src';
import { INDEX_FILE, TXN_DIR } from '../../src/core/reserved-paths';
import { writeTree } from '../../src/output/output-writer';
import { readIndex, renderIndex } from '../../src/output/tree-index';
import { recoverInterruptedWrite } from '../../src/output/write-journal';
import { synthErrorOf } from '../support/errors';
import { smallRepo } from '../support/fixtures';
import { tempDir } from '../support/tmp';

// Nothing outside the output folder is ever touched, whatever the journal, the index or the links
// inside the folder say; what cannot be done safely is refused, naming the file,
// the entry and the fix, and leaves everything byte for byte as it was.

const files = [
  { path: 'apps/a/base/kustomization.yaml', content: 'a: 1\n' },
  { path: 'apps/b/base/kustomization.yaml', content: 'b: 1\n' },
];

function sha256(content: string): string {
  return 'sha256:' + crypto.createHash('sha256').update(content).digest('hex');
}

/** Every entry under `dir`: files with their content, links with their target, folders (empty ones too). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, child);
      if (entry.isSymbolicLink()) {
        out[child] = `-> ${fs.readlinkSync(full)}`;
      } else if (entry.isDirectory()) {
        out[child + '/'] = '';
        walk(child);
      } else {
        out[child] = fs.readFileSync(full, 'utf8');
      }
    }
  };
  walk('');
  return out;
}

/** A tree written by gitops-synth at `<parent>/dist`, and a folder `<parent>/elsewhere` that is not ours. */
function treeAndElsewhere() {
  const parent = tempDir();
  const dist = path.join(parent, 'dist');
  writeTree(dist, files);
  const elsewhere = path.join(parent, 'elsewhere');
  fs.mkdirSync(path.join(elsewhere, 'base'), { recursive: true });
  fs.writeFileSync(path.join(elsewhere, 'x'), 'precious\n');
  fs.writeFileSync(path.join(elsewhere, 'base/kustomization.yaml'), 'b: 1\n');
  return { parent, dist, elsewhere };
}

function writeJournal(dist: string, journal: unknown, staged: Record<string, string> = {}): void {
  fs.mkdirSync(path.join(dist, TXN_DIR, 'files'), { recursive: true });
  for (const [rel, content] of Object.entries(staged)) {
    fs.mkdirSync(path.dirname(path.join(dist, TXN_DIR, 'files', rel)), { recursive: true });
    fs.writeFileSync(path.join(dist, TXN_DIR, 'files', rel), content);
  }
  fs.writeFileSync(path.join(dist, TXN_DIR, 'journal.json'), typeof journal === 'string' ? journal : JSON.stringify(journal));
}

/** The errno error the file system would throw. */
function fsError(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const descriptions: Record<string, string> = { EROFS: 'read-only file system', ENOSPC: 'no space left on device', EACCES: 'permission denied' };
  return Object.assign(new Error(`${code}: ${descriptions[code]}, ${syscall} '${file}'`), { code, syscall, path: file });
}

describe('the journal is checked whole before anything is moved or removed', () => {
  const journalFix = (dist: string) =>
    `(fix: if no gitops-synth write was interrupted in ${dist}, the folder ${dist}/${TXN_DIR} is not gitops-synth's; otherwise restore ${dist} from Git (git checkout -- ${dist}); either way remove ${dist}/${TXN_DIR}, then synthesize again)`;

  test('paths leading out of the folder are refused, and nothing inside or outside changes', () => {
    const { parent, dist } = treeAndElsewhere();
    writeJournal(dist, {
      version: 2,
      write: [{ path: '../elsewhere/x', before: null }, { path: '/etc/passwd', before: null }],
      remove: [{ path: '../elsewhere/base/kustomization.yaml', sha256: sha256('b: 1\n') }],
    }, { 'apps/a/base/kustomization.yaml': 'a: 2\n' });
    const before = snapshot(parent);
    expect(synthErrorOf(() => writeTree(dist, files))).toBe([
      'gitops-synth: 3 problems found, nothing was written',
      `output ${dist}:`,
      `  ✖ ${TXN_DIR}/journal.json = "../elsewhere/x": lists a path that is not a plain relative path of a file inside the output folder; gitops-synth never moves or removes anything outside it ${journalFix(dist)}`,
      `  ✖ ${TXN_DIR}/journal.json = "/etc/passwd": lists a path that is not a plain relative path of a file inside the output folder; gitops-synth never moves or removes anything outside it ${journalFix(dist)}`,
      `  ✖ ${TXN_DIR}/journal.json = "../elsewhere/base/kustomization.yaml": lists a path that is not a plain relative path of a file inside the output folder; gitops-synth never moves or removes anything outside it ${journalFix(dist)}`,
    ].join('\n'));
    expect(() => recoverInterruptedWrite(dist)).toThrow('lists a path that is not a plain relative path');
    expect(snapshot(parent)).toEqual(before);
  });

  test('the format of an earlier gitops-synth, null and entries of the wrong shape are reported with the fix', () => {
    const { parent, dist } = treeAndElsewhere();
    const cases: Array<[unknown, string[]]> = [
      ['null', ['is not a journal this gitops-synth wrote (expected "version": 2, a "write" list and a "remove" list)']],
      [{ write: ['../../elsewhere/x'], remove: [] }, ['is not a journal this gitops-synth wrote (expected "version": 2, a "write" list and a "remove" list)']],
      ['{"version": 2, "write": [', ['records an interrupted write but cannot be read (Unexpected end of JSON input)']],
      [{ version: 2, write: [null, { path: 'apps/a/base/kustomization.yaml', before: 'md5:x' }], remove: [{ path: 7 }, { path: 'apps/b/base/kustomization.yaml' }] }, [
        ' = null: has a "write" entry that is not { path, before }',
        ' = 7: lists a path that is not a plain relative path of a file inside the output folder; gitops-synth never moves or removes anything outside it',
        ' = "md5:x": records a "before" hash for apps/a/base/kustomization.yaml that is neither null nor "sha256:" and 64 hex digits',
        ': records a hash for apps/b/base/kustomization.yaml that is not "sha256:" and 64 hex digits',
      ]],
    ];
    for (const [journal, messages] of cases) {
      writeJournal(dist, journal);
      const before = snapshot(parent);
      const message = synthErrorOf(() => writeTree(dist, files));
      expect(message.split('\n').slice(2)).toEqual(messages.map((m) => `  ✖ ${TXN_DIR}/journal.json${m.startsWith(' = ') || m.startsWith(':') ? '' : ': '}${m} ${journalFix(dist)}`));
      expect(snapshot(parent)).toEqual(before);
      fs.rmSync(path.join(dist, TXN_DIR), { recursive: true });
    }
  });

  test('a journal that would remove or replace a file whose content it did not record is refused', () => {
    const { parent, dist } = treeAndElsewhere();
    fs.writeFileSync(path.join(dist, 'README.md'), '# ours\n');
    writeJournal(dist, {
      version: 2,
      write: [{ path: 'README.md', before: null }],
      remove: [{ path: 'apps/a/base/kustomization.yaml', sha256: sha256('something else\n') }],
    }, { 'README.md': 'taken over\n' });
    const before = snapshot(parent);
    expect(synthErrorOf(() => recoverInterruptedWrite(dist)).split('\n').slice(2)).toEqual([
      `  ✖ ${TXN_DIR}/journal.json = "apps/a/base/kustomization.yaml": would remove apps/a/base/kustomization.yaml, whose content is not what the write recorded ${journalFix(dist)}`,
      `  ✖ ${TXN_DIR}/journal.json = "README.md": would replace README.md, which did not exist when the write was committed ${journalFix(dist)}`,
    ]);
    expect(snapshot(parent)).toEqual(before);
  });

  test('a transaction folder that is a link is refused, and what it points to is left alone', () => {
    const { parent, dist, elsewhere } = treeAndElsewhere();
    fs.symlinkSync(elsewhere, path.join(dist, TXN_DIR));
    const before = snapshot(parent);
    expect(synthErrorOf(() => writeTree(dist, files)).split('\n').slice(1)).toEqual([
      `output ${dist}:`,
      `  ✖ ${TXN_DIR}: is a symbolic link; gitops-synth never reads or writes through a link inside its output folder, so that nothing outside it changes (fix: replace the link with the folder or file itself, or remove it, then synthesize again)`,
    ]);
    expect(snapshot(parent)).toEqual(before);
  });

  test('a write interrupted after its commit point is completed, and the folders it empties are removed', () => {
    const dist = tempDir();
    writeTree(dist, [...files, { path: 'apps/c/deep/er/c.yaml', content: 'c: 1\n' }]);
    // Killed after removing apps/c/deep/er/c.yaml and its folder er/, before deep/ and c/.
    fs.rmSync(path.join(dist, 'apps/c/deep/er'), { recursive: true });
    writeJournal(dist, {
      version: 2,
      write: [{ path: 'apps/a/base/kustomization.yaml', before: sha256('a: 1\n') }],
      remove: [{ path: 'apps/c/deep/er/c.yaml', sha256: sha256('c: 1\n') }],
    }, { 'apps/a/base/kustomization.yaml': 'a: 2\n' });
    expect(recoverInterruptedWrite(dist)).toBe('completed');
    expect(snapshot(dist)).toMatchObject({ 'apps/a/base/kustomization.yaml': 'a: 2\n' });
    expect(Object.keys(snapshot(dist)).filter((p) => p.startsWith('apps/c') || p.startsWith(TXN_DIR))).toEqual([]);
  });

  test('a write killed before its commit point leaves no empty folder behind once discarded', () => {
    const dist = tempDir();
    writeTree(dist, files);
    const before = snapshot(dist);
    // Staged, and its target folder made, but the journal never written.
    fs.mkdirSync(path.join(dist, TXN_DIR, 'files/apps/new/base'), { recursive: true });
    fs.writeFileSync(path.join(dist, TXN_DIR, 'files/apps/new/base/kustomization.yaml'), 'n: 1\n');
    fs.mkdirSync(path.join(dist, 'apps/new/base'), { recursive: true });
    expect(recoverInterruptedWrite(dist)).toBe('discarded');
    expect(snapshot(dist)).toEqual(before);
  });
});

describe('no symbolic link inside the output folder is followed', () => {
  const link = (rel: string) =>
    `  ✖ ${rel}: is a symbolic link; gitops-synth never reads or writes through a link inside its output folder, so that nothing outside it changes (fix: replace the link with the folder or file itself, or remove it, then synthesize again)`;

  test('a folder of the tree that links elsewhere: no file is written, renamed or removed through it', () => {
    const { parent, dist, elsewhere } = treeAndElsewhere();
    fs.rmSync(path.join(dist, 'apps/b'), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(dist, 'apps/b'));
    const before = snapshot(parent);
    // Changed content, a new file and a removal, all through the link.
    const next = [files[0], { path: 'apps/b/base/kustomization.yaml', content: 'b: 2\n' }, { path: 'apps/b/new.yaml', content: 'n: 1\n' }];
    expect(synthErrorOf(() => writeTree(dist, next)).split('\n').slice(1)).toEqual([`output ${dist}:`, link('apps/b')]);
    // Renaming the service: the old one's files would be removed through the link.
    expect(synthErrorOf(() => writeTree(dist, [files[0], { path: 'apps/c/base/kustomization.yaml', content: 'b: 1\n' }])).split('\n').slice(1)).toEqual([`output ${dist}:`, link('apps/b')]);
    expect(snapshot(parent)).toEqual(before);
  });

  test('a file of the tree that is a link is neither read nor replaced', () => {
    const { parent, dist, elsewhere } = treeAndElsewhere();
    fs.rmSync(path.join(dist, 'apps/b/base/kustomization.yaml'));
    fs.symlinkSync(path.join(elsewhere, 'x'), path.join(dist, 'apps/b/base/kustomization.yaml'));
    const before = snapshot(parent);
    expect(synthErrorOf(() => writeTree(dist, files)).split('\n').slice(1)).toEqual([`output ${dist}:`, link('apps/b/base/kustomization.yaml')]);
    expect(snapshot(parent)).toEqual(before);
  });

  test('synth reads the existing overlays without following links either', () => {
    const { parent, elsewhere } = treeAndElsewhere();
    const dist = path.join(parent, 'tree');
    synth(smallRepo({ preserveImages: true }).repo, { outdir: dist, terraformOutdir: path.join(parent, 'tf') });
    fs.rmSync(path.join(dist, 'apps/web/overlays'), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(dist, 'apps/web/overlays'));
    const before = snapshot(parent);
    expect(synthErrorOf(() => synth(smallRepo({ preserveImages: true }).repo, { outdir: dist, terraformOutdir: path.join(parent, 'tf') }))).toContain(link('apps/web/overlays'));
    expect(snapshot(parent)).toEqual(before);
  });

  test('the output folder itself may be a link: it is followed once, and the tree is written where it points', () => {
    const parent = tempDir();
    fs.mkdirSync(path.join(parent, 'checkout/dist'), { recursive: true });
    fs.symlinkSync(path.join(parent, 'checkout/dist'), path.join(parent, 'dist'));
    writeTree(path.join(parent, 'dist'), files);
    writeTree(path.join(parent, 'dist'), [files[0]]);
    expect(snapshot(parent)).toEqual({
      'checkout/': '',
      'checkout/dist/': '',
      [`checkout/dist/${INDEX_FILE}`]: renderIndex([files[0]]),
      'checkout/dist/apps/': '',
      'checkout/dist/apps/a/': '',
      'checkout/dist/apps/a/base/': '',
      'checkout/dist/apps/a/base/kustomization.yaml': 'a: 1\n',
      'dist': `-> ${path.join(parent, 'checkout/dist')}`,
    });
  });

  test('an output folder that is a dangling link is reported, and nothing is staged next to it', () => {
    const parent = tempDir();
    fs.symlinkSync(path.join(parent, 'gone'), path.join(parent, 'dist'));
    const before = snapshot(parent);
    expect(synthErrorOf(() => writeTree(path.join(parent, 'dist'), files)).split('\n').slice(1)).toEqual([
      `output ${parent}/dist:`,
      `  ✖ ${parent}/dist: is a symbolic link to ${parent}/gone, which does not exist (ENOENT) (fix: create the folder ${parent}/gone, point the link at an existing folder, or remove the link so that synth creates ${parent}/dist as a folder)`,
    ]);
    expect(snapshot(parent)).toEqual(before);
  });
});

describe('a file is removed only if it is what gitops-synth wrote', () => {
  const index = (dist: string) => `${dist}/${INDEX_FILE}`;

  test('a hand-made file listed in an index of the earlier format (no hashes) is not removed', () => {
    const { parent, dist } = treeAndElsewhere();
    fs.writeFileSync(path.join(dist, 'README.md'), '# ours\n');
    fs.writeFileSync(path.join(dist, INDEX_FILE), JSON.stringify({ generator: 'gitops-synth', files: ['README.md', ...files.map((f) => f.path)] }, null, 2) + '\n');
    const before = snapshot(parent);
    expect(synthErrorOf(() => writeTree(dist, files)).split('\n').slice(1)).toEqual([
      `output ${dist}:`,
      `  ✖ README.md: is no longer generated, but ${INDEX_FILE} was written by an earlier gitops-synth and records no content hash, so it cannot be told from a file made by hand; it is not removed (fix: if it is no longer needed, delete it yourself (git rm ${dist}/README.md); if it is yours now, move it elsewhere; then synthesize again)`,
    ]);
    expect(snapshot(parent)).toEqual(before);
    // The files still generated are read as listed: with the README moved away, the index is upgraded.
    fs.renameSync(path.join(dist, 'README.md'), path.join(parent, 'README.md'));
    expect(writeTree(dist, files)).toEqual({ written: [INDEX_FILE], unchanged: files.map((f) => f.path), removed: [] });
    expect(fs.readFileSync(path.join(dist, INDEX_FILE), 'utf8')).toBe(renderIndex(files));
  });

  test('a file edited after gitops-synth wrote it is not removed; every such file is named', () => {
    const { parent, dist } = treeAndElsewhere();
    fs.appendFileSync(path.join(dist, files[0].path), '# tuned by hand\n');
    fs.appendFileSync(path.join(dist, files[1].path), '# tuned by hand\n');
    const before = snapshot(parent);
    const edited = (rel: string) =>
      `  ✖ ${rel}: is no longer generated, but was edited after gitops-synth wrote it (its content is not the one the index records); gitops-synth removes only files as it wrote them (fix: if it is no longer needed, delete it yourself (git rm ${dist}/${rel}); if it is yours now, move it elsewhere; then synthesize again)`;
    expect(synthErrorOf(() => writeTree(dist, [{ path: 'apps/c/base/kustomization.yaml', content: 'c: 1\n' }])).split('\n').slice(1)).toEqual([
      `output ${dist}:`,
      edited(files[0].path),
      edited(files[1].path),
    ]);
    expect(snapshot(parent)).toEqual(before);
  });

  test('a hand-made file listed with a made-up hash, a folder and a path outside are refused', () => {
    const { parent, dist } = treeAndElsewhere();
    fs.writeFileSync(path.join(dist, 'README.md'), '# ours\n');
    const hashes = Object.fromEntries(files.map((f) => [f.path, sha256(f.content)]));
    fs.writeFileSync(path.join(dist, INDEX_FILE), JSON.stringify({ generator: 'gitops-synth', version: 2, files: { ...hashes, 'README.md': sha256('# theirs\n'), 'apps': sha256('') } }));
    const before = snapshot(parent);
    expect(synthErrorOf(() => writeTree(dist, files)).split('\n').slice(1)).toEqual([
      `output ${dist}:`,
      `  ✖ README.md: is no longer generated, but was edited after gitops-synth wrote it (its content is not the one the index records); gitops-synth removes only files as it wrote them (fix: if it is no longer needed, delete it yourself (git rm ${dist}/README.md); if it is yours now, move it elsewhere; then synthesize again)`,
      `  ✖ apps: is a folder, but ${INDEX_FILE} lists it as a file gitops-synth wrote; folders are never removed (fix: restore ${index(dist)} from Git (git checkout -- ${index(dist)}), or remove the entry from it)`,
    ]);
    fs.writeFileSync(path.join(dist, INDEX_FILE), JSON.stringify({ generator: 'gitops-synth', version: 2, files: { ...hashes, '../elsewhere/x': sha256('precious\n'), 'a/../../x': sha256('') } }));
    const before2 = snapshot(parent);
    const restore = `(fix: restore it from Git (git checkout -- ${index(dist)}), or resolve its merge conflict)`;
    expect(synthErrorOf(() => writeTree(dist, files)).split('\n').slice(1)).toEqual([
      `output ${dist}:`,
      `  ✖ ${INDEX_FILE} = "../elsewhere/x": lists a path that is not a plain relative path of a file inside the output folder; gitops-synth never removes or writes anything outside it ${restore}`,
      `  ✖ ${INDEX_FILE} = "a/../../x": lists a path that is not a plain relative path of a file inside the output folder; gitops-synth never removes or writes anything outside it ${restore}`,
    ]);
    expect(() => readIndex(dist)).toThrow('"../elsewhere/x": lists a path that is not a plain relative path');
    expect(snapshot(parent)).toEqual(before2);
    void before;
  });

  test('a generated path where a folder stands is refused before the commit point', () => {
    const dist = tempDir();
    writeTree(dist, files);
    fs.mkdirSync(path.join(dist, 'apps/c/base/kustomization.yaml'), { recursive: true });
    const before = snapshot(dist);
    expect(synthErrorOf(() => writeTree(dist, [...files, { path: 'apps/c/base/kustomization.yaml', content: 'c: 1\n' }])).split('\n').slice(1)).toEqual([
      `output ${dist}:`,
      '  ✖ apps/c/base/kustomization.yaml: is a folder where gitops-synth reads or writes a file (fix: move or delete the folder, then synthesize again)',
    ]);
    expect(snapshot(dist)).toEqual(before);
  });
});

describe('a failing file system: a clear error, nothing half-written, no staging left', () => {
  const nodeFs = jest.requireActual<typeof fs>('fs');

  test.each([
    ['EROFS', 'a read-only file system', 'the file system is mounted read-only: write to a writable folder (--out), or remount it read-write'],
    ['EACCES', 'a read-only folder', 'make the folder writable for this user (chmod u+w), or write elsewhere with --out'],
  ])('%s (%s) when the staging folder is made', (code, _what, hint) => {
    const dist = tempDir();
    writeTree(dist, files);
    const before = snapshot(dist);
    const mkdir = jest.spyOn(nodeFs, 'mkdirSync').mockImplementation((p) => {
      throw fsError(code, 'mkdir', String(p));
    });
    try {
      expect(synthErrorOf(() => writeTree(dist, [{ ...files[0], content: 'a: 2\n' }])).split('\n').slice(1)).toEqual([
        `output ${dist}:`,
        `  ✖ ${TXN_DIR}: could not be written (mkdir: ${code}: ${code === 'EROFS' ? 'read-only file system' : 'permission denied'}); the output folder was left as it was (fix: ${hint})`,
      ]);
    } finally {
      mkdir.mockRestore();
    }
    expect(snapshot(dist)).toEqual(before);
  });

  test('ENOSPC halfway through staging: the staged files are removed, the tree is as it was', () => {
    const dist = tempDir();
    writeTree(dist, files);
    const before = snapshot(dist);
    const real = nodeFs.writeFileSync;
    let calls = 0;
    const write = jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((file, data, options) => {
      if (++calls === 2) throw fsError('ENOSPC', 'write', String(file));
      real(file, data, options);
    });
    try {
      expect(synthErrorOf(() => writeTree(dist, files.map((f) => ({ ...f, content: f.content + '# more\n' })))).split('\n').slice(1)).toEqual([
        `output ${dist}:`,
        `  ✖ ${TXN_DIR}/files/apps/b/base/kustomization.yaml: could not be written (write: ENOSPC: no space left on device); the output folder was left as it was (fix: free space on the disk, then synthesize again)`,
      ]);
    } finally {
      write.mockRestore();
    }
    expect(snapshot(dist)).toEqual(before);
  });

  test('a failure after the commit point says so, and the next synth completes the write', () => {
    const dist = tempDir();
    writeTree(dist, files);
    const real = nodeFs.renameSync;
    let moves = 0;
    const rename = jest.spyOn(nodeFs, 'renameSync').mockImplementation((from, to) => {
      // The journal's rename is the commit point; the second file's move fails.
      if (String(to).startsWith(path.join(dist, 'apps')) && ++moves === 2) throw fsError('EACCES', 'rename', String(to));
      real(from, to);
    });
    const next = files.map((f) => ({ ...f, content: f.content + '# more\n' }));
    try {
      expect(synthErrorOf(() => writeTree(dist, next)).split('\n')).toEqual([
        'gitops-synth: a write stopped after its commit point; the next synth (or any writing command) completes it',
        `output ${dist}:`,
        '  ✖ apps/b/base/kustomization.yaml: could not be completed (rename: EACCES: permission denied); the write was committed, and the next synth completes it (fix: make the folder writable for this user (chmod u+w), or write elsewhere with --out)',
      ]);
    } finally {
      rename.mockRestore();
    }
    expect(writeTree(dist, next)).toEqual({ written: [], unchanged: files.map((f) => f.path), removed: [] });
    expect(fs.existsSync(path.join(dist, TXN_DIR))).toBe(false);
  });
});
