import { GitOpsRepo, Releases, SyncPolicy, synthesize } from '../../src';
import { diffTrees, formatTreeDiff, MARKDOWN_PATCH_LIMIT } from '../../src/synth/tree-diff';

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
  return new Map(synthesize(repo).map((f) => [f.path, f.content]));
}

describe('diffTrees', () => {
  test('no changes', () => {
    const diff = diffTrees(tree(), tree(), 'dist');
    expect(diff).toEqual({ groups: [], changedFiles: [], patch: '' });
    expect(formatTreeDiff(diff, 'text', 'HEAD:dist')).toBe('gitops-synth diff: no changes (compared with HEAD:dist)\n');
    expect(formatTreeDiff(diff, 'markdown', 'HEAD:dist')).toBe('### gitops-synth diff\n\nNo changes to the GitOps tree (compared with `HEAD:dist`).\n');
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
    expect(diff.groups.map((g) => [g.title, g.changes])).toEqual([
      ['argocd', ['changed argocd/kustomization.yaml']],
      ['worker (base)', ['added Deployment worker', 'added Kustomization', 'added ServiceAccount worker', 'added Service worker']],
      ['worker / production', [
        'added Kustomization',
        'resources worker: (none) → requests cpu=50m memory=64Mi, limits cpu=50m memory=64Mi',
        'added Application worker-production',
      ]],
    ]);
    expect(diffTrees(tree({ worker: true }), tree()).groups.find((g) => g.title === 'worker (base)')?.changes).toContain('removed Deployment worker');
  });

  test('never shows secret values, only key names', () => {
    const secret = (value: string, extra = '') => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ${value}\n${extra}`;
    const before = new Map([['apps/web/base/secret.yaml', secret('hunter2')]]);
    const after = new Map([['apps/web/base/secret.yaml', secret('s3cr3t', '  user: admin\n')]]);
    const diff = diffTrees(before, after, 'dist');
    expect(diff.groups).toEqual([{ title: 'web (base)', changes: ['Secret db key password changed', 'Secret db key user added'] }]);
    const text = formatTreeDiff(diff, 'markdown', 'HEAD:dist');
    expect(text).not.toMatch(/hunter2|s3cr3t|admin/);
    expect(text).toContain('+  user: <redacted>');
  });

  test('markdown cuts a YAML diff too long for a pull-request comment, keeping the summary', () => {
    // Few long lines rather than many short ones: the line diff's cost grows with lines × changed lines.
    const big = (v: string) => new Map([['apps/web/base/config.yaml', Array.from({ length: 500 }, (_, i) => `key${i}: ${v.repeat(100)}${i}`).join('\n') + '\n']]);
    const diff = diffTrees(big('a'), big('b'), 'dist');
    expect(diff.patch.length).toBeGreaterThan(MARKDOWN_PATCH_LIMIT);
    const text = formatTreeDiff(diff, 'markdown', 'HEAD:dist');
    expect(text.length).toBeLessThan(MARKDOWN_PATCH_LIMIT + 1000);
    expect(text).toContain('**web (base)**\n\n- changed apps/web/base/config.yaml\n');
    expect(text).toMatch(/```\n\nThe YAML diff is cut after \d+ characters; run `gitops-synth diff` for all of it.\n\n<\/details>\n$/);
    expect(formatTreeDiff(diff, 'text', 'HEAD:dist')).toContain(diff.patch.trimEnd());
  });
});
