import { EnvValue, SecretRef } from '../../src';

describe('SecretRef', () => {
  test('keeps key, property and version', () => {
    const ref = SecretRef.fromAwsSecretsManager('prod/api/db', 'password', { version: 'AWSPREVIOUS' });
    expect([ref.backend, ref.key, ref.property, ref.version, `${ref}`]).toEqual(['aws-secrets-manager', 'prod/api/db', 'password', 'AWSPREVIOUS', 'prod/api/db#password@AWSPREVIOUS']);
    expect(`${SecretRef.fromAwsSecretsManager('prod/api/db')}`).toBe('prod/api/db');
  });

  test('refuses an empty key or property', () => {
    expect(() => SecretRef.fromAwsSecretsManager(' ')).toThrow(new Error('SecretRef.fromAwsSecretsManager: key " " must name a secret, e.g. \'prod/api-service/db\''));
    expect(() => SecretRef.fromAwsSecretsManager('k', '')).toThrow(new Error('SecretRef.fromAwsSecretsManager(\'k\'): property "" must be a non-empty JSON key or be left out'));
  });
});

describe('EnvValue.fromSecret', () => {
  test('renders a secretKeyRef to the Secret holding it, keyed by the variable name', () => {
    const value = EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('k', 'p'));
    expect(value.toKube('DB_PASSWORD', 'api-secrets')).toEqual({ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'DB_PASSWORD' } } });
    expect(value.literal).toBeUndefined();
    expect(() => value.toKube('DB_PASSWORD')).toThrow('env DB_PASSWORD: a value from k#p needs the name of the Secret that holds it');
  });

  test('refuses anything but a SecretRef (JavaScript callers)', () => {
    expect(() => EnvValue.fromSecret('prod/api/db' as unknown as SecretRef))
      .toThrow(new Error('EnvValue.fromSecret: expected a SecretRef, e.g. SecretRef.fromAwsSecretsManager(\'prod/api-service/db\', \'password\')'));
  });
});
