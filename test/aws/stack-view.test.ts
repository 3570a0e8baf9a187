import { readStack, TerraformJson } from '../../src';

const PROVIDER = { aws: [{ region: 'eu-west-1', allowed_account_ids: ['123456789012'] }] };
const READ = ['secretsmanager:GetSecretValue'];

/** A module with one role whose inline policy is `policy`, and the given secret resources. */
function moduleWith(secrets: Record<string, unknown>, policy: unknown, extra: TerraformJson = {}): TerraformJson[] {
  return [{
    '//': { metadata: { stackName: 'platform' } },
    'provider': PROVIDER,
    'resource': {
      aws_secretsmanager_secret: secrets,
      aws_iam_role: { eso: { name: 'eso', assume_role_policy: '{}' } },
      aws_iam_role_policy: { read: { role: '${aws_iam_role.eso.id}', policy } },
    },
    ...extra,
  }];
}

function granted(documents: TerraformJson[]): string[] {
  return [...readStack(documents).roles.get('arn:aws:iam::123456789012:role/eso')!.grantedSecrets].sort();
}

describe('readStack', () => {
  test('one resource per secret, granted by reference in IAM JSON', () => {
    const docs = moduleWith(
      { a: { name: 'app/a' }, b: { name: 'app/b' } },
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: READ, Resource: ['${aws_secretsmanager_secret.a.arn}'] }] }),
    );
    expect(readStack(docs)).toMatchObject({ name: 'platform', accountId: '123456789012', region: 'eu-west-1', secretNames: ['app/a', 'app/b'] });
    expect(granted(docs)).toEqual(['app/a']);
  });

  test('for_each over a local of another file, granted per instance key and through a policy document', () => {
    const inventory = { locals: { secrets: { 'app/a': { description: 'x' }, 'app/"b"': { description: 'y' } } } };
    const docs = moduleWith(
      { s: { for_each: '${local.secrets}', name: '${each.key}' } },
      '${data.aws_iam_policy_document.read.json}',
      { data: { aws_iam_policy_document: { read: { statement: [{ effect: 'Allow', actions: READ, resources: ['${aws_secretsmanager_secret.s["app/\\"b\\""].arn}'] }] } } } },
    );
    expect(readStack([...docs, inventory]).secretNames).toEqual(['app/"b"', 'app/a']);
    expect(granted([...docs, inventory])).toEqual(['app/"b"']);
  });

  test('every instance through a for expression or values(...)[*], and a set of ECR repositories', () => {
    const forExpression = '${[ for key, val in aws_secretsmanager_secret.s: val.arn]}';
    const splat = '${values(aws_secretsmanager_secret.s)[*].arn}';
    for (const resources of [forExpression, splat]) {
      const docs = moduleWith(
        { s: { for_each: { 'app/a': { n: 'app/a' }, 'app/b': { n: 'app/b' } }, name: '${each.value.n}' } },
        '${data.aws_iam_policy_document.read.json}',
        {
          data: { aws_iam_policy_document: { read: { statement: [{ actions: READ, resources }] } } },
          locals: { repos: ['api', 'web'] },
        },
      );
      (docs[0].resource as Record<string, unknown>).aws_ecr_repository = { r: { for_each: '${toset(local.repos)}', name: 'team/${each.value}' } };
      expect(granted(docs)).toEqual(['app/a', 'app/b']);
      expect([...readStack(docs).ecrRepositories]).toEqual(['team/api', 'team/web']);
    }
  });

  test('what it cannot evaluate counts as absent: an unknown for_each, a name from elsewhere, a Deny, another action', () => {
    const docs = moduleWith(
      { unknown: { for_each: '${var.secrets}', name: '${each.key}' }, computed: { name: '${random_pet.p.id}' }, plain: { name: 'app/c' } },
      JSON.stringify({
        Statement: [
          { Effect: 'Deny', Action: READ, Resource: '${aws_secretsmanager_secret.plain.arn}' },
          { Effect: 'Allow', Action: 'secretsmanager:DescribeSecret', Resource: '${aws_secretsmanager_secret.plain.arn}' },
        ],
      }),
    );
    expect(readStack(docs).secretNames).toEqual(['app/c']);
    expect(granted(docs)).toEqual([]);
  });
});
