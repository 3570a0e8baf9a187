import { execFile, execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import { cli, PROJECT_DIR, repoCopy } from '../support/cli-repo';

const BIN = path.join(PROJECT_DIR, 'lib/src/cli/main.js');

/** Runs the compiled `gitops-synth` (as `npx gitops-synth` does) in `cwd`. */
function bin(cwd: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  // The package's bin is the compiled JavaScript: build it as `npm ci` does (incremental, fast when up to date).
  execFileSync('npm', ['run', '--silent', 'prepare'], { cwd: PROJECT_DIR, stdio: 'inherit' });
}, 120_000);

describe('the gitops-synth bin', () => {
  test('is an executable script, as npx runs it; synth --check exits 0 on the committed tree and 1 naming a file edited by one byte', () => {
    fs.accessSync(BIN, fs.constants.X_OK);
    const dir = repoCopy();
    const direct = spawnSync(BIN, ['synth', '--check'], { cwd: dir, encoding: 'utf8' });
    expect({ code: direct.status, stdout: direct.stdout, stderr: direct.stderr }).toEqual({ code: 0, stdout: 'gitops-synth: dist is up to date (36 files); cdktf.out is up to date (2 files)\n', stderr: '' });
    const file = path.join(dir, 'dist/argocd/applications/api-service-production.yaml');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('namespace: production', 'namespace: productiom'));
    const run = bin(dir, 'synth', '--check');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  hand-edited  dist/argocd/applications/api-service-production.yaml\n');
  });

  test('bad usage exits 2', () => {
    expect(bin(PROJECT_DIR, 'set-image').code).toBe(2);
  });

  test('--version prints the version of the package.json found from the compiled file, wherever it runs; help <command> exits 0', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, 'package.json'), 'utf8')) as { version: string };
    const elsewhere = repoCopy();
    expect(bin(elsewhere, '--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = bin(elsewhere, 'help', 'synth');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: gitops-synth synth [options]');
  });

  test('concurrent set-image runs on one tree are serialized: both updates land', async () => {
    const dir = repoCopy();
    const run = (env: string, tag: string) => promisify(execFile)(process.execPath, [BIN, 'set-image', 'api-service', env, tag], { cwd: dir });
    await Promise.all([run('staging', 'sha-1111111'), run('production', 'sha-2222222'), run('staging', 'sha-1111111')]);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'src/apps/releases.json'), 'utf8'))).toEqual({ 'api-service': { production: 'sha-2222222', staging: 'sha-1111111' } });
    // What the runs left behind is checked in-process: only the runs themselves need processes of their own.
    expect(cli(dir, 'synth', '--check').code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.gitops-synth.lock'))).toBe(false);
  });
});

describe('--definitions with a module of its own', () => {
  function definitions(dir: string, preserveImages: boolean): void {
    fs.writeFileSync(path.join(dir, 'releases.json'), '{ "web": { "staging": "v1.0.0" } }\n');
    fs.writeFileSync(path.join(dir, 'defs.js'), `
      const path = require('path');
      const { GitOpsRepo, Releases, SyncPolicy } = require(${JSON.stringify(path.join(PROJECT_DIR, 'lib/src'))});
      exports.defineRepo = ({ rootDir }) => {
        const repo = new GitOpsRepo({
          repoURL: 'https://example.com/acme/gitops.git',
          outdir: path.join(rootDir, 'tree'),
          releases: Releases.fromFile(path.join(rootDir, 'releases.json'), 'releases.json'),
          preserveImages: ${preserveImages},
        });
        const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
        repo.addService('web', { image: 'registry.example.com/web', port: 8080 }).addOverlay(staging);
        return repo;
      };
    `);
  }

  test('synth and set-image use the module\'s outdir and releases file', () => {
    const dir = repoCopy();
    definitions(dir, false);
    expect(bin(dir, 'synth', '--definitions', './defs.js')).toEqual({
      code: 0,
      stdout: [
        'wrote tree/apps/web/base/deployment.yaml',
        'wrote tree/apps/web/base/kustomization.yaml',
        'wrote tree/apps/web/base/service-account.yaml',
        'wrote tree/apps/web/base/service.yaml',
        'wrote tree/apps/web/overlays/staging/kustomization.yaml',
        'wrote tree/argocd/applications/web-staging.yaml',
        'wrote tree/argocd/kustomization.yaml',
        'wrote tree/argocd/projects/infrastructure.yaml',
        'wrote tree/argocd/projects/staging.yaml',
        'wrote tree/argocd/root.yaml',
        'gitops-synth: tree — 10 written, 0 unchanged, 0 removed',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(bin(dir, 'set-image', 'web', 'staging', 'v1.0.1', '--definitions', './defs.js')).toEqual({
      code: 0,
      stdout: 'web staging: v1.0.0 → v1.0.1\nupdated releases.json\nwrote tree/apps/web/overlays/staging/kustomization.yaml\n',
      stderr: '',
    });
  });

  test('in preserve mode set-image refuses, since the overlays decide', () => {
    const dir = repoCopy();
    definitions(dir, true);
    expect(bin(dir, 'set-image', 'web', 'staging', 'v1.0.1', '--definitions', './defs.js')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'gitops-synth set-image: the definitions keep the image versions found in the overlays (preserveImages: true), so the releases file does not decide what is deployed (fix: let the tool that writes the overlays, e.g. Argo CD Image Updater or Kargo, update the image, or turn preserveImages off)\n',
    });
  });
});
