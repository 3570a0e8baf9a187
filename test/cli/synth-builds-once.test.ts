import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../src/cli/main';
import { jestLoad, repoCopy } from '../support/cli-repo';

type Definitions = { defineRepo: (options: { rootDir: string }) => unknown };

/** Runs `synth` in `dir`, counting how often the definitions are built; `afterBuild` runs after each build. */
function synthCountingBuilds(dir: string, afterBuild: (build: number) => void = () => {}): { code: number; builds: number; stdout: string } {
  let builds = 0;
  let stdout = '';
  const loadModule = (file: string): Definitions => {
    const loaded = jestLoad(file) as Definitions;
    return {
      defineRepo: (options) => {
        const repo = loaded.defineRepo(options);
        afterBuild(++builds);
        return repo;
      },
    };
  };
  let stderr = '';
  const code = runCli(['synth'], { cwd: dir, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, loadModule });
  if (code !== 0) throw new Error(stderr);
  return { code, builds, stdout };
}

describe('gitops-synth synth builds the definitions', () => {
  test('once when the releases did not change before the lock was taken', () => {
    const run = synthCountingBuilds(repoCopy());
    expect(run).toMatchObject({ code: 0, builds: 1 });
  });

  test('again under the lock when another command changed the releases meanwhile, and writes the new tag', () => {
    const dir = repoCopy();
    const releases = path.join(dir, 'src/apps/releases.json');
    const run = synthCountingBuilds(dir, (build) => {
      // A set-image finishing between the first build and the lock.
      if (build === 1) fs.writeFileSync(releases, JSON.stringify({ 'api-service': { production: 'sha-1b7e3d0', staging: 'sha-7777777' } }));
    });
    expect(run).toMatchObject({ code: 0, builds: 2 });
    expect(run.stdout).toContain('wrote dist/apps/api-service/overlays/staging/kustomization.yaml');
    expect(fs.readFileSync(path.join(dir, 'dist/apps/api-service/overlays/staging/kustomization.yaml'), 'utf8')).toContain('newTag: sha-7777777');
  });
});
