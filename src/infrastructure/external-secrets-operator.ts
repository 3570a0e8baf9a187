import { k8s } from 'cdk8s-plus-28';
import { AddOn } from './add-on';
import { IAddOnHost, IAddOnPreset } from './add-on-host';
import { IRSA_ROLE_ANNOTATION } from './irsa';
import {
  ClusterSecretStore,
  ClusterSecretStoreSpecProviderAwsService,
} from '../../imports/external-secrets.io';
import { Manifest } from '../core/manifest';
import { DEFAULT_SECRET_STORE } from '../secrets/external-secret';


/** The annotation Argo CD reads per-resource sync options from. */
const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

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
   * ARN of the IAM role the controller assumes through IRSA (usually `AwsSide.externalSecretsRoleArn`).
   * @example 'arn:aws:iam::123456789012:role/external-secrets'
   */
  readonly roleArn: string;
  /**
   * Namespace the controller runs in.
   * @default 'external-secrets'
   */
  readonly namespace?: string;
  /**
   * Name of the controller's ServiceAccount.
   * @default 'external-secrets'
   */
  readonly serviceAccountName?: string;
  /**
   * Name of the ClusterSecretStore.
   * @default 'aws-secrets-manager'
   */
  readonly storeName?: string;
  /**
   * Namespaces allowed to read through the store.
   * @default - the namespaces of the repository's environments
   */
  readonly allowedNamespaces?: readonly string[];
  /**
   * Chart version, when another version than the one the bindings were generated for is deployed.
   * @default '2.9.0'
   */
  readonly chartVersion?: string;
}

/**
 * External Secrets Operator as the add-on `external-secrets`: the pinned Helm chart, the
 * controller's ServiceAccount annotated with the IRSA role, and the ClusterSecretStore for AWS
 * Secrets Manager that every ExternalSecret reads from.
 *
 * The ServiceAccount is written to the tree (and the chart told not to create one) so the role ARN is
 * reviewed in Git and checked against the AWS side at synth.
 *
 * @example repo.add(externalSecretsOperator({ region: aws.region, roleArn: aws.externalSecretsRoleArn }))
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/#eks-service-account-credentials
 */
export function externalSecretsOperator(options: ExternalSecretsOperatorOptions): IAddOnPreset<AddOn> {
  return { addTo: (host) => addOperator(host, options) };
}

/** Adds External Secrets Operator to `repo` (see {@link externalSecretsOperator}). */
function addOperator(repo: IAddOnHost, props: ExternalSecretsOperatorOptions): AddOn {
  const namespace = props.namespace ?? 'external-secrets';
  const serviceAccountName = props.serviceAccountName ?? 'external-secrets';
  const allowed = props.allowedNamespaces ?? [...new Set(repo.environments.map((e) => e.namespace))];
  return repo.addAddOn('external-secrets', {
    chart: { ...EXTERNAL_SECRETS_CHART, version: props.chartVersion ?? EXTERNAL_SECRETS_CHART.version },
    namespace,
    values: {
      serviceAccount: { create: false, name: serviceAccountName },
      // ESO's CRDs exceed the 256 KiB last-applied annotation of client-side apply (since v0.19), and
      // deleting them deletes every ExternalSecret and, through Owner, every Secret: apply them server-side
      // and never prune or delete them from Argo CD.
      crds: { annotations: { [ARGOCD_SYNC_OPTIONS]: 'ServerSideApply=true,Prune=false,Delete=false' } },
    },
    objects: [
      { fileName: 'service-account.yaml', objects: [controllerServiceAccount(serviceAccountName, namespace, props.roleArn)] },
      {
        fileName: 'cluster-secret-store.yaml',
        objects: [awsClusterSecretStore({
          name: props.storeName ?? DEFAULT_SECRET_STORE,
          region: props.region,
          serviceAccount: { name: serviceAccountName, namespace },
          allowedNamespaces: allowed,
        })],
      },
    ],
  });
}

/** The controller's ServiceAccount with the IRSA role annotation. */
export function controllerServiceAccount(name: string, namespace: string, roleArn: string): Manifest {
  return k8s.KubeServiceAccount.manifest({
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/name': 'external-secrets', 'app.kubernetes.io/managed-by': 'gitops-synth' },
      annotations: { [IRSA_ROLE_ANNOTATION]: roleArn },
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
  /** Namespaces allowed to use the store. */
  readonly allowedNamespaces: readonly string[];
}

/** A ClusterSecretStore (external-secrets.io/v1) for AWS Secrets Manager, authenticated with IRSA. */
export function awsClusterSecretStore(options: AwsClusterSecretStoreOptions): Manifest {
  return ClusterSecretStore.manifest({
    metadata: {
      name: options.name,
      labels: { 'app.kubernetes.io/managed-by': 'gitops-synth' },
      // The CRD arrives with the chart in the same sync: without this, Argo CD's dry run fails on the unknown kind.
      annotations: { [ARGOCD_SYNC_OPTIONS]: 'SkipDryRunOnMissingResource=true' },
    },
    spec: {
      provider: {
        aws: {
          service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER,
          region: options.region,
          auth: { jwt: { serviceAccountRef: { name: options.serviceAccount.name, namespace: options.serviceAccount.namespace } } },
        },
      },
      // Only the environments' namespaces may read through the store, not every namespace of the cluster.
      conditions: options.allowedNamespaces.length > 0 ? [{ namespaces: [...options.allowedNamespaces] }] : undefined,
    },
  }) as Manifest;
}
