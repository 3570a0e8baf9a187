import { externalDns, GitOpsRepo, SecretRef, SynthError } from '../../src';
import { checkAwsLimits } from '../../src/checks/aws-limits-check';
import { checkContext } from '../support/check-context';
import { secretsRepo } from '../support/secrets-fixtures';

/** The report of the AWS limits check alone, as a synth runs it. */
function report(repo: GitOpsRepo): string[] {
  return new SynthError(checkAwsLimits(checkContext(repo))).message.split('\n');
}

describe('checkAwsLimits', () => {
  test('the repository\'s stack fits, and without an AWS side there is nothing to check', () => {
    const { repo } = secretsRepo();
    expect(checkAwsLimits(checkContext(repo))).toEqual([]);
    expect(checkAwsLimits({ ...checkContext(repo), terraform: undefined })).toEqual([]);
  });

  test('inline policies over 10,240 characters: external-dns on 250 zones', () => {
    const { repo, aws } = secretsRepo();
    const zones = Array.from({ length: 250 }, (_, i) => `zone-${String(i).padStart(3, '0')}.example.com`);
    repo.add(externalDns({ domainFilters: zones, roleArn: aws.externalDnsRoleArn, txtOwnerId: 'c1', region: aws.region }));
    expect(report(repo)).toEqual([
      'gitops-synth: 1 problem found, nothing was written',
      'Terraform stack gitops-synth:',
      '  ✖ aws_iam_role_policy.external_dns_records["external-dns"] policy = 16,333 characters: role "external-dns" would hold 16,333 characters of inline policies; IAM allows 10,240 per role, so terraform apply would fail (fix: name fewer resources per role: grant by name prefix, or split them over several roles (e.g. the zones over two external-dns add-ons))',
    ]);
  });

  test('more roles than the budget, and role names IAM refuses', () => {
    const { repo } = secretsRepo({ aws: { iamRoleBudget: 1, externalSecrets: { roleName: 'x'.repeat(60) } } });
    expect(report(repo)).toEqual([
      'gitops-synth: 3 problems found, nothing was written',
      'Terraform stack gitops-synth:',
      '  ✖ aws_iam_role = 2 roles: are more than the AWS side\'s iamRoleBudget of 1; creating them would exceed the account\'s IAM role quota (fix: ask AWS to raise the account\'s roles quota (up to 5,000) and set AwsSide iamRoleBudget, or give fewer services a source (one image push role each))',
      '  ✖ aws_iam_role.external_secrets_role[production] name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-production": is 71 characters long; IAM allows 64 (fix: use a shorter environment, service or add-on name, or a shorter AwsSide externalSecrets.roleName)',
      '  ✖ aws_iam_role.external_secrets_role[staging] name = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-staging": is 68 characters long; IAM allows 64 (fix: use a shorter environment, service or add-on name, or a shorter AwsSide externalSecrets.roleName)',
    ]);
  });

  test('ECR repository and Secrets Manager names AWS refuses', () => {
    const { repo, api } = secretsRepo();
    repo.addService('upper', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/Team/Upper' });
    api.addExternalSecret('bad', { extract: [SecretRef.fromAwsSecretsManager('shared/api/key with spaces'), SecretRef.fromAwsSecretsManager('shared/api/db-abc123')] });
    expect(report(repo)).toEqual([
      'gitops-synth: 3 problems found, nothing was written',
      'Terraform stack gitops-synth:',
      '  ✖ aws_secretsmanager_secret.external_secret["shared/api/db-abc123"] name = "shared/api/db-abc123": ends with a hyphen and six characters, which Secrets Manager confuses with the random suffix of an ARN (read by api (all environments)) (fix: rename the secret, e.g. without that last hyphen)',
      '  ✖ aws_secretsmanager_secret.external_secret["shared/api/key with spaces"] name = "shared/api/key with spaces": holds a character Secrets Manager does not allow in a name (letters, digits and /_+=.@- only) (read by api (all environments)) (fix: rename the secret)',
      'service upper:',
      '  ✖ image = "Team/Upper": names an ECR repository ECR does not accept (lowercase letters and digits, joined by ".", "_" or "-", path components separated by "/") (fix: use a repository such as 111122223333.dkr.ecr.eu-central-1.amazonaws.com/upper, or mark the image externalImage: true)',
    ]);
  });

  test('secret prefixes Secrets Manager cannot hold, and tags beyond what AWS allows', () => {
    const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`tag${i}`, 'v']));
    const { repo } = secretsRepo({ aws: { tags: { ...tags, 'aws:owner': 'me', 'long': 'v'.repeat(257) } } });
    repo.addEnvironment('qa', { secretPrefix: 'qa env/' });
    expect(report(repo)).toEqual([
      'gitops-synth: 4 problems found, nothing was written',
      'Terraform stack gitops-synth:',
      '  ✖ provider aws default_tags = 53 tags: are more than the 50 tags AWS allows on one resource (managed-by included) (fix: keep at most 49 tags in AwsSide tags)',
      '  ✖ provider aws default_tags = "aws:owner": is a tag key in the aws: namespace, which AWS reserves (fix: rename the tag in AwsSide tags)',
      '  ✖ provider aws default_tags.long = 257 characters: is longer than the 256 characters AWS allows in a tag value (fix: shorten the value in AwsSide tags)',
      'environment qa:',
      '  ✖ secretPrefix = "qa env/": holds a character Secrets Manager does not allow in a name (letters, digits and /_+=.@- only) (fix: use a prefix such as \'qa/\')',
    ]);
  });
});
