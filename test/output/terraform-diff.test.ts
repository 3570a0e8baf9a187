import { SecretRef, synthesize } from '../../src';
import { describeTerraformDiff, diffTerraform } from '../../src/output/terraform-diff';
import { secretsRepo } from '../support/secrets-fixtures';

const INVENTORY = 'stacks/gitops-synth/inventory.tf.json';
const STACK = 'stacks/gitops-synth/cdk.tf.json';
/** Each environment's External Secrets role reads its own prefix (`staging/`, `prod/`) and the shared one. */
const STAGING_ROLE = 'external-secrets-staging';
const PRODUCTION_ROLE = 'external-secrets-production';
const GRANTS: ReadonlyArray<readonly [string, string]> = [
  [PRODUCTION_ROLE, 'prod/api/db'], [PRODUCTION_ROLE, 'shared/api/sentry'], [STAGING_ROLE, 'shared/api/sentry'], [STAGING_ROLE, 'staging/api/db'],
];

interface Variant {
  /** Adds a service `worker` (ECR repository) reading `shared/worker/token`. */
  readonly worker?: boolean;
  /** The ESO role's name. */
  readonly roleName?: string;
}

/** The Terraform output folder's files (path → content) of the secrets fixture. */
function terraform(v: Variant = {}): Map<string, string> {
  const { repo } = secretsRepo({ aws: v.roleName ? { externalSecrets: { roleName: v.roleName } } : {} });
  if (v.worker) {
    repo.addService('worker', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/worker', port: 9090 })
      .addExternalSecret('token', { extract: [SecretRef.fromAwsSecretsManager('shared/worker/token')] });
  }
  return new Map(synthesize(repo).terraform!.files.map((f) => [f.path, f.content]));
}

describe('diffTerraform', () => {
  test('no changes', () => {
    expect(diffTerraform(terraform(), terraform(), 'cdktf.out')).toEqual({
      ecrRepositories: { added: [], removed: [] },
      secrets: { added: [], removed: [] },
      readGrants: { added: [], removed: [] },
      files: [],
      patch: '',
    });
  });

  test('a service with a secret adds its ECR repository, the secret and the role\'s read grant', () => {
    const diff = diffTerraform(terraform(), terraform({ worker: true }), 'cdktf.out');
    expect(diff.ecrRepositories).toEqual({ added: ['worker'], removed: [] });
    expect(diff.secrets).toEqual({ added: ['shared/worker/token'], removed: [] });
    expect(diff.readGrants).toEqual({ added: [PRODUCTION_ROLE, STAGING_ROLE].map((role) => ({ role, secret: 'shared/worker/token' })), removed: [] });
    // The resources iterate over the inventory: only its locals change.
    expect(diff.files).toEqual([{ path: INVENTORY, status: 'modified' }]);
    expect(diff.patch).toContain(`--- a/cdktf.out/${INVENTORY}\n+++ b/cdktf.out/${INVENTORY}\n`);
    expect(diff.patch).toContain('+      "worker"\n');
    expect(describeTerraformDiff(diff)).toEqual([
      'ECR repository added: worker',
      'Secrets Manager secret added: shared/worker/token',
      `read grant added: role ${PRODUCTION_ROLE} may read shared/worker/token`,
      `read grant added: role ${STAGING_ROLE} may read shared/worker/token`,
    ]);
  });

  test('removing the service removes them again', () => {
    const diff = diffTerraform(terraform({ worker: true }), terraform());
    expect(describeTerraformDiff(diff)).toEqual([
      'ECR repository removed: worker',
      'Secrets Manager secret removed: shared/worker/token',
      `read grant removed: role ${PRODUCTION_ROLE} may no longer read shared/worker/token`,
      `read grant removed: role ${STAGING_ROLE} may no longer read shared/worker/token`,
    ]);
  });

  test('a renamed role moves every grant, sorted by role then secret', () => {
    const diff = diffTerraform(terraform(), terraform({ roleName: 'eso-reader' }));
    expect(diff.secrets).toEqual({ added: [], removed: [] });
    expect(diff.readGrants).toEqual({
      added: GRANTS.map(([role, secret]) => ({ role: role.replace('external-secrets', 'eso-reader'), secret })),
      removed: GRANTS.map(([role, secret]) => ({ role, secret })),
    });
    // The roles are iterated over like everything else: their names are data of the inventory.
    expect(diff.files).toEqual([{ path: INVENTORY, status: 'modified' }]);
  });

  test('the first synth with an AWS side adds both files and everything in them', () => {
    const diff = diffTerraform(new Map(), terraform());
    expect(diff.files).toEqual([{ path: STACK, status: 'added' }, { path: INVENTORY, status: 'added' }]);
    expect(diff.ecrRepositories.added).toEqual(['api']);
    expect(diff.secrets.added).toEqual(['prod/api/db', 'shared/api/sentry', 'staging/api/db']);
    expect(diff.readGrants.added.map((g) => [g.role, g.secret])).toEqual(GRANTS);
    expect(diff.patch).toContain(`--- /dev/null\n+++ b/${STACK}\n`);
  });

  test('a change nothing in the summary describes is named by its file', () => {
    const after = terraform();
    after.set(INVENTORY, after.get(INVENTORY)!.replace('Read by api (production)', 'Read by api (prod)'));
    expect(describeTerraformDiff(diffTerraform(terraform(), after))).toEqual([`changed ${INVENTORY}`]);
  });

  test('a committed file that is not JSON (a merge conflict) counts as absent; its diff still shows', () => {
    const before = terraform();
    before.set(INVENTORY, `<<<<<<< HEAD\n${before.get(INVENTORY)!}=======\n>>>>>>> branch\n`);
    const diff = diffTerraform(before, terraform());
    expect(diff.secrets.added).toEqual(['prod/api/db', 'shared/api/sentry', 'staging/api/db']);
    expect(diff.patch).toContain('-<<<<<<< HEAD\n');
  });

  test('a committed inventory of another shape: only names in the inventory\'s shape count, nothing is evaluated, nothing throws', () => {
    const hostile = [
      'null', '[]', '"locals"', '{"locals": []}', '{"locals": {"ecr_repositories": "api", "secrets": ["prod/api/db"]}}',
      `{"locals": ${'['.repeat(100000)}${']'.repeat(100000)}}`,
    ];
    for (const content of hostile) {
      const before = terraform();
      before.set(INVENTORY, content);
      const diff = diffTerraform(before, terraform());
      expect(diff.ecrRepositories).toEqual({ added: ['api'], removed: [] });
      expect(diff.secrets.added).toEqual(['prod/api/db', 'shared/api/sentry', 'staging/api/db']);
    }
    const before = terraform();
    // As text: in an object literal, `__proto__` would set the prototype instead of a key.
    before.set(INVENTORY, '{"locals": {"ecr_repositories": ["api", 7, {"name": "x"}, "${var.repository}"],'
      + ' "secrets": {"__proto__": {"description": 1}, "constructor": null, "prod/api/db": "x"},'
      // A role name that is a reference would need evaluating: that role grants nothing the summary can name.
      + ' "external_secrets_roles": {"__proto__": {"role_name": "${var.role}", "secret_prefix": "prod/"}, "x": 5, "y": {"role_name": "r"}}}}');
    const diff = diffTerraform(before, terraform());
    expect(describeTerraformDiff(diff)).toEqual([
      'ECR repository removed: ${var.repository}',
      'Secrets Manager secret added: shared/api/sentry',
      'Secrets Manager secret added: staging/api/db',
      'Secrets Manager secret removed: __proto__',
      'Secrets Manager secret removed: constructor',
      ...GRANTS.map(([role, secret]) => `read grant added: role ${role} may read ${secret}`),
    ]);
    expect(Object.prototype).not.toHaveProperty('description');
  });
});
