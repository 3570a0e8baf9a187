import * as fs from 'fs';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { awsSide, GitOpsRepo, SecretRef, synth, synthesize } from '../../src';
import { buildAwsStack, inventoryReadGrants, mayRead, plannedRepositories, plannedRoles, plannedSecrets, terraformInventory } from '../../src/aws/aws-stack';
import { Testing } from '../../src/aws/cdktf';
// Brings the types of the matchers Testing.setupJest() installs (toHaveResourceWithProperties …).
import type {} from 'cdktf/lib/testing/adapters/jest';
import { AWS_PROPS, secretsRepo } from '../support/secrets-fixtures';
import { readTree, tempDir } from '../support/tmp';

Testing.setupJest();

const CDKTF_PACKAGE_VERSION = (JSON.parse(fs.readFileSync(require.resolve('cdktf/package.json'), 'utf8')) as { version: string }).version;

/* eslint-disable @typescript-eslint/no-explicit-any -- Terraform JSON is read as plain data */
function resources(json: string, type: string): Record<string, any> {
  return (JSON.parse(json).resource ?? {})[type] ?? {};
}

const DESCRIPTION = (who: string) => `Read by ${who} through External Secrets Operator; the value is set out of band, never in Git`;

describe('buildAwsStack and terraformInventory', () => {
  const { repo, aws } = secretsRepo();
  const json = Testing.synth(buildAwsStack(repo, aws));
  const inventory = terraformInventory(repo, aws);

  test('the provider is pinned to the account and region', () => {
    expect(json).toHaveProviderWithProperties(AwsProvider, { region: 'eu-central-1', allowed_account_ids: ['111122223333'] });
  });

  test('the inventory lists the ECR repositories and the secrets with who reads them', () => {
    expect(inventory.locals).toEqual({
      ecr_repositories: ['api'],
      secrets: {
        'prod/api/db': { description: DESCRIPTION('api (production)') },
        'shared/api/sentry': { description: DESCRIPTION('api (all environments)') },
        'staging/api/db': { description: DESCRIPTION('api (staging)') },
      },
      // No service with a source: no image push role.
      image_push_roles: {},
      // A role per environment, trusting its own ServiceAccount, reading its own prefix.
      external_secrets_roles: {
        staging: { role_name: 'external-secrets-staging', subject: 'system:serviceaccount:external-secrets:external-secrets-staging', secret_prefix: 'staging/' },
        production: { role_name: 'external-secrets-production', subject: 'system:serviceaccount:external-secrets:external-secrets-production', secret_prefix: 'prod/' },
      },
      shared_secret_prefix: 'shared/',
      // No external-dns add-on: no external-dns role.
      external_dns_roles: {},
      external_dns_zones: [],
    });
  });

  test('an ECR repository per inventory entry: immutable tags, scan on push, untagged images expire', () => {
    expect(json).toHaveResourceWithProperties(EcrRepository, {
      for_each: '${toset(local.ecr_repositories)}',
      name: '${each.value}',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
    });
    const lifecycle = resources(json, 'aws_ecr_lifecycle_policy').service_lifecycle;
    expect([lifecycle.for_each, lifecycle.repository]).toEqual(['${aws_ecr_repository.service}', '${each.value.name}']);
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

  test('a secret per inventory entry, without a value, described from the inventory', () => {
    expect(resources(json, 'aws_secretsmanager_secret')).toEqual({
      external_secret: {
        for_each: '${local.secrets}',
        name: '${each.key}',
        description: '${each.value.description}',
      },
    });
    expect(json).not.toHaveResource({ tfResourceType: 'aws_secretsmanager_secret_version' } as any);
  });

  test('the resources do not grow with the inventory', () => {
    const more = secretsRepo();
    for (const name of ['a', 'b', 'c']) more.repo.addService(name, { image: `111122223333.dkr.ecr.eu-central-1.amazonaws.com/${name}` });
    const count = (j: string) => Object.values(JSON.parse(j).resource).reduce((n: number, byId: any) => n + Object.keys(byId).length, 0);
    expect(terraformInventory(more.repo, more.aws).locals).toMatchObject({ ecr_repositories: ['a', 'api', 'b', 'c'] });
    expect(count(Testing.synth(buildAwsStack(more.repo, more.aws)))).toBe(count(json));
    expect(count(json)).toBe(5);
  });

  test('an IRSA role per environment, trusting only that environment\'s ServiceAccount with an STS audience', () => {
    const role = resources(json, 'aws_iam_role').external_secrets_role;
    expect([role.for_each, role.name]).toEqual(['${local.external_secrets_roles}', '${each.value.role_name}']);
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF:sub': '${each.value.subject}',
            'oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF:aud': 'sts.amazonaws.com',
          },
        },
      }],
    });
  });

  test('each role reads by name prefix, its environment\'s and the shared one: a policy that does not grow with the secrets, no kms', () => {
    const read = resources(json, 'aws_iam_role_policy').external_secrets_read;
    expect([read.for_each, read.role]).toEqual(['${local.external_secrets_roles}', '${aws_iam_role.external_secrets_role[each.key].id}']);
    expect(JSON.parse(read.policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Sid: 'ReadEnvironmentSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds'],
        Resource: [
          'arn:aws:secretsmanager:eu-central-1:111122223333:secret:${each.value.secret_prefix}*',
          'arn:aws:secretsmanager:eu-central-1:111122223333:secret:${local.shared_secret_prefix}*',
        ],
      }],
    });
    expect(JSON.parse(json).data).toBeUndefined();
    const secrets = Object.keys(inventory.locals.secrets);
    expect(plannedRoles(aws, inventory).map((r) => [r.name, r.readablePrefixes, secrets.filter((s) => mayRead(r, s))])).toEqual([
      ['external-secrets-staging', ['staging/', 'shared/'], ['shared/api/sentry', 'staging/api/db']],
      ['external-secrets-production', ['prod/', 'shared/'], ['prod/api/db', 'shared/api/sentry']],
    ]);
    // 3,000 more secrets: the same policy.
    const more = secretsRepo();
    for (let i = 0; i < 1000; i++) more.api.addExternalSecret(`s${i}`, { extract: [SecretRef.fromAwsSecretsManager(`shared/api/s${i}`)] });
    expect(resources(Testing.synth(buildAwsStack(more.repo, more.aws)), 'aws_iam_role_policy').external_secrets_read).toEqual(read);
  });

  test('the read grants are data of the inventory alone, for a summary of a change: each role, each secret its prefixes cover', () => {
    expect(inventoryReadGrants(inventory.locals)).toEqual([
      { role: 'external-secrets-staging', secret: 'shared/api/sentry' },
      { role: 'external-secrets-staging', secret: 'staging/api/db' },
      { role: 'external-secrets-production', secret: 'prod/api/db' },
      { role: 'external-secrets-production', secret: 'shared/api/sentry' },
    ]);
    // Another shape (an older inventory, a merge conflict) grants nothing and throws nothing.
    expect([inventoryReadGrants(undefined), inventoryReadGrants({ external_secrets_roles: { x: { role_name: '${var.r}', secret_prefix: 'x/' } }, secrets: { 'x/a': {} } })])
      .toEqual([[], []]);
  });

  test('with a customer managed key, secrets use it and the roles may decrypt with it through Secrets Manager only', () => {
    const kmsKeyArn = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const withKms = secretsRepo({ aws: { kmsKeyArn } });
    const kmsJson = Testing.synth(buildAwsStack(withKms.repo, withKms.aws));
    expect(kmsJson).toHaveResourceWithProperties(SecretsmanagerSecret, { name: '${each.key}', kms_key_id: kmsKeyArn });
    expect(JSON.parse(resources(kmsJson, 'aws_iam_role_policy').external_secrets_read.policy).Statement[1]).toEqual({
      Sid: 'DecryptEnvironmentSecrets',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: kmsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-central-1.amazonaws.com' } },
    });
  });

  test('services marked external get no ECR repository; several services on one repository share it', () => {
    const r = secretsRepo();
    r.repo.addService('worker', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/api' });
    r.repo.addService('redis', { image: 'docker.io/library/redis', externalImage: true });
    expect(terraformInventory(r.repo, r.aws).locals).toMatchObject({ ecr_repositories: ['api'] });
    expect(plannedRepositories(r.repo, r.aws)).toEqual([{ name: 'api', services: ['api', 'worker'] }]);
  });

  test('state in S3 when a backend is given (encrypted, region defaulting to the AWS side\'s)', () => {
    const r = secretsRepo({ aws: { s3Backend: { bucket: 'acme-tf-state', key: 'gitops-synth/terraform.tfstate', dynamodbTable: 'tf-locks' } } });
    expect(JSON.parse(Testing.synth(buildAwsStack(r.repo, r.aws))).terraform.backend).toEqual({
      s3: { bucket: 'acme-tf-state', key: 'gitops-synth/terraform.tfstate', region: 'eu-central-1', dynamodb_table: 'tf-locks', encrypt: true },
    });
  });

  test('repository names with a path are inventory keys as they are', () => {
    const r = secretsRepo();
    r.repo.addService('team-api', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/team/api' });
    r.repo.addService('team-api2', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/team_api' });
    expect(terraformInventory(r.repo, r.aws).locals).toMatchObject({ ecr_repositories: ['api', 'team/api', 'team_api'] });
  });

  test('no repository and no referenced secret: no ECR resources, no secrets, no read policy at all', () => {
    const empty = new GitOpsRepo({ repoURL: 'https://example.com/x.git' });
    const side = empty.add(awsSide(AWS_PROPS));
    expect(plannedSecrets(empty)).toEqual([]);
    const emptyJson = JSON.parse(Testing.synth(buildAwsStack(empty, side)));
    expect(emptyJson.resource).toBeUndefined();
    expect(emptyJson.data).toBeUndefined();
    expect(terraformInventory(empty, side).locals).toEqual({
      ecr_repositories: [], secrets: {}, image_push_roles: {}, external_secrets_roles: {}, shared_secret_prefix: 'shared/', external_dns_roles: {}, external_dns_zones: [],
    });
  });

  test('the Terraform JSON matches the snapshot', () => {
    const files = synthesize(repo).terraform!.files;
    expect(files.map((f) => f.path)).toEqual(['stacks/gitops-synth/cdk.tf.json', 'stacks/gitops-synth/inventory.tf.json']);
    expect(files.map((f) => JSON.parse(f.content))).toMatchSnapshot();
  });
});

describe('Terraform JSON output', () => {
  test('synth writes cdktf.out/stacks/<stack>/ through the tree writer and skips files when unchanged', () => {
    const root = tempDir();
    const aws = { outdir: `${root}/cdktf.out` };
    const { repo } = secretsRepo({ aws });
    const first = synth(repo, { outdir: `${root}/dist` });
    const paths = ['stacks/gitops-synth/cdk.tf.json', 'stacks/gitops-synth/inventory.tf.json'];
    expect(first.terraform).toEqual({ outdir: `${root}/cdktf.out`, written: paths, unchanged: [], removed: [] });
    const again = synth(secretsRepo({ aws }).repo, { outdir: `${root}/dist` });
    expect(again.terraform).toEqual({ outdir: `${root}/cdktf.out`, written: [], unchanged: paths, removed: [] });
    const withService = secretsRepo({ aws });
    withService.repo.addService('worker', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/worker' });
    const third = synth(withService.repo, { outdir: `${root}/dist` });
    expect(third.terraform).toEqual({ outdir: `${root}/cdktf.out`, written: ['stacks/gitops-synth/inventory.tf.json'], unchanged: ['stacks/gitops-synth/cdk.tf.json'], removed: [] });
    const tree = readTree(`${root}/cdktf.out`);
    expect(Object.keys(tree)).toEqual(['.gitops-synth-index.json', ...paths]);
    expect(paths.map((p) => tree[p])).toEqual(synthesize(withService.repo).terraform!.files.map((f) => f.content));
  });

  test('the Terraform folder is decided by the definitions, not by where the tree is written; terraformOutdir overrides it', () => {
    const root = tempDir();
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/x.git', outdir: `${root}/defined/dist` });
    repo.add(awsSide(AWS_PROPS));
    const paths = ['.gitops-synth-index.json', 'stacks/gitops-synth/cdk.tf.json', 'stacks/gitops-synth/inventory.tf.json'];
    // The tree elsewhere: the Terraform JSON still goes next to the repository's own outdir, and nothing next to the tree.
    expect(synth(repo, { outdir: `${root}/elsewhere/tree` }).terraform!.outdir).toBe(`${root}/defined/cdktf.out`);
    expect(fs.readdirSync(`${root}/elsewhere`)).toEqual(['tree']);
    expect(Object.keys(readTree(`${root}/defined`))).toEqual(paths.map((p) => `cdktf.out/${p}`));
    expect(synth(repo, { outdir: `${root}/elsewhere/tree`, terraformOutdir: `${root}/tf` }).terraform!.outdir).toBe(`${root}/tf`);
    expect(Object.keys(readTree(`${root}/tf`))).toEqual(paths);
  });

  test('building the stack creates nothing on disk (CDKTF\'s App would create cdktf.out/stacks/ in the working directory)', () => {
    const dir = tempDir();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const json = JSON.parse(synthesize(secretsRepo().repo).terraform!.files[0].content);
      // The metadata an App gives its stacks is still there.
      expect(json['//'].metadata).toEqual({ version: CDKTF_PACKAGE_VERSION, stackName: 'gitops-synth', backend: 'local' });
    } finally {
      process.chdir(cwd);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a repository without an AWS side writes no Terraform', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/x.git' });
    expect(synthesize(repo).terraform).toBeUndefined();
  });
});

describe('AwsSide', () => {
  test.each([
    [{ accountId: '1234' }, 'AwsSide: accountId "1234" must be a 12-digit AWS account id, e.g. \'123456789012\''],
    [{ region: 'Europe' }, 'AwsSide: region "Europe" is not an AWS region name, e.g. \'eu-west-1\''],
    [{ clusterOidcIssuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC' }, 'AwsSide: clusterOidcIssuer "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC" must be the issuer without "https://", e.g. \'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\''],
    [{ untaggedImageExpiryDays: 0 }, 'AwsSide: untaggedImageExpiryDays 0 must be a whole number of days ≥ 1'],
    [{ sharedSecretPrefix: '' }, 'AwsSide: sharedSecretPrefix "" would let every environment read every secret: use a prefix such as \'shared/\''],
    [{ iamRoleBudget: 0 }, 'AwsSide: iamRoleBudget 0 must be a whole number of roles ≥ 1'],
  ])('refuses %j', (bad, message) => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/x.git' });
    expect(() => repo.add(awsSide({ ...AWS_PROPS, ...bad }))).toThrow(new Error(message));
  });

  test('names the role ARN, the registry and the OIDC provider', () => {
    const { aws } = secretsRepo({ aws: { externalSecrets: { roleName: 'eso-reader' } } });
    expect([aws.externalSecretsRoleArn('staging'), aws.externalDnsRoleArn, aws.ecrRegistry, aws.oidcProviderArn]).toEqual([
      'arn:aws:iam::111122223333:role/eso-reader-staging',
      'arn:aws:iam::111122223333:role/external-dns',
      '111122223333.dkr.ecr.eu-central-1.amazonaws.com',
      'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF',
    ]);
  });
});
