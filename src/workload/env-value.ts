import { k8s } from 'cdk8s-plus-28';
import { SecretRef } from '../secrets/secret-ref';

/** Options of {@link EnvValue.fromValue}. */
export interface LiteralEnvOptions {
  /**
   * Why this literal is not a secret although its name looks like a credential (e.g. `TOKEN_TTL`).
   * Without it, a literal whose name contains PASSWORD, TOKEN, SECRET, API_KEY … fails the synth.
   * @default - the value is checked like any literal
   */
  readonly notSecretBecause?: string;
}

/** Options of {@link EnvValue.fromSecretKey}. */
export interface SecretKeyOptions {
  /**
   * What creates the Secret when no ExternalSecret of the service does (e.g. `'the database operator'`).
   * Without it, a reference to a Secret that no ExternalSecret of the service creates fails the synth.
   * @default - an ExternalSecret of the service must create it
   */
  readonly createdBy?: string;
}

/**
 * The value of a container environment variable.
 *
 * Literal values end up in Git: use them for configuration, never for credentials.
 */
export class EnvValue {
  /** A literal value, written to Git as is. */
  public static fromValue(value: string, options: LiteralEnvOptions = {}): EnvValue {
    return new EnvValue({ value }, value, undefined, options.notSecretBecause);
  }

  /**
   * A secret held outside Git, e.g. `EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('prod/api-service/db', 'password'))`.
   * The service (or overlay) gets an ExternalSecret that copies the value into a Kubernetes Secret, and
   * the env var reads it through `secretKeyRef`. The value must be a single string: give a `property`
   * when the secret's value is a JSON object.
   */
  public static fromSecret(ref: SecretRef): EnvValue {
    if (!(ref instanceof SecretRef)) {
      throw new Error('EnvValue.fromSecret: expected a SecretRef, e.g. SecretRef.fromAwsSecretsManager(\'prod/api-service/db\', \'password\')');
    }
    return new EnvValue({}, undefined, ref);
  }

  /**
   * A key of a Kubernetes Secret: one an ExternalSecret of the service creates
   * (`service.addExternalSecret(id, …).name`), or, with `createdBy`, one something else creates.
   */
  public static fromSecretKey(secretName: string, key: string, options: SecretKeyOptions = {}): EnvValue {
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secretName, key } } }, undefined, undefined, undefined, options.createdBy);
  }

  /** A field of the pod, e.g. `metadata.namespace` or `status.podIP`. */
  public static fromFieldRef(fieldPath: string): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } });
  }

  /**
   * @param source the `value` or `valueFrom` part of the env var
   * @param literal the literal value when there is one, for plaintext checks
   * @param secretRef the external secret read, when the value comes from one
   * @param notSecretBecause why a credential-looking literal is not a secret
   * @param secretCreatedBy what creates the Secret of a `secretKeyRef`, when no ExternalSecret of the service does
   */
  protected constructor(
    private readonly source: Omit<k8s.EnvVar, 'name'>,
    public readonly literal?: string,
    public readonly secretRef?: SecretRef,
    public readonly notSecretBecause?: string,
    public readonly secretCreatedBy?: string,
  ) {}

  /** The Secret and key read, for a value from `fromSecretKey`. */
  public get secretKeyRef(): { readonly name: string; readonly key: string } | undefined {
    const ref = this.source.valueFrom?.secretKeyRef;
    return ref ? { name: ref.name ?? '', key: ref.key } : undefined;
  }

  /**
   * Renders the env var under `name`.
   *
   * @param secretName the Kubernetes Secret holding the values of external secrets (key = env var name);
   *   required when this value comes from a {@link SecretRef}
   */
  public toKube(name: string, secretName?: string): k8s.EnvVar {
    if (this.secretRef) {
      if (!secretName) throw new Error(`env ${name}: a value from ${this.secretRef} needs the name of the Secret that holds it`);
      return { name, valueFrom: { secretKeyRef: { name: secretName, key: name } } };
    }
    return { name, ...this.source };
  }
}

/** An env var value as written in definitions: a plain string is a literal. */
export type EnvInput = EnvValue | string;

/** Normalizes a definition's env map to {@link EnvValue}s, keeping the definition's order. */
export function toEnvValues(env: Readonly<Record<string, EnvInput>> | undefined): Array<[string, EnvValue]> {
  return Object.entries(env ?? {}).map(([name, v]) => [name, typeof v === 'string' ? EnvValue.fromValue(v) : v]);
}

/** The value a definition's env map gives `name` (as {@link toEnvValues} lists it), without converting the others. */
export function envValueOf(env: Readonly<Record<string, EnvInput>> | undefined, name: string): EnvValue | undefined {
  // `Object.entries` lists own enumerable properties only.
  if (env === undefined || env === null || !Object.prototype.propertyIsEnumerable.call(env, name)) return undefined;
  const v = env[name];
  return typeof v === 'string' ? EnvValue.fromValue(v) : v;
}

/** The env vars whose values come from external secrets, as `ExternalSecret` data entries. */
export function secretEnvEntries(env: ReadonlyArray<[string, EnvValue]>): Array<{ secretKey: string; ref: SecretRef }> {
  return env.flatMap(([name, value]) => (value.secretRef ? [{ secretKey: name, ref: value.secretRef }] : []));
}
