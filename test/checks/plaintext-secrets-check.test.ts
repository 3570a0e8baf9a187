import { EnvValue, Manifest, synth, synthesize } from '../../src';
import { checkPlaintextSecrets, looksLikeCredential } from '../../src/checks/plaintext-secrets-check';
import { checkContext } from '../support/check-context';
import { synthErrorOf } from '../support/errors';
import { smallRepo } from '../support/fixtures';
import { readTree, tempDir } from '../support/tmp';

describe('checkPlaintextSecrets', () => {
  test('a credential-looking literal in the base and in an overlay fails with the service, variable and fix', () => {
    const { repo, staging } = smallRepo({}, { web: { staging: 'v1', production: 'v1' }, api: { staging: 'v1' } });
    const api = repo.addService('api', { image: 'registry.example.com/api', env: { DB_PASSWORD: 'hunter2', LOG_LEVEL: 'info' } });
    api.addOverlay(staging, { env: { GITHUB_TOKEN: 'ghp_abc' } });
    expect(synthErrorOf(() => synthesize(repo, { checks: [checkPlaintextSecrets] }).tree.files)).toBe([
      'gitops-synth: 2 problems found, nothing was written',
      'service api:',
      '  ✖ env.DB_PASSWORD: is a literal value and "DB_PASSWORD" looks like a credential; it would be written to Git in plain text'
        + ' (fix: set it per environment with addOverlay(environment, { env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager(\'<environment>/api/db-password\')) } })'
        + ' with the value in AWS Secrets Manager, or, if it is not a secret, EnvValue.fromValue(value, { notSecretBecause: \'…\' }))',
      '  ✖ overlays.staging.env.GITHUB_TOKEN: is a literal value and "GITHUB_TOKEN" looks like a credential; it would be written to Git in plain text'
        + ' (fix: use GITHUB_TOKEN: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager(\'staging/api/github-token\'))'
        + ' with the value in AWS Secrets Manager, or, if it is not a secret, EnvValue.fromValue(value, { notSecretBecause: \'…\' }))',
    ].join('\n'));
  });

  test('the value itself is never echoed', () => {
    const { repo } = smallRepo();
    repo.addService('api', { image: 'registry.example.com/api', env: { API_KEY: 'sk-live-0123456789' } });
    expect(synthErrorOf(() => synthesize(repo, { checks: [checkPlaintextSecrets] }).tree.files)).not.toContain('sk-live');
  });

  test('a Secret object with data or stringData anywhere in the tree fails, and nothing is written', () => {
    const { repo } = smallRepo();
    const secret: Manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'x', user: 'y' }, data: { token: 'eA==' } };
    const empty: Manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'filled-by-a-controller' }, data: {} };
    repo.addAddOn('db', { chart: { repoURL: 'https://charts.example.com', chart: 'db', version: '1.0.0' }, objects: [{ fileName: 'secret.yaml', objects: [secret, empty] }] });
    const dir = tempDir();
    expect(synthErrorOf(() => synth(repo, { outdir: dir, checks: [checkPlaintextSecrets] }))).toBe([
      'gitops-synth: 2 problems found, nothing was written',
      'add-on db:',
      '  ✖ infrastructure/db/secret.yaml Secret/db data: holds secret values (token) that would be written to Git in plain text'
        + ' (fix: store the values in AWS Secrets Manager and read them with an ExternalSecret'
        + ' (EnvValue.fromSecret(SecretRef.fromAwsSecretsManager(...)) or service.addExternalSecret(...)))',
      '  ✖ infrastructure/db/secret.yaml Secret/db stringData: holds secret values (password, user) that would be written to Git in plain text'
        + ' (fix: store the values in AWS Secrets Manager and read them with an ExternalSecret'
        + ' (EnvValue.fromSecret(SecretRef.fromAwsSecretsManager(...)) or service.addExternalSecret(...)))',
    ].join('\n'));
    expect(readTree(dir)).toEqual({});
  });

  test('a literal explained as not a secret passes; ordinary configuration passes', () => {
    const { repo } = smallRepo();
    repo.addService('api', {
      image: 'registry.example.com/api',
      env: { TOKEN_TTL_SECONDS: EnvValue.fromValue('3600', { notSecretBecause: 'a lifetime, not a token' }), TOKENIZER_MODEL: 'bpe', LOG_LEVEL: 'info' },
    });
    expect(checkPlaintextSecrets(checkContext(repo))).toEqual([]);
  });

  test.each([
    ['DB_PASSWORD', true], ['PASSWORD', true], ['dbPassword', true], ['MYSQL_PWD', true], ['GITHUB_TOKEN', true],
    ['CLIENT_SECRET', true], ['STRIPE_API_KEY', true], ['APIKEY', true], ['TLS_PRIVATE_KEY', true], ['AWS_ACCESS_KEY_ID', true],
    ['GOOGLE_CREDENTIALS', true], ['LOG_LEVEL', false], ['TOKENIZER_MODEL', false], ['KEY_PREFIX', false], ['PORT', false],
  ])('looksLikeCredential(%s) is %s', (name, expected) => {
    expect(looksLikeCredential(name)).toBe(expected);
  });
});
