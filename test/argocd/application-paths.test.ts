import { load } from 'js-yaml';
import { ArgoApplication, SyncPolicy, synthesize, SynthError } from '../../src';
import { smallRepo } from '../support/fixtures';

function app(files: ReturnType<typeof synthesize>['tree']['files'], name: string): any {
  const file = files.find((f) => f.path === `argocd/applications/${name}.yaml`);
  if (!file) throw new Error(`no application ${name}`);
  return load(file.content);
}

describe('Application source paths', () => {
  const files = synthesize(smallRepo().repo).tree.files;

  test('point at the overlay of their service and environment', () => {
    expect(app(files, 'web-production').spec.source).toEqual({ repoURL: 'https://example.com/acme/gitops.git', targetRevision: 'main', path: 'apps/web/overlays/production' });
  });

  test('every Application path points at a folder of the tree', () => {
    const dirs = new Set(files.filter((f) => f.path.endsWith('/kustomization.yaml')).map((f) => f.path.replace(/\/kustomization\.yaml$/, '')));
    const apps = files.filter((f) => f.path.startsWith('argocd/')).flatMap((f) => loadAllObjects(f.content)).filter((o) => o.kind === 'Application');
    expect(apps.length).toBeGreaterThan(0);
    for (const a of apps) {
      const sources = a.spec.sources ?? [a.spec.source];
      for (const s of sources.filter((x: any) => x.path)) expect(dirs).toContain(s.path);
    }
  });

  test('start at dist/ when Argo CD watches this repository', () => {
    const inRepo = synthesize(smallRepo({ pathInRepo: 'dist' }).repo).tree.files;
    expect(app(inRepo, 'web-staging').spec.source.path).toBe('dist/apps/web/overlays/staging');
  });

  test('a path to a folder the tree does not contain is reported', () => {
    const { repo, staging } = smallRepo();
    new ArgoApplication(repo, 'extra', {
      name: 'extra',
      sources: [{ repoUrl: repo.repoURL, targetRevision: 'main', path: 'apps/nope' }],
      destination: staging.destination(),
      sync: SyncPolicy.manual(),
    });
    expect(() => synthesize(repo).tree.files).toThrow(SynthError);
    expect(() => synthesize(repo).tree.files).toThrow('application extra:\n  ✖ spec.source.path = "apps/nope": points at a folder the tree does not contain (fix: check GitOpsRepo pathInRepo ("") against where Argo CD sees the tree)');
  });

  test('a pathInRepo that leaves the repository is refused', () => {
    const { repo } = smallRepo({ pathInRepo: '../elsewhere' });
    expect(() => synthesize(repo).tree.files).toThrow('repository:\n  ✖ pathInRepo = "../elsewhere": must be a relative folder inside the repository Argo CD watches (fix: use "" for a separate GitOps repository or "dist" when Argo CD watches this one)');
  });
});

function loadAllObjects(content: string): any[] {
  return content.split(/^---\n/m).map((doc) => load(doc));
}
