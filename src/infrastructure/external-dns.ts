import { AddOn, HelmChart } from './add-on';
import { AddOnPreset } from './add-on-preset';
import { IRSA_ROLE_ANNOTATION } from './irsa';
import { GroupKind } from '../argocd/app-project';
import { Problem } from '../core/problem';

/** The external-dns chart version gitops-synth writes by default. */
export const EXTERNAL_DNS_CHART: HelmChart = { repoURL: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', version: '1.21.1' };

/** The external-dns annotation on an Ingress or Service that names the DNS records to create. */
export const EXTERNAL_DNS_HOSTNAME_ANNOTATION = 'external-dns.alpha.kubernetes.io/hostname';


/**
 * What external-dns may do to DNS records it owns.
 * @see https://kubernetes-sigs.github.io/external-dns/latest/docs/faq/
 */
export class ExternalDnsPolicy {
  /** Create and update records, never delete them (the safe default). */
  public static upsertOnly(): ExternalDnsPolicy {
    return new ExternalDnsPolicy('upsert-only');
  }

  /** Create, update and delete records so DNS mirrors the cluster. */
  public static sync(): ExternalDnsPolicy {
    return new ExternalDnsPolicy('sync');
  }

  /** Only create records that do not exist. */
  public static createOnly(): ExternalDnsPolicy {
    return new ExternalDnsPolicy('create-only');
  }

  private constructor(
    /** The chart's `policy` value. */
    public readonly value: string,
  ) {}
}

/** The typed part of the external-dns chart values gitops-synth sets. */
export interface ExternalDnsValues {
  readonly provider: { readonly name: 'aws' };
  readonly domainFilters: readonly string[];
  readonly txtOwnerId: string;
  readonly policy: string;
  readonly registry: 'txt';
  readonly sources: readonly string[];
  readonly serviceAccount: { readonly create: true; readonly name: string; readonly annotations: Record<string, string> };
  readonly env: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** Further chart values, merged at the top level. */
  readonly [key: string]: unknown;
}

/** Options of {@link externalDns}. */
export interface ExternalDnsOptions {
  /**
   * DNS zones external-dns may write to, e.g. `['example.com']`: each the name of a public Route 53
   * hosted zone, the only zones the AWS side's role may change.
   */
  readonly domainFilters: readonly string[];
  /**
   * IAM role (Route 53 access) the controller assumes through IRSA: `aws.externalDnsRoleArn`, the role
   * the AWS side creates for the zones of `domainFilters`.
   * @example aws.externalDnsRoleArn
   */
  readonly roleArn: string;
  /** Marks the records this cluster owns (TXT registry), so two clusters sharing a zone never fight; e.g. the cluster name. */
  readonly txtOwnerId: string;
  /** AWS region of the Route 53 API calls. */
  readonly region: string;
  /**
   * What external-dns may do to records.
   * @default ExternalDnsPolicy.upsertOnly()
   */
  readonly policy?: ExternalDnsPolicy;
  /**
   * Kubernetes objects whose hostnames become records.
   * @default ['ingress', 'service']
   */
  readonly sources?: readonly string[];
  /**
   * The chart.
   * @default EXTERNAL_DNS_CHART
   */
  readonly chart?: HelmChart;
  /**
   * Namespace (the IAM role's trust policy names `system:serviceaccount:<namespace>:external-dns`).
   * @default 'external-dns'
   */
  readonly namespace?: string;
  /**
   * Further chart values, merged at the top level over the typed ones.
   * @default - none
   */
  readonly extraValues?: Record<string, unknown>;
}

/** Cluster-scoped kinds of the external-dns chart: it reads ingresses and services cluster-wide. */
export const EXTERNAL_DNS_CLUSTER_RESOURCES: readonly GroupKind[] = [
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
];

/** Name of the ServiceAccount the external-dns chart creates, the identity its IAM role trusts. */
export const EXTERNAL_DNS_SERVICE_ACCOUNT = 'external-dns';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/;
const DOMAIN = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/;

/**
 * The external-dns add-on `external-dns` for Route 53: provider aws, domain filters, TXT registry owner, policy, and
 * its ServiceAccount annotated with the IAM role (IRSA) — no AWS keys anywhere.
 *
 * @see https://kubernetes-sigs.github.io/external-dns/latest/docs/tutorials/aws/
 */
export function externalDns(options: ExternalDnsOptions): AddOnPreset {
  const problems: Problem[] = [];
  const problem = (field: string, value: unknown, message: string, hint: string) =>
    problems.push({ subject: 'add-on external-dns', field, value: JSON.stringify(value), message, hint });
  if (!ROLE_ARN.test(options.roleArn)) {
    problem('roleArn', options.roleArn, 'is not an IAM role ARN', 'use arn:aws:iam::<12-digit account>:role/<name>');
  }
  if (options.domainFilters.length === 0) {
    problem('domainFilters', options.domainFilters, 'is empty: external-dns would manage every zone the role can reach', 'list the zones it may write, e.g. ["example.com"]');
  }
  for (const domain of options.domainFilters) {
    if (!DOMAIN.test(domain)) problem('domainFilters', domain, 'is not a DNS zone name', 'use a lowercase zone name such as "example.com"');
  }
  if (options.txtOwnerId.trim() === '') {
    problem('txtOwnerId', options.txtOwnerId, 'is empty', 'use a name unique to this cluster, e.g. the cluster name');
  }
  const values: ExternalDnsValues = {
    provider: { name: 'aws' },
    domainFilters: [...options.domainFilters],
    txtOwnerId: options.txtOwnerId,
    policy: (options.policy ?? ExternalDnsPolicy.upsertOnly()).value,
    registry: 'txt',
    sources: [...(options.sources ?? ['ingress', 'service'])],
    serviceAccount: { create: true, name: EXTERNAL_DNS_SERVICE_ACCOUNT, annotations: { [IRSA_ROLE_ANNOTATION]: options.roleArn } },
    env: [{ name: 'AWS_DEFAULT_REGION', value: options.region }],
    ...options.extraValues,
  };
  return new AddOnPreset('external-dns', {
    chart: options.chart ?? EXTERNAL_DNS_CHART,
    namespace: options.namespace ?? 'external-dns',
    values: values as Record<string, unknown>,
    clusterResources: EXTERNAL_DNS_CLUSTER_RESOURCES,
    inputProblems: problems,
  });
}

/** An external-dns add-on for Route 53 as the AWS side sees it: who it runs as and which zones it writes. */
export interface ExternalDnsSettings {
  /** The add-on's name. */
  readonly addOn: string;
  /** Its namespace. */
  readonly namespace: string;
  /** Its ServiceAccount, created by the chart. */
  readonly serviceAccountName: string;
  /** The IAM role the ServiceAccount is annotated with, if any. */
  readonly roleArn?: string;
  /** The hosted zones it writes to (its domain filters), sorted. */
  readonly hostedZones: readonly string[];
}

/**
 * The settings of an add-on installing the external-dns chart for Route 53 (as {@link externalDns}
 * adds it, under any name), read from its chart values; `undefined` for any other add-on.
 */
export function externalDnsSettingsOf(addOn: AddOn): ExternalDnsSettings | undefined {
  const { chart, values } = addOn.props;
  if (chart?.chart !== EXTERNAL_DNS_CHART.chart) return undefined;
  const v = (values ?? {}) as Partial<Record<'provider' | 'serviceAccount' | 'domainFilters', unknown>>;
  if ((v.provider as { name?: unknown } | undefined)?.name !== 'aws') return undefined;
  const sa = (v.serviceAccount ?? {}) as { name?: unknown; annotations?: Record<string, unknown> };
  const roleArn = sa.annotations?.[IRSA_ROLE_ANNOTATION];
  const zones = Array.isArray(v.domainFilters) ? v.domainFilters.filter((z): z is string => typeof z === 'string') : [];
  return {
    addOn: addOn.name,
    namespace: addOn.namespace,
    serviceAccountName: typeof sa.name === 'string' ? sa.name : EXTERNAL_DNS_SERVICE_ACCOUNT,
    roleArn: typeof roleArn === 'string' ? roleArn : undefined,
    hostedZones: [...new Set(zones)].sort(),
  };
}
