import { FileChange, fileChanges, TreeContents, unifiedPatch } from './file-changes';
import { InventoryReadGrant, inventoryReadGrants, TERRAFORM_INVENTORY_FILE } from '../aws/aws-stack';
import { unescapeTerraform } from '../aws/terraform-escape';

/** Names that a change adds and removes, each list sorted. */
export interface AddedRemoved<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
}

/** A Secrets Manager secret an IAM role (External Secrets Operator's) may read (`secretsmanager:GetSecretValue`). */
export type ReadGrant = InventoryReadGrant;

/** The difference between two versions of the AWS side's Terraform JSON (a `cdktf.out` folder). */
export interface TerraformDiff {
  /** ECR repositories created or no longer created. */
  readonly ecrRepositories: AddedRemoved<string>;
  /** Secrets Manager secrets created or no longer created. */
  readonly secrets: AddedRemoved<string>;
  /** What the roles (External Secrets Operator's) may read, granted or revoked; sorted by role, then secret. */
  readonly readGrants: AddedRemoved<ReadGrant>;
  /** The files whose content differs, sorted by path. */
  readonly files: readonly FileChange[];
  /** Unified diff of the JSON files. */
  readonly patch: string;
}

/** What the summary compares of one version of the Terraform JSON. */
interface Resources {
  readonly ecrRepositories: ReadonlySet<string>;
  readonly secrets: ReadonlySet<string>;
  /** Grants keyed by {@link grantKey}. */
  readonly readGrants: ReadonlyMap<string, ReadGrant>;
}

/**
 * Compares two versions of the Terraform output folder: which ECR repositories, Secrets Manager
 * secrets and read grants the modules create, read from their inventories (plain data, the locals
 * the stacks' resources iterate over), and the unified diff of the files. Pure.
 *
 * @param before path → content of the `*.tf.json` files, e.g. as committed at a revision
 * @param after the same, as the definitions produce them
 * @param prefix the folder shown in the diff headers, e.g. `cdktf.out`
 */
export function diffTerraform(before: TreeContents, after: TreeContents, prefix = ''): TerraformDiff {
  const files = fileChanges(before, after);
  const a = resourcesOf(before);
  const b = resourcesOf(after);
  const grants = addedRemoved(new Set(a.readGrants.keys()), new Set(b.readGrants.keys()));
  return {
    ecrRepositories: addedRemoved(a.ecrRepositories, b.ecrRepositories),
    secrets: addedRemoved(a.secrets, b.secrets),
    readGrants: {
      added: grants.added.map((k) => b.readGrants.get(k)!),
      removed: grants.removed.map((k) => a.readGrants.get(k)!),
    },
    files,
    patch: unifiedPatch(before, after, files, prefix),
  };
}

/**
 * One line per change of a {@link TerraformDiff}, for a reader: repositories, secrets, then grants;
 * `changed <file>` for each changed file when none of those changed (a setting, a description, …).
 */
export function describeTerraformDiff(diff: TerraformDiff): string[] {
  const lines = [
    ...diff.ecrRepositories.added.map((n) => `ECR repository added: ${n}`),
    ...diff.ecrRepositories.removed.map((n) => `ECR repository removed: ${n}`),
    ...diff.secrets.added.map((n) => `Secrets Manager secret added: ${n}`),
    ...diff.secrets.removed.map((n) => `Secrets Manager secret removed: ${n}`),
    ...diff.readGrants.added.map((g) => `read grant added: role ${g.role} may read ${g.secret}`),
    ...diff.readGrants.removed.map((g) => `read grant removed: role ${g.role} may no longer read ${g.secret}`),
  ];
  return lines.length > 0 ? lines : diff.files.map((f) => `changed ${f.path}`);
}

/**
 * The resources of every module in the folder (`stacks/<name>/`), each read from its inventory file:
 * its ECR repositories and secrets, and the grants of each environment's External Secrets Operator
 * role, which reads the secrets under its environment's prefix and the shared one
 * (`inventoryReadGrants`). Data only, nothing evaluated: an inventory that is not JSON (e.g. a merge
 * conflict) or not of the inventory's shape counts as absent, a part of it that is not (a repository
 * that is not a name, a role without a name) is left out, and only the file-level diff shows either.
 */
function resourcesOf(tree: TreeContents): Resources {
  const ecrRepositories = new Set<string>();
  const secrets = new Set<string>();
  const readGrants = new Map<string, ReadGrant>();
  for (const [file, content] of tree) {
    const dir = moduleOf(file, TERRAFORM_INVENTORY_FILE);
    if (dir === undefined) continue;
    const locals = objectAt(parseJson(content), 'locals');
    if (!locals) continue;
    const repositories = valueAt(locals, 'ecr_repositories');
    if (Array.isArray(repositories)) {
      for (const name of repositories) if (typeof name === 'string') ecrRepositories.add(name);
    }
    for (const name of Object.keys(objectAt(locals, 'secrets') ?? {})) secrets.add(unescapeTerraform(name));
    for (const grant of inventoryReadGrants(locals)) readGrants.set(grantKey(grant), grant);
  }
  return { ecrRepositories, secrets, readGrants };
}

/** The folder of a module's file named `name` (with its trailing `/`, or `''` at the top), or `undefined` for any other file. */
function moduleOf(file: string, name: string): string | undefined {
  if (file === name) return '';
  return file.endsWith(`/${name}`) ? file.slice(0, file.length - name.length) : undefined;
}

/** The JSON value of a text, or `undefined` when it is not JSON. */
function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (a merge conflict), or nested deeper than the parser goes: absent here, shown by the file-level diff.
    return undefined;
  }
}

/** The value at `key` of a JSON object: an own property only, so that no name (`constructor`, `__proto__`) reaches a prototype. */
function valueAt(value: unknown, key: string): unknown {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** The object (not array) at `key` of a JSON object. */
function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  const child = valueAt(value, key);
  return isObject(child) ? child : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A key that sorts grants by role, then by secret. */
function grantKey(grant: ReadGrant): string {
  return `${grant.role}\u0000${grant.secret}`;
}

function addedRemoved(before: ReadonlySet<string>, after: ReadonlySet<string>): AddedRemoved<string> {
  return {
    added: [...after].filter((n) => !before.has(n)).sort(),
    removed: [...before].filter((n) => !after.has(n)).sort(),
  };
}
