import { externalDns } from '../../src';
import { buildAwsStack, mayRead, plannedRoles, TerraformInventory, terraformInventory } from '../../src/aws/aws-stack';
import { Testing } from '../../src/aws/cdktf';
import { secretsRepo } from '../support/secrets-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- Terraform JSON is read as plain data */

/**
 * The secrets fixture with a second service built from source and external-dns: every local of the
 * inventory has entries, so every resource that iterates over one is in the stack.
 */
function fixture() {
  const { repo, aws } = secretsRepo();
  repo.addService('web', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/team/web', port: 8080, source: { repository: 'acme/web', branch: 'release' } });
  repo.add(externalDns({ domainFilters: ['example.com', 'example.org'], roleArn: aws.externalDnsRoleArn, txtOwnerId: 'c1', region: aws.region }));
  const inventory = terraformInventory(repo, aws);
  const json = JSON.parse(Testing.synth(buildAwsStack(repo, aws, inventory)));
  return { aws, inventory, json };
}

/** Every block of the module (`resource` and `data`) by address, e.g. `aws_iam_role.image_push_role`. */
function blocks(json: any): Record<string, any> {
  const byAddress: Record<string, any> = {};
  for (const [type, byId] of Object.entries<Record<string, any>>(json.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) byAddress[`${type}.${id}`] = body;
  }
  for (const [type, byId] of Object.entries<Record<string, any>>(json.data ?? {})) {
    for (const [id, body] of Object.entries(byId)) byAddress[`data.${type}.${id}`] = body;
  }
  return byAddress;
}

/** The distinct interpolations (`${…}`) anywhere in a block, its JSON-encoded policies included, sorted. */
function interpolations(body: unknown): string[] {
  return [...new Set(JSON.stringify(body).match(/\$\{[^}]*\}/g) ?? [])].sort();
}

describe('the stack iterates over the inventory', () => {
  const { aws, inventory, json } = fixture();
  const byAddress = blocks(json);

  test('each resource with for_each names exactly its local of the inventory', () => {
    const forEach = Object.fromEntries(Object.entries(byAddress)
      .filter(([, body]) => body.for_each !== undefined)
      .map(([address, body]) => [address, body.for_each]));
    expect(forEach).toEqual({
      'aws_ecr_repository.service': '${toset(local.ecr_repositories)}',
      'aws_ecr_lifecycle_policy.service_lifecycle': '${aws_ecr_repository.service}',
      'aws_secretsmanager_secret.external_secret': '${local.secrets}',
      'aws_iam_role.external_secrets_role': '${local.external_secrets_roles}',
      'aws_iam_role_policy.external_secrets_read': '${local.external_secrets_roles}',
      'aws_iam_role.image_push_role': '${local.image_push_roles}',
      'aws_iam_role_policy.image_push': '${local.image_push_roles}',
      'data.aws_route53_zone.external_dns_zone': '${toset(local.external_dns_zones)}',
      'aws_iam_role.external_dns_role': '${local.external_dns_roles}',
      'data.aws_iam_policy_document.external_dns_policy': '${local.external_dns_roles}',
      'aws_iam_role_policy.external_dns_records': '${local.external_dns_roles}',
    });
  });

  test('the attributes read exactly these references, and nothing else of the module is an expression', () => {
    const references = Object.fromEntries(Object.entries(byAddress)
      .map(([address, body]) => [address, interpolations(body)])
      .filter(([, refs]) => refs.length > 0));
    expect(references).toEqual({
      'aws_ecr_repository.service': ['${each.value}', '${toset(local.ecr_repositories)}'],
      'aws_ecr_lifecycle_policy.service_lifecycle': ['${aws_ecr_repository.service}', '${each.value.name}'],
      'aws_secretsmanager_secret.external_secret': ['${each.key}', '${each.value.description}', '${local.secrets}'],
      'aws_iam_role.external_secrets_role': ['${each.key}', '${each.value.role_name}', '${each.value.subject}', '${local.external_secrets_roles}'],
      'aws_iam_role_policy.external_secrets_read': [
        '${aws_iam_role.external_secrets_role[each.key].id}', '${each.value.secret_prefix}', '${local.external_secrets_roles}', '${local.shared_secret_prefix}',
      ],
      'data.aws_route53_zone.external_dns_zone': ['${each.value}', '${toset(local.external_dns_zones)}'],
      'aws_iam_role.external_dns_role': ['${each.key}', '${each.value.role_name}', '${each.value.subject}', '${local.external_dns_roles}'],
      'data.aws_iam_policy_document.external_dns_policy': [
        '${[for zone in each.value.zones : data.aws_route53_zone.external_dns_zone[zone].arn]}', '${local.external_dns_roles}',
      ],
      'aws_iam_role_policy.external_dns_records': [
        '${aws_iam_role.external_dns_role[each.key].id}', '${data.aws_iam_policy_document.external_dns_policy[each.key].json}', '${local.external_dns_roles}',
      ],
      'aws_iam_role.image_push_role': ['${each.key}', '${each.value.role_name}', '${each.value.subject}', '${local.image_push_roles}'],
      'aws_iam_role_policy.image_push': ['${aws_iam_role.image_push_role[each.key].id}', '${each.value.ecr_repository}', '${local.image_push_roles}'],
    });
  });

  test('each.value.<field> is a field of the element of the local iterated over; each.value of a list is the name itself', () => {
    const locals = inventory.locals as Record<keyof TerraformInventory['locals'], unknown>;
    for (const [address, body] of Object.entries(byAddress)) {
      const local = /^\$\{(?:toset\()?local\.(\w+)\)?\}$/.exec(String(body.for_each))?.[1] as keyof TerraformInventory['locals'] | undefined;
      if (!local) continue;
      expect([address, Object.keys(inventory.locals)]).toEqual([address, expect.arrayContaining([local])]);
      const elements = locals[local];
      const fields = interpolations(body).flatMap((ref) => /^\$\{each\.value\.(\w+)\}$/.exec(ref)?.[1] ?? []);
      if (Array.isArray(elements)) {
        expect([address, fields]).toEqual([address, []]);
      } else {
        const shape = Object.keys(Object.values(elements as Record<string, object>)[0]);
        expect([address, fields.filter((f) => !shape.includes(f))]).toEqual([address, []]);
      }
    }
    // The lifecycle policy iterates over the repositories: `each.value.name` is the repository's own argument.
    expect(byAddress['aws_ecr_repository.service'].name).toBe('${each.value}');
  });

  test('the secret name, role name, trust condition and policy resource read the inventory entry', () => {
    const secret = byAddress['aws_secretsmanager_secret.external_secret'];
    expect([secret.name, secret.description]).toEqual(['${each.key}', '${each.value.description}']);
    const pusher = byAddress['aws_iam_role.image_push_role'];
    expect(pusher.name).toBe('${each.value.role_name}');
    expect(JSON.parse(pusher.assume_role_policy).Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toBe('${each.value.subject}');
    const push = JSON.parse(byAddress['aws_iam_role_policy.image_push'].policy);
    expect(push.Statement[1].Resource).toBe('arn:aws:ecr:eu-central-1:111122223333:repository/${each.value.ecr_repository}');
    const read = JSON.parse(byAddress['aws_iam_role_policy.external_secrets_read'].policy);
    expect(read.Statement[0].Resource[0]).toBe('arn:aws:secretsmanager:eu-central-1:111122223333:secret:${each.value.secret_prefix}*');
    const dns = byAddress['data.aws_iam_policy_document.external_dns_policy'];
    expect(dns.statement[0].resources).toBe('${[for zone in each.value.zones : data.aws_route53_zone.external_dns_zone[zone].arn]}');
    expect(inventory.locals.external_dns_roles).toEqual({
      'external-dns': { role_name: 'external-dns', subject: 'system:serviceaccount:external-dns:external-dns', zones: ['example.com', 'example.org'] },
    });
    expect(inventory.locals.image_push_roles).toEqual({
      web: { role_name: 'web-image-push', subject: 'repo:acme/web:ref:refs/heads/release', ecr_repository: 'team/web' },
    });
  });

  test('the roles the cross-plane check compares are the stack\'s roles, read from the same settings and inventory', () => {
    const esoRole = byAddress['aws_iam_role.external_secrets_role'];
    const esoSubject = Object.entries<string>(JSON.parse(esoRole.assume_role_policy).Statement[0].Condition.StringEquals).find(([k]) => k.endsWith(':sub'))![1];
    expect([esoRole.name, esoSubject]).toEqual(['${each.value.role_name}', '${each.value.subject}']);
    const none = { readablePrefixes: [], pushRepositories: [], hostedZones: [] };
    expect(plannedRoles(aws, inventory)).toEqual([
      {
        ...none,
        id: 'external_secrets_role[staging]',
        name: inventory.locals.external_secrets_roles.staging.role_name,
        arn: 'arn:aws:iam::111122223333:role/external-secrets-staging',
        trustedSubjects: [inventory.locals.external_secrets_roles.staging.subject],
        environment: 'staging',
        // The read policy's resources: the environment's prefix and the shared one.
        readablePrefixes: [inventory.locals.external_secrets_roles.staging.secret_prefix, 'shared/'],
      },
      {
        ...none,
        id: 'external_secrets_role[production]',
        name: 'external-secrets-production',
        arn: 'arn:aws:iam::111122223333:role/external-secrets-production',
        trustedSubjects: ['system:serviceaccount:external-secrets:external-secrets-production'],
        environment: 'production',
        readablePrefixes: ['prod/', 'shared/'],
      },
      {
        ...none,
        id: 'image_push_role[web]',
        name: 'web-image-push',
        arn: 'arn:aws:iam::111122223333:role/web-image-push',
        trustedSubjects: ['repo:acme/web:ref:refs/heads/release'],
        pushRepositories: ['team/web'],
      },
      {
        ...none,
        id: 'external_dns_role[external-dns]',
        name: 'external-dns',
        arn: 'arn:aws:iam::111122223333:role/external-dns',
        trustedSubjects: ['system:serviceaccount:external-dns:external-dns'],
        hostedZones: ['example.com', 'example.org'],
      },
    ]);
    // What each role may read of the inventory's secrets: its environment's and the shared ones.
    const secrets = Object.keys(inventory.locals.secrets);
    expect(plannedRoles(aws, inventory).map((role) => secrets.filter((secret) => mayRead(role, secret)))).toEqual([
      ['shared/api/sentry', 'staging/api/db'], ['prod/api/db', 'shared/api/sentry'], [], [],
    ]);
  });
});
