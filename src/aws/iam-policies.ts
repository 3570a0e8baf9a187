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
          [`${oidcIssuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
          [`${oidcIssuer}:aud`]: 'sts.amazonaws.com',
        },
      },
    }],
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
