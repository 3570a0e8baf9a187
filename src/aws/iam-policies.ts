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
 * Trust policy of an IRSA role: only the given ServiceAccount, with a token issued for STS by the
 * cluster's OIDC provider, may assume it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuer: string, namespace: string, serviceAccount: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: oidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${oidcIssuer}:sub`]: serviceAccountSubject(namespace, serviceAccount),
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
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': subject,
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
