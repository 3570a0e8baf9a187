import { ArgoApplication, IgnoreDifference, RetryPolicy, SyncPolicy, SyncWave } from '../../src';
import { RESOURCES_FINALIZER } from '../../src/argocd/argo-application';
import { smallRepo } from '../support/fixtures';

type AnyObject = Record<string, any>;

function applications(repo = smallRepo().repo): Map<string, AnyObject> {
  const apps = repo.renderFiles().filter((f) => f.path.startsWith('argocd/applications/')).flatMap((f) => f.objects);
  return new Map(apps.map((a) => [a.metadata!.name!, a as AnyObject]));
}

describe('Application sync policy per environment', () => {
  test('staging syncs automatically with prune and selfHeal', () => {
    expect(applications().get('web-staging')!.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
  });

  test('production has no automated sync: a person syncs after reviewing the diff', () => {
    const policy = applications().get('web-production')!.spec.syncPolicy;
    expect(policy).not.toHaveProperty('automated');
    expect(policy.syncOptions).toEqual(['CreateNamespace=true']);
  });

  test('add-ons sync automatically with selfHeal but never prune', () => {
    const { repo } = smallRepo();
    repo.addAddOn('metrics-server', { chart: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.0' } });
    expect(applications(repo).get('metrics-server')!.spec.syncPolicy.automated).toEqual({ prune: false, selfHeal: true });
  });
});

describe('every Application', () => {
  test('has the resources finalizer, a sync wave, CreateNamespace, retry with backoff and a revision history limit', () => {
    const { repo } = smallRepo();
    repo.addAddOn('metrics-server', { chart: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.0' } });
    const apps = [...applications(repo).values()];
    expect(apps).toHaveLength(3);
    for (const app of apps) {
      expect(app.metadata.finalizers).toEqual([RESOURCES_FINALIZER]);
      expect(app.metadata.annotations['argocd.argoproj.io/sync-wave']).toMatch(/^-?[0-9]+$/);
      expect(app.spec.syncPolicy.syncOptions).toContain('CreateNamespace=true');
      expect(app.spec.syncPolicy.retry).toEqual({ limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } });
      expect(app.spec.revisionHistoryLimit).toBe(10);
    }
  });

  test('asked-for ignoreDifferences come with RespectIgnoreDifferences, so a sync does not undo the HPA', () => {
    const { repo, staging } = smallRepo({}, { web: { staging: 'v1.0.0', production: 'v0.9.0' }, api: { staging: 'v1.0.0' } });
    repo.addService('api', { image: 'registry.example.com/api', port: 8080 })
      .addOverlay(staging, { ignoreDifferences: [IgnoreDifference.hpaReplicas('api')] });
    const app = applications(repo).get('api-staging')!;
    expect(app.spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', name: 'api', jsonPointers: ['/spec/replicas'] }]);
    expect(app.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'RespectIgnoreDifferences=true']);
    expect(applications(repo).get('web-staging')!.spec).not.toHaveProperty('ignoreDifferences');
  });

  test('options: no retry, another wave, another history limit, extra sync options, no cascade', () => {
    const { repo } = smallRepo();
    const app = new ArgoApplication(repo, 'custom', {
      name: 'custom',
      sources: [{ repoUrl: 'https://example.com/acme/gitops.git', path: 'apps/web/base', targetRevision: 'main' }],
      destination: { server: 'https://kubernetes.default.svc', namespace: 'tools' },
      sync: SyncPolicy.manual(),
      retry: RetryPolicy.none(),
      wave: SyncWave.of(5),
      revisionHistoryLimit: 3,
      syncOptions: ['PruneLast=true'],
      cascadeDelete: false,
    }).toManifest() as AnyObject;
    expect(app.metadata).not.toHaveProperty('finalizers');
    expect(app.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '5' });
    expect(app.spec.revisionHistoryLimit).toBe(3);
    expect(app.spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true', 'PruneLast=true'] });
  });
});

describe('choices reject bad values with the field and the fix', () => {
  test('RetryPolicy.backoff', () => {
    expect(() => RetryPolicy.backoff({ limit: 0 })).toThrow('RetryPolicy.backoff: limit must be a positive integer, got 0');
    expect(() => RetryPolicy.backoff({ factor: 1.5 })).toThrow('RetryPolicy.backoff: factor must be a positive integer, got 1.5');
    expect(() => RetryPolicy.backoff({ duration: '10 seconds' })).toThrow('RetryPolicy.backoff: duration must be a Go duration such as "10s" or "3m", got "10 seconds"');
    expect(() => RetryPolicy.backoff({ maxDuration: '5' })).toThrow('RetryPolicy.backoff: maxDuration must be a Go duration such as "10s" or "3m", got "5"');
    expect(RetryPolicy.backoff({ limit: 3, duration: '5s', factor: 3, maxDuration: '1h30m' }).render()).toEqual({ limit: 3, backoff: { duration: '5s', factor: 3, maxDuration: '1h30m' } });
  });

  test('IgnoreDifference.jsonPointers', () => {
    expect(() => IgnoreDifference.jsonPointers({ kind: 'Deployment', jsonPointers: [] })).toThrow('IgnoreDifference.jsonPointers: jsonPointers of Deployment must not be empty');
    expect(() => IgnoreDifference.jsonPointers({ kind: 'Deployment', jsonPointers: ['spec/replicas'] })).toThrow('IgnoreDifference.jsonPointers: "spec/replicas" is not a JSON pointer (it must start with "/", e.g. "/spec/replicas")');
    expect(IgnoreDifference.jsonPointers({ group: '', kind: 'ConfigMap', jsonPointers: ['/data/generated'] }).render()).toEqual({ group: '', kind: 'ConfigMap', jsonPointers: ['/data/generated'] });
  });

  test('SyncWave', () => {
    expect(() => SyncWave.of(1.5)).toThrow('sync wave must be an integer, got 1.5');
    const waves = [SyncWave.projects(), SyncWave.infrastructure(), SyncWave.infrastructure(1), SyncWave.services(), SyncWave.services(2)];
    expect(waves.map((w) => w.wave)).toEqual([-20, -10, -9, 0, 2]);
  });
});
