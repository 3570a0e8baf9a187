import { externalSecretsOperator, GitOpsRepo, ManifestFile } from '../../src';
import { EXTERNAL_SECRETS_CHART } from '../../src/infrastructure/external-secrets-operator';
import { describeWithSchemas, referenceValidator } from '../support/shared';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered objects are read as plain JSON */
function render(roleArn: string | ((environment: string) => string) = (env) => `arn:aws:iam::123456789012:role/eso-${env}`): ManifestFile[] {
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
  repo.addEnvironment('staging');
  repo.addEnvironment('production', { namespace: 'prod' });
  repo.add(externalSecretsOperator({ region: 'eu-west-1', roleArn }));
  return repo.renderFiles();
}

const LABELS = { 'app.kubernetes.io/name': 'external-secrets', 'app.kubernetes.io/managed-by': 'gitops-synth' };

describe('externalSecretsOperator', () => {
  const files = render();
  const byPath = new Map(files.map((f) => [f.path, f.objects]));

  test('writes the namespace, the ServiceAccounts and the stores under infrastructure/external-secrets', () => {
    expect([...byPath.keys()].filter((p) => p.startsWith('infrastructure/external-secrets/')).sort()).toEqual([
      'infrastructure/external-secrets/cluster-secret-store.yaml',
      'infrastructure/external-secrets/kustomization.yaml',
      'infrastructure/external-secrets/namespace.yaml',
      'infrastructure/external-secrets/service-account.yaml',
    ]);
  });

  test('the controller has no AWS identity; each environment has a ServiceAccount of its own, annotated with its own role', () => {
    expect(byPath.get('infrastructure/external-secrets/service-account.yaml')).toEqual([
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'external-secrets', namespace: 'external-secrets', labels: LABELS } },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'external-secrets-staging',
          namespace: 'external-secrets',
          labels: LABELS,
          annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso-staging' },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: {
          name: 'external-secrets-production',
          namespace: 'external-secrets',
          labels: LABELS,
          annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/eso-production' },
        },
      },
    ]);
  });

  test('a ClusterSecretStore per environment: its ServiceAccount, and only its namespace may read through it', () => {
    const stores = byPath.get('infrastructure/external-secrets/cluster-secret-store.yaml') as any[];
    expect(stores.map((s) => [s.metadata.name, s.spec.provider.aws.auth.jwt.serviceAccountRef.name, s.spec.conditions])).toEqual([
      ['aws-secrets-manager-staging', 'external-secrets-staging', [{ namespaces: ['staging'] }]],
      ['aws-secrets-manager-production', 'external-secrets-production', [{ namespaces: ['prod'] }]],
    ]);
    expect(stores[0].metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true', 'argocd.argoproj.io/sync-wave': '1' });
    expect(stores[0].spec).toEqual({
      provider: {
        aws: {
          service: 'SecretsManager',
          region: 'eu-west-1',
          auth: { jwt: { serviceAccountRef: { name: 'external-secrets-staging', namespace: 'external-secrets' } } },
        },
      },
      conditions: [{ namespaces: ['staging'] }],
    });
  });

  test('one role ARN for every environment is written as given (a role managed elsewhere)', () => {
    const accounts = render('arn:aws:iam::123456789012:role/eso').find((f) => f.path.endsWith('service-account.yaml'))!.objects as any[];
    expect(accounts.map((a) => a.metadata.annotations?.['eks.amazonaws.com/role-arn'])).toEqual([
      undefined, 'arn:aws:iam::123456789012:role/eso', 'arn:aws:iam::123456789012:role/eso',
    ]);
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
    expect(objects.map((o) => o.kind).sort()).toEqual(['ClusterSecretStore', 'ClusterSecretStore', 'Namespace', 'ServiceAccount', 'ServiceAccount', 'ServiceAccount']);
    for (const obj of objects) expect(referenceValidator().validate(obj)).toEqual([]);
  });
});
