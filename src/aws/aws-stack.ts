import * as path from 'path';
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { AwsSide, ecrRepositoryOf, iamRoleArn } from './aws-side';
import { inMemoryApp, ref, S3Backend, TerraformIterator, TerraformStack, Token } from './cdktf';
import { ecrPushPolicy, githubBranchSubject, githubTrustPolicy, irsaTrustPolicy, SECRET_READ_ACTIONS, serviceAccountSubject, untaggedExpiryLifecyclePolicy } from './iam-policies';
import type { GitOpsRepo } from '../repo/gitops-repo';
import { ModelIndex } from '../repo/model-index';
import { resolveSource } from '../workload/service-source';

/** The Terraform JSON of a stack: what `cdk.tf.json` holds. */
export type TerraformJson = Record<string, unknown>;

/** A service's ECR repository as the stack creates it. */
export interface PlannedRepository {
  /** Repository name. */
  readonly name: string;
  /** Services pushing to it. */
  readonly services: readonly string[];
}

/** A Secrets Manager secret as the stack creates it. */
export interface PlannedSecret {
  /** The secret's name (the ExternalSecrets' remote key). */
  readonly name: string;
  /** Who reads it: `api-service (production)`, `api-service (all environments)`. */
  readonly consumers: readonly string[];
}

/** A service's image push role as the stack creates it. */
export interface PlannedPushRole {
  /** The service. */
  readonly service: string;
  /** The role's name. */
  readonly roleName: string;
  /** The only OIDC `sub` it trusts: `repo:<owner>/<repo>:ref:refs/heads/<branch>`. */
  readonly subject: string;
  /** The ECR repository it may push to. */
  readonly ecrRepository: string;
}

/** The image push roles the stack creates, sorted by service: one per service with a `source` whose image is in this account's ECR. */
export function plannedPushRoles(repo: GitOpsRepo, side: AwsSide): PlannedPushRole[] {
  return repo.services
    .filter((s) => s.props.source !== undefined && !s.props.externalImage)
    .map((s) => {
      const source = resolveSource(s.props.source!);
      return {
        service: s.name,
        roleName: side.imagePushRoleName(s.name),
        subject: githubBranchSubject(source.repository, source.branch),
        ecrRepository: ecrRepositoryOf(side, s.image, s.name),
      };
    })
    .sort((a, b) => compare(a.service, b.service));
}

/** The ECR repositories the stack creates, by name, sorted: one per image of a service not marked external. */
export function plannedRepositories(repo: GitOpsRepo, side: AwsSide): PlannedRepository[] {
  const byName = new Map<string, string[]>();
  for (const service of repo.services) {
    if (service.props.externalImage) continue;
    // An image elsewhere still gets its repository here; the cross-plane check reports the mismatch.
    const name = ecrRepositoryOf(side, service.image, service.name);
    byName.set(name, [...(byName.get(name) ?? []), service.name]);
  }
  return [...byName.entries()].sort(([a], [b]) => compare(a, b)).map(([name, services]) => ({ name, services }));
}

/**
 * The Secrets Manager secrets the stack creates, sorted: one per distinct key any ExternalSecret reads.
 *
 * @param index the constructs of the tree, when the caller has found them already
 * @default - found by walking the tree
 */
export function plannedSecrets(repo: GitOpsRepo, index: ModelIndex = ModelIndex.of(repo)): PlannedSecret[] {
  const byKey = new Map<string, Set<string>>();
  for (const service of repo.services) {
    for (const es of index.externalSecretsOf(service)) {
      for (const secretRef of es.refs) {
        if (secretRef.backend !== 'aws-secrets-manager') continue;
        const consumer = `${es.consumer.service} (${es.consumer.environment ?? 'all environments'})`;
        byKey.set(secretRef.key, (byKey.get(secretRef.key) ?? new Set()).add(consumer));
      }
    }
  }
  return [...byKey.entries()].sort(([a], [b]) => compare(a, b)).map(([name, consumers]) => ({ name, consumers: [...consumers].sort() }));
}

/** A secret of the inventory (`local.secrets`, by name): what its resource reads as `each.value`. */
export type InventorySecret = {
  /** The secret's description. */
  readonly description: string;
};

/** An image push role of the inventory (`local.image_push_roles`, by service): what its resources read as `each.value`. */
export type InventoryPushRole = {
  /** The role's name. */
  readonly role_name: string;
  /** The only OIDC `sub` it trusts. */
  readonly subject: string;
  /** The ECR repository it may push to. */
  readonly ecr_repository: string;
};

/** The inventory file's JSON: a comment and the locals the stack's resources iterate over. */
export type TerraformInventory = {
  readonly '//': string;
  readonly 'locals': {
    /** Names of the ECR repositories, sorted. */
    readonly ecr_repositories: readonly string[];
    /** The Secrets Manager secrets by name, with their descriptions. */
    readonly secrets: Readonly<Record<string, InventorySecret>>;
    /** The image push roles by service: role name, the only `sub` it trusts, the ECR repository it pushes to. */
    readonly image_push_roles: Readonly<Record<string, InventoryPushRole>>;
  };
};

/**
 * The inventory of the AWS side as Terraform JSON (`inventory.tf.json`): locals naming the ECR
 * repositories and the Secrets Manager secrets (with their descriptions) the stack creates. Plain data
 * next to the stack, so that a service added is one line in the diff and the stack's size does not
 * grow with the number of services.
 *
 * @param index the constructs of the tree, when the caller has found them already
 * @default - found by walking the tree
 */
export function terraformInventory(repo: GitOpsRepo, side: AwsSide, index?: ModelIndex): TerraformInventory {
  const secrets: Record<string, InventorySecret> = {};
  for (const planned of plannedSecrets(repo, index)) {
    secrets[planned.name] = {
      description: `Read by ${planned.consumers.join(', ')} through External Secrets Operator; the value is set out of band, never in Git`,
    };
  }
  const imagePushRoles: Record<string, InventoryPushRole> = {};
  for (const role of plannedPushRoles(repo, side)) {
    imagePushRoles[role.service] = { role_name: role.roleName, subject: role.subject, ecr_repository: role.ecrRepository };
  }
  return {
    '//': 'Generated by gitops-synth from the service definitions: the ECR repositories, Secrets Manager secrets and image push roles of cdk.tf.json.',
    'locals': {
      ecr_repositories: plannedRepositories(repo, side).map((r) => r.name),
      secrets,
      image_push_roles: imagePushRoles,
    },
  };
}

/**
 * Terraform names of the stack's IAM roles (`aws_iam_role.<name>`): problems and diffs name the
 * roles by them, so they are decided here, once, for the stack and its readers.
 */
export const STACK_ROLE_IDS = {
  /** The role External Secrets Operator assumes. */
  externalSecrets: 'external_secrets_role',
  /** The image push roles, one instance per service (`image_push_role["<service>"]` in Terraform). */
  imagePush: 'image_push_role',
} as const;

/**
 * Builds the CDKTF stack of the AWS side: for each ECR repository of the inventory one instance
 * (immutable tags, scan on push, untagged images expire), for each secret of the inventory a Secrets
 * Manager secret without a value, and the IAM role External Secrets Operator assumes through IRSA,
 * allowed to read exactly those secrets. Resources iterate (`for_each`) over the inventory's locals,
 * so the stack has the same few resources however many services there are.
 */
export function buildAwsStack(repo: GitOpsRepo, side: AwsSide, inventory: TerraformInventory = terraformInventory(repo, side)): TerraformStack {
  // Built in memory only: gitops-synth writes the JSON itself, through its tree writer.
  const stack = new TerraformStack(inMemoryApp(), side.stackName);
  const local = (name: keyof TerraformInventory['locals']) => ref(`local.${name}`, stack);
  if (side.s3Backend) {
    new S3Backend(stack, { ...side.s3Backend, region: side.s3Backend.region ?? side.region, encrypt: true });
  }
  new AwsProvider(stack, 'aws', {
    region: side.region,
    allowedAccountIds: [side.accountId],
    defaultTags: [{ tags: { 'managed-by': 'gitops-synth' } }],
  });
  if (inventory.locals.ecr_repositories.length > 0) {
    const names = TerraformIterator.fromList(Token.asList(local('ecr_repositories')));
    const ecr = new EcrRepository(stack, 'service', {
      forEach: names,
      name: names.value,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
    });
    const repositories = TerraformIterator.fromResources(ecr);
    new EcrLifecyclePolicy(stack, 'service_lifecycle', {
      forEach: repositories,
      repository: repositories.getString('name'),
      policy: JSON.stringify(untaggedExpiryLifecyclePolicy(side.untaggedImageExpiryDays)),
    });
  }
  const role = new IamRole(stack, STACK_ROLE_IDS.externalSecrets, {
    name: side.externalSecretsRoleName,
    description: `Assumed by External Secrets Operator (${side.externalSecretsNamespace}/${side.externalSecretsServiceAccount}) through IRSA`,
    assumeRolePolicy: JSON.stringify(irsaTrustPolicy(
      side.oidcProviderArn, side.clusterOidcIssuer, side.externalSecretsNamespace, side.externalSecretsServiceAccount)),
  });
  if (Object.keys(inventory.locals.secrets).length > 0) {
    const entries = TerraformIterator.fromMap(Token.asAnyMap(local('secrets')));
    // Typed by the inventory's element, so that a resource cannot read a field the inventory does not have.
    const secretField = (name: keyof InventorySecret) => entries.getString(name);
    const secret = new SecretsmanagerSecret(stack, 'external_secret', {
      forEach: entries,
      name: entries.key,
      description: secretField('description'),
      kmsKeyId: side.kmsKeyArn,
    });
    const policy = new DataAwsIamPolicyDocument(stack, 'external_secrets_read_policy', {
      statement: secretsReadStatements(Token.asList(TerraformIterator.fromResources(secret).pluckProperty('arn')), side.kmsKeyArn, side.region),
    });
    new IamRolePolicy(stack, 'external_secrets_read', {
      name: 'read-referenced-secrets',
      role: role.id,
      policy: policy.json,
    });
  }
  if (Object.keys(inventory.locals.image_push_roles).length > 0) {
    // One role per service with a source: trusted by GitHub Actions runs of its repository and branch
    // only, allowed to push to its own ECR repository only.
    const pushers = TerraformIterator.fromMap(Token.asAnyMap(local('image_push_roles')));
    const pusherField = (name: keyof InventoryPushRole) => pushers.getString(name);
    new IamRole(stack, STACK_ROLE_IDS.imagePush, {
      forEach: pushers,
      name: pusherField('role_name'),
      description: 'Assumed by the image build workflow of ${each.key} through GitHub\'s OIDC provider, to push its image',
      assumeRolePolicy: JSON.stringify(githubTrustPolicy(side.githubOidcProviderArn, pusherField('subject'))),
    });
    new IamRolePolicy(stack, 'image_push', {
      forEach: pushers,
      name: 'push-to-own-ecr-repository',
      role: `\${aws_iam_role.${STACK_ROLE_IDS.imagePush}[each.key].id}`,
      policy: JSON.stringify(ecrPushPolicy(`arn:aws:ecr:${side.region}:${side.accountId}:repository/${pusherField('ecr_repository')}`)),
    });
  }
  return stack;
}

/**
 * Least-privilege read access: the three read actions on exactly the given secret ARNs, and
 * `kms:Decrypt` on the customer managed key when there is one, only through Secrets Manager.
 */
function secretsReadStatements(secretArns: string[], kmsKeyArn: string | undefined, region: string): DataAwsIamPolicyDocumentStatement[] {
  const statements: DataAwsIamPolicyDocumentStatement[] = [{
    sid: 'ReadReferencedSecrets',
    effect: 'Allow',
    actions: [...SECRET_READ_ACTIONS],
    resources: secretArns,
  }];
  if (kmsKeyArn) {
    statements.push({
      sid: 'DecryptReferencedSecrets',
      effect: 'Allow',
      actions: ['kms:Decrypt'],
      resources: [kmsKeyArn],
      // The key may only be used through Secrets Manager, not to decrypt anything else it protects.
      condition: [{ test: 'StringEquals', variable: 'kms:ViaService', values: [`secretsmanager.${region}.amazonaws.com`] }],
    });
  }
  return statements;
}

/** An IAM role the stack creates: whom it trusts and what it may do. */
export interface PlannedRole {
  /** Its Terraform name below `aws_iam_role.`: `external_secrets_role`, `image_push_role[api]`. */
  readonly id: string;
  /** The role's name. */
  readonly name: string;
  /** The role's ARN. */
  readonly arn: string;
  /** The `sub` claims its trust policy admits for `sts:AssumeRoleWithWebIdentity`. */
  readonly trustedSubjects: readonly string[];
  /** Names of the Secrets Manager secrets it may read, sorted. */
  readonly readableSecrets: readonly string[];
  /** Names of the ECR repositories it may push to, sorted. */
  readonly pushRepositories: readonly string[];
}

/**
 * The IAM roles {@link buildAwsStack} creates from the AWS side's settings and an inventory: the role
 * External Secrets Operator assumes, trusting its ServiceAccount and reading every secret of the
 * inventory, then one image push role per entry of `image_push_roles`, by service. Read from the
 * model, not from the JSON: the stack's resources iterate over the same inventory, and a unit test
 * pins that wiring.
 */
export function plannedRoles(side: AwsSide, inventory: TerraformInventory): PlannedRole[] {
  const roles: PlannedRole[] = [{
    id: STACK_ROLE_IDS.externalSecrets,
    name: side.externalSecretsRoleName,
    arn: side.externalSecretsRoleArn,
    trustedSubjects: [serviceAccountSubject(side.externalSecretsNamespace, side.externalSecretsServiceAccount)],
    readableSecrets: Object.keys(inventory.locals.secrets).sort(compare),
    pushRepositories: [],
  }];
  const pushers = Object.entries(inventory.locals.image_push_roles).sort(([a], [b]) => compare(a, b));
  for (const [service, pusher] of pushers) {
    roles.push({
      id: `${STACK_ROLE_IDS.imagePush}[${service}]`,
      name: pusher.role_name,
      arn: iamRoleArn(side.accountId, pusher.role_name),
      trustedSubjects: [pusher.subject],
      readableSecrets: [],
      pushRepositories: [pusher.ecr_repository],
    });
  }
  return roles;
}

/** The Terraform JSON of an AWS side: the files of one Terraform module. */
export interface RenderedTerraform {
  /** The AWS side it was built from. */
  readonly side: AwsSide;
  /** `cdk.tf.json`: the provider and the resources, built with CDKTF. */
  readonly stack: TerraformJson;
  /** `inventory.tf.json`: the locals the resources iterate over. */
  readonly inventory: TerraformInventory;
}

/**
 * The Terraform JSON of the repository's AWS side, or `undefined` when it has none. Pure: no I/O.
 * The largest cost of a synth with an AWS side: a synth builds it once, for the checks and the writer.
 *
 * @param index the constructs of the repository, when the caller has found them already
 * @default - found by walking the tree
 */
export function renderTerraform(repo: GitOpsRepo, index: ModelIndex = ModelIndex.of(repo)): RenderedTerraform | undefined {
  const side = AwsSide.of(repo);
  const inventory = side && terraformInventory(repo, side, index);
  return side && inventory && {
    side,
    stack: withoutTokenStackTraces(() => buildAwsStack(repo, side, inventory).toTerraform() as TerraformJson),
    inventory,
  };
}

/**
 * Runs `fn` with stack traces that cost nothing to format. CDKTF records the full creation stack of
 * every token, only to quote it in an error about that token; for thousands of resources that is a
 * third of the stack's build time (measured).
 */
function withoutTokenStackTraces<T>(fn: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => '';
  try {
    return fn();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

/** Name of the stack's file in its module's folder: the provider and the resources. */
export const TERRAFORM_STACK_FILE = 'cdk.tf.json';

/** Name of the inventory's file in its module's folder, next to the stack's: the locals the resources iterate over. */
export const TERRAFORM_INVENTORY_FILE = 'inventory.tf.json';

/** Where the Terraform JSON goes: the output folder, and the module's files inside it. */
export interface TerraformOutput {
  /** The output folder, e.g. `cdktf.out`. */
  readonly outdir: string;
  /** Path of the stack's `cdk.tf.json` inside it. */
  readonly stackFile: string;
  /** Path of the inventory's `inventory.tf.json` inside it, next to the stack's file. */
  readonly inventoryFile: string;
}

/**
 * The folder the Terraform JSON is written to, and the files' paths inside it. The folder is decided by
 * the definitions, never by where the tree is written: a tree written elsewhere (`synth --out`) leaves
 * the Terraform JSON where the definitions put it.
 *
 * @param repo the repository whose `outdir` (as defined) `cdktf.out` goes next to, unless the AWS side names a folder
 * @param outdir a folder overriding both (the command's `--terraform-out`)
 * @default outdir - the AWS side's `outdir`, else `cdktf.out` next to the repository's `outdir`
 */
export function terraformOutput(repo: Pick<GitOpsRepo, 'outdir'>, side: AwsSide, outdir?: string): TerraformOutput {
  return {
    outdir: outdir ?? side.outdir ?? path.join(path.dirname(repo.outdir), 'cdktf.out'),
    stackFile: `stacks/${side.stackName}/${TERRAFORM_STACK_FILE}`,
    inventoryFile: `stacks/${side.stackName}/${TERRAFORM_INVENTORY_FILE}`,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
