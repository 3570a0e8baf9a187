import * as fs from 'fs';
import * as path from 'path';
import { TreeFolders } from '../../src/output/tree-folders';
import { synthErrorOf } from '../support/errors';
import { tempDir } from '../support/tmp';

// The folders of an output folder are made or checked once each, and a folder the same instance
// removed is made again: the previous file's folder, remembered to spare a lookup, is forgotten.

describe('TreeFolders', () => {
  test('a folder is made or checked once: later files in it, next to each other or not, do not look again', () => {
    const root = tempDir();
    const folders = new TreeFolders(root, 'output dist');
    folders.ensureFolderOf('apps/a/base/deployment.yaml');
    // Removed behind the instance's back: only a second look at the folder would make it again.
    fs.rmdirSync(path.join(root, 'apps/a/base'));
    folders.ensureFolderOf('apps/a/base/service.yaml');
    expect(fs.existsSync(path.join(root, 'apps/a/base'))).toBe(false);
    folders.ensureFolderOf('apps/a/overlays/dev/kustomization.yaml');
    folders.ensureFolderOf('apps/a/base/kustomization.yaml');
    expect(fs.existsSync(path.join(root, 'apps/a/base'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'apps/a/overlays/dev'))).toBe(true);
  });

  test('a folder removed as empty is made again for the next file in it', () => {
    const root = tempDir();
    const folders = new TreeFolders(root, 'output dist');
    folders.ensureFolderOf('apps/a/base/deployment.yaml');
    folders.ensureFolderOf('apps/a/base/kustomization.yaml');
    folders.removeEmptyParents('apps/a/base/kustomization.yaml');
    expect(fs.existsSync(path.join(root, 'apps'))).toBe(false);

    folders.ensureFolderOf('apps/a/base/service.yaml');
    fs.writeFileSync(folders.pathOf('apps/a/base/service.yaml'), 'x');
    expect(fs.readFileSync(path.join(root, 'apps/a/base/service.yaml'), 'utf8')).toBe('x');
  });

  test('a file where a folder goes is named, also after a file of a sibling folder', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'apps'));
    fs.writeFileSync(path.join(root, 'apps/b'), 'in the way');
    const folders = new TreeFolders(root, 'output dist');
    folders.ensureFolderOf('apps/a/base/deployment.yaml');
    expect(synthErrorOf(() => folders.ensureFolderOf('apps/b/base/service.yaml'))).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'output dist:',
      '  ✖ apps/b: is a file where gitops-synth needs a folder (fix: move or delete the file, then synthesize again)',
    ].join('\n'));
  });
});
