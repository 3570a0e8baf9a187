import { Construct, IConstruct } from 'constructs';
import { IAddOnHost, IAddOnPreset } from '../infrastructure/add-on-host';

/** Where the Terraform state is kept. */
export interface S3StateBackend {
  /** S3 bucket of the state. */
  readonly bucket: string;
  /** Object key of the state, e.g. `gitops-synth/terraform.tfstate`. */
  readonly key: string;
  /**
   * Region of the bucket.
   * @default - the AWS side's region
   */
  readonly region?: string;
  /**
   * DynamoDB table for state locking.
   * @default - no locking table
   */
  readonly dynamodbTable?: string;
}

/**
 * How External Secrets Operator runs in the cluster: the identities its IAM roles trust, one role per
 * environment.
 */
export interface ExternalSecretsIdentity {
  /**
   * Namespace of the controller, where each environment's ServiceAccount lives.
   * @default 'external-secrets'
   */
  readonly namespace?: string;
  /**
   * Name of the controller's ServiceAccount; each environment's store authenticates as
   * `<serviceAccountName>-<environment>`, the only identity that environment's role trusts.
   * @default 'external-secrets'
   */
  readonly serviceAccountName?: string;
  /**
   * Start of the name of each environment's IAM role: `<roleName>-<environment>`.
   * @default 'external-secrets'
   */
  readonly roleName?: string;
}

/** The IAM role of external-dns the stack creates when the repository has the external-dns add-on. */
export interface ExternalDnsIdentity {
  /**
   * Name of the IAM role.
   * @default 'external-dns'
   */
  readonly roleName?: string;
}

/** Props of an {@link AwsSide}. */
export interface AwsSideProps {
  /** The AWS account (12 digits); the provider refuses to touch any other account. */
  readonly accountId: string;
  /** The AWS region of the cluster, the ECR repositories and the secrets, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The cluster's OIDC issuer without `https://`, e.g. `oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`
   * (`aws eks describe-cluster --query cluster.identity.oidc.issuer`). Its IAM OIDC provider must exist.
   */
  readonly clusterOidcIssuer: string;
  /**
   * Name of the Terraform stack (the folder under `cdktf.out/stacks/`).
   * @default 'gitops-synth'
   */
  readonly stackName?: string;
  /**
   * Folder the Terraform JSON is written to (relative paths against the working directory, like the
   * repository's `outdir`). Decided here, not by where the tree is written: `synth --out` moves only
   * the tree; the command's `--terraform-out` overrides this folder.
   * @default - `cdktf.out` next to the repository's `outdir` as defined (`GitOpsRepoProps.outdir`)
   */
  readonly outdir?: string;
  /**
   * The External Secrets Operator identity.
   * @default - namespace, ServiceAccount and role all named `external-secrets`
   */
  readonly externalSecrets?: ExternalSecretsIdentity;
  /**
   * Start of the name of the secrets every environment may read (those a service's base reads, the
   * same key in every environment). Granted to every environment's role, next to its own prefix
   * (`EnvironmentOptions.secretPrefix`); no environment's prefix may start with it, nor it with one.
   * @default 'shared/'
   */
  readonly sharedSecretPrefix?: string;
  /**
   * The external-dns identity.
   * @default - a role named `external-dns`
   */
  readonly externalDns?: ExternalDnsIdentity;
  /**
   * How many IAM roles the stack may create: the account's role quota (1,000 by default, up to 5,000
   * on request) less the roles it holds besides this stack's.
   * @default 1000
   */
  readonly iamRoleBudget?: number;
  /**
   * Tags on every resource of the stack, next to `managed-by: gitops-synth` (the provider's default tags).
   * @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * A customer managed KMS key for the secrets; the roles may then `kms:Decrypt` with it.
   * @default - the AWS managed key `aws/secretsmanager` (no kms permission needed)
   */
  readonly kmsKeyArn?: string;
  /**
   * Days after which untagged images are deleted from the ECR repositories.
   * @default 7
   */
  readonly untaggedImageExpiryDays?: number;
  /**
   * Remote state.
   * @default - local state next to the Terraform JSON (fine to try, not for a team)
   */
  readonly s3Backend?: S3StateBackend;
  /**
   * ARN of the account's IAM OIDC provider for GitHub Actions (`token.actions.githubusercontent.com`,
   * audience `sts.amazonaws.com`), which the services' image push roles trust. It must exist.
   * @default - `arn:aws:iam::<accountId>:oidc-provider/token.actions.githubusercontent.com`
   */
  readonly githubOidcProviderArn?: string;
}

/** The issuer of GitHub Actions' OIDC tokens. */
export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;

/**
 * The AWS side of a GitOps repository: the account, region and cluster identity from which the
 * Terraform stack (ECR repositories, Secrets Manager secrets, an External Secrets Operator IRSA role
 * per environment, the external-dns role) is built.
 * Holds settings only; the stack itself is built by `buildAwsStack`, so the model never loads CDKTF.
 *
 * Added with `repo.add(awsSide({…}))`.
 *
 * @example const aws = repo.add(awsSide({ accountId: '123456789012', region: 'eu-west-1', clusterOidcIssuer: 'oidc.eks.eu-west-1.amazonaws.com/id/ABC' }))
 */
export class AwsSide extends Construct {
  /** The AWS side of a repository, if it has one. */
  public static of(repo: IConstruct): AwsSide | undefined {
    return repo.node.children.find((c): c is AwsSide => c instanceof AwsSide);
  }

  /** The AWS account. */
  public readonly accountId: string;
  /** The AWS region. */
  public readonly region: string;
  /** The cluster's OIDC issuer (host and path, no scheme). */
  public readonly clusterOidcIssuer: string;
  /** The Terraform stack's name. */
  public readonly stackName: string;
  /** Folder of the Terraform JSON, if set. */
  public readonly outdir?: string;
  /** Namespace of External Secrets Operator. */
  public readonly externalSecretsNamespace: string;
  /** ServiceAccount of External Secrets Operator's controller; each environment's is `<it>-<environment>`. */
  public readonly externalSecretsServiceAccount: string;
  /** Start of the name of each environment's External Secrets Operator role. */
  public readonly externalSecretsRolePrefix: string;
  /** Start of the name of the secrets every environment may read. */
  public readonly sharedSecretPrefix: string;
  /** Name of the IAM role external-dns assumes. */
  public readonly externalDnsRoleName: string;
  /** Tags on every resource of the stack. */
  public readonly tags: Readonly<Record<string, string>>;
  /** How many IAM roles the stack may create. */
  public readonly iamRoleBudget: number;
  /**
   * ARN of the IAM role the store of `environment` authenticates with:
   * `externalSecretsOperator({ roleArn: aws.externalSecretsRoleArn })` annotates each environment's
   * ServiceAccount with its own. A function property, so it can be passed on as it is.
   */
  public readonly externalSecretsRoleArn: (environment: string) => string;
  /** The customer managed KMS key of the secrets, if any. */
  public readonly kmsKeyArn?: string;
  /** Days after which untagged images expire. */
  public readonly untaggedImageExpiryDays: number;
  /** Remote state, if configured. */
  public readonly s3Backend?: S3StateBackend;
  /** ARN of the account's IAM OIDC provider for GitHub Actions. */
  public readonly githubOidcProviderArn: string;
  /** {@link ecrRegistry}, built when first asked. */
  private registry?: string;

  constructor(scope: Construct, id: string, props: AwsSideProps) {
    super(scope, id);
    if (!ACCOUNT_ID.test(props.accountId)) {
      throw new Error(`AwsSide: accountId ${JSON.stringify(props.accountId)} must be a 12-digit AWS account id, e.g. '123456789012'`);
    }
    if (!REGION.test(props.region)) {
      throw new Error(`AwsSide: region ${JSON.stringify(props.region)} is not an AWS region name, e.g. 'eu-west-1'`);
    }
    if (!/^[a-z0-9.-]+\/[A-Za-z0-9/._-]+$/.test(props.clusterOidcIssuer)) {
      throw new Error(`AwsSide: clusterOidcIssuer ${JSON.stringify(props.clusterOidcIssuer)} must be the issuer without "https://", e.g. 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE'`);
    }
    const days = props.untaggedImageExpiryDays ?? 7;
    if (!Number.isInteger(days) || days < 1) {
      throw new Error(`AwsSide: untaggedImageExpiryDays ${JSON.stringify(days)} must be a whole number of days ≥ 1`);
    }
    this.accountId = props.accountId;
    this.region = props.region;
    this.clusterOidcIssuer = props.clusterOidcIssuer;
    this.stackName = props.stackName ?? 'gitops-synth';
    this.outdir = props.outdir;
    this.externalSecretsNamespace = props.externalSecrets?.namespace ?? 'external-secrets';
    this.externalSecretsServiceAccount = props.externalSecrets?.serviceAccountName ?? 'external-secrets';
    this.externalSecretsRolePrefix = props.externalSecrets?.roleName ?? 'external-secrets';
    this.externalSecretsRoleArn = (environment) => iamRoleArn(this.accountId, this.externalSecretsRoleName(environment));
    this.sharedSecretPrefix = props.sharedSecretPrefix ?? 'shared/';
    if (this.sharedSecretPrefix === '') {
      throw new Error('AwsSide: sharedSecretPrefix "" would let every environment read every secret: use a prefix such as \'shared/\'');
    }
    this.externalDnsRoleName = props.externalDns?.roleName ?? 'external-dns';
    this.tags = { ...props.tags };
    this.iamRoleBudget = props.iamRoleBudget ?? 1000;
    if (!Number.isInteger(this.iamRoleBudget) || this.iamRoleBudget < 1) {
      throw new Error(`AwsSide: iamRoleBudget ${JSON.stringify(props.iamRoleBudget)} must be a whole number of roles ≥ 1`);
    }
    this.kmsKeyArn = props.kmsKeyArn;
    this.untaggedImageExpiryDays = days;
    this.s3Backend = props.s3Backend;
    this.githubOidcProviderArn = props.githubOidcProviderArn ?? `arn:aws:iam::${props.accountId}:oidc-provider/${GITHUB_OIDC_ISSUER}`;
    if (!/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(this.githubOidcProviderArn)) {
      throw new Error(`AwsSide: githubOidcProviderArn ${JSON.stringify(this.githubOidcProviderArn)} must be the ARN of an IAM OIDC provider for ${GITHUB_OIDC_ISSUER}, e.g. 'arn:aws:iam::123456789012:oidc-provider/${GITHUB_OIDC_ISSUER}'`);
    }
  }

  /** Name of the IAM role the build workflow of `service` assumes to push its image: `<service>-image-push`. */
  public imagePushRoleName(service: string): string {
    return imagePushRoleName(service);
  }

  /** ARN of the IAM role the build workflow of `service` assumes to push its image. */
  public imagePushRoleArn(service: string): string {
    return iamRoleArn(this.accountId, this.imagePushRoleName(service));
  }

  /** Name of the IAM role the store of `environment` authenticates with: `<roleName>-<environment>`. */
  public externalSecretsRoleName(environment: string): string {
    return `${this.externalSecretsRolePrefix}-${environment}`;
  }

  /** Name of the ServiceAccount the store of `environment` authenticates as: `<serviceAccountName>-<environment>`. */
  public externalSecretsServiceAccountOf(environment: string): string {
    return `${this.externalSecretsServiceAccount}-${environment}`;
  }

  /** ARN of the IAM role external-dns assumes: `externalDns({ roleArn: aws.externalDnsRoleArn, … })`. */
  public get externalDnsRoleArn(): string {
    return iamRoleArn(this.accountId, this.externalDnsRoleName);
  }

  /** The ECR registry host of the account and region, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  public get ecrRegistry(): string {
    // Asked once per service by the stack's plan and the checks: one string, not one per question.
    return this.registry ??= ecrRegistry(this.accountId, this.region);
  }

  /** ARN of the cluster's IAM OIDC provider. */
  public get oidcProviderArn(): string {
    return `arn:aws:iam::${this.accountId}:oidc-provider/${this.clusterOidcIssuer}`;
  }
}

/** The construct id of a repository's AWS side. */
const AWS_SIDE_ID = 'aws';

/**
 * The AWS side of a repository as a preset: `const aws = repo.add(awsSide({ accountId, region, clusterOidcIssuer }))`.
 * A repository has at most one AWS side.
 */
export function awsSide(props: AwsSideProps): IAddOnPreset<AwsSide> {
  return {
    addTo: (host: IAddOnHost) => {
      if (!(host instanceof Construct)) throw new Error('awsSide: the repository must be a construct (a GitOpsRepo)');
      return new AwsSide(host, AWS_SIDE_ID, props);
    },
  };
}

/** `arn:aws:iam::<account>:role/<name>` */
export function iamRoleArn(accountId: string, roleName: string): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com` */
export function ecrRegistry(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com`;
}

/** Splits an image reference without tag into registry host and repository path (`docker.io` for bare names). */
export function splitImage(image: string): { registry: string; repository: string } {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  // Like Docker: the first segment is a registry only if it looks like a host.
  if (slash < 0 || !(first.includes('.') || first.includes(':') || first === 'localhost')) {
    return { registry: 'docker.io', repository: image };
  }
  return { registry: first, repository: image.slice(slash + 1) };
}

/**
 * The repository of `image` when the image is in `registry`, a host name with dots (as {@link splitImage}
 * splits it); `undefined` otherwise. Found without splitting: it is asked for every service on every synth.
 */
export function repositoryIn(registry: string, image: string): string | undefined {
  return image.length > registry.length && image.charCodeAt(registry.length) === 0x2f && image.startsWith(registry)
    ? image.slice(registry.length + 1)
    : undefined;
}

/** The ECR repository name of a service's image in this account (its own name when the image is elsewhere). */
export function ecrRepositoryOf(side: AwsSide, image: string, service: string): string {
  return repositoryIn(side.ecrRegistry, image) ?? service;
}

/** Name of the IAM role the build workflow of `service` assumes to push its image: `<service>-image-push`. */
export function imagePushRoleName(service: string): string {
  return `${service}-image-push`;
}
