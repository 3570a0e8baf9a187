import { load } from 'js-yaml';
import { synthesize, TopologySpread } from '../../src';
import { smallRepo } from '../support/fixtures';

function parsed(files: ReturnType<typeof synthesize>['tree']['files'], p: string): any {
  const file = files.find((f) => f.path === p);
  if (!file) throw new Error(`no file ${p}`);
  return load(file.content);
}

describe('Overlay', () => {
  test('sets the image tag from the releases data, replicas and namespace', () => {
    const files = synthesize(smallRepo().repo).tree.files;
    const staging = parsed(files, 'apps/web/overlays/staging/kustomization.yaml');
    expect(staging.resources).toEqual(['../../base']);
    expect(staging.namespace).toBe('staging');
    expect(staging.images).toEqual([{ name: 'registry.example.com/web', newTag: 'v1.0.0' }]);
    expect(staging.replicas).toEqual([{ name: 'web', count: 1 }]);
    expect(staging.patches).toBeUndefined();
  });

  test('uses digest for a sha256 release', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    const files = synthesize(smallRepo({}, { web: { staging: digest, production: 'v1' } }).repo).tree.files;
    expect(parsed(files, 'apps/web/overlays/staging/kustomization.yaml').images).toEqual([{ name: 'registry.example.com/web', digest }]);
  });

  test('patches resources and env per environment with a strategic merge patch', () => {
    const { repo, web, staging } = smallRepo();
    void web; void staging;
    const files = synthesize(repo).tree.files;
    const production = parsed(files, 'apps/web/overlays/production/kustomization.yaml');
    expect(production.patches).toHaveLength(1);
    expect(production.patches[0].target).toEqual({ kind: 'Deployment', name: 'web' });
    expect(load(production.patches[0].patch)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          spec: {
            containers: [{ name: 'web', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '100m', memory: '128Mi' } } }],
            // Production with two or more replicas spreads over zones and nodes by default.
            topologySpreadConstraints: TopologySpread.zonesAndNodes().constraints({ 'app.kubernetes.io/name': 'web' }),
          },
        },
      },
    });
  });

  test('uses only kustomize v5 fields', () => {
    const files = synthesize(smallRepo().repo).tree.files.filter((f) => f.path.endsWith('kustomization.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const k = load(file.content) as Record<string, unknown>;
      for (const deprecated of ['bases', 'commonLabels', 'patchesStrategicMerge', 'patchesJson6902', 'vars', 'imageTags']) {
        expect(k).not.toHaveProperty(deprecated);
      }
    }
  });

  test('an overlay without an image version is pending: its folder is not rendered, the base is', () => {
    const paths = synthesize(smallRepo({}, { web: { staging: 'v1.0.0' } }).repo).tree.files.map((f) => f.path);
    expect(paths.filter((p) => p.startsWith('apps/web/'))).toEqual([
      'apps/web/base/deployment.yaml',
      'apps/web/base/kustomization.yaml',
      'apps/web/base/service-account.yaml',
      'apps/web/base/service.yaml',
      'apps/web/overlays/staging/kustomization.yaml',
    ]);
  });
});
