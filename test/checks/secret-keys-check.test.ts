import { EnvValue, SecretRef, synthesize } from '../../src';
import { checkSecretKeys } from '../../src/checks/secret-keys-check';
import { checkContext } from '../support/check-context';
import { synthErrorOf } from '../support/errors';
import { smallRepo } from '../support/fixtures';

describe('checkSecretKeys', () => {
  test('two environments reading the same key fail unless the key is given once in the base', () => {
    const { repo, staging, production } = smallRepo({}, { web: { staging: 'v1', production: 'v1' }, api: { staging: 'v1', production: 'v1' } });
    const api = repo.addService('api', { image: 'registry.example.com/api' });
    const shared = EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('prod/api/db', 'password'));
    api.addOverlay(staging, { env: { DB_PASSWORD: shared } });
    api.addOverlay(production, { env: { DB_PASSWORD: shared } });
    expect(synthErrorOf(() => synthesize(repo, { checks: [checkSecretKeys] }).tree.files)).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'service api:',
      '  ✖ overlays.production, overlays.staging = "prod/api/db": environments production and staging read the same secret;'
        + ' a leak or rotation in one would hit the others (fix: use one key per environment (e.g. \'production/api/…\'),'
        + ' or, if sharing is intended, reference it once in the service\'s env instead of the overlays)',
    ].join('\n'));
  });

  test('a key in the base is shared on purpose, per-environment keys are distinct: both pass', () => {
    const { repo, staging, production } = smallRepo();
    const api = repo.addService('api', { image: 'registry.example.com/api', env: { SENTRY_DSN: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('shared/api/sentry')) } });
    api.addOverlay(staging, { env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('staging/api/db', 'password')) } });
    api.addOverlay(production, { env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('prod/api/db', 'password')) } });
    expect(checkSecretKeys(checkContext(repo, []))).toEqual([]);
  });

  test('an ExternalSecret name used twice in one service fails', () => {
    const { repo, web } = smallRepo();
    repo.addService('api', { image: 'registry.example.com/api' });
    web.addExternalSecret('a', { name: 'web-db', extract: [SecretRef.fromAwsSecretsManager('k1')] });
    web.overlays[0].addExternalSecret('b', { name: 'web-db', extract: [SecretRef.fromAwsSecretsManager('k2')] });
    expect(checkSecretKeys(checkContext(repo, []))).toEqual([{
      subject: 'service web',
      // The overlay was added first (construct order), so the base one is reported.
      field: 'base ExternalSecret',
      value: '"web-db"',
      message: 'has the same name as an ExternalSecret in overlays.staging; kustomize refuses two objects with one name',
      hint: 'give the ExternalSecret another id or name',
    }]);
  });
});
