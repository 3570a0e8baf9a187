/** Options of {@link SecretRef.fromAwsSecretsManager}. */
export interface AwsSecretsManagerRefOptions {
  /**
   * The secret version to read: a version id or a staging label such as `AWSPREVIOUS`.
   * @default - the current version (`AWSCURRENT`), so rotations are picked up on the next refresh
   */
  readonly version?: string;
}

/**
 * A reference to a secret held outside Git. Only the reference is written to the tree; External
 * Secrets Operator reads the value at run time.
 *
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
export class SecretRef {
  /**
   * A secret in AWS Secrets Manager.
   *
   * @param key the secret's name, e.g. `prod/api-service/db`
   * @param property a key of the secret's JSON value, e.g. `password`; omit it for the whole value
   *
   * @example SecretRef.fromAwsSecretsManager('prod/api-service/db', 'password')
   */
  public static fromAwsSecretsManager(key: string, property?: string, options: AwsSecretsManagerRefOptions = {}): SecretRef {
    if (typeof key !== 'string' || key.trim() === '') {
      throw new Error(`SecretRef.fromAwsSecretsManager: key ${JSON.stringify(key)} must name a secret, e.g. 'prod/api-service/db'`);
    }
    if (property !== undefined && (typeof property !== 'string' || property === '')) {
      throw new Error(`SecretRef.fromAwsSecretsManager('${key}'): property ${JSON.stringify(property)} must be a non-empty JSON key or be left out`);
    }
    return new SecretRef('aws-secrets-manager', key, property, options.version);
  }

  private constructor(
    /** The backend holding the secret. */
    public readonly backend: 'aws-secrets-manager',
    /** The secret's name in the backend. */
    public readonly key: string,
    /** The JSON key inside the secret's value, if any. */
    public readonly property?: string,
    /** The version read, if pinned. */
    public readonly version?: string,
  ) {}

  /** `key`, `key#property` or `key#property@version`, for messages. */
  public toString(): string {
    return `${this.key}${this.property ? `#${this.property}` : ''}${this.version ? `@${this.version}` : ''}`;
  }
}
