import { iamRoleArn } from './aws-side';
import type { TerraformJson } from './aws-stack';

/** An IAM role of a Terraform module, as the cross-plane check compares it. */
export interface RoleView {
  /** Its Terraform resource id (`aws_iam_role.<id>`). */
  readonly id: string;
  /** The role's name. */
  readonly name: string;
  /** The `sub` claims its trust policy admits for `sts:AssumeRoleWithWebIdentity`. */
  readonly trustedSubjects: readonly string[];
  /** Names of the Secrets Manager secrets its inline policies allow `secretsmanager:GetSecretValue` on. */
  readonly grantedSecrets: ReadonlySet<string>;
  /** Names of the ECR repositories its inline policies allow `ecr:PutImage` on (by ARN). */
  readonly pushRepositories: ReadonlySet<string>;
}

/** What a Terraform module of the AWS side creates, read back from the JSON of its files. */
export interface StackView {
  /** The stack's name (CDKTF metadata), `?` when absent. */
  readonly name: string;
  /** The only account the provider may touch, if it names exactly one. */
  readonly accountId?: string;
  /** The provider's region. */
  readonly region?: string;
  /** Names of the Secrets Manager secrets, sorted. */
  readonly secretNames: readonly string[];
  /** Roles by ARN (known only when the account is). */
  readonly roles: ReadonlyMap<string, RoleView>;
  /** Names of the ECR repositories. */
  readonly ecrRepositories: ReadonlySet<string>;
}

type Body = Record<string, unknown>;
type Blocks = Record<string, Record<string, Body>>;

/** One instance of a resource: the `each.key` and `each.value` of its `for_each`, if it has one. */
interface Instance {
  readonly key?: string;
  readonly value?: unknown;
}

/** A policy statement, whether written as IAM JSON or as an `aws_iam_policy_document` block. */
interface Statement {
  readonly effect: unknown;
  readonly actions: string[];
  readonly resources: unknown;
}

/**
 * Reads the resources the cross-plane check compares from the JSON files of one Terraform module
 * (`cdk.tf.json` and `inventory.tf.json`): it expands `for_each` over literal maps, sets and locals,
 * substitutes `each.key` / `each.value`, and follows references to secrets, roles and policy documents.
 * Anything it cannot evaluate counts as absent, so a check built on it errs towards reporting.
 */
export function readStack(documents: readonly TerraformJson[]): StackView {
  const module = mergeModule(documents);
  type ProviderJson = { region?: string; allowed_account_ids?: string[] };
  const provider = ((module.provider.aws as unknown[] | undefined)?.[0] ?? {}) as ProviderJson;
  const accountId = provider.allowed_account_ids?.length === 1 ? provider.allowed_account_ids[0] : undefined;
  const of = (type: string) => Object.entries(module.resource[type] ?? {});

  // Secret names by resource id, then by instance key ('' without for_each).
  const secrets = new Map<string, Map<string, string>>();
  for (const [id, body] of of('aws_secretsmanager_secret')) {
    const named = new Map<string, string>();
    for (const instance of instancesOf(body, module.locals)) {
      const name = attribute(body, 'name', instance);
      if (name !== undefined) named.set(instance.key ?? '', name);
    }
    secrets.set(id, named);
  }

  // Roles by resource id, and by `<id>[<key>]` for each instance of a role with `for_each`.
  type MutableRole = { id: string; name: string; trustedSubjects: string[]; grantedSecrets: Set<string>; pushRepositories: Set<string> };
  const roleById = new Map<string, MutableRole>();
  for (const [id, body] of of('aws_iam_role')) {
    for (const instance of instancesOf(body, module.locals)) {
      const name = instance.key === undefined ? String(body.name) : attribute(body, 'name', instance);
      if (name === undefined) continue;
      const trustedSubjects = policyStatements(substituteEach(body.assume_role_policy, instance), module)
        .filter((s) => s.effect === 'Allow' && s.actions.includes('sts:AssumeRoleWithWebIdentity'))
        .flatMap((s) => s.trustedSubjects);
      const key = instance.key === undefined ? id : `${id}[${instance.key}]`;
      roleById.set(key, { id: key, name, trustedSubjects, grantedSecrets: new Set(), pushRepositories: new Set() });
    }
  }
  for (const [, body] of of('aws_iam_role_policy')) {
    for (const instance of instancesOf(body, module.locals)) {
      const roleRef = /^\$\{aws_iam_role\.([^.[]+)(\[each\.key\])?\.(id|name)\}$/.exec(String(body.role));
      const role = roleRef
        ? roleById.get(roleRef[2] ? `${roleRef[1]}[${instance.key}]` : roleRef[1])
        : [...roleById.values()].find((r) => r.name === body.role);
      if (!role) continue;
      for (const statement of policyStatements(substituteEach(body.policy, instance), module)) {
        if (statement.effect !== 'Allow') continue;
        if (statement.actions.includes('secretsmanager:GetSecretValue')) {
          for (const name of grantedSecretNames(statement.resources, secrets)) role.grantedSecrets.add(name);
        }
        if (statement.actions.includes('ecr:PutImage')) {
          for (const resource of asList(statement.resources as string | string[] | undefined)) {
            const repository = /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\d{12}:repository\/(.+)$/.exec(resource);
            if (repository) role.pushRepositories.add(repository[1]);
          }
        }
      }
    }
  }
  const roles = new Map<string, RoleView>();
  if (accountId) for (const role of roleById.values()) roles.set(iamRoleArn(accountId, role.name), role);

  const ecrRepositories = new Set<string>();
  for (const [, body] of of('aws_ecr_repository')) {
    for (const instance of instancesOf(body, module.locals)) {
      const name = attribute(body, 'name', instance);
      if (name !== undefined) ecrRepositories.add(name);
    }
  }
  return {
    name: module.stackName ?? '?',
    accountId,
    region: provider.region,
    secretNames: [...secrets.values()].flatMap((named) => [...named.values()]).sort(),
    roles,
    ecrRepositories,
  };
}

interface Module {
  readonly stackName?: string;
  readonly locals: Record<string, unknown>;
  readonly provider: Record<string, unknown>;
  readonly resource: Blocks;
  readonly data: Blocks;
}

/** The files of a module merged as Terraform merges them: their blocks side by side. */
function mergeModule(documents: readonly TerraformJson[]): Module {
  const module: Module = { locals: {}, provider: {}, resource: {}, data: {} };
  let stackName: string | undefined;
  for (const doc of documents) {
    stackName ??= (doc['//'] as { metadata?: { stackName?: string } } | undefined)?.metadata?.stackName;
    Object.assign(module.locals, doc.locals);
    Object.assign(module.provider, doc.provider);
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, blocks] of Object.entries((doc[kind] ?? {}) as Blocks)) {
        module[kind][type] = { ...module[kind][type], ...blocks };
      }
    }
  }
  return { ...module, stackName };
}

/** The instances of a resource: one without `for_each`, one per key of a literal or local map or set. */
function instancesOf(body: Body, locals: Record<string, unknown>): Instance[] {
  let forEach = body.for_each;
  if (forEach === undefined) return [{}];
  if (typeof forEach === 'string') {
    const local = /^\$\{(?:toset\()?local\.([A-Za-z_][\w-]*)\)?\}$/.exec(forEach);
    if (!local) return [];
    forEach = locals[local[1]];
  }
  if (Array.isArray(forEach)) return forEach.filter((k): k is string => typeof k === 'string').map((k) => ({ key: k, value: k }));
  if (forEach && typeof forEach === 'object') return Object.entries(forEach).map(([key, value]) => ({ key, value }));
  return [];
}

/** A string attribute of one instance, with `each.key` and `each.value[.attr]` substituted; `undefined` if it holds anything else. */
function attribute(body: Body, name: string, instance: Instance): string | undefined {
  const raw = body[name];
  if (typeof raw !== 'string') return undefined;
  // The forms the stack writes, answered without a regular expression: one per instance adds up.
  if (raw === '${each.key}') return instance.key;
  if (raw === '${each.value}') return typeof instance.value === 'string' ? instance.value : undefined;
  if (!raw.includes('${')) return raw;
  let unresolved = false;
  const value = raw.replace(/\$\{each\.(key|value)(?:\.([\w-]+))?\}/g, (_, which: string, attr?: string) => {
    const v = which === 'key' ? instance.key : attr === undefined ? instance.value : (instance.value as Record<string, unknown> | undefined)?.[attr];
    if (typeof v !== 'string') unresolved = true;
    return String(v);
  });
  return unresolved || value.includes('${') ? undefined : value;
}

/** A string with `${each.key}` and `${each.value[.attr]}` substituted, other references left as they are; `undefined` if one of those cannot be. */
function substituteEach(raw: unknown, instance: Instance): unknown {
  if (typeof raw !== 'string' || !raw.includes('${each.')) return raw;
  let unresolved = false;
  const value = raw.replace(/\$\{each\.(key|value)(?:\.([\w-]+))?\}/g, (_, which: string, attr?: string) => {
    const v = which === 'key' ? instance.key : attr === undefined ? instance.value : (instance.value as Record<string, unknown> | undefined)?.[attr];
    if (typeof v !== 'string') unresolved = true;
    return String(v);
  });
  return unresolved ? undefined : value;
}

interface PolicyJson {
  readonly Statement?: ReadonlyArray<{
    readonly Effect?: string;
    readonly Action?: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
  }>;
}

interface PolicyDocumentJson {
  readonly statement?: ReadonlyArray<{
    readonly effect?: string;
    readonly actions?: readonly string[];
    readonly resources?: string | readonly string[];
    readonly condition?: ReadonlyArray<{ readonly test?: string; readonly variable?: string; readonly values?: readonly string[] }>;
  }>;
}

/** The statements of a policy attribute: IAM JSON text, or a reference to an `aws_iam_policy_document`. */
function policyStatements(policy: unknown, module: Module): Array<Statement & { trustedSubjects: string[] }> {
  const docRef = typeof policy === 'string' ? /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policy) : null;
  if (docRef) {
    const doc = (module.data.aws_iam_policy_document?.[docRef[1]] ?? {}) as PolicyDocumentJson;
    return (doc.statement ?? []).map((s) => ({
      effect: s.effect ?? 'Allow',
      actions: asList(s.actions),
      resources: s.resources,
      trustedSubjects: (s.condition ?? []).filter((c) => c.test === 'StringEquals' && c.variable?.endsWith(':sub')).flatMap((c) => asList(c.values)),
    }));
  }
  return (parsePolicy(policy).Statement ?? []).map((s) => ({
    effect: s.Effect,
    actions: asList(s.Action),
    resources: s.Resource,
    trustedSubjects: Object.entries(s.Condition?.StringEquals ?? {}).filter(([k]) => k.endsWith(':sub')).flatMap(([, v]) => asList(v)),
  }));
}

/**
 * Names of the secrets a statement's resources designate: `${aws_secretsmanager_secret.<id>.arn}`,
 * `${aws_secretsmanager_secret.<id>["<key>"].arn}`, or every instance of a secret resource through
 * `${[for key, val in aws_secretsmanager_secret.<id>: val.arn]}` or `${values(aws_secretsmanager_secret.<id>)[*].arn}`.
 */
function grantedSecretNames(resources: unknown, secrets: ReadonlyMap<string, ReadonlyMap<string, string>>): string[] {
  const names: string[] = [];
  for (const resource of typeof resources === 'string' ? [resources] : Array.isArray(resources) ? resources : []) {
    if (typeof resource !== 'string') continue;
    const all = /^\$\{\[\s*for\s+\w+\s*,\s*(\w+)\s+in\s+aws_secretsmanager_secret\.([\w-]+)\s*:\s*\1\.arn\s*\]\}$/.exec(resource)
      ?? /^\$\{values\(aws_secretsmanager_secret\.([\w-]+)\)\[\*\]\.arn\}$/.exec(resource);
    if (all) {
      names.push(...(secrets.get(all[all.length - 1])?.values() ?? []));
      continue;
    }
    const one = /^\$\{aws_secretsmanager_secret\.([\w-]+)(?:\[("(?:[^"\\]|\\.)*")\])?\.arn\}$/.exec(resource);
    const name = one ? secrets.get(one[1])?.get(one[2] === undefined ? '' : JSON.parse(one[2]) as string) : undefined;
    if (name !== undefined) names.push(name);
  }
  return names;
}

function parsePolicy(text: unknown): PolicyJson {
  try {
    return typeof text === 'string' ? JSON.parse(text) as PolicyJson : {};
  } catch {
    return {};
  }
}

function asList(v: string | readonly string[] | undefined): string[] {
  return v === undefined ? [] : typeof v === 'string' ? [v] : [...v];
}
