import * as fs from 'fs';
import * as path from 'path';
import { changedPaths, cli, snapshotFiles } from '../support/cli-repo';
import { tempDir } from '../support/tmp';

const DEFINITIONS = path.resolve(__dirname, '../support/new-service-definitions.ts');
const PENDING_STAGING = 'pending: web staging (no image tag in releases.json; run gitops-synth set-image web staging <tag>)\n';
const PENDING_PRODUCTION = 'pending: web production (no image tag in releases.json; run gitops-synth set-image web production <tag>)\n';

/** A project whose definitions hold the new service `web` and whose releases file names no tag yet. */
function newProject(): string {
  const dir = tempDir('gitops-synth-first-tag-');
  fs.writeFileSync(path.join(dir, 'releases.json'), '{}\n');
  return dir;
}

describe('the first tags of a new service through the CLI', () => {
  test('synth writes the base only and names both environments as pending', () => {
    const dir = newProject();
    const run = cli(dir, 'synth', '--definitions', DEFINITIONS);
    expect([run.code, run.stderr]).toEqual([0, '']);
    // The summary, then the pending overlays (the lines before them list the files written).
    expect(run.stdout.split('\n').slice(-4).join('\n')).toBe(`gitops-synth: dist — 9 written, 0 unchanged, 0 removed\n${PENDING_STAGING}${PENDING_PRODUCTION}`);
    expect(Object.keys(snapshotFiles(dir)).filter((p) => p.startsWith('dist/apps/web/overlays/') || p.startsWith('dist/argocd/applications/'))).toEqual([]);
  });

  test('set-image deploys staging alone (overlay, Application, root listing); production stays pending until its own tag', () => {
    const dir = newProject();
    cli(dir, 'synth', '--definitions', DEFINITIONS);
    const before = snapshotFiles(dir);
    expect(cli(dir, 'set-image', 'web', 'staging', 'sha-1', '--definitions', DEFINITIONS)).toEqual({
      code: 0,
      stdout: [
        'web staging: (none) → sha-1',
        'updated releases.json',
        'wrote dist/apps/web/overlays/staging/kustomization.yaml',
        'wrote dist/argocd/applications/web-staging.yaml',
        'wrote dist/argocd/kustomization.yaml',
        PENDING_PRODUCTION,
      ].join('\n'),
      stderr: '',
    });
    const staged = snapshotFiles(dir);
    expect(changedPaths(before, staged)).toEqual([
      'dist/.gitops-synth-index.json',
      'dist/apps/web/overlays/staging/kustomization.yaml',
      'dist/argocd/applications/web-staging.yaml',
      'dist/argocd/kustomization.yaml',
      'releases.json',
    ]);
    expect(staged['releases.json']).toBe('{\n  "web": {\n    "staging": "sha-1"\n  }\n}\n');

    expect(cli(dir, 'set-image', 'web', 'production', 'sha-1', '--definitions', DEFINITIONS)).toEqual({
      code: 0,
      stdout: [
        'web production: (none) → sha-1',
        'updated releases.json',
        'wrote dist/apps/web/overlays/production/kustomization.yaml',
        // Production with two or more replicas gets a disruption budget and a NetworkPolicy by default.
        'wrote dist/apps/web/overlays/production/network-policy.yaml',
        'wrote dist/apps/web/overlays/production/pod-disruption-budget.yaml',
        'wrote dist/argocd/applications/web-production.yaml',
        'wrote dist/argocd/kustomization.yaml',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(cli(dir, 'synth', '--definitions', DEFINITIONS)).toEqual({ code: 0, stdout: 'gitops-synth: dist — 0 written, 15 unchanged, 0 removed\n', stderr: '' });
  });

  test('a tag removed by hand from a deployed environment is refused, and nothing is written', () => {
    const dir = newProject();
    cli(dir, 'set-image', 'web', 'staging', 'sha-1', '--definitions', DEFINITIONS);
    fs.writeFileSync(path.join(dir, 'releases.json'), '{}\n');
    const before = snapshotFiles(dir);
    expect(cli(dir, 'synth', '--definitions', DEFINITIONS)).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'gitops-synth: 1 problem found, nothing was written',
        'service web:',
        '  ✖ overlays.staging.image: no image tag or digest for environment "staging" in releases.json, but the existing tree deploys it '
          + '(apps/web/overlays/staging/kustomization.yaml, argocd/applications/web-staging.yaml); writing the tree without it would delete '
          + 'Application web-staging and, through its finalizer, everything it runs (fix: run gitops-synth set-image web staging <tag>; '
          + 'to undeploy on purpose, remove the overlay (web.addOverlay(staging, …)) from the definitions)',
        '',
      ].join('\n'),
    });
    expect(snapshotFiles(dir)).toEqual(before);
  });
});
