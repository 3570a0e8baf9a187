import * as fs from 'fs';
import * as path from 'path';
import { synth, synthesize } from '../../src';
import { INDEX_FILE } from '../../src/core/reserved-paths';
import { formatPending } from '../../src/repo/pending-overlays';
import { preservedImagePaths } from '../../src/repo/preserve-images';
import { smallRepo } from '../support/fixtures';
import { tempDir } from '../support/tmp';

const STAGING = 'apps/web/overlays/staging/kustomization.yaml';
const PRODUCTION = 'apps/web/overlays/production/kustomization.yaml';

function contentOf(files: ReadonlyArray<{ path: string; content: string }>, p: string): string {
  return files.find((f) => f.path === p)!.content;
}

describe('preserve mode', () => {
  test('is off by default: the releases data decides and nothing is read', () => {
    const { repo } = smallRepo();
    expect(repo.preserveImages).toBe(false);
    expect(preservedImagePaths(repo)).toEqual([]);
    const existing = new Map([[STAGING, 'images:\n  - name: registry.example.com/web\n    newTag: v9.9.9\n']]);
    expect(contentOf(synthesize(repo, { existing }).tree.files, STAGING)).toContain('newTag: v1.0.0');
  });

  test('keeps the images entry of the existing overlay, and only that', () => {
    const { repo } = smallRepo({ preserveImages: true });
    expect(preservedImagePaths(repo)).toEqual([PRODUCTION, STAGING]);
    const existing = new Map([[STAGING, [
      'images:',
      '  - name: registry.example.com/web',
      '    digest: sha256:' + 'b'.repeat(64),
      '  - name: registry.example.com/other',
      '    newTag: v5',
      'replicas:',
      '  - name: web',
      '    count: 9',
    ].join('\n') + '\n']]);
    const files = synthesize(repo, { existing }).tree.files;
    const staging = contentOf(files, STAGING);
    expect(staging).toContain(`images:\n  - name: registry.example.com/web\n    digest: sha256:${'b'.repeat(64)}\n`);
    expect(staging).not.toContain('registry.example.com/other');
    expect(staging).toContain('count: 1');
    // No existing overlay: the releases data seeds it.
    expect(contentOf(files, PRODUCTION)).toContain('newTag: v0.9.0');
  });

  test('an overlay with a preserved image needs no releases entry; without either it is pending', () => {
    const { repo } = smallRepo({ preserveImages: true }, { web: { production: 'v0.9.0' } });
    const fresh = synthesize(repo, {});
    expect(fresh.tree.files.map((f) => f.path)).not.toContain(STAGING);
    expect(fresh.pending.map(formatPending)).toEqual([
      'pending: web staging (no image tag in releases.json; add "web": { "staging": "<tag>" } to releases.json)',
    ]);
    const existing = new Map([[STAGING, 'images:\n  - name: registry.example.com/web\n    newTag: v1.2.3\n']]);
    const kept = synthesize(repo, { existing });
    expect(contentOf(kept.tree.files, STAGING)).toContain('newTag: v1.2.3');
    expect(kept.tree.files.map((f) => f.path)).toContain('argocd/applications/web-staging.yaml');
    expect(kept.pending).toEqual([]);
  });

  test('an existing overlay that lost its images entry, with no releases entry, is refused rather than undeployed', () => {
    const { repo } = smallRepo({ preserveImages: true }, { web: { production: 'v0.9.0' } });
    const existing = new Map([[STAGING, 'replicas:\n  - name: web\n    count: 1\n']]);
    expect(() => synthesize(repo, { existing }).tree.files).toThrow([
      'gitops-synth: 1 problem found, nothing was written',
      'service web:',
      '  ✖ overlays.staging.image: no image tag or digest for environment "staging" in releases.json, but the existing tree deploys it (apps/web/overlays/staging/kustomization.yaml); '
        + 'writing the tree without it would delete Application web-staging and, through its finalizer, everything it runs '
        + '(fix: add "web": { "staging": "<tag>" } to releases.json; to undeploy on purpose, remove the overlay (web.addOverlay(staging, …)) from the definitions)',
    ].join('\n'));
  });

  test('synth reads the existing overlays from the output folder, so a tag written there survives', () => {
    const dir = tempDir();
    synth(smallRepo({ preserveImages: true }).repo, { outdir: dir });
    const file = path.join(dir, STAGING);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('newTag: v1.0.0', 'newTag: v1.0.1'));
    const result = synth(smallRepo({ preserveImages: true }).repo, { outdir: dir });
    // The overlay is kept as it is; the index records its new content, so that the file stays removable.
    expect(result.written).toEqual([INDEX_FILE]);
    expect(fs.readFileSync(file, 'utf8')).toContain('newTag: v1.0.1');
    expect(synth(smallRepo({ preserveImages: true }).repo, { outdir: dir }).written).toEqual([]);
  });
});
