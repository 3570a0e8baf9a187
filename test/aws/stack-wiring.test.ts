import { buildAwsStack, plannedRoles, TerraformInventory, terraformInventory } from '../../src/aws/aws-stack';
import { Testing } from '../../src/aws/cdktf';
import { secretsRepo } from '../support/secrets-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- Terraform JSON is read as plain data */

/**
 * The secrets fixture with a second service built from source: every local of the inventory has
 * entries, so every resource that iterates over one is in the stack.
 */
function fixture() {
  const { repo, aws } = secretsRepo();
  repo.addService('web', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/team/web', port: 8080, source: { repository: 'acme/web', branch: 'release' } });
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
      'aws_iam_role.image_push_role': '${local.image_push_roles}',
      'aws_iam_role_policy.image_push': '${local.image_push_roles}',
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
      'data.aws_iam_policy_document.external_secrets_read_policy': ['${[ for key, val in aws_secretsmanager_secret.external_secret: val.arn]}'],
      'aws_iam_role_policy.external_secrets_read': ['${aws_iam_role.external_secrets_role.id}', '${data.aws_iam_policy_document.external_secrets_read_policy.json}'],
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
    const read = byAddress['data.aws_iam_policy_document.external_secrets_read_policy'];
    expect(read.statement[0].resources).toBe('${[ for key, val in aws_secretsmanager_secret.external_secret: val.arn]}');
    expect(inventory.locals.image_push_roles).toEqual({
      web: { role_name: 'web-image-push', subject: 'repo:acme/web:ref:refs/heads/release', ecr_repository: 'team/web' },
    });
  });

  test('the roles the cross-plane check compares are the stack\'s roles, read from the same settings and inventory', () => {
    const esoRole = byAddress['aws_iam_role.external_secrets_role'];
    const esoSubject = Object.entries<string>(JSON.parse(esoRole.assume_role_policy).Statement[0].Condition.StringEquals).find(([k]) => k.endsWith(':sub'))![1];
    expect(plannedRoles(aws, inventory)).toEqual([
      {
        id: 'external_secrets_role',
        name: esoRole.name,
        arn: 'arn:aws:iam::111122223333:role/external-secrets',
        trustedSubjects: [esoSubject],
        // The read policy's resources are every instance of the secrets, one per key of local.secrets.
        readableSecrets: Object.keys(inventory.locals.secrets),
        pushRepositories: [],
      },
      {
        id: 'image_push_role[web]',
        name: 'web-image-push',
        arn: 'arn:aws:iam::111122223333:role/web-image-push',
        trustedSubjects: ['repo:acme/web:ref:refs/heads/release'],
        readableSecrets: [],
        pushRepositories: ['team/web'],
      },
    ]);
    expect([esoRole.name, esoSubject]).toEqual(['external-secrets', 'system:serviceaccount:external-secrets:external-secrets']);
  });
});
