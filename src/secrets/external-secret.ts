import { Construct, IConstruct } from 'constructs';
import { SecretRef } from './secret-ref';
import {
  ExternalSecret as ExternalSecretObject,
  ExternalSecretProps as ExternalSecretObjectProps,
  ExternalSecretSpecSecretStoreRefKind,
  ExternalSecretSpecTargetCreationPolicy,
} from '../../imports/external-secrets.io';
import { Manifest } from '../core/manifest';
import { plainManifest } from '../core/plain-manifest';
import { IKustomizationContributor, KustomizationPart, KustomizePatch } from '../kustomize/kustomization';

/**
 * The start of the name of the ClusterSecretStores for AWS Secrets Manager, one per environment:
 * `aws-secrets-manager-<environment>`. A base's ExternalSecret names this placeholder, which no store
 * has: each overlay replaces it with its own environment's store.
 */
export const DEFAULT_SECRET_STORE = 'aws-secrets-manager';

/** The ClusterSecretStore of `environment` whose name starts with `store`: `aws-secrets-manager-<environment>` by default. */
export function environmentSecretStore(environment: string, store: string = DEFAULT_SECRET_STORE): string {
  return `${store}-${environment}`;
}

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
   * Keys copied one by one (`spec.data`); read them with `EnvValue.fromSecretKey(name, secretKey)`.
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
   * The ClusterSecretStore to read from, the same in every environment.
   * @default - the environment's own store, `aws-secrets-manager-<environment>`; in a base, each
   * overlay's kustomization points its copy at its environment's store
   */
  readonly storeName?: string;
  /**
   * Whether the service's container reads every key of the Secret as an env var (`envFrom`).
   * @default - true when the ExternalSecret copies whole secrets (`extract`)
   */
  readonly envFrom?: boolean;
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

/** The objects {@link ExternalSecret.toManifest} made. */
const MADE_BY_CONSTRUCT = new WeakSet<Manifest>();

/**
 * Whether a rendered object is one an {@link ExternalSecret} construct made, as it made it: what it
 * reads and where are then known from the construct, unlike an ExternalSecret added as plain data.
 */
export function isExternalSecretOfConstruct(obj: Manifest): boolean {
  return MADE_BY_CONSTRUCT.has(obj);
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
  /** The ClusterSecretStore named in the object: in a base reading through the environments' stores, a placeholder each overlay replaces. */
  public readonly storeName: string;
  /** Whether each environment reads it through its own store (no `storeName` given). */
  public readonly readsThroughEnvironmentStore: boolean;
  /** File name in the kustomization folder. */
  public readonly fileName: string;
  /** Whether the service's container reads every key of the Secret as an env var (`envFrom`). */
  public readonly envFrom: boolean;
  private readonly labels?: Record<string, string>;

  constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id);
    this.name = props.name;
    this.consumer = props.consumer;
    this.data = props.data ?? [];
    this.extract = props.extract ?? [];
    this.refreshInterval = props.refreshInterval ?? DEFAULT_REFRESH_INTERVAL;
    this.readsThroughEnvironmentStore = props.storeName === undefined;
    const environment = props.consumer.environment;
    this.storeName = props.storeName ?? (environment === undefined ? DEFAULT_SECRET_STORE : environmentSecretStore(environment));
    this.fileName = props.fileName;
    this.envFrom = props.envFrom ?? this.extract.length > 0;
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
    const manifest = plainManifest<ExternalSecretObjectProps>(ExternalSecretObject.GVK, {
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
    MADE_BY_CONSTRUCT.add(manifest);
    return manifest;
  }

  public renderKustomizationPart(): KustomizationPart {
    return { files: [{ name: this.fileName, objects: [this.toManifest()] }] };
  }

  /**
   * The store the copy of this ExternalSecret that an overlay of `environment` deploys reads through:
   * that environment's, for a base's placeholder; the one named in the object otherwise.
   */
  public storeIn(environment: string): string {
    return this.patchedPerEnvironment ? environmentSecretStore(environment) : this.storeName;
  }

  /** Whether it is a base's, naming a placeholder store that each overlay replaces with its environment's. */
  private get patchedPerEnvironment(): boolean {
    return this.readsThroughEnvironmentStore && this.consumer.environment === undefined;
  }

  /**
   * The patch an overlay of `environment` applies to this base ExternalSecret so that its copy reads
   * through that environment's store; none when it names its own store.
   */
  public environmentStorePatch(environment: string): KustomizePatch | undefined {
    if (!this.patchedPerEnvironment) return undefined;
    return {
      // Kustomize anchors the name as a regular expression: only a dot needs escaping in a DNS name.
      target: { group: ExternalSecretObject.GVK.apiVersion.split('/')[0], kind: ExternalSecretObject.GVK.kind, name: this.name.replace(/\./g, '\\.') },
      // A JSON 6902 patch, written as JSON (which is YAML) so the cross-plane check reads it back as data.
      patch: JSON.stringify([{ op: 'replace', path: '/spec/secretStoreRef/name', value: environmentSecretStore(environment) }]),
    };
  }
}

/**
 * The patches an overlay of `environment` applies to the ExternalSecrets of its service's base (the
 * direct children of `service`), so that each environment's copy reads through its own store.
 *
 * @param children the direct children of `service`, when the caller has listed them already
 */
export function environmentStorePatches(
  service: IConstruct, environment: string, children: readonly IConstruct[] = service.node.children,
): KustomizePatch[] {
  const patches: KustomizePatch[] = [];
  for (const child of children) {
    const patch = child instanceof ExternalSecret ? child.environmentStorePatch(environment) : undefined;
    if (patch) patches.push(patch);
  }
  return patches;
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
