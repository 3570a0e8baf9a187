import { GITHUB_OIDC_ISSUER } from './aws-side';

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Record<string, string>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

/** The only Secrets Manager actions External Secrets Operator needs to read a secret. */
export const SECRET_READ_ACTIONS = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds'] as const;

/** The `sub` claim of the tokens EKS issues to a ServiceAccount: `system:serviceaccount:<namespace>:<name>`. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/**
 * Trust policy of an IRSA role: only the ServiceAccount whose `sub` claim is `subject`
 * (`system:serviceaccount:<namespace>:<name>`, see {@link serviceAccountSubject}), with a token issued
 * for STS by the cluster's OIDC provider, may assume it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuer: string, subject: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: oidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${oidcIssuer}:sub`]: subject,
          [`${oidcIssuer}:aud`]: 'sts.amazonaws.com',
        },
      },
    }],
  };
}

/** What pushing an image to one ECR repository needs on that repository (`ecr:GetAuthorizationToken` is on `*`). */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart',
] as const;

/** The `sub` claim of a GitHub Actions job run for a push to `branch` of `repository` (`<owner>/<repo>`). */
export function githubBranchSubject(repository: string, branch: string): string {
  return `repo:${repository}:ref:refs/heads/${branch}`;
}

/**
 * Trust policy of a GitHub Actions role: only jobs whose OIDC token (from GitHub's provider, for STS)
 * carries exactly `subject` may assume it.
 *
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 */
export function githubTrustPolicy(githubOidcProviderArn: string, subject: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: githubOidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${GITHUB_OIDC_ISSUER}:aud`]: 'sts.amazonaws.com',
          [`${GITHUB_OIDC_ISSUER}:sub`]: subject,
        },
      },
    }],
  };
}

/** Push to one ECR repository, and nothing else: the registry login on `*`, the push actions on that repository. */
export function ecrPushPolicy(repositoryArn: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      { Sid: 'PushToOwnRepository', Effect: 'Allow', Action: [...ECR_PUSH_ACTIONS], Resource: repositoryArn },
    ],
  };
}

/** ECR lifecycle policy that expires untagged images after some days. */
export function untaggedExpiryLifecyclePolicy(days: number): object {
  return {
    rules: [{
      rulePriority: 1,
      description: `Expire untagged images after ${days} day${days === 1 ? '' : 's'}`,
      selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: days },
      action: { type: 'expire' },
    }],
  };
}

/** `arn:aws:secretsmanager:<region>:<account>:secret:<prefix>*`: every secret whose name starts with `prefix` (the ARN adds a random suffix). */
export function secretPrefixArn(region: string, accountId: string, prefix: string): string {
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${prefix}*`;
}

/**
 * Read access by name prefix: the three read actions on the secrets matching `secretArnPatterns`
 * (see {@link secretPrefixArn}), and `kms:Decrypt` on the customer managed key when there is one,
 * only through Secrets Manager. Its size does not depend on how many secrets there are.
 */
export function secretsReadPolicy(secretArnPatterns: readonly string[], kmsKeyArn: string | undefined, region: string): PolicyDocument {
  const statements: PolicyStatement[] = [{
    Sid: 'ReadEnvironmentSecrets',
    Effect: 'Allow',
    Action: [...SECRET_READ_ACTIONS],
    Resource: [...secretArnPatterns],
  }];
  if (kmsKeyArn) {
    statements.push({
      Sid: 'DecryptEnvironmentSecrets',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: kmsKeyArn,
      // The key may only be used through Secrets Manager, not to decrypt anything else it protects.
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** What external-dns does to the records of a hosted zone it manages. */
export const ROUTE53_ZONE_ACTIONS = ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'] as const;

/** What external-dns needs to find the zones: Route 53 grants these on `*` only. */
export const ROUTE53_LIST_ACTIONS = ['route53:ListHostedZones', 'route53:ListTagsForResources'] as const;

/** `arn:aws:route53:::hostedzone/<id>` */
export function hostedZoneArn(zoneId: string): string {
  return `arn:aws:route53:::hostedzone/${zoneId}`;
}

/**
 * external-dns on the given hosted zones only: record changes on those zones, and the listing
 * Route 53 allows on every zone alone.
 *
 * @see https://kubernetes-sigs.github.io/external-dns/latest/docs/tutorials/aws/#iam-policy
 */
export function externalDnsPolicy(zoneArns: readonly string[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ChangeRecordsOfNamedZones', Effect: 'Allow', Action: [...ROUTE53_ZONE_ACTIONS], Resource: [...zoneArns] },
      { Sid: 'ListZones', Effect: 'Allow', Action: [...ROUTE53_LIST_ACTIONS], Resource: '*' },
    ],
  };
}
