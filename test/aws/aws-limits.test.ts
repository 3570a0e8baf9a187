import { externalDns } from '../../src';
import { AWS_LIMITS, iamPolicyMaxChars, policyChars, policySizes } from '../../src/aws/aws-limits';
import { renderTerraform } from '../../src/aws/aws-stack';
import { defineBenchRepo } from '../../src/bench/bench-repo';
import { secretsRepo } from '../support/secrets-fixtures';

describe('iamPolicyMaxChars', () => {
  test('is the size of the largest policy document of the stack, counted as IAM counts it (JSON without whitespace)', () => {
    const { repo } = secretsRepo();
    const terraform = renderTerraform(repo)!;
    const sizes = policySizes(terraform.side, terraform.inventory);
    expect(sizes.map((p) => [p.address, p.kind, p.chars])).toEqual([
      ['aws_iam_role.external_secrets_role["production"]', 'trust', 466],
      ['aws_iam_role.external_secrets_role["staging"]', 'trust', 463],
      ['aws_iam_role_policy.external_secrets_read["staging"]', 'inline', 349],
      ['aws_iam_role_policy.external_secrets_read["production"]', 'inline', 346],
    ]);
    expect(iamPolicyMaxChars(terraform)).toBe(466);
    expect(policyChars({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a:B', Resource: '*' }] })).toBe(87);
  });

  test('resolves every reference at its real length: the secret prefix, the pushed repository, a hosted zone id at its longest', () => {
    const { repo, aws } = secretsRepo();
    repo.addService('web', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/team/web', port: 8080, source: { repository: 'acme/web', branch: 'main' } });
    repo.add(externalDns({ domainFilters: ['example.com'], roleArn: aws.externalDnsRoleArn, txtOwnerId: 'c1', region: aws.region }));
    const terraform = renderTerraform(repo)!;
    const documents = Object.fromEntries(policySizes(terraform.side, terraform.inventory).map((p) => [p.address, JSON.stringify(p.document)]));
    expect(documents['aws_iam_role_policy.external_secrets_read["production"]']).toContain('"arn:aws:secretsmanager:eu-central-1:111122223333:secret:prod/*"');
    expect(documents['aws_iam_role_policy.image_push["web"]']).toContain('"arn:aws:ecr:eu-central-1:111122223333:repository/team/web"');
    expect(documents['aws_iam_role_policy.external_dns_records["external-dns"]']).toContain(`"arn:aws:route53:::hostedzone/Z${'X'.repeat(31)}"`);
    expect(documents['aws_iam_role.image_push_role["web"]']).toContain('"repo:acme/web:ref:refs/heads/main"');
    for (const doc of Object.values(documents)) expect(doc).not.toContain('${');
  });

  test('does not grow with the services: the benchmark\'s 3,000 secrets fit far within the 10,240 of a role\'s inline policies', () => {
    const small = iamPolicyMaxChars(renderTerraform(defineBenchRepo(3))!);
    const large = iamPolicyMaxChars(renderTerraform(defineBenchRepo(1000))!);
    expect(large).toBe(small);
    expect(large).toBeLessThan(AWS_LIMITS.trustPolicy);
  });
});
