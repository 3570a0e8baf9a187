import * as path from 'path';
import { loadAll } from 'js-yaml';
import { GitOpsRepo, Manifest, Releases, SyncPolicy, synthesize, TreeLayout } from '../../src';
import { MANIFEST_GENERATE_PATHS_ANNOTATION } from '../../src/argocd/argo-application';

/**
 * Which Applications a webhook refreshes for a push, as Argo CD decides it (util/app/path: GetAppRefreshPaths
 * and AppFilesHaveChanged): each `;`-separated entry is absolute from the repository root when it starts
 * with `/`, else joined with every source's `path` and cleaned; a changed file selects the Application
 * when it is an entry or lies below one. Without the annotation every push refreshes the Application.
 */
function refreshed(apps: readonly Manifest[], changed: readonly string[]): string[] {
  return apps.filter((app) => {
    const value = (app.metadata?.annotations as Record<string, string> | undefined)?.[MANIFEST_GENERATE_PATHS_ANNOTATION];
    if (!value) return true;
    const spec = app.spec as { source?: { path?: string }; sources?: Array<{ path?: string }> };
    const sources = spec.sources ?? (spec.source ? [spec.source] : []);
    const entries = value.split(';').filter((e) => e !== '').flatMap((e) => (e.startsWith('/')
      ? [e.slice(1)]
      : sources.map((s) => path.posix.normalize(path.posix.join(s.path ?? '', e)))));
    return changed.some((f) => entries.some((e) => {
      const root = `/${e}`.replace(/\/\.$/, '/').replace(/\/$/, '') || '/';
      const file = `/${f}`;
      return file === root || root === '/' || file.startsWith(`${root}/`);
    }));
  }).map((app) => String(app.metadata?.name)).sort();
}

function define(layout: TreeLayout, pathInRepo = ''): GitOpsRepo {
  const repo = new GitOpsRepo({
    repoURL: 'https://example.com/acme/gitops.git',
    pathInRepo,
    layout,
    releases: Releases.fromData({ api: { staging: 'v1', production: 'v1' }, web: { staging: 'v2', production: 'v2' } }),
  });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
  const production = repo.addEnvironment('production');
  repo.addAddOn('metrics-server', { chart: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server', chart: 'metrics-server', version: '3.12.2' } });
  for (const name of ['api', 'web']) {
    const svc = repo.addService(name, { image: `registry.example.com/${name}`, port: 8080, resources: { cpu: '100m', memory: '128Mi' } });
    svc.addOverlay(staging);
    svc.addOverlay(production, { replicas: 2 });
  }
  return repo;
}

/** Every Application of the tree, the root's included. */
function applications(repo: GitOpsRepo): Manifest[] {
  return synthesize(repo).tree.files.flatMap((f) => (loadAll(f.content) as Manifest[]).filter((o) => o.kind === 'Application'));
}

const annotation = (app: Manifest) => (app.metadata?.annotations as Record<string, string>)[MANIFEST_GENERATE_PATHS_ANNOTATION];

describe('argocd.argoproj.io/manifest-generate-paths', () => {
  test.each([
    ['kustomize', TreeLayout.kustomize(), { 'api-staging': '.;../../base', 'metrics-server': '/infrastructure/metrics-server', 'root': '.' }],
    ['rendered', TreeLayout.rendered(), { 'api-staging': '.', 'metrics-server': '/infrastructure/metrics-server', 'root': '.' }],
  ])('every Application of the %s layout has it, with these exact values', (_name, layout, expected) => {
    const apps = applications(define(layout));
    expect(apps.every((a) => annotation(a) !== undefined)).toBe(true);
    const byName = new Map(apps.map((a) => [String(a.metadata?.name), annotation(a)]));
    for (const [name, value] of Object.entries(expected)) expect(byName.get(name)).toBe(value);
  });

  test('add-ons name their folder from the repository root, with pathInRepo', () => {
    const app = applications(define(TreeLayout.kustomize(), 'dist')).find((a) => a.metadata?.name === 'metrics-server')!;
    expect(annotation(app)).toBe('/dist/infrastructure/metrics-server');
  });

  test.each([
    ['kustomize', '', TreeLayout.kustomize(), [
      [['apps/api/base/deployment.yaml'], ['api-production', 'api-staging']],
      [['apps/api/overlays/staging/kustomization.yaml'], ['api-staging']],
      [['apps/web/overlays/production/ingress.yaml', 'infrastructure/metrics-server/namespace.yaml'], ['metrics-server', 'web-production']],
      [['argocd/applications/api-staging.yaml'], ['root']],
      [['README.md'], []],
    ]],
    ['kustomize', 'dist', TreeLayout.kustomize(), [
      [['dist/apps/api/base/deployment.yaml'], ['api-production', 'api-staging']],
      [['dist/apps/api/overlays/stagingx/kustomization.yaml'], []],
      [['dist/argocd/kustomization.yaml'], ['root']],
      [['src/apps/index.ts'], []],
    ]],
    ['rendered', '', TreeLayout.rendered(), [
      [['rendered/staging/api/manifests.yaml'], ['api-staging']],
      [['rendered/production/api/manifests.yaml', 'rendered/production/web/manifests.yaml'], ['api-production', 'web-production']],
      [['infrastructure/metrics-server/kustomization.yaml'], ['metrics-server']],
    ]],
  ] as const)('a push to files of the %s layout (pathInRepo %j) refreshes exactly the Applications that read them', (_name, pathInRepo, layout, pushes) => {
    const apps = applications(define(layout, pathInRepo));
    for (const [changed, expected] of pushes) expect([changed, refreshed(apps, changed)]).toEqual([changed, expected]);
  });
});
