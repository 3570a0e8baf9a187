import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { SynthError } from '../../src';
import { INDEX_FILE, TXN_DIR } from '../../src/core/reserved-paths';
import { writeTree } from '../../src/output/output-writer';
import { recoverInterruptedWrite } from '../../src/output/write-journal';
import { readTree, tempDir } from '../support/tmp';

function sha256(content: string): string {
  return crypto.createHash('sha256').update(content).digest('hex');
}

const files = [
  { path: 'apps/a/base/kustomization.yaml', content: 'a: 1\n' },
  { path: 'apps/b/base/kustomization.yaml', content: 'b: 1\n' },
];

describe('writeTree', () => {
  test('writes files and an index of what it generated', () => {
    const dir = tempDir();
    const result = writeTree(dir, files);
    expect(result).toEqual({ written: ['apps/a/base/kustomization.yaml', 'apps/b/base/kustomization.yaml'], unchanged: [], removed: [] });
    expect(readTree(dir)).toEqual({
      [INDEX_FILE]: [
        '{',
        '  "generator": "gitops-synth",',
        '  "version": 2,',
        '  "files": {',
        `    "apps/a/base/kustomization.yaml": "sha256:${sha256('a: 1\n')}",`,
        `    "apps/b/base/kustomization.yaml": "sha256:${sha256('b: 1\n')}"`,
        '  }',
        '}',
        '',
      ].join('\n'),
      'apps/a/base/kustomization.yaml': 'a: 1\n',
      'apps/b/base/kustomization.yaml': 'b: 1\n',
    });
  });

  test('a first synth builds the tree next to the folder and renames it into place', () => {
    const parent = tempDir();
    const dir = path.join(parent, 'dist');
    writeTree(dir, files);
    expect(Object.keys(readTree(dir))).toEqual([INDEX_FILE, ...files.map((f) => f.path)]);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
    // A first synth killed before its rename leaves only the sibling folder, which the next run discards.
    fs.mkdirSync(path.join(parent, 'other.gitops-synth-new/apps'), { recursive: true });
    expect(recoverInterruptedWrite(path.join(parent, 'other'))).toBe('discarded');
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a damaged index (e.g. a merge conflict) is reported with the fix, and nothing is written', () => {
    const dir = tempDir();
    writeTree(dir, files);
    fs.writeFileSync(path.join(dir, INDEX_FILE), '<<<<<<< HEAD\n{"files": []}\n');
    const before = readTree(dir);
    expect(() => writeTree(dir, [{ ...files[0], content: 'a: 2\n' }])).toThrow(SynthError);
    expect(() => writeTree(dir, [{ ...files[0], content: 'a: 2\n' }])).toThrow(
      `  ✖ ${INDEX_FILE}: is not valid JSON (Unexpected token '<', "<<<<<<< HE"... is not valid JSON) (fix: restore it from Git (git checkout -- ${path.join(dir, INDEX_FILE)}), or resolve its merge conflict)`,
    );
    expect(readTree(dir)).toEqual(before);
  });

  test('does not rewrite unchanged files', () => {
    const dir = tempDir();
    writeTree(dir, files);
    const file = path.join(dir, files[0].path);
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, past, past);
    const result = writeTree(dir, files);
    expect(result).toEqual({ written: [], unchanged: files.map((f) => f.path), removed: [] });
    expect(fs.statSync(file).mtime.toISOString()).toBe(past.toISOString());
  });

  test('rewrites only the changed file', () => {
    const dir = tempDir();
    writeTree(dir, files);
    const result = writeTree(dir, [files[0], { ...files[1], content: 'b: 2\n' }]);
    expect(result.written).toEqual(['apps/b/base/kustomization.yaml']);
    expect(fs.readFileSync(path.join(dir, files[1].path), 'utf8')).toBe('b: 2\n');
  });

  test('prunes files it generated before and the folders they leave empty', () => {
    const dir = tempDir();
    writeTree(dir, files);
    const result = writeTree(dir, [files[0]]);
    expect(result.removed).toEqual(['apps/b/base/kustomization.yaml']);
    expect(fs.existsSync(path.join(dir, 'apps/b'))).toBe(false);
    expect(Object.keys(readTree(dir))).toEqual([INDEX_FILE, 'apps/a/base/kustomization.yaml']);
  });

  test('never touches files it did not generate', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'apps/b/base'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'README.md'), 'mine\n');
    fs.writeFileSync(path.join(dir, 'apps/b/base/notes.txt'), 'mine too\n');
    writeTree(dir, files);
    writeTree(dir, [files[0]]);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('mine\n');
    expect(fs.readFileSync(path.join(dir, 'apps/b/base/notes.txt'), 'utf8')).toBe('mine too\n');
  });

  test('refuses to overwrite a file it did not generate, and writes nothing', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'apps/b/base'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'apps/b/base/kustomization.yaml'), 'hand-written\n');
    const before = readTree(dir);
    expect(() => writeTree(dir, files)).toThrow(SynthError);
    expect(() => writeTree(dir, files)).toThrow(
      'output ' + dir + ':\n  ✖ apps/b/base/kustomization.yaml: exists but was not generated by gitops-synth; it would be overwritten (fix: move or delete the file, or rename the construct that generates it)',
    );
    expect(readTree(dir)).toEqual(before);
  });

  test('a foreign file found after other files were staged leaves no staging folder behind', () => {
    const dir = tempDir();
    writeTree(dir, files);
    fs.writeFileSync(path.join(dir, 'apps/zz.yaml'), 'hand-written\n');
    expect(() => writeTree(dir, [{ ...files[0], content: 'a: 2\n' }, files[1], { path: 'apps/zz.yaml', content: 'z: 1\n' }])).toThrow('apps/zz.yaml: exists but was not generated by gitops-synth');
    expect(fs.existsSync(path.join(dir, TXN_DIR))).toBe(false);
    expect(fs.readFileSync(path.join(dir, files[0].path), 'utf8')).toBe('a: 1\n');
  });

  test('a file edited by hand to the same size is rewritten', () => {
    const dir = tempDir();
    writeTree(dir, files);
    fs.writeFileSync(path.join(dir, files[0].path), 'a: 9\n');
    const result = writeTree(dir, files);
    expect(result).toEqual({ written: [files[0].path], unchanged: [files[1].path], removed: [] });
    expect(fs.readFileSync(path.join(dir, files[0].path), 'utf8')).toBe('a: 1\n');
  });

  test('takes the files one at a time, in any order, and reports them sorted', () => {
    const dir = tempDir();
    function* produced() {
      yield files[1];
      yield files[0];
    }
    expect(writeTree(dir, produced())).toEqual({ written: files.map((f) => f.path), unchanged: [], removed: [] });
    expect(writeTree(dir, produced())).toEqual({ written: [], unchanged: files.map((f) => f.path), removed: [] });
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, INDEX_FILE), 'utf8')).files)).toEqual(files.map((f) => f.path));
  });

  test('rewrites the index when only the index is stale', () => {
    const dir = tempDir();
    writeTree(dir, files);
    fs.writeFileSync(path.join(dir, INDEX_FILE), '{"files": []}\n');
    // The files exist but are no longer listed: they count as foreign, so this must fail safely.
    expect(() => writeTree(dir, [{ ...files[0], content: 'changed\n' }])).toThrow('exists but was not generated by gitops-synth');
    // Unchanged content is adopted and the index repaired.
    const result = writeTree(dir, files);
    expect(result.written).toEqual([INDEX_FILE]);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, INDEX_FILE), 'utf8')).files)).toEqual(files.map((f) => f.path));
  });

  test('a changed file changes its one line of the index; an unchanged tree leaves the index untouched', () => {
    const dir = tempDir();
    writeTree(dir, files);
    const index = path.join(dir, INDEX_FILE);
    const past = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(index, past, past);
    const before = fs.readFileSync(index, 'utf8');
    writeTree(dir, files);
    expect(fs.statSync(index).mtime.toISOString()).toBe(past.toISOString());
    const result = writeTree(dir, [files[0], { ...files[1], content: 'b: 2\n' }]);
    // The index is not listed as written: it follows every change.
    expect(result.written).toEqual(['apps/b/base/kustomization.yaml']);
    const after = fs.readFileSync(index, 'utf8');
    expect(after).toBe(before.replace(sha256('b: 1\n'), sha256('b: 2\n')));
  });

  test('a folder blocked by a foreign file fails the write before anything changes', () => {
    const dir = tempDir();
    writeTree(dir, [{ path: 'keep.yaml', content: 'k: 1\n' }]);
    // A file where the second new file's folder should be.
    fs.mkdirSync(path.join(dir, 'apps'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'apps/b'), 'in the way\n');
    const before = readTree(dir);
    expect(() => writeTree(dir, [...files, { path: 'keep.yaml', content: 'k: 2\n' }])).toThrow(
      `output ${dir}:\n  ✖ apps/b: is a file where gitops-synth needs a folder (fix: move or delete the file, then synthesize again)`,
    );
    expect(readTree(dir)).toEqual(before);
    expect(fs.existsSync(path.join(dir, 'apps/a'))).toBe(false);
    // Once the file is moved away the same write succeeds.
    fs.rmSync(path.join(dir, 'apps/b'));
    const result = writeTree(dir, [...files, { path: 'keep.yaml', content: 'k: 2\n' }]);
    expect(result.written).toEqual([...files.map((f) => f.path), 'keep.yaml']);
  });

  test('reads the files of the index directly and lists only the folders of new files', () => {
    const dir = tempDir();
    writeTree(dir, files);
    // The module object itself: the namespace import above cannot be spied on.
    const nodeFs = jest.requireActual<typeof fs>('fs');
    const readdir = jest.spyOn(nodeFs, 'readdirSync');
    const readFile = jest.spyOn(nodeFs, 'readFileSync');
    try {
      const result = writeTree(dir, [...files, { path: 'apps/c/base/kustomization.yaml', content: 'c: 1\n' }]);
      expect(result.written).toEqual(['apps/c/base/kustomization.yaml']);
      // Only for the new file: the root and apps/, whose listing shows that apps/c is missing.
      expect(readdir.mock.calls.map((c) => path.relative(dir, String(c[0]))).sort()).toEqual(['', 'apps']);
      // The index once, the files it lists; not the new file.
      const read = readFile.mock.calls.map((c) => path.relative(dir, String(c[0]))).sort();
      expect(read).toEqual([INDEX_FILE, ...files.map((f) => f.path)].sort());
    } finally {
      readdir.mockRestore();
      readFile.mockRestore();
    }
  });
});
