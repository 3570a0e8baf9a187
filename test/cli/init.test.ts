import * as fs from 'fs';
import * as path from 'path';
import { projectTemplate } from '../../src/cli/project-template';
import { cliAsBin as run } from '../support/cli-repo';
import { readTree, tempDir } from '../support/tmp';

const FILES = [
  'package.json',
  'tsconfig.json',
  'src/gitops.ts',
  'releases.json',
  'test/gitops.test.ts',
  '.gitignore',
  '.github/workflows/pull-request.yml',
  '.github/workflows/deploy-image.yml',
  'README.md',
];

const OWN = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };

describe('gitops-synth init', () => {
  test('scaffolds a project in a new folder and says what comes next', () => {
    const cwd = tempDir();
    const result = run(cwd, 'init', 'Team GitOps!', '--repo-url', 'https://github.com/acme/team-gitops.git');
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        ...FILES.map((f) => `created Team GitOps!/${f}`),
        '',
        'Next:',
        '  cd Team GitOps! && npm install',
        '  npm run synth     # writes dist/ and cdktf.out/',
        '  npm test          # type-checks, then writes the tree\'s snapshot: commit test/__snapshots__/',
        '',
      ].join('\n'),
    });
    const tree = readTree(path.join(cwd, 'Team GitOps!'));
    expect(Object.keys(tree).sort()).toEqual([...FILES].sort());
    const manifest = JSON.parse(tree['package.json']);
    expect(manifest.name).toBe('team-gitops');
    expect(manifest['gitops-synth']).toEqual({ definitions: 'src/gitops.ts' });
    expect(manifest.dependencies).toEqual({ 'gitops-synth': `^${OWN.version}` });
    // The tools a new project tests with are the versions this package's own tests run with.
    expect(manifest.devDependencies).toEqual({
      '@types/jest': OWN.devDependencies['@types/jest'],
      '@types/node': OWN.devDependencies['@types/node'],
      'jest': OWN.devDependencies.jest,
      'ts-jest': OWN.devDependencies['ts-jest'],
      'typescript': OWN.devDependencies.typescript,
    });
    expect(tree['src/gitops.ts']).toContain('repoURL: "https://github.com/acme/team-gitops.git",');
  });

  test('the template, file by file', () => {
    const files = projectTemplate({
      name: 'web-gitops',
      repoURL: 'https://github.com/acme/web-gitops.git',
      gitopsSynthRange: '^1.0.0',
      devDependencies: { '@types/jest': '^30.0.0', '@types/node': '^20', 'jest': '^30.5.2', 'ts-jest': '^29.4.15', 'typescript': '~5.9.0' },
    });
    expect(Object.fromEntries(files)).toMatchSnapshot();
  });

  test('in the current folder without --repo-url, it says to replace the placeholder', () => {
    const cwd = tempDir();
    const result = run(cwd, 'init');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('created ./package.json\n');
    expect(result.stdout).toContain('  npm install\n');
    expect(result.stdout).toContain('  replace https://github.com/acme/gitops.git in src/gitops.ts with the URL Argo CD pulls from (or pass --repo-url)\n');
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')).name).toBe('work');
  });

  test('refuses a folder that is not empty and writes nothing; a .git folder alone does not count', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.git'));
    fs.writeFileSync(path.join(cwd, 'notes.md'), 'ours\n');
    expect(run(cwd, 'init', '.')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gitops-synth init: . is not empty (notes.md) (fix: choose a new or empty folder, or pass --force to add the missing files and keep every existing one)\n',
    });
    expect(readTree(cwd)).toEqual({ 'notes.md': 'ours\n' });
    const git = tempDir();
    fs.mkdirSync(path.join(git, '.git'));
    expect(run(git, 'init').code).toBe(0);
  });

  test('--force adds the missing files and keeps every existing one, byte for byte', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'README.md'), '# ours\n');
    fs.writeFileSync(path.join(cwd, 'package.json'), '{ "name": "ours" }\n');
    const result = run(cwd, 'init', '--force', '--repo-url', 'https://github.com/acme/ours.git');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('kept    ./package.json (exists)\ncreated ./tsconfig.json\n');
    expect(result.stdout).toContain('kept    ./README.md (exists)\n');
    expect(result.stdout).toContain('  package.json was kept: add "gitops-synth": { "definitions": "src/gitops.ts" } and the scripts of a new project to it\n');
    expect(fs.readFileSync(path.join(cwd, 'README.md'), 'utf8')).toBe('# ours\n');
    expect(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')).toBe('{ "name": "ours" }\n');
    expect(fs.existsSync(path.join(cwd, 'src/gitops.ts'))).toBe(true);
  });

  test('never writes through a symbolic link or over a folder: every such path is named and nothing is written', () => {
    const cwd = tempDir();
    const outside = tempDir('gitops-synth-outside-');
    fs.symlinkSync(outside, path.join(cwd, '.github'));
    fs.mkdirSync(path.join(cwd, 'releases.json'));
    fs.writeFileSync(path.join(cwd, 'src'), 'a file where a folder belongs\n');
    const result = run(cwd, 'init', '--force');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'gitops-synth init: nothing was written:',
        '  ./src/gitops.ts: src is not a folder',
        '  ./releases.json: is not a file',
        '  ./.github/workflows/pull-request.yml: .github is a symbolic link',
        '  ./.github/workflows/deploy-image.yml: .github is a symbolic link',
        '(fix: remove or rename those paths, or choose another folder)',
        '',
      ].join('\n'),
    });
    expect(readTree(outside)).toEqual({});
    expect(fs.readdirSync(cwd).sort()).toEqual(['.github', 'releases.json', 'src']);
    expect(fs.readFileSync(path.join(cwd, 'src'), 'utf8')).toBe('a file where a folder belongs\n');
  });

  test('--repo-url must be a Git URL Argo CD can pull; nothing is written otherwise', () => {
    const cwd = tempDir();
    expect(run(cwd, 'init', 'x', '--repo-url', 'not a url')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gitops-synth init: --repo-url "not a url" is not a Git URL Argo CD can pull (fix: pass an HTTPS or SSH URL, e.g. https://github.com/acme/gitops.git or git@github.com:acme/gitops.git)\n',
    });
    expect(fs.existsSync(path.join(cwd, 'x'))).toBe(false);
    for (const url of ['git@github.com:acme/gitops.git', 'ssh://git@gitlab.example.com/acme/gitops.git', 'https://gitlab.example.com/acme/gitops']) {
      expect(run(tempDir(), 'init', '--repo-url', url).code).toBe(0);
    }
  });

  test('a file where the folder should be is refused', () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, 'taken'), '');
    expect(run(cwd, 'init', 'taken').stderr).toBe('gitops-synth init: taken is not a folder (fix: name a new or empty folder)\n');
  });
});
