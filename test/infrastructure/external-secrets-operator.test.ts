import { externalSecretsOperator, GitOpsRepo, ManifestFile } from '../../src';
import { EXTERNAL_SECRETS_CHART } from '../../src/infrastructure/external-secrets-operator';
import { describeWithSchemas, referenceValidator } from '../support/shared';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered objects are read as plain JSON */
function render(allowedNamespaces?: string[]): ManifestFile[] {
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
  repo.addEnvironment('staging');
  repo.addEnvironment('production', { namespace: 'prod' });
  repo.add(externalSecretsOperator({ region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/eso', allowedNamespaces }));
  return repo.renderFiles();
}

describe('externalSecretsOperator', () => {
  const files = render();
  const byPath = new Map(files.map((f) => [f.path, f.objects]));

  test('writes the namespace, the annotated ServiceAccount and the store under infrastructure/external-secrets', () => {
    expect([...byPath.keys()].filter((p) => p.startsWith('infrastructure/external-secrets/')).sort()).toEqual([
      'infrastructure/external-secrets/cluster-secret-store.yaml',
      'infrastructure/external-secrets/kustomization.yaml',
      'infrastructure/external-secrets/namespace.yaml',
      'infrastructure/external-secrets/service-account.yaml',
    ]);
    expect(byPath.get('infrastructure/external-secrets/service-account.yaml')).toEqual([{
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: 'external-secrets',
        namespace: 'external-secrets',
        labels: { 'app.kubernetes.io/name': 'external-secrets', 'app.kubernetes.io/managed-by': 'gitops-synth' },
        annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso' },
      },
    }]);
  });

  test('the ClusterSecretStore reads AWS Secrets Manager with IRSA and serves only the environments\' namespaces', () => {
    const [store] = byPath.get('infrastructure/external-secrets/cluster-secret-store.yaml') as any[];
    expect(store.metadata.name).toBe('aws-secrets-manager');
    expect(store.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true', 'argocd.argoproj.io/sync-wave': '1' });
    expect(store.spec).toEqual({
      provider: {
        aws: {
          service: 'SecretsManager',
          region: 'eu-west-1',
          auth: { jwt: { serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
        },
      },
      conditions: [{ namespaces: ['staging', 'prod'] }],
    });
    const [custom] = render(['apps']).find((f) => f.path.endsWith('cluster-secret-store.yaml'))!.objects as any[];
    expect(custom.spec.conditions).toEqual([{ namespaces: ['apps'] }]);
  });

  test('the Application installs the pinned chart, with the ServiceAccount from the tree and its CRDs applied server-side, never pruned', () => {
    const [app] = byPath.get('argocd/applications/external-secrets.yaml') as any[];
    expect(EXTERNAL_SECRETS_CHART).toEqual({ repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' });
    expect(app.spec.sources[0]).toEqual({
      repoURL: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      targetRevision: '2.9.0',
      helm: {
        releaseName: 'external-secrets',
        valuesObject: {
          serviceAccount: { create: false, name: 'external-secrets' },
          crds: { annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true,Prune=false,Delete=false' } },
        },
      },
    });
    expect(app.spec.destination.namespace).toBe('external-secrets');
  });
});

describeWithSchemas('externalSecretsOperator against the reference schemas', () => {
  test('the store and the ServiceAccount are schema-valid', () => {
    const objects = render().filter((f) => f.path.startsWith('infrastructure/external-secrets/') && !f.path.endsWith('kustomization.yaml')).flatMap((f) => f.objects);
    expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterSecretStore', 'Namespace', 'ServiceAccount']);
    for (const obj of objects) expect(referenceValidator().validate(obj)).toEqual([]);
  });
});
