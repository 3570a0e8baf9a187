import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { AwsSide, buildAwsStack, GitOpsRepo, plannedSecrets, synth, synthesizeTerraform } from '../../src';
import { Testing } from '../../src/aws/cdktf';
// Brings the types of the matchers Testing.setupJest() installs (toHaveResourceWithProperties …).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { AWS_PROPS, secretsRepo } from '../support/secrets-fixtures';
import { readTree, tempDir } from '../support/tmp';

Testing.setupJest();

/* eslint-disable @typescript-eslint/no-explicit-any -- Terraform JSON is read as plain data */
function resources(json: string, type: string): Record<string, any> {
  return (JSON.parse(json).resource ?? {})[type] ?? {};
}

describe('buildAwsStack', () => {
  const { repo, aws } = secretsRepo();
  const json = Testing.synth(buildAwsStack(repo, aws));

  test('the provider is pinned to the account and region', () => {
    expect(json).toHaveProviderWithProperties(AwsProvider, { region: 'eu-central-1', allowed_account_ids: ['111122223333'] });
  });

  test('an ECR repository per service: immutable tags, scan on push, untagged images expire', () => {
    expect(json).toHaveResourceWithProperties(EcrRepository, {
      name: 'api',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
    });
    const [lifecycle] = Object.values(resources(json, 'aws_ecr_lifecycle_policy'));
    expect(lifecycle.repository).toBe('${aws_ecr_repository.ecr_api.name}');
    expect(JSON.parse(lifecycle.policy)).toEqual({
      rules: [{
        rulePriority: 1,
        description: 'Expire untagged images after 7 days',
        selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
        action: { type: 'expire' },
      }],
    });
    expect(json).toHaveResource(EcrLifecyclePolicy);
  });

  test('a secret per distinct key, without a value, described with the services that read it', () => {
    expect(Object.values(resources(json, 'aws_secretsmanager_secret'))).toEqual([
      { name: 'prod/api/db', description: 'Read by api (production) through External Secrets Operator; the value is set out of band, never in Git' },
      { name: 'shared/api/sentry', description: 'Read by api (all environments) through External Secrets Operator; the value is set out of band, never in Git' },
      { name: 'staging/api/db', description: 'Read by api (staging) through External Secrets Operator; the value is set out of band, never in Git' },
    ]);
    expect(json).not.toHaveResource({ tfResourceType: 'aws_secretsmanager_secret_version' } as any);
  });

  test('the IRSA trust policy admits only the ESO ServiceAccount with an STS audience', () => {
    expect(json).toHaveResourceWithProperties(IamRole, { name: 'external-secrets' });
    const role = resources(json, 'aws_iam_role').external_secrets_role;
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF:sub': 'system:serviceaccount:external-secrets:external-secrets',
            'oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF:aud': 'sts.amazonaws.com',
          },
        },
      }],
    });
  });

  test('the role may read exactly the referenced secrets: three actions, their ARNs, no wildcard, no kms', () => {
    expect(json).toHaveResourceWithProperties(IamRolePolicy, { role: '${aws_iam_role.external_secrets_role.id}' });
    const policy = JSON.parse(resources(json, 'aws_iam_role_policy').external_secrets_read.policy);
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'ReadReferencedSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds'],
        Resource: [
          '${aws_secretsmanager_secret.secret_prod_api_db.arn}',
          '${aws_secretsmanager_secret.secret_shared_api_sentry.arn}',
          '${aws_secretsmanager_secret.secret_staging_api_db.arn}',
        ],
      }],
    });
    expect(JSON.stringify(policy)).not.toContain('*');
  });

  test('with a customer managed key, secrets use it and the role may decrypt with it through Secrets Manager only', () => {
    const kmsKeyArn = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const withKms = secretsRepo({ aws: { kmsKeyArn } });
    const kmsJson = Testing.synth(buildAwsStack(withKms.repo, withKms.aws));
    expect(kmsJson).toHaveResourceWithProperties(SecretsmanagerSecret, { name: 'prod/api/db', kms_key_id: kmsKeyArn });
    const policy = JSON.parse(resources(kmsJson, 'aws_iam_role_policy').external_secrets_read.policy);
    expect(policy.Statement[1]).toEqual({
      Sid: 'DecryptReferencedSecrets',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [kmsKeyArn],
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' } },
    });
  });

  test('services marked external get no ECR repository; several services on one repository share it', () => {
    const r = secretsRepo();
    r.repo.addService('worker', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/api' });
    r.repo.addService('redis', { image: 'docker.io/library/redis', externalImage: true });
    const names = Object.values(resources(Testing.synth(buildAwsStack(r.repo, r.aws)), 'aws_ecr_repository')).map((e) => e.name);
    expect(names).toEqual(['api']);
  });

  test('state in S3 when a backend is given (encrypted, region defaulting to the AWS side\'s)', () => {
    const r = secretsRepo({ aws: { s3Backend: { bucket: 'acme-tf-state', key: 'gitops-synth/terraform.tfstate', dynamodbTable: 'tf-locks' } } });
    expect(JSON.parse(Testing.synth(buildAwsStack(r.repo, r.aws))).terraform.backend).toEqual({
      s3: { bucket: 'acme-tf-state', key: 'gitops-synth/terraform.tfstate', region: 'eu-central-1', dynamodb_table: 'tf-locks', encrypt: true },
    });
  });

  test('repository names with a path get valid, unique Terraform ids', () => {
    const r = secretsRepo();
    r.repo.addService('team-api', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/team/api' });
    r.repo.addService('team-api2', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/team_api' });
    const ecr = resources(Testing.synth(buildAwsStack(r.repo, r.aws)), 'aws_ecr_repository');
    expect(Object.fromEntries(Object.entries(ecr).map(([id, e]) => [id, e.name]))).toEqual({ ecr_api: 'api', ecr_team_api: 'team/api', ecr_team_api_2: 'team_api' });
  });

  test('no referenced secret: no read policy at all', () => {
    const empty = new GitOpsRepo({ repoURL: 'https://example.com/x.git' });
    const side = new AwsSide(empty, 'aws', AWS_PROPS);
    expect(plannedSecrets(empty)).toEqual([]);
    expect(Object.keys(resources(Testing.synth(buildAwsStack(empty, side)), 'aws_iam_role_policy'))).toEqual([]);
  });

  test('the Terraform JSON matches the snapshot', () => {
    expect(JSON.parse(synthesizeTerraform(repo)!.file.content)).toMatchSnapshot();
  });
});

describe('Terraform JSON output', () => {
  test('synth writes cdktf.out/stacks/<stack>/cdk.tf.json through the tree writer and skips it when unchanged', () => {
    const root = tempDir();
    const { repo } = secretsRepo();
    const first = synth(repo, { outdir: `${root}/dist` });
    expect(first.terraform).toEqual({ outdir: `${root}/cdktf.out`, written: ['stacks/gitops-synth/cdk.tf.json'], unchanged: [], removed: [] });
    const again = synth(secretsRepo().repo, { outdir: `${root}/dist` });
    expect(again.terraform).toEqual({ outdir: `${root}/cdktf.out`, written: [], unchanged: ['stacks/gitops-synth/cdk.tf.json'], removed: [] });
    const tree = readTree(`${root}/cdktf.out`);
    expect(Object.keys(tree)).toEqual(['.gitops-synth-index.json', 'stacks/gitops-synth/cdk.tf.json']);
    expect(tree['stacks/gitops-synth/cdk.tf.json']).toBe(synthesizeTerraform(repo)!.file.content);
  });

  test('a repository without an AWS side writes no Terraform', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/x.git' });
    expect(synthesizeTerraform(repo)).toBeUndefined();
  });
});

describe('AwsSide', () => {
  test.each([
    [{ accountId: '1234' }, 'AwsSide: accountId "1234" must be a 12-digit AWS account id, e.g. \'123456789012\''],
    [{ region: 'Europe' }, 'AwsSide: region "Europe" is not an AWS region name, e.g. \'eu-west-1\''],
    [{ clusterOidcIssuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC' }, 'AwsSide: clusterOidcIssuer "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC" must be the issuer without "https://", e.g. \'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\''],
    [{ untaggedImageExpiryDays: 0 }, 'AwsSide: untaggedImageExpiryDays 0 must be a whole number of days ≥ 1'],
  ])('refuses %j', (bad, message) => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/x.git' });
    expect(() => new AwsSide(repo, 'aws', { ...AWS_PROPS, ...bad })).toThrow(new Error(message));
  });

  test('names the role ARN, the registry and the OIDC provider', () => {
    const { aws } = secretsRepo({ aws: { externalSecrets: { roleName: 'eso-reader' } } });
    expect([aws.externalSecretsRoleArn, aws.ecrRegistry, aws.oidcProviderArn]).toEqual([
      'arn:aws:iam::111122223333:role/eso-reader',
      '111122223333.dkr.ecr.eu-central-1.amazonaws.com',
      'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF',
    ]);
  });
});
