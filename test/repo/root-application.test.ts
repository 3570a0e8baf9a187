import { certManager, GitOpsRepo, synthesize, SyncPolicy } from '../../src';
import { SYNC_WAVE_ANNOTATION } from '../../src/argocd/sync-wave';
import { smallRepo } from '../support/fixtures';
import { describeWithSchemas, referenceValidator } from '../support/shared';

type AnyObject = Record<string, any>;

function withAddOn(props: Parameters<typeof smallRepo>[0] = {}) {
  const fixture = smallRepo(props);
  fixture.repo.add(certManager({ letsEncrypt: { email: 'platform@example.com', ingressClassName: 'nginx' } }));
  return fixture;
}

function rootFile(repo: GitOpsRepo): readonly AnyObject[] {
  return repo.renderFiles().find((f) => f.path === 'argocd/root.yaml')!.objects as readonly AnyObject[];
}

const wave = (o: AnyObject) => Number(o.metadata.annotations?.[SYNC_WAVE_ANNOTATION] ?? '0');

describe('root app-of-apps', () => {
  test('argocd/root.yaml holds the root AppProject and the root Application that syncs argocd/', () => {
    const [project, app] = rootFile(withAddOn().repo);
    expect([project.kind, project.metadata.name, app.kind, app.metadata.name]).toEqual(['AppProject', 'root', 'Application', 'root']);
    expect(app.spec.project).toBe('root');
    expect(app.spec.source).toEqual({ repoURL: 'https://example.com/acme/gitops.git', targetRevision: 'main', path: 'argocd' });
    expect(app.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
    expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('the root Application does not cascade: deleting it leaves every Application and workload in place', () => {
    const [, app] = rootFile(withAddOn().repo);
    expect(app.metadata).not.toHaveProperty('finalizers');
  });

  test('the root AppProject may only manage Argo CD objects in the Argo CD namespace', () => {
    const [project] = rootFile(withAddOn().repo);
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    expect(project.spec.namespaceResourceWhitelist).toEqual([
      { group: 'argoproj.io', kind: 'AppProject' },
      { group: 'argoproj.io', kind: 'Application' },
      { group: 'argoproj.io', kind: 'ApplicationSet' },
    ]);
    expect(project.spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }]);
    expect(project.spec.sourceRepos).toEqual(['https://example.com/acme/gitops.git']);
  });

  test('argocd/kustomization.yaml lists every project and application file of the tree', () => {
    const files = withAddOn().repo.renderFiles();
    const kustomization = files.find((f) => f.path === 'argocd/kustomization.yaml')!.objects[0] as AnyObject;
    const argoFiles = files.map((f) => f.path).filter((p) => /^argocd\/(projects|applications)\//.test(p)).sort();
    expect(kustomization.resources).toEqual(argoFiles.map((p) => p.slice('argocd/'.length)));
    expect(kustomization.resources).toEqual([
      'applications/cert-manager.yaml', 'applications/web-production.yaml', 'applications/web-staging.yaml',
      'projects/infrastructure.yaml', 'projects/production.yaml', 'projects/staging.yaml',
    ]);
  });

  test('options: name, project and sync of the root', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git', root: { name: 'platform', project: 'bootstrap', sync: SyncPolicy.manual() } });
    const [project, app] = rootFile(repo);
    expect([project.metadata.name, app.metadata.name, app.spec.project, app.spec.syncPolicy.automated]).toEqual(['bootstrap', 'platform', 'bootstrap', undefined]);
  });

  test('when Argo CD watches this repository, every path starts at dist/ and the tree check passes', () => {
    const { repo } = withAddOn({ pathInRepo: 'dist' });
    const paths = synthesize(repo).tree.files.flatMap((f) => [...f.content.matchAll(/^ +(?:- )?path: (.+)$/gm)].map((m) => m[1]));
    expect(paths.sort()).toEqual(['dist/apps/web/overlays/production', 'dist/apps/web/overlays/staging', 'dist/argocd', 'dist/infrastructure/cert-manager']);
  });
});

describe('sync waves', () => {
  test('AppProjects, then add-ons, then services; add-on custom resources after their chart', () => {
    const objects = withAddOn().repo.renderFiles().filter((f) => f.path !== 'argocd/root.yaml').flatMap((f) => f.objects) as AnyObject[];
    const projects = objects.filter((o) => o.kind === 'AppProject');
    const addOns = objects.filter((o) => o.kind === 'Application' && o.metadata.labels['gitops-synth/component'] === 'infrastructure');
    const services = objects.filter((o) => o.kind === 'Application' && o.metadata.labels['gitops-synth/environment']);
    expect([projects.length, addOns.length, services.length]).toEqual([3, 1, 2]);
    const maxProjects = Math.max(...projects.map(wave));
    const [minAddOns, maxAddOns] = [Math.min(...addOns.map(wave)), Math.max(...addOns.map(wave))];
    const minServices = Math.min(...services.map(wave));
    expect(maxProjects).toBeLessThan(minAddOns);
    expect(maxAddOns).toBeLessThan(minServices);
    const issuers = objects.filter((o) => o.kind === 'ClusterIssuer');
    expect(issuers.map((i) => [wave(i), i.metadata.annotations['argocd.argoproj.io/sync-options']])).toEqual([
      [1, 'SkipDryRunOnMissingResource=true'], [1, 'SkipDryRunOnMissingResource=true'],
    ]);
  });
});

describeWithSchemas('root schema', () => {
  test('root.yaml validates against the Argo CD CRDs', () => {
    const files = withAddOn().repo.renderFiles().filter((f) => f.path === 'argocd/root.yaml');
    expect(referenceValidator().validateFiles(files)).toEqual([]);
  });
});
