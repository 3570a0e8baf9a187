import * as path from 'path';
import { synth, synthesize } from '../../src';
import { defineRepo } from '../../src/apps';
import { INDEX_FILE } from '../../src/core/reserved-paths';
import { renderIndex } from '../../src/output/tree-index';
import { readTree, tempDir } from '../support/tmp';

const ROOT = path.resolve(__dirname, '../..');

describe("this repository's definitions", () => {
  const files = synthesize(defineRepo({ rootDir: ROOT })).tree.files;
  const tree = Object.fromEntries(files.map((f) => [f.path, f.content]));

  test('produce the seed tree', () => {
    expect(Object.keys(tree).filter((p) => p.startsWith('apps/') || p.startsWith('argocd/applications/api-service'))).toEqual([
      'apps/api-service/base/deployment.yaml',
      'apps/api-service/base/kustomization.yaml',
      'apps/api-service/base/service-account.yaml',
      'apps/api-service/base/service.yaml',
      'apps/api-service/overlays/production/external-secret.yaml',
      'apps/api-service/overlays/production/horizontal-pod-autoscaler.yaml',
      'apps/api-service/overlays/production/ingress.yaml',
      'apps/api-service/overlays/production/kustomization.yaml',
      'apps/api-service/overlays/production/network-policy.yaml',
      'apps/api-service/overlays/production/pod-disruption-budget.yaml',
      'apps/api-service/overlays/staging/external-secret.yaml',
      'apps/api-service/overlays/staging/ingress.yaml',
      'apps/api-service/overlays/staging/kustomization.yaml',
      'apps/api-service/overlays/staging/network-policy.yaml',
      'argocd/applications/api-service-production.yaml',
      'argocd/applications/api-service-staging.yaml',
    ]);
    for (const addOn of ['cert-manager', 'external-dns', 'ingress-nginx']) {
      expect(Object.keys(tree)).toContain(`infrastructure/${addOn}/kustomization.yaml`);
    }
  });

  test('match the committed dist/ byte for byte (run `npm run synth` and commit when this fails)', () => {
    const committed = readTree(path.join(ROOT, 'dist'));
    expect(committed).toEqual({ ...tree, [INDEX_FILE]: renderIndex(files) });
  });

  test('synthesize to byte-identical files on every run', () => {
    expect(synthesize(defineRepo({ rootDir: ROOT })).tree.files).toEqual(files);
  });

  test('write the whole tree, then nothing on a second run', () => {
    const out = path.join(tempDir(), 'dist');
    const terraformOutdir = path.join(path.dirname(out), 'cdktf.out');
    const first = synth(defineRepo({ rootDir: ROOT }), { outdir: out, terraformOutdir });
    expect(first.written).toHaveLength(files.length);
    const second = synth(defineRepo({ rootDir: ROOT }), { outdir: out, terraformOutdir });
    expect(second).toEqual({
      outdir: out,
      written: [],
      unchanged: files.map((f) => f.path),
      removed: [],
      terraform: { outdir: terraformOutdir, written: [], unchanged: ['stacks/gitops-synth/cdk.tf.json', 'stacks/gitops-synth/inventory.tf.json'], removed: [] },
      // Every overlay of this repository has a tag.
      pending: [],
    });
    expect(readTree(out)).toEqual(readTree(path.join(ROOT, 'dist')));
  });

  test('tree snapshot', () => {
    expect(tree).toMatchSnapshot();
  });
});
