import { FileChange, fileChanges, TreeContents, unifiedPatch } from './file-changes';
import type { TerraformJson } from '../aws/aws-stack';
import { readStack } from '../aws/stack-view';

/** Names that a change adds and removes, each list sorted. */
export interface AddedRemoved<T> {
  readonly added: readonly T[];
  readonly removed: readonly T[];
}

/** A Secrets Manager secret an IAM role may read (`secretsmanager:GetSecretValue`). */
export interface ReadGrant {
  /** The role's name, e.g. the role External Secrets Operator assumes. */
  readonly role: string;
  /** The secret's name. */
  readonly secret: string;
}

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
 * secrets and read grants the modules create, read back from the JSON (`for_each` over the inventory
 * expanded), and the unified diff of the files. Pure.
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
 * The resources of every module in the folder. Each module (`stacks/<name>/`) is read on its own, as
 * Terraform would; a file that is not valid JSON (e.g. a merge conflict) counts as absent, and only
 * the file-level diff shows it.
 */
function resourcesOf(tree: TreeContents): Resources {
  const modules = new Map<string, TerraformJson[]>();
  for (const [file, content] of tree) {
    if (!file.endsWith('.json')) continue;
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    let doc: unknown;
    try {
      doc = JSON.parse(content);
    } catch {
      continue;
    }
    if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) modules.set(dir, [...(modules.get(dir) ?? []), doc as TerraformJson]);
  }
  const ecrRepositories = new Set<string>();
  const secrets = new Set<string>();
  const readGrants = new Map<string, ReadGrant>();
  for (const documents of modules.values()) {
    const stack = readStack(documents);
    for (const name of stack.ecrRepositories) ecrRepositories.add(name);
    for (const name of stack.secretNames) secrets.add(name);
    for (const role of stack.roles.values()) {
      for (const secret of role.grantedSecrets) readGrants.set(grantKey({ role: role.name, secret }), { role: role.name, secret });
    }
  }
  return { ecrRepositories, secrets, readGrants };
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
