import { k8s } from 'cdk8s-plus-28';
import { AddOn, SYNC_OPTIONS_ANNOTATION } from './add-on';
import { IAddOnHost, IAddOnPreset } from './add-on-host';
import { IRSA_ROLE_ANNOTATION } from './irsa';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderAwsService,
} from '../../imports/external-secrets.io';
import { Manifest } from '../core/manifest';
import { environmentSecretStore } from '../secrets/external-secret';

/** The External Secrets Operator chart, pinned to the version whose CRDs the typed bindings come from. */
export const EXTERNAL_SECRETS_CHART = {
  repoURL: 'https://charts.external-secrets.io',
  chart: 'external-secrets',
  version: '2.9.0',
} as const;

/** Options of {@link externalSecretsOperator}. */
export interface ExternalSecretsOperatorOptions {
  /** AWS region of the Secrets Manager secrets, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The IAM role each environment's store authenticates with through IRSA, by environment name:
   * `aws.externalSecretsRoleArn` gives each environment the AWS side's role of its own, which reads
   * that environment's secrets only. One ARN for every environment is accepted for a role managed
   * elsewhere, but then every environment's store can read what that role can.
   * @example aws.externalSecretsRoleArn
   */
  readonly roleArn: string | ((environment: string) => string);
  /**
   * Namespace the controller runs in; the environments' ServiceAccounts are created there too.
   * @default 'external-secrets'
   */
  readonly namespace?: string;
  /**
   * Name of the controller's ServiceAccount, and the start of each environment's ServiceAccount
   * (`<serviceAccountName>-<environment>`), whose IRSA role that environment's store uses.
   * @default 'external-secrets'
   */
  readonly serviceAccountName?: string;
  /**
   * Start of the name of each environment's ClusterSecretStore (`<storeName>-<environment>`). The
   * model's ExternalSecrets read from `aws-secrets-manager-<environment>`: change it only for stores
   * they name with `storeName`.
   * @default 'aws-secrets-manager'
   */
  readonly storeName?: string;
  /**
   * Chart version, when another version than the one the bindings were generated for is deployed.
   * @default '2.9.0'
   */
  readonly chartVersion?: string;
}

/** What External Secrets Operator creates for one environment: its store and the identity the store authenticates with. */
export interface EnvironmentSecretStore {
  /** The environment. */
  readonly environment: string;
  /** The ClusterSecretStore, `aws-secrets-manager-<environment>`. */
  readonly storeName: string;
  /** The namespace of the environment, the only one allowed to read through the store. */
  readonly allowedNamespace: string;
  /** The ServiceAccount (in the controller's namespace) whose IRSA role reads the environment's secrets. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
  /** The IAM role that ServiceAccount is annotated with. */
  readonly roleArn: string;
}

/**
 * External Secrets Operator as the add-on `external-secrets`: the pinned Helm chart, the controller's
 * ServiceAccount, and per environment a ClusterSecretStore for AWS Secrets Manager that only that
 * environment's namespace may use, authenticated with a ServiceAccount of its own annotated with that
 * environment's IAM role (IRSA). So staging's ExternalSecrets read through staging's role, which cannot
 * read production's secrets. Add it after the environments.
 *
 * The ServiceAccounts live in the controller's namespace, not in the environments' namespaces: a
 * workload of an environment cannot mount them, only the controller requests their tokens. They are
 * written to the tree (the chart is told not to create the controller's) so the role ARNs are reviewed
 * in Git and checked against the AWS side at synth.
 *
 * @example repo.add(externalSecretsOperator({ region: aws.region, roleArn: aws.externalSecretsRoleArn }))
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/#eks-service-account-credentials
 */
export function externalSecretsOperator(options: ExternalSecretsOperatorOptions): IAddOnPreset<AddOn> {
  return { addTo: (host) => addOperator(host, options) };
}

/** The store and identity of each environment of `repo` (see {@link externalSecretsOperator}). */
export function environmentSecretStores(repo: Pick<IAddOnHost, 'environments'>, options: ExternalSecretsOperatorOptions): EnvironmentSecretStore[] {
  const namespace = options.namespace ?? 'external-secrets';
  const serviceAccountName = options.serviceAccountName ?? 'external-secrets';
  const roleArn = options.roleArn;
  return repo.environments.map((env) => ({
    environment: env.name,
    storeName: environmentSecretStore(env.name, options.storeName),
    allowedNamespace: env.namespace,
    serviceAccount: { name: `${serviceAccountName}-${env.name}`, namespace },
    roleArn: typeof roleArn === 'function' ? roleArn(env.name) : roleArn,
  }));
}

/** Adds External Secrets Operator to `repo` (see {@link externalSecretsOperator}). */
function addOperator(repo: IAddOnHost, props: ExternalSecretsOperatorOptions): AddOn {
  const namespace = props.namespace ?? 'external-secrets';
  const serviceAccountName = props.serviceAccountName ?? 'external-secrets';
  const stores = environmentSecretStores(repo, props);
  return repo.addAddOn('external-secrets', {
    chart: { ...EXTERNAL_SECRETS_CHART, version: props.chartVersion ?? EXTERNAL_SECRETS_CHART.version },
    namespace,
    values: {
      serviceAccount: { create: false, name: serviceAccountName },
      // ESO's CRDs exceed the 256 KiB last-applied annotation of client-side apply (since v0.19), and
      // deleting them deletes every ExternalSecret and, through Owner, every Secret: apply them server-side
      // and never prune or delete them from Argo CD.
      crds: { annotations: { [SYNC_OPTIONS_ANNOTATION]: 'ServerSideApply=true,Prune=false,Delete=false' } },
    },
    objects: [
      {
        fileName: 'service-account.yaml',
        objects: [
          // The controller itself reads nothing from AWS: each store authenticates as its environment's ServiceAccount.
          controllerServiceAccount(serviceAccountName, namespace),
          ...stores.map((s) => controllerServiceAccount(s.serviceAccount.name, namespace, s.roleArn)),
        ],
      },
      {
        fileName: 'cluster-secret-store.yaml',
        objects: stores.map((s) => awsClusterSecretStore({
          name: s.storeName,
          region: props.region,
          serviceAccount: s.serviceAccount,
          allowedNamespaces: [s.allowedNamespace],
        })),
      },
    ],
  });
}

/**
 * A ServiceAccount of External Secrets Operator's namespace, annotated with an IRSA role when given.
 *
 * @param roleArn the IAM role its tokens may assume
 * @default roleArn - none: the ServiceAccount has no AWS identity
 */
export function controllerServiceAccount(name: string, namespace: string, roleArn?: string): Manifest {
  return k8s.KubeServiceAccount.manifest({
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/name': 'external-secrets', 'app.kubernetes.io/managed-by': 'gitops-synth' },
      annotations: roleArn === undefined ? undefined : { [IRSA_ROLE_ANNOTATION]: roleArn },
    },
  });
}

/** Options of {@link awsClusterSecretStore}. */
export interface AwsClusterSecretStoreOptions {
  /** Store name. */
  readonly name: string;
  /** AWS region. */
  readonly region: string;
  /** The ServiceAccount whose IRSA role reads the secrets. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
  /** Namespaces allowed to use the store; every namespace when empty. */
  readonly allowedNamespaces: readonly string[];
}

/** A ClusterSecretStore (external-secrets.io/v1) for AWS Secrets Manager, authenticated with IRSA. */
export function awsClusterSecretStore(options: AwsClusterSecretStoreOptions): Manifest {
  return ClusterSecretStore.manifest({
    metadata: {
      name: options.name,
      labels: { 'app.kubernetes.io/managed-by': 'gitops-synth' },
      // The CRD arrives with the chart in the same sync: without this, Argo CD's dry run fails on the unknown kind.
      annotations: { [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true' },
    },
    spec: {
      provider: {
        aws: {
          service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER,
          region: options.region,
          auth: { jwt: { serviceAccountRef: { name: options.serviceAccount.name, namespace: options.serviceAccount.namespace } } },
        },
      },
      // Only the given namespaces may read through the store, not every namespace of the cluster.
      conditions: options.allowedNamespaces.length > 0 ? [{ namespaces: [...options.allowedNamespaces] }] : undefined,
    },
  }) as Manifest;
}
