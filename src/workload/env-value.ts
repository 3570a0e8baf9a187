import { k8s } from 'cdk8s-plus-28';

/**
 * The value of a container environment variable.
 *
 * Literal values end up in Git: use them for configuration, never for credentials.
 */
export class EnvValue {
  /** A literal value, written to Git as is. */
  public static fromValue(value: string): EnvValue {
    return new EnvValue({ value }, value);
  }

  /**
   * A key of a Kubernetes Secret that already exists in the namespace (for example one
   * created by External Secrets Operator).
   */
  public static fromSecretKey(secretName: string, key: string): EnvValue {
    return new EnvValue({ valueFrom: { secretKeyRef: { name: secretName, key } } });
  }

  /** A field of the pod, e.g. `metadata.namespace` or `status.podIP`. */
  public static fromFieldRef(fieldPath: string): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } });
  }

  /**
   * @param source the `value` or `valueFrom` part of the env var
   * @param literal the literal value when there is one, for plaintext checks
   */
  protected constructor(private readonly source: Omit<k8s.EnvVar, 'name'>, public readonly literal?: string) {}

  /** Renders the env var under `name`. */
  public toKube(name: string): k8s.EnvVar {
    return { name, ...this.source };
  }
}

/** An env var value as written in definitions: a plain string is a literal. */
export type EnvInput = EnvValue | string;

/** Normalizes a definition's env map to {@link EnvValue}s, keeping the definition's order. */
export function toEnvValues(env: Readonly<Record<string, EnvInput>> | undefined): Array<[string, EnvValue]> {
  return Object.entries(env ?? {}).map(([name, v]) => [name, typeof v === 'string' ? EnvValue.fromValue(v) : v]);
}
