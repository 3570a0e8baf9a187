import { CONTROLLER_CLUSTER_RESOURCES, HelmChart } from './add-on';
import { AddOnPreset } from './add-on-preset';
import { ClusterIssuer } from '../../imports/cert-manager.io';
import { GroupKind } from '../argocd/app-project';
import { Manifest } from '../core/manifest';
import { Problem } from '../core/problem';

/** The cert-manager chart this version of gitops-synth is tested with (its CRDs are the ones the tests validate against). */
export const CERT_MANAGER_CHART: HelmChart = { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' };

/** The cert-manager annotation on an Ingress that names the ClusterIssuer signing its TLS certificate. */
export const CLUSTER_ISSUER_ANNOTATION = 'cert-manager.io/cluster-issuer';

/**
 * The typed part of the cert-manager chart values gitops-synth sets.
 * @see https://cert-manager.io/docs/installation/helm/
 */
export interface CertManagerValues {
  /** CRDs installed by the chart (`crds.enabled`) and kept on uninstall (`crds.keep`). */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  /** Leader election in the add-on's own namespace rather than kube-system, so the project needs no kube-system destination. */
  readonly global: { readonly leaderElection: { readonly namespace: string } };
  /** Controller replicas. */
  readonly replicaCount: number;
  /** Further chart values, merged at the top level. */
  readonly [key: string]: unknown;
}

/** An ACME directory cert-manager requests certificates from. */
export class AcmeServer {
  /** Let's Encrypt production: trusted certificates, strict rate limits. */
  public static letsEncryptProduction(): AcmeServer {
    return new AcmeServer('letsencrypt-production', 'https://acme-v02.api.letsencrypt.org/directory');
  }

  /** Let's Encrypt staging: untrusted certificates, generous rate limits — for trying things out. */
  public static letsEncryptStaging(): AcmeServer {
    return new AcmeServer('letsencrypt-staging', 'https://acme-staging-v02.api.letsencrypt.org/directory');
  }

  private constructor(
    /** The ClusterIssuer name used for this server by default. */
    public readonly issuerName: string,
    /** The ACME directory URL. */
    public readonly url: string,
  ) {}
}

/** Options of {@link letsEncryptClusterIssuer}. */
export interface LetsEncryptIssuerOptions {
  /** Contact address for expiry notices and account recovery. */
  readonly email: string;
  /** The ingress class that serves the HTTP-01 challenge. */
  readonly ingressClassName: string;
  /**
   * ACME server.
   * @default AcmeServer.letsEncryptProduction()
   */
  readonly server?: AcmeServer;
  /**
   * ClusterIssuer name.
   * @default - the server's issuer name, e.g. `letsencrypt-production`
   */
  readonly name?: string;
}

/** A cert-manager ClusterIssuer (cert-manager.io/v1) for Let's Encrypt with an HTTP-01 solver through the ingress class. */
export function letsEncryptClusterIssuer(options: LetsEncryptIssuerOptions): Manifest {
  const server = options.server ?? AcmeServer.letsEncryptProduction();
  const name = options.name ?? server.issuerName;
  return ClusterIssuer.manifest({
    metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'gitops-synth' } },
    spec: {
      acme: {
        server: server.url,
        email: options.email,
        // The ACME account key lives in this Secret (created by cert-manager, never in Git).
        privateKeySecretRef: { name: `${name}-account-key` },
        solvers: [{ http01: { ingress: { ingressClassName: options.ingressClassName } } }],
      },
    },
  });
}

/** Options of {@link certManager}. */
export interface CertManagerOptions {
  /**
   * Let's Encrypt ClusterIssuers (`letsencrypt-staging` and `letsencrypt-production`) written to
   * `infrastructure/cert-manager/cluster-issuers.yaml`.
   * @default - no issuer
   */
  readonly letsEncrypt?: { readonly email: string; readonly ingressClassName: string };
  /**
   * Controller replicas.
   * @default 2
   */
  readonly replicaCount?: number;
  /**
   * The chart.
   * @default CERT_MANAGER_CHART
   */
  readonly chart?: HelmChart;
  /**
   * Namespace.
   * @default 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * Further chart values, merged at the top level over the typed ones.
   * @default - none
   */
  readonly extraValues?: Record<string, unknown>;
}

/** Cluster-scoped kinds of the cert-manager chart and its issuers. */
export const CERT_MANAGER_CLUSTER_RESOURCES: readonly GroupKind[] = [
  ...CONTROLLER_CLUSTER_RESOURCES,
  { group: 'cert-manager.io', kind: 'ClusterIssuer' },
];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The cert-manager add-on `cert-manager`: chart with its CRDs, and Let's Encrypt ClusterIssuers when asked for.
 *
 * @example repo.add(certManager({ letsEncrypt: { email: 'platform@example.com', ingressClassName: 'nginx' } }))
 * @see https://cert-manager.io/docs/configuration/acme/
 */
export function certManager(options: CertManagerOptions = {}): AddOnPreset {
  const namespace = options.namespace ?? 'cert-manager';
  const values: CertManagerValues = {
    crds: { enabled: true, keep: true },
    global: { leaderElection: { namespace } },
    replicaCount: options.replicaCount ?? 2,
    ...options.extraValues,
  };
  const problems: Problem[] = [];
  const le = options.letsEncrypt;
  if (le && !EMAIL.test(le.email)) {
    problems.push({ subject: 'add-on cert-manager', field: 'letsEncrypt.email', value: JSON.stringify(le.email), message: 'is not an email address', hint: 'give the address Let\'s Encrypt sends expiry notices to, e.g. "platform@example.com"' });
  }
  const issuers = le
    ? [AcmeServer.letsEncryptStaging(), AcmeServer.letsEncryptProduction()].map((server) => letsEncryptClusterIssuer({ ...le, server }))
    : [];
  return new AddOnPreset('cert-manager', {
    chart: options.chart ?? CERT_MANAGER_CHART,
    namespace,
    values: values as Record<string, unknown>,
    objects: issuers.length > 0 ? [{ fileName: 'cluster-issuers.yaml', objects: issuers }] : [],
    clusterResources: CERT_MANAGER_CLUSTER_RESOURCES,
    inputProblems: problems,
  });
}
