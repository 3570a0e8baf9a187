import { awsSide, GitOpsRepo, Releases, SecretRef, EnvValue } from '../../src';
import { buildAwsStack, mayRead, plannedRoles, terraformInventory } from '../../src/aws/aws-stack';
import { Testing } from '../../src/aws/cdktf';
import { escapeTerraform, escapeTerraformData, unescapeTerraform } from '../../src/aws/terraform-escape';
import { stackPlan } from '../../src/checks/cross-plane-check';
import { AWS_PROPS } from '../support/secrets-fixtures';

describe('escapeTerraform', () => {
  test.each([
    ['plain/name', 'plain/name'],
    ['a${b}', 'a$${b}'],
    ['%{if x}', '%%{if x}'],
    ['$${already}', '$$${already}'],
    ['{braces} $ % alone', '{braces} $ % alone'],
  ])('%j is written %j, and read back as it was', (text, escaped) => {
    expect(escapeTerraform(text)).toBe(escaped);
    expect(unescapeTerraform(escapeTerraform(text))).toBe(text);
  });

  test('escapes every key and string of plain data, nothing else', () => {
    expect(escapeTerraformData({ 'k${x}': ['v%{y}', 1, true, null], 'n': { deep: '${z}' } }))
      .toEqual({ 'k$${x}': ['v%%{y}', 1, true, null], 'n': { deep: '$${z}' } });
  });
});

describe('strings from the definitions in the Terraform JSON', () => {
  /** Definitions whose names, branch, tags and key hold Terraform template syntax. */
  function repoWithTemplates() {
    const repo = new GitOpsRepo({
      repoURL: 'https://example.com/acme/gitops.git',
      releases: Releases.fromData({ api: { staging: 'v1' } }, 'releases.json'),
    });
    const aws = repo.add(awsSide({
      ...AWS_PROPS,
      kmsKeyArn: 'arn:aws:kms:eu-central-1:111122223333:key/${var.key}',
      tags: { 'team': '%{ if true }platform%{ endif }', '${tag}': 'x' },
      s3Backend: { bucket: 'state', key: 'gitops/${terraform.workspace}.tfstate' },
    }));
    const staging = repo.addEnvironment('staging', { secretPrefix: 'stag${ing}/' });
    const api = repo.addService('api', {
      image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/api',
      source: { repository: 'acme/api', branch: 'feature/${github.token}' },
    });
    api.addOverlay(staging, { env: { DB: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('stag${ing}/api/${db}', 'password')) } });
    return { repo, aws };
  }

  test('reach the inventory and the stack escaped, so Terraform keeps them literal; the only interpolations are the stack\'s own', () => {
    const { repo, aws } = repoWithTemplates();
    const inventory = terraformInventory(repo, aws);
    expect(Object.keys(inventory.locals.secrets)).toEqual(['stag$${ing}/api/$${db}']);
    expect(inventory.locals.external_secrets_roles).toEqual({
      staging: { role_name: 'external-secrets-staging', subject: 'system:serviceaccount:external-secrets:external-secrets-staging', secret_prefix: 'stag$${ing}/' },
    });
    expect(inventory.locals.image_push_roles.api.subject).toBe('repo:acme/api:ref:refs/heads/feature/$${github.token}');
    const stack = Testing.synth(buildAwsStack(repo, aws, inventory));
    const json = JSON.parse(stack);
    expect(json.provider.aws[0].default_tags[0].tags).toEqual({ 'team': '%%{ if true }platform%%{ endif }', '$${tag}': 'x', 'managed-by': 'gitops-synth' });
    expect(json.resource.aws_secretsmanager_secret.external_secret.kms_key_id).toBe('arn:aws:kms:eu-central-1:111122223333:key/$${var.key}');
    expect(json.terraform.backend.s3.key).toBe('gitops/$${terraform.workspace}.tfstate');
    // Every `${` left in the stack, once the escaped `$${` are taken out, is one the stack means.
    const meant = [...new Set(stack.replace(/\$\$\{/g, '').match(/\$\{[^}]*\}/g) ?? [])];
    expect(meant.filter((ref) => !/^\$\{(each\.|local\.|toset\(local\.|aws_iam_role\.|aws_ecr_repository\.)/.test(ref))).toEqual([]);
    expect(stack).not.toMatch(/[^$]\$\{(var|github|tag|ing|db|terraform)\b/);
    expect(stack).not.toMatch(/[^%]%\{ /);
  });

  test('the plans read the names back as the definitions wrote them', () => {
    const { repo, aws } = repoWithTemplates();
    const inventory = terraformInventory(repo, aws);
    const [eso, push] = plannedRoles(aws, inventory);
    const secrets = Object.keys(inventory.locals.secrets).map(unescapeTerraform);
    expect([eso.readablePrefixes, secrets.filter((s) => mayRead(eso, s)), push.trustedSubjects]).toEqual([
      ['stag${ing}/', 'shared/'], ['stag${ing}/api/${db}'], ['repo:acme/api:ref:refs/heads/feature/${github.token}'],
    ]);
    expect(stackPlan({ side: aws, inventory, stack: {} }).secretNames).toEqual(['stag${ing}/api/${db}']);
  });
});
