import { GitOpsRepo, Releases, SyncPolicy, synthesize } from '../../src';
import { diffTrees } from '../../src/output/tree-diff';

interface Variant {
  readonly replicas?: number;
  readonly cpu?: string;
  readonly env?: Record<string, string>;
  readonly productionSync?: SyncPolicy;
  readonly worker?: boolean;
  readonly tag?: string;
}

function tree(v: Variant = {}): Map<string, string> {
  const repo = new GitOpsRepo({
    repoURL: 'https://example.com/acme/gitops.git',
    releases: Releases.fromData({ web: { staging: 'v1.0.0', production: v.tag ?? 'v0.9.0' }, ...(v.worker ? { worker: { production: 'v2' } } : {}) }, 'releases.json'),
  });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
  const production = repo.addEnvironment('production', {
    sync: v.productionSync ?? SyncPolicy.manual(),
    waivers: v.productionSync ? { 'automated-sync': 'a diff of a sync policy change' } : undefined,
  });
  const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080 });
  web.addOverlay(staging, { replicas: 1 });
  web.addOverlay(production, { replicas: v.replicas ?? 3, resources: { cpu: v.cpu ?? '100m', memory: '128Mi' }, env: v.env });
  if (v.worker) repo.addService('worker', { image: 'registry.example.com/worker', port: 9090 }).addOverlay(production, { replicas: 2, resources: { cpu: '50m', memory: '64Mi' } });
  return new Map(synthesize(repo).tree.files.map((f) => [f.path, f.content]));
}

describe('diffTrees', () => {
  test('no changes', () => {
    const diff = diffTrees(tree(), tree(), 'dist');
    expect(diff).toEqual({ groups: [], files: [], patch: '' });
  });

  test('summarizes image, replicas, resources, env vars and sync policy per service and environment', () => {
    const before = tree({ env: { LOG_LEVEL: 'info', OLD: 'x' } });
    const after = tree({ tag: 'v1.0.0', replicas: 5, cpu: '250m', env: { LOG_LEVEL: 'warn', NEW: 'y' }, productionSync: SyncPolicy.automated({ prune: false }) });
    expect(diffTrees(before, after).groups).toEqual([{
      title: 'web / production',
      changes: [
        'image web: v0.9.0 → v1.0.0',
        'replicas web: 3 → 5',
        'env vars added to web: NEW',
        'env vars removed from web: OLD',
        'env vars changed in web: LOG_LEVEL',
        'resources web: requests cpu=100m memory=128Mi, limits cpu=100m memory=128Mi → requests cpu=250m memory=128Mi, limits cpu=250m memory=128Mi',
        'sync policy: manual → automated (selfHeal)',
      ],
    }]);
  });

  test('lists objects added and removed', () => {
    const diff = diffTrees(tree(), tree({ worker: true }));
    expect(diff.files).toEqual([
      { path: 'apps/worker/base/deployment.yaml', status: 'added' },
      { path: 'apps/worker/base/kustomization.yaml', status: 'added' },
      { path: 'apps/worker/base/service-account.yaml', status: 'added' },
      { path: 'apps/worker/base/service.yaml', status: 'added' },
      { path: 'apps/worker/overlays/production/kustomization.yaml', status: 'added' },
      { path: 'apps/worker/overlays/production/network-policy.yaml', status: 'added' },
      { path: 'apps/worker/overlays/production/pod-disruption-budget.yaml', status: 'added' },
      { path: 'argocd/applications/worker-production.yaml', status: 'added' },
      { path: 'argocd/kustomization.yaml', status: 'modified' },
    ]);
    expect(diff.groups.map((g) => [g.title, g.changes])).toEqual([
      ['argocd', ['changed argocd/kustomization.yaml']],
      ['worker (base)', ['added Deployment worker', 'added Kustomization', 'added ServiceAccount worker', 'added Service worker']],
      ['worker / production', [
        'added Kustomization',
        'resources worker: (none) → requests cpu=50m memory=64Mi, limits cpu=50m memory=64Mi',
        'added NetworkPolicy worker', 'added PodDisruptionBudget worker', 'added Application worker-production',
      ]],
    ]);
    const removed = diffTrees(tree({ worker: true }), tree());
    expect(removed.groups.find((g) => g.title === 'worker (base)')?.changes).toContain('removed Deployment worker');
    expect(removed.files.find((f) => f.path === 'apps/worker/base/deployment.yaml')?.status).toBe('removed');
    expect(removed.patch).toContain('--- a/apps/worker/base/deployment.yaml\n+++ /dev/null\n');
  });

  test('never shows secret values, only key names', () => {
    const secret = (value: string, extra = '') => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${value}\n${extra}`;
    const before = new Map([['apps/web/base/secret.yaml', secret('hunter2')]]);
    const after = new Map([['apps/web/base/secret.yaml', secret('s3cr3t', '  user: admin\n')]]);
    const diff = diffTrees(before, after, 'dist');
    expect(diff.groups).toEqual([{ title: 'web (base)', changes: ['Secret db key password changed', 'Secret db key user added'] }]);
    expect(diff.patch).not.toMatch(/hunter2|s3cr3t|admin/);
    expect(diff.patch).toContain('--- a/dist/apps/web/base/secret.yaml\n+++ b/dist/apps/web/base/secret.yaml\n');
    expect(diff.patch).toContain("+  user: '<redacted>'");
  });
});
