import { Construct } from 'constructs';
import { SecretRef } from './secret-ref';
import {
  ExternalSecret as ExternalSecretObject,
  ExternalSecretProps as ExternalSecretObjectProps,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
} from '../../imports/external-secrets.io';
import { Manifest } from '../core/manifest';
import { plainManifest } from '../core/plain-manifest';
import { IKustomizationContributor, KustomizationPart } from '../kustomize/kustomization';

/** The ClusterSecretStore for AWS Secrets Manager that ExternalSecrets read from by default. */
export const DEFAULT_SECRET_STORE = 'aws-secrets-manager';

/** How often ESO reads secrets again, so rotated values reach the cluster (the seed's value). */
export const DEFAULT_REFRESH_INTERVAL = '1h';

/** A Go duration as ESO parses it, e.g. `1h`, `1h30m`, `0s`. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** One key of the target Secret, read from one external secret. */
export interface ExternalSecretEntry {
  /** The key in the Kubernetes Secret, e.g. `DB_PASSWORD`. */
  readonly secretKey: string;
  /** Where the value comes from. */
  readonly ref: SecretRef;
}

/** Who uses an ExternalSecret: named in the AWS secret's description and in error messages. */
export interface SecretConsumer {
  /** The service. */
  readonly service: string;
  /**
   * The environment, when the ExternalSecret belongs to one overlay.
   * @default - every environment of the service (the base)
   */
  readonly environment?: string;
}

/** Options of `Service.addExternalSecret` and `Overlay.addExternalSecret`. */
export interface ExternalSecretOptions {
  /**
   * Name of the ExternalSecret and of the Kubernetes Secret it creates.
   * @default - `<service>-<id>` in a base, `<service>-<environment>-<id>` in an overlay
   */
  readonly name?: string;
  /**
   * Keys copied one by one (`spec.data`).
   * @default - none
   */
  readonly data?: readonly ExternalSecretEntry[];
  /**
   * Secrets whose JSON value is copied whole, one Secret key per JSON key (`spec.dataFrom[].extract`).
   * @default - none
   */
  readonly extract?: readonly SecretRef[];
  /**
   * How often ESO reads the values again (Go duration).
   * @default '1h'
   */
  readonly refreshInterval?: string;
  /**
   * The ClusterSecretStore to read from.
   * @default 'aws-secrets-manager'
   */
  readonly storeName?: string;
}

/** Props of an {@link ExternalSecret}. */
export interface ExternalSecretProps extends ExternalSecretOptions {
  /** Name of the ExternalSecret and of the Secret it creates. */
  readonly name: string;
  /** Who uses it. */
  readonly consumer: SecretConsumer;
  /** File name in the kustomization folder. */
  readonly fileName: string;
  /**
   * Labels of the ExternalSecret and of the Secret it creates.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * An External Secrets Operator `ExternalSecret` (external-secrets.io/v1) in a service's base or overlay
 * folder: ESO reads the referenced secrets from the store and keeps a Kubernetes Secret (owned by the
 * ExternalSecret) up to date. Only references are written to Git, never values.
 *
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export class ExternalSecret extends Construct implements IKustomizationContributor {
  /** Name of the ExternalSecret and of the Kubernetes Secret it creates. */
  public readonly name: string;
  /** Who uses it. */
  public readonly consumer: SecretConsumer;
  /** Keys copied one by one. */
  public readonly data: readonly ExternalSecretEntry[];
  /** Secrets copied whole. */
  public readonly extract: readonly SecretRef[];
  /** How often ESO reads the values again. */
  public readonly refreshInterval: string;
  /** The ClusterSecretStore read from. */
  public readonly storeName: string;
  /** File name in the kustomization folder. */
  public readonly fileName: string;
  private readonly labels?: Record<string, string>;

  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id);
    this.name = props.name;
    this.consumer = props.consumer;
    this.data = props.data ?? [];
    this.extract = props.extract ?? [];
    this.refreshInterval = props.refreshInterval ?? DEFAULT_REFRESH_INTERVAL;
    this.storeName = props.storeName ?? DEFAULT_SECRET_STORE;
    this.fileName = props.fileName;
    this.labels = props.labels;
    if (!GO_DURATION.test(this.refreshInterval)) {
      throw new Error(`ExternalSecret ${this.name}: refreshInterval ${JSON.stringify(this.refreshInterval)} is not a Go duration, e.g. '1h', '15m' or '0s' (read once)`);
    }
    if (this.data.length === 0 && this.extract.length === 0) {
      throw new Error(`ExternalSecret ${this.name}: give at least one entry in data or extract`);
    }
  }

  /** Every external secret this ExternalSecret reads. */
  public get refs(): SecretRef[] {
    return [...this.data.map((d) => d.ref), ...this.extract];
  }

  /** The ExternalSecret object, as the typed bindings' `ExternalSecret.manifest(props)` returns it. */
  public toManifest(): Manifest {
    // Built as plain data: the bindings' field names are the JSON names here, and their converters
    // copy every object once per field, which made them a large part of rendering a big tree.
    return plainManifest<ExternalSecretObjectProps>(ExternalSecretObject.GVK, {
      metadata: { name: this.name, labels: this.labels },
      spec: {
        data: this.data.length > 0 ? this.data.map((d) => ({ remoteRef: remoteRef(d.ref), secretKey: d.secretKey })) : undefined,
        dataFrom: this.extract.length > 0 ? this.extract.map((ref) => ({ extract: remoteRef(ref) })) : undefined,
        refreshInterval: this.refreshInterval,
        secretStoreRef: { kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE, name: this.storeName },
        // The Secret is deleted with its ExternalSecret, so pruning in Argo CD leaves nothing behind.
        target: { creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER, name: this.name },
      },
    });
  }

  public renderKustomizationPart(): KustomizationPart {
    return { files: [{ name: this.fileName, objects: [this.toManifest()] }] };
  }
}

/**
 * The ExternalSecret of a base's or overlay's env vars that come from external secrets (key in the
 * Secret = variable name), created as the `env-secrets` child of `scope`; none when there are none.
 */
export function envExternalSecret(
  scope: Construct, name: string, consumer: SecretConsumer, entries: readonly ExternalSecretEntry[], labels: Record<string, string>,
): ExternalSecret | undefined {
  if (entries.length === 0) return undefined;
  return new ExternalSecret(scope, 'env-secrets', { name, consumer, data: entries, fileName: 'external-secret.yaml', labels });
}

function remoteRef(ref: SecretRef): { key: string; property?: string; version?: string } {
  // Fields not set are left out, so the object is plain data as built.
  const r: { key: string; property?: string; version?: string } = { key: ref.key };
  if (ref.property !== undefined) r.property = ref.property;
  if (ref.version !== undefined) r.version = ref.version;
  return r;
}
