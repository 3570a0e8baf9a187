import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { dirname } from 'path';
import { load, loadAll } from 'js-yaml';
import {
  ExternalSecret as ExternalSecretObject,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
} from '../../imports/external-secrets.io';
import { EnvValue, ManifestFile, SecretRef, synth, synthesize } from '../../src';
import { smallRepo } from '../support/fixtures';
import { secretsRepo } from '../support/secrets-fixtures';
import { describeWithSchemas, referenceValidator } from '../support/shared';
import { tempDir } from '../support/tmp';

function fileAt(files: ManifestFile[], path: string): ManifestFile {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} among ${files.map((f) => f.path).join(', ')}`);
  return file;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered objects are read as plain JSON */
describe('ExternalSecret from env', () => {
  test('a base env secret lands in the base, shared by every environment, and the Deployment reads it by secretKeyRef', () => {
    const { repo, web } = smallRepo();
    const api = repo.addService('api', {
      image: 'registry.example.com/api',
      env: { LOG_LEVEL: 'info', API_TOKEN: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('shared/api/token')) },
    });
    const rendered = repo.renderFiles();
    expect(fileAt(rendered, 'apps/api/base/external-secret.yaml').objects).toEqual([{
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'api-secrets', labels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/managed-by': 'gitops-synth' } },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
        target: { name: 'api-secrets', creationPolicy: 'Owner' },
        data: [{ secretKey: 'API_TOKEN', remoteRef: { key: 'shared/api/token' } }],
      },
    }]);
    const deployment = fileAt(rendered, 'apps/api/base/deployment.yaml').objects[0] as any;
    expect(deployment.spec.template.spec.containers[0].env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'API_TOKEN' } } },
    ]);
    expect(fileAt(rendered, 'apps/api/base/kustomization.yaml').objects[0].resources)
      .toEqual(['service-account.yaml', 'deployment.yaml', 'external-secret.yaml']);
    expect(api.envSecret?.name).toBe('api-secrets');
    // A service without secret env vars gets no ExternalSecret.
    expect(web.envSecret).toBeUndefined();
    expect(rendered.filter((f) => f.path.startsWith('apps/web/') && f.path.includes('external-secret'))).toEqual([]);
  });

  test('an overlay env secret lands in that overlay only, with its own key and Secret name', () => {
    const { repo } = secretsRepo();
    const files = repo.renderFiles();
    const staging = fileAt(files, 'apps/api/overlays/staging/external-secret.yaml').objects[0] as any;
    const production = fileAt(files, 'apps/api/overlays/production/external-secret.yaml').objects[0] as any;
    expect(staging.metadata.name).toBe('api-staging-secrets');
    expect(staging.spec.data).toEqual([{ secretKey: 'DB_PASSWORD', remoteRef: { key: 'staging/api/db', property: 'password' } }]);
    expect(production.metadata.name).toBe('api-production-secrets');
    expect(production.spec.data).toEqual([{ secretKey: 'DB_PASSWORD', remoteRef: { key: 'prod/api/db', property: 'password', version: 'AWSCURRENT' } }]);
    const kustomization = fileAt(files, 'apps/api/overlays/production/kustomization.yaml').objects[0] as any;
    expect(kustomization.resources).toContain('external-secret.yaml');
    // The overlay's own ExternalSecret names its environment's store; the base's copy is pointed at it.
    expect([staging.spec.secretStoreRef, production.spec.secretStoreRef]).toEqual([
      { kind: 'ClusterSecretStore', name: 'aws-secrets-manager-staging' },
      { kind: 'ClusterSecretStore', name: 'aws-secrets-manager-production' },
    ]);
    expect(kustomization.patches.filter((p: any) => p.target.kind === 'ExternalSecret')).toEqual([{
      target: { group: 'external-secrets.io', kind: 'ExternalSecret', name: 'api-sentry' },
      patch: '[{"op":"replace","path":"/spec/secretStoreRef/name","value":"aws-secrets-manager-production"}]',
    }]);
    const patch = load(kustomization.patches[0].patch) as any;
    expect(patch.spec.template.spec.containers[0].env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'api-production-secrets', key: 'DB_PASSWORD' } } },
    ]);
  });

  test('addExternalSecret copies a whole secret with dataFrom.extract into the base', () => {
    const { repo } = secretsRepo();
    const es = fileAt(repo.renderFiles(), 'apps/api/base/external-secret-sentry.yaml').objects[0] as any;
    expect(es.metadata.name).toBe('api-sentry');
    expect(es.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
      target: { name: 'api-sentry', creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: 'shared/api/sentry' } }],
    });
  });

  test('refreshInterval and store can be chosen; a store chosen is the same in every environment, not patched', () => {
    const { repo, web } = smallRepo();
    web.addExternalSecret('tls', { name: 'web-tls', refreshInterval: '15m', storeName: 'other', extract: [SecretRef.fromAwsSecretsManager('k')] });
    const es = fileAt(repo.renderFiles(), 'apps/web/base/external-secret-tls.yaml').objects[0] as any;
    expect([es.metadata.name, es.spec.refreshInterval, es.spec.secretStoreRef.name]).toEqual(['web-tls', '15m', 'other']);
    expect(repo.renderFiles().filter((f) => f.path.startsWith('apps/web/overlays/') && f.path.endsWith('kustomization.yaml'))
      .flatMap((f) => ((f.objects[0] as any).patches ?? []).filter((p: any) => p.target.kind === 'ExternalSecret'))).toEqual([]);
  });

  test('the object is the one the typed bindings build from the same props', () => {
    const { web } = smallRepo();
    const ref = SecretRef.fromAwsSecretsManager('shared/web/db', 'password');
    const es = web.addExternalSecret('db', {
      data: [{ secretKey: 'DB_PASSWORD', ref }],
      extract: [SecretRef.fromAwsSecretsManager('shared/web/all')],
    });
    const remoteRef = (r: SecretRef) => ({ key: r.key, property: r.property, version: r.version });
    const expected = ExternalSecretObject.manifest({
      metadata: { name: 'web-db', labels: web.labels },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: 'aws-secrets-manager' },
        target: { name: 'web-db', creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER },
        data: [{ secretKey: 'DB_PASSWORD', remoteRef: remoteRef(ref) }],
        dataFrom: [{ extract: remoteRef(SecretRef.fromAwsSecretsManager('shared/web/all')) }],
      },
    });
    // Through JSON: the bindings keep `undefined` fields that the tree never shows.
    expect(JSON.parse(JSON.stringify(es.toManifest()))).toStrictEqual(JSON.parse(JSON.stringify(expected)));
    expect(es.toManifest().spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' },
      target: { name: 'web-db', creationPolicy: 'Owner' },
      data: [{ secretKey: 'DB_PASSWORD', remoteRef: { key: 'shared/web/db', property: 'password' } }],
      dataFrom: [{ extract: { key: 'shared/web/all' } }],
    });
  });

  test('an ExternalSecret without entries, or with a refreshInterval ESO cannot parse, is refused', () => {
    const { web } = smallRepo();
    expect(() => web.addExternalSecret('empty', {})).toThrow(new Error('ExternalSecret web-empty: give at least one entry in data or extract'));
    expect(() => web.addExternalSecret('slow', { refreshInterval: '1 day', extract: [SecretRef.fromAwsSecretsManager('k')] }))
      .toThrow(new Error('ExternalSecret web-slow: refreshInterval "1 day" is not a Go duration, e.g. \'1h\', \'15m\' or \'0s\' (read once)'));
  });

  test('the kustomize build of each overlay holds the ExternalSecret in the environment namespace', () => {
    const dir = tempDir();
    synth(secretsRepo().repo, { outdir: dir, terraformOutdir: `${dirname(dir)}/cdktf.out` });
    if (!fs.existsSync('/usr/bin/kubectl') && !process.env.CI) return;
    const out = execFileSync('kubectl', ['kustomize', `${dir}/apps/api/overlays/production`], { encoding: 'utf8' });
    expect(out).toContain('kind: ExternalSecret\nmetadata:\n  labels:\n    app.kubernetes.io/managed-by: gitops-synth\n    app.kubernetes.io/name: api\n    gitops-synth/environment: production\n  name: api-production-secrets\n  namespace: production\n');
    expect(out).toContain('  name: api-sentry\n  namespace: production\n');
  });

  test('each environment\'s build reads every ExternalSecret, the base\'s copy included, through that environment\'s own store', () => {
    const dir = tempDir();
    synth(secretsRepo().repo, { outdir: dir, terraformOutdir: `${dirname(dir)}/cdktf.out` });
    if (!fs.existsSync('/usr/bin/kubectl') && !process.env.CI) return;
    const stores = (env: string) => (loadAll(execFileSync('kubectl', ['kustomize', `${dir}/apps/api/overlays/${env}`], { encoding: 'utf8' })) as any[])
      .filter((o) => o.kind === 'ExternalSecret')
      .map((o) => [o.metadata.namespace, o.metadata.name, o.spec.secretStoreRef.name]);
    expect(stores('staging')).toEqual([
      ['staging', 'api-sentry', 'aws-secrets-manager-staging'],
      ['staging', 'api-staging-secrets', 'aws-secrets-manager-staging'],
    ]);
    expect(stores('production')).toEqual([
      ['production', 'api-production-secrets', 'aws-secrets-manager-production'],
      ['production', 'api-sentry', 'aws-secrets-manager-production'],
    ]);
  });
});

describe('overriding a base variable in an overlay', () => {
  test('a secret replacing a literal (and a literal replacing a secret) leaves one source per variable after kustomize', () => {
    const { repo, staging } = smallRepo({}, { web: { staging: 'v1', production: 'v1' }, api: { staging: 'v1' } });
    const api = repo.addService('api', {
      image: 'registry.example.com/api',
      env: { DATABASE_URL: 'postgres://localhost/db', REGION: EnvValue.fromFieldRef('metadata.namespace'), X: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('shared/api/x')) },
    });
    api.addOverlay(staging, {
      env: {
        DATABASE_URL: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('staging/api/db-url')),
        REGION: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('staging/api/region')),
        X: 'plain',
      },
    });
    const patch = load((fileAt(repo.renderFiles(), 'apps/api/overlays/staging/kustomization.yaml').objects[0] as any).patches[0].patch) as any;
    expect(patch.spec.template.spec.containers[0].env).toEqual([
      { name: 'DATABASE_URL', value: null, valueFrom: { secretKeyRef: { name: 'api-staging-secrets', key: 'DATABASE_URL' } } },
      { name: 'REGION', valueFrom: { fieldRef: null, secretKeyRef: { name: 'api-staging-secrets', key: 'REGION' } } },
      { name: 'X', value: 'plain', valueFrom: null },
    ]);
    if (!fs.existsSync('/usr/bin/kubectl') && !process.env.CI) return;
    const dir = tempDir();
    synth(repo, { outdir: dir, checks: [] });
    const built = (loadAll(execFileSync('kubectl', ['kustomize', `${dir}/apps/api/overlays/staging`], { encoding: 'utf8' })) as any[])
      .find((o) => o.kind === 'Deployment');
    expect(built.spec.template.spec.containers[0].env).toEqual([
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'api-staging-secrets', key: 'DATABASE_URL' } } },
      { name: 'REGION', valueFrom: { secretKeyRef: { name: 'api-staging-secrets', key: 'REGION' } } },
      { name: 'X', value: 'plain' },
    ]);
  });
});

describeWithSchemas('ESO objects against the ESO v2.9.0 CRDs', () => {
  test('every ExternalSecret and ClusterSecretStore is valid external-secrets.io/v1', () => {
    const { repo } = secretsRepo();
    const objects = repo.renderFiles().flatMap((f) => f.objects)
      .filter((o) => o.apiVersion.startsWith('external-secrets.io/') || o.kind === 'ServiceAccount');
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata?.name}`).sort()).toEqual([
      'external-secrets.io/v1 ClusterSecretStore/aws-secrets-manager-production',
      'external-secrets.io/v1 ClusterSecretStore/aws-secrets-manager-staging',
      'external-secrets.io/v1 ExternalSecret/api-production-secrets',
      'external-secrets.io/v1 ExternalSecret/api-sentry',
      'external-secrets.io/v1 ExternalSecret/api-staging-secrets',
      'v1 ServiceAccount/api',
      'v1 ServiceAccount/external-secrets',
      'v1 ServiceAccount/external-secrets-production',
      'v1 ServiceAccount/external-secrets-staging',
    ]);
    const validator = referenceValidator();
    for (const obj of objects) expect(validator.validate(obj)).toEqual([]);
  });
});

describe('secret files of the tree', () => {
  test('match the snapshot', () => {
    const files = synthesize(secretsRepo().repo).tree.files.filter((f) => f.path.includes('external-secret'));
    expect(files.map((f) => f.path)).toEqual([
      'apps/api/base/external-secret-sentry.yaml',
      'apps/api/overlays/production/external-secret.yaml',
      'apps/api/overlays/staging/external-secret.yaml',
      'argocd/applications/external-secrets.yaml',
      'infrastructure/external-secrets/cluster-secret-store.yaml',
      'infrastructure/external-secrets/kustomization.yaml',
      'infrastructure/external-secrets/namespace.yaml',
      'infrastructure/external-secrets/service-account.yaml',
    ]);
    expect(Object.fromEntries(files.map((f) => [f.path, f.content]))).toMatchSnapshot();
  });
});
