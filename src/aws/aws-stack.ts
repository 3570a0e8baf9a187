import * as path from 'path';
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { IamRole, IamRoleConfig } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy, IamRolePolicyConfig } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { AwsSide, ecrRepositoryOf, iamRoleArn } from './aws-side';
import { inMemoryApp, ref, S3Backend, TerraformIterator, TerraformStack, Token } from './cdktf';
import {
  ecrPushPolicy, externalDnsPolicy, githubBranchSubject, githubTrustPolicy, hostedZoneArn, irsaTrustPolicy, PolicyDocument,
  secretPrefixArn, secretsReadPolicy, serviceAccountSubject, untaggedExpiryLifecyclePolicy,
} from './iam-policies';
import { escapeTerraform, escapeTerraformData, unescapeTerraform } from './terraform-escape';
import { externalDnsSettingsOf, ExternalDnsSettings } from '../infrastructure/external-dns';
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

/**
 * The image push roles the stack creates, sorted by service: one per service with a `source` whose image is in this account's ECR.
 *
 * @param index the constructs of the tree, when the caller has found them already
 * @default - the repository's services as they are now
 */
export function plannedPushRoles(repo: GitOpsRepo, side: AwsSide, index?: ModelIndex): PlannedPushRole[] {
  return (index ?? repo).services
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

/**
 * The ECR repositories the stack creates, by name, sorted: one per image of a service not marked external.
 *
 * @param index the constructs of the tree, when the caller has found them already
 * @default - the repository's services as they are now
 */
export function plannedRepositories(repo: GitOpsRepo, side: AwsSide, index?: ModelIndex): PlannedRepository[] {
  const byName = new Map<string, string[]>();
  for (const service of (index ?? repo).services) {
    if (service.props.externalImage) continue;
    // An image elsewhere still gets its repository here; the cross-plane check reports the mismatch.
    const name = ecrRepositoryOf(side, service.image, service.name);
    const services = byName.get(name);
    if (services) services.push(service.name);
    else byName.set(name, [service.name]);
  }
  return [...byName.entries()].sort(([a], [b]) => compare(a, b)).map(([name, services]) => ({ name, services }));
}

/** The names of {@link plannedRepositories}, without who pushes to them. */
function ecrRepositoryNames(repo: GitOpsRepo, side: AwsSide, index?: ModelIndex): string[] {
  const names = new Set<string>();
  for (const service of (index ?? repo).services) {
    if (!service.props.externalImage) names.add(ecrRepositoryOf(side, service.image, service.name));
  }
  // Default string order: by UTF-16 code units, as compare() orders them.
  return [...names].sort();
}

/**
 * The Secrets Manager secrets the stack creates, sorted: one per distinct key any ExternalSecret reads.
 *
 * @param index the constructs of the tree, when the caller has found them already
 * @default - found by walking the tree
 */
export function plannedSecrets(repo: GitOpsRepo, index: ModelIndex = ModelIndex.of(repo)): PlannedSecret[] {
  const byKey = secretConsumers(index);
  return [...byKey.keys()].sort().map((name) => ({ name, consumers: sortedConsumers(byKey, name) }));
}

/**
 * Who reads each key the ExternalSecrets read, unsorted: one consumer as a string, more as a list (most
 * secrets have one).
 */
function secretConsumers(index: ModelIndex): Map<string, string | string[]> {
  const byKey = new Map<string, string | string[]>();
  const add = (key: string, consumer: string) => {
    const known = byKey.get(key);
    if (known === undefined) {
      byKey.set(key, consumer);
    } else if (typeof known !== 'string') {
      if (!known.includes(consumer)) known.push(consumer);
    } else if (known !== consumer) {
      byKey.set(key, [known, consumer]);
    }
  };
  for (const service of index.services) {
    for (const es of index.externalSecretsOf(service)) {
      let consumer: string | undefined;
      for (const entry of es.data) {
        if (entry.ref.backend !== 'aws-secrets-manager') continue;
        add(entry.ref.key, consumer ??= consumerOf(es));
      }
      for (const secretRef of es.extract) {
        if (secretRef.backend !== 'aws-secrets-manager') continue;
        add(secretRef.key, consumer ??= consumerOf(es));
      }
    }
  }
  return byKey;
}

/** The consumers of one key of {@link secretConsumers}, sorted. */
function sortedConsumers(byKey: ReadonlyMap<string, string | string[]>, key: string): string[] {
  const consumers = byKey.get(key)!;
  return typeof consumers === 'string' ? [consumers] : consumers.sort();
}

/** Who reads an ExternalSecret's keys, as a secret's description names it: `api-service (production)`. */
function consumerOf(es: { readonly consumer: { readonly service: string; readonly environment?: string } }): string {
  return `${es.consumer.service} (${es.consumer.environment ?? 'all environments'})`;
}

/** Consumers a secret's description names before it counts the rest: a description holds at most 2,048 characters. */
const DESCRIBED_CONSUMERS = 5;

/** The description of a secret: who reads it (the first few by name), and that its value never is in Git. */
export function secretDescription(consumers: readonly string[]): string {
  const named = consumers.length === 1 ? consumers[0] : consumers.slice(0, DESCRIBED_CONSUMERS).join(', ');
  const more = consumers.length > DESCRIBED_CONSUMERS ? ` and ${consumers.length - DESCRIBED_CONSUMERS} more` : '';
  return `Read by ${named}${more} through External Secrets Operator; the value is set out of band, never in Git`;
}

/** The IAM role of one environment's External Secrets Operator store, as the stack creates it. */
export interface PlannedExternalSecretsRole {
  /** The environment. */
  readonly environment: string;
  /** The role's name, `<roleName>-<environment>`. */
  readonly roleName: string;
  /** The only ServiceAccount it trusts, `system:serviceaccount:<namespace>:<serviceAccountName>-<environment>`. */
  readonly subject: string;
  /** The start of the names of the environment's secrets. */
  readonly secretPrefix: string;
}

/**
 * The External Secrets Operator roles the stack creates, one per environment of the repository, in the order they were added.
 *
 * @param index the constructs of the tree, when the caller has found them already
 * @default - the repository's environments as they are now
 */
export function plannedExternalSecretsRoles(repo: GitOpsRepo, side: AwsSide, index?: ModelIndex): PlannedExternalSecretsRole[] {
  return (index ?? repo).environments.map((env) => ({
    environment: env.name,
    roleName: side.externalSecretsRoleName(env.name),
    subject: serviceAccountSubject(side.externalSecretsNamespace, side.externalSecretsServiceAccountOf(env.name)),
    secretPrefix: env.secretPrefix,
  }));
}

/** The IAM role of an external-dns add-on, as the stack creates it. */
export interface PlannedExternalDnsRole {
  /** The add-on. */
  readonly addOn: string;
  /** The role's name: the AWS side's `externalDns.roleName` for the add-on `external-dns`, the add-on's name for another. */
  readonly roleName: string;
  /** The only ServiceAccount it trusts: the add-on's. */
  readonly subject: string;
  /** The hosted zones it may change, sorted. */
  readonly hostedZones: readonly string[];
}

/**
 * The external-dns roles the stack creates: one per add-on installing external-dns for Route 53.
 *
 * @param index the constructs of the tree, when the caller has found them already
 * @default - the repository's add-ons as they are now
 */
export function plannedExternalDnsRoles(repo: GitOpsRepo, side: AwsSide, index?: ModelIndex): PlannedExternalDnsRole[] {
  return (index ?? repo).addOns
    .map((addOn) => externalDnsSettingsOf(addOn))
    .filter((s): s is ExternalDnsSettings => s !== undefined)
    .map((s) => ({
      addOn: s.addOn,
      roleName: s.addOn === 'external-dns' ? side.externalDnsRoleName : s.addOn,
      subject: serviceAccountSubject(s.namespace, s.serviceAccountName),
      hostedZones: s.hostedZones,
    }));
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

/** An External Secrets Operator role of the inventory (`local.external_secrets_roles`, by environment). */
export type InventoryExternalSecretsRole = {
  /** The role's name. */
  readonly role_name: string;
  /** The only ServiceAccount `sub` it trusts. */
  readonly subject: string;
  /** The start of the names of the secrets it may read (besides the shared ones). */
  readonly secret_prefix: string;
};

/** An external-dns role of the inventory (`local.external_dns_roles`, by add-on). */
export type InventoryExternalDnsRole = {
  /** The role's name. */
  readonly role_name: string;
  /** The only ServiceAccount `sub` it trusts. */
  readonly subject: string;
  /** The hosted zones it may change. */
  readonly zones: readonly string[];
};

/**
 * The inventory file's JSON: a comment and the locals the stack's resources iterate over. Every key
 * and string is as Terraform reads it: escaped (`$${`, `%%{`) where the definitions' text holds `${`
 * or `%{`; {@link unescapeTerraform} gives the names back.
 */
export type TerraformInventory = {
  readonly '//': string;
  readonly 'locals': {
    /** Names of the ECR repositories, sorted. */
    readonly ecr_repositories: readonly string[];
    /** The Secrets Manager secrets by name, with their descriptions. */
    readonly secrets: Readonly<Record<string, InventorySecret>>;
    /** The image push roles by service: role name, the only `sub` it trusts, the ECR repository it pushes to. */
    readonly image_push_roles: Readonly<Record<string, InventoryPushRole>>;
    /** The External Secrets Operator roles by environment: role name, the only `sub` it trusts, the prefix of its secrets. */
    readonly external_secrets_roles: Readonly<Record<string, InventoryExternalSecretsRole>>;
    /** The start of the names of the secrets every environment's role may read. */
    readonly shared_secret_prefix: string;
    /** The external-dns roles by add-on: role name, the only `sub` it trusts, its hosted zones. */
    readonly external_dns_roles: Readonly<Record<string, InventoryExternalDnsRole>>;
    /** Every hosted zone an external-dns role may change, sorted: the stack looks each up by name. */
    readonly external_dns_zones: readonly string[];
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
  // Terraform reads every string here as a template: each string from the definitions is escaped as it
  // is put in, so that the definitions' text stays literal.
  const esc = escapeTerraform;
  const secrets: Record<string, InventorySecret> = {};
  const consumers = secretConsumers(index ?? ModelIndex.of(repo));
  // Default string order: by UTF-16 code units, as compare() orders them.
  for (const name of [...consumers.keys()].sort()) {
    secrets[esc(name)] = { description: esc(secretDescription(sortedConsumers(consumers, name))) };
  }
  const imagePushRoles: Record<string, InventoryPushRole> = {};
  for (const role of plannedPushRoles(repo, side, index)) {
    imagePushRoles[esc(role.service)] = { role_name: esc(role.roleName), subject: esc(role.subject), ecr_repository: esc(role.ecrRepository) };
  }
  const esoRoles: Record<string, InventoryExternalSecretsRole> = {};
  for (const role of plannedExternalSecretsRoles(repo, side, index)) {
    esoRoles[esc(role.environment)] = { role_name: esc(role.roleName), subject: esc(role.subject), secret_prefix: esc(role.secretPrefix) };
  }
  const dnsRoles: Record<string, InventoryExternalDnsRole> = {};
  const zones = new Set<string>();
  for (const role of plannedExternalDnsRoles(repo, side, index)) {
    dnsRoles[esc(role.addOn)] = { role_name: esc(role.roleName), subject: esc(role.subject), zones: role.hostedZones.map(esc) };
    for (const zone of role.hostedZones) zones.add(zone);
  }
  return {
    '//': 'Generated by gitops-synth from the definitions: the ECR repositories, Secrets Manager secrets and IAM roles of cdk.tf.json.',
    'locals': {
      ecr_repositories: ecrRepositoryNames(repo, side, index).map(esc),
      secrets,
      image_push_roles: imagePushRoles,
      external_secrets_roles: esoRoles,
      shared_secret_prefix: esc(side.sharedSecretPrefix),
      external_dns_roles: dnsRoles,
      external_dns_zones: [...zones].sort(compare).map(esc),
    },
  };
}

/**
 * Terraform names of the stack's IAM roles (`aws_iam_role.<name>`): problems and diffs name the
 * roles by them, so they are decided here, once, for the stack and its readers.
 */
export const STACK_ROLE_IDS = {
  /** The roles External Secrets Operator's stores assume, one instance per environment (`external_secrets_role["<environment>"]`). */
  externalSecrets: 'external_secrets_role',
  /** The image push roles, one instance per service (`image_push_role["<service>"]` in Terraform). */
  imagePush: 'image_push_role',
  /** The external-dns roles, one instance per external-dns add-on (`external_dns_role["<add-on>"]`). */
  externalDns: 'external_dns_role',
} as const;

/**
 * Builds the CDKTF stack of the AWS side: for each ECR repository of the inventory one instance
 * (immutable tags, scan on push, untagged images expire), for each secret of the inventory a Secrets
 * Manager secret without a value, per environment the IAM role its External Secrets Operator store
 * assumes through IRSA, allowed to read the secrets named with that environment's prefix (and the
 * shared ones), per service built from source its image push role, and per external-dns add-on its
 * role on its hosted zones. Resources iterate (`for_each`) over the inventory's locals, so the stack
 * has the same few resources however many services there are, and no policy grows with them.
 */
export function buildAwsStack(repo: GitOpsRepo, side: AwsSide, inventory: TerraformInventory = terraformInventory(repo, side)): TerraformStack {
  // Built in memory only: gitops-synth writes the JSON itself, through its tree writer.
  const stack = new TerraformStack(inMemoryApp(), side.stackName);
  const local = (name: keyof TerraformInventory['locals']) => ref(`local.${name}`, stack);
  const locals = inventory.locals;
  const trust = (subject: string) =>
    JSON.stringify(irsaTrustPolicy(escapeTerraform(side.oidcProviderArn), escapeTerraform(side.clusterOidcIssuer), subject));
  // A role per entry of `forEach`, and its inline policy, which names the role of the same key.
  const roleWithPolicy = (
    roleId: string, forEach: TerraformIterator, role: Pick<IamRoleConfig, 'name' | 'description' | 'assumeRolePolicy'>,
    policyId: string, policy: Pick<IamRolePolicyConfig, 'name' | 'policy'>,
  ) => {
    new IamRole(stack, roleId, { forEach, ...role });
    new IamRolePolicy(stack, policyId, { forEach, ...policy, role: `\${aws_iam_role.${roleId}[each.key].id}` });
  };
  if (side.s3Backend) {
    new S3Backend(stack, escapeTerraformData({ ...side.s3Backend, region: side.s3Backend.region ?? side.region, encrypt: true }));
  }
  new AwsProvider(stack, 'aws', {
    region: side.region,
    allowedAccountIds: [side.accountId],
    defaultTags: [{ tags: escapeTerraformData(stackTags(side)) }],
  });
  if (locals.ecr_repositories.length > 0) {
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
  if (Object.keys(locals.secrets).length > 0) {
    const entries = TerraformIterator.fromMap(Token.asAnyMap(local('secrets')));
    // Typed by the inventory's element, so that a resource cannot read a field the inventory does not have.
    const secretField = (name: keyof InventorySecret) => entries.getString(name);
    new SecretsmanagerSecret(stack, 'external_secret', {
      forEach: entries,
      name: entries.key,
      description: secretField('description'),
      kmsKeyId: side.kmsKeyArn === undefined ? undefined : escapeTerraform(side.kmsKeyArn),
    });
  }
  if (Object.keys(locals.external_secrets_roles).length > 0) {
    // One role per environment: trusted by that environment's ServiceAccount only, allowed to read
    // the secrets named with its prefix (and the shared ones): a grant by name, whatever their number.
    const envs = TerraformIterator.fromMap(Token.asAnyMap(local('external_secrets_roles')));
    const envField = (name: keyof InventoryExternalSecretsRole) => envs.getString(name);
    roleWithPolicy(STACK_ROLE_IDS.externalSecrets, envs, {
      name: envField('role_name'),
      description: 'Assumed through IRSA by the External Secrets Operator store of environment ${each.key}, to read its secrets',
      assumeRolePolicy: trust(envField('subject')),
    }, 'external_secrets_read', {
      name: EXTERNAL_SECRETS_POLICY_NAME,
      policy: JSON.stringify(externalSecretsReadPolicy(side, envField('secret_prefix'), '${local.shared_secret_prefix}', escapeTerraform)),
    });
  }
  if (Object.keys(locals.image_push_roles).length > 0) {
    // One role per service with a source: trusted by GitHub Actions runs of its repository and branch
    // only, allowed to push to its own ECR repository only.
    const pushers = TerraformIterator.fromMap(Token.asAnyMap(local('image_push_roles')));
    const pusherField = (name: keyof InventoryPushRole) => pushers.getString(name);
    roleWithPolicy(STACK_ROLE_IDS.imagePush, pushers, {
      name: pusherField('role_name'),
      description: 'Assumed by the image build workflow of ${each.key} through GitHub\'s OIDC provider, to push its image',
      assumeRolePolicy: JSON.stringify(githubTrustPolicy(escapeTerraform(side.githubOidcProviderArn), pusherField('subject'))),
    }, 'image_push', {
      name: IMAGE_PUSH_POLICY_NAME,
      policy: JSON.stringify(ecrPushPolicy(ecrRepositoryArn(side, pusherField('ecr_repository')))),
    });
  }
  if (Object.keys(locals.external_dns_roles).length > 0) {
    // The zones are looked up by name: the role names their ids, which only Route 53 knows.
    const zoneNames = TerraformIterator.fromList(Token.asList(local('external_dns_zones')));
    new DataAwsRoute53Zone(stack, EXTERNAL_DNS_ZONE_ID, { forEach: zoneNames, name: zoneNames.value, privateZone: false });
    const dns = TerraformIterator.fromMap(Token.asAnyMap(local('external_dns_roles')));
    const dnsField = (name: keyof InventoryExternalDnsRole) => dns.getString(name);
    const zoneArns = Token.asList(ref(`[for zone in each.value.zones : data.aws_route53_zone.${EXTERNAL_DNS_ZONE_ID}[zone].arn]`, stack));
    new DataAwsIamPolicyDocument(stack, 'external_dns_policy', { forEach: dns, statement: dataStatements(externalDnsPolicy(zoneArns)) });
    roleWithPolicy(STACK_ROLE_IDS.externalDns, dns, {
      name: dnsField('role_name'),
      description: 'Assumed through IRSA by external-dns (add-on ${each.key}), to change the records of its hosted zones',
      assumeRolePolicy: trust(dnsField('subject')),
    }, 'external_dns_records', {
      name: EXTERNAL_DNS_POLICY_NAME,
      policy: '${data.aws_iam_policy_document.external_dns_policy[each.key].json}',
    });
  }
  return stack;
}

/** Terraform name of the hosted zones looked up for external-dns (`data.aws_route53_zone.<it>["<zone>"]`). */
const EXTERNAL_DNS_ZONE_ID = 'external_dns_zone';

/** Names of the inline policies of the stack's roles. */
const EXTERNAL_SECRETS_POLICY_NAME = 'read-environment-secrets';
const IMAGE_PUSH_POLICY_NAME = 'push-to-own-ecr-repository';
const EXTERNAL_DNS_POLICY_NAME = 'change-records-of-named-zones';

/** The tags on every resource of the stack (the provider's default tags): the AWS side's, and `managed-by`. */
export function stackTags(side: AwsSide): Record<string, string> {
  return { ...side.tags, 'managed-by': 'gitops-synth' };
}

/** `arn:aws:ecr:<region>:<account>:repository/<name>` */
function ecrRepositoryArn(side: AwsSide, repository: string): string {
  return `arn:aws:ecr:${side.region}:${side.accountId}:repository/${repository}`;
}

/**
 * The read policy of an environment's role: its own prefix and the shared one, and the KMS key if
 * any. `literal` turns the AWS side's own strings into what the document holds (escaped in the stack).
 */
function externalSecretsReadPolicy(side: AwsSide, prefix: string, sharedPrefix: string, literal: (s: string) => string): PolicyDocument {
  const arns = [secretPrefixArn(side.region, side.accountId, prefix), secretPrefixArn(side.region, side.accountId, sharedPrefix)];
  return secretsReadPolicy(arns, side.kmsKeyArn === undefined ? undefined : literal(side.kmsKeyArn), side.region);
}

/** A policy document as the statements of an `aws_iam_policy_document` data source. */
function dataStatements(document: PolicyDocument): DataAwsIamPolicyDocumentStatement[] {
  const list = (v: string | readonly string[] | undefined) => (v === undefined ? undefined : typeof v === 'string' ? [v] : [...v]);
  return document.Statement.map((st) => ({ sid: st.Sid, effect: st.Effect, actions: list(st.Action), resources: list(st.Resource) }));
}

/** An IAM role the stack creates: whom it trusts and what it may do. */
export interface PlannedRole {
  /** Its Terraform name below `aws_iam_role.`: `external_secrets_role[staging]`, `image_push_role[api]`. */
  readonly id: string;
  /** The role's name. */
  readonly name: string;
  /** The role's ARN. */
  readonly arn: string;
  /** The `sub` claims its trust policy admits for `sts:AssumeRoleWithWebIdentity`. */
  readonly trustedSubjects: readonly string[];
  /**
   * The environment whose External Secrets Operator store assumes it.
   * @default - none: not an External Secrets Operator role
   */
  readonly environment?: string;
  /** The starts of the names of the Secrets Manager secrets it may read, e.g. `staging/` and `shared/` (see {@link mayRead}). */
  readonly readablePrefixes: readonly string[];
  /** Names of the ECR repositories it may push to, sorted. */
  readonly pushRepositories: readonly string[];
  /** The hosted zones whose records it may change, sorted. */
  readonly hostedZones: readonly string[];
}

/**
 * The IAM roles {@link buildAwsStack} creates from the AWS side's settings and an inventory: per
 * environment the role its External Secrets Operator store assumes, trusting that environment's
 * ServiceAccount and reading the secrets named with its prefix or the shared one; then the image push
 * roles by service, then the external-dns roles by add-on. Read from the model, not from the JSON:
 * the stack's resources iterate over the same inventory, and a unit test pins that wiring.
 */
export function plannedRoles(side: AwsSide, inventory: TerraformInventory): PlannedRole[] {
  const locals = inventory.locals;
  const role = (id: string, name: string, subject: string, more: Partial<PlannedRole>): PlannedRole => ({
    id,
    name,
    arn: iamRoleArn(side.accountId, name),
    trustedSubjects: [subject],
    readablePrefixes: [],
    pushRepositories: [],
    hostedZones: [],
    ...more,
  });
  const roles: PlannedRole[] = [];
  for (const [key, eso] of Object.entries(locals.external_secrets_roles)) {
    const environment = unescapeTerraform(key);
    const prefixes = [unescapeTerraform(eso.secret_prefix), unescapeTerraform(locals.shared_secret_prefix)];
    roles.push(role(`${STACK_ROLE_IDS.externalSecrets}[${environment}]`, unescapeTerraform(eso.role_name), unescapeTerraform(eso.subject), {
      environment,
      readablePrefixes: prefixes,
    }));
  }
  for (const [key, pusher] of sortedEntries(locals.image_push_roles)) {
    roles.push(role(`${STACK_ROLE_IDS.imagePush}[${unescapeTerraform(key)}]`, unescapeTerraform(pusher.role_name), unescapeTerraform(pusher.subject), {
      pushRepositories: [unescapeTerraform(pusher.ecr_repository)],
    }));
  }
  for (const [key, dns] of sortedEntries(locals.external_dns_roles)) {
    roles.push(role(`${STACK_ROLE_IDS.externalDns}[${unescapeTerraform(key)}]`, unescapeTerraform(dns.role_name), unescapeTerraform(dns.subject), {
      hostedZones: dns.zones.map(unescapeTerraform).sort(compare),
    }));
  }
  return roles;
}

/** Whether a role of the stack may read the Secrets Manager secret of this name: whether the name starts with one of its prefixes. */
export function mayRead(role: Pick<PlannedRole, 'readablePrefixes'>, secret: string): boolean {
  return role.readablePrefixes.some((prefix) => secret.startsWith(prefix));
}

/** The roles of each rendered Terraform, planned once for every check that reads them. */
const rolesOfTerraform = new WeakMap<RenderedTerraform, readonly PlannedRole[]>();

/** {@link plannedRoles} of a rendered Terraform's AWS side and inventory, planned once per rendering. */
export function stackRoles(terraform: RenderedTerraform): readonly PlannedRole[] {
  let roles = rolesOfTerraform.get(terraform);
  if (!roles) rolesOfTerraform.set(terraform, roles = plannedRoles(terraform.side, terraform.inventory));
  return roles;
}

/** A Secrets Manager secret an External Secrets Operator role of the stack may read. */
export interface InventoryReadGrant {
  /** The role's name. */
  readonly role: string;
  /** The secret's name. */
  readonly secret: string;
}

/**
 * What each External Secrets Operator role may read, from the locals of an inventory file alone (a
 * secret whose name starts with the role's prefix or the shared one): plain data, nothing evaluated.
 * Parts of another shape (an older inventory, a merge conflict) count as absent.
 */
export function inventoryReadGrants(locals: unknown): InventoryReadGrant[] {
  const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : {});
  const l = record(locals);
  const shared = typeof l.shared_secret_prefix === 'string' && l.shared_secret_prefix !== '' ? unescapeTerraform(l.shared_secret_prefix) : undefined;
  const secrets = Object.keys(record(l.secrets)).map(unescapeTerraform);
  const grants: InventoryReadGrant[] = [];
  for (const entry of Object.values(record(l.external_secrets_roles))) {
    const { role_name: role, secret_prefix: prefix } = record(entry);
    if (typeof role !== 'string' || role.includes('${') || typeof prefix !== 'string' || prefix === '') continue;
    const readablePrefixes = [unescapeTerraform(prefix), ...(shared === undefined ? [] : [shared])];
    for (const secret of secrets) {
      if (mayRead({ readablePrefixes }, secret)) grants.push({ role: unescapeTerraform(role), secret });
    }
  }
  return grants;
}

/** What a policy document of the stack is to IAM, which limits each kind's size on its own. */
export type PolicyKind = 'trust' | 'inline' | 'managed';

/** A policy document the stack gives a role, as IAM will hold it. */
export interface PlannedPolicy {
  /** The Terraform address of the resource holding it, e.g. `aws_iam_role_policy.external_secrets_read["staging"]`. */
  readonly address: string;
  /** The role it belongs to. */
  readonly roleName: string;
  /** A trust policy, an inline policy or a managed policy. */
  readonly kind: PolicyKind;
  /** The document with every reference resolved; a hosted zone's id, known only to Route 53, at its longest. */
  readonly document: PolicyDocument;
}

/** A Route 53 hosted zone id at its longest (32 characters), for the size of a policy naming zones not yet looked up. */
export const LONGEST_HOSTED_ZONE_ID = `Z${'X'.repeat(31)}`;

/**
 * Every IAM policy document {@link buildAwsStack} creates, resolved as Terraform would resolve it for
 * this inventory: per role its trust policy and its inline policy. Built with the same functions as
 * the stack's documents, from the same inventory.
 */
export function plannedPolicies(side: AwsSide, inventory: TerraformInventory): PlannedPolicy[] {
  const locals = inventory.locals;
  const policies: PlannedPolicy[] = [];
  const trust = (subject: string) => irsaTrustPolicy(side.oidcProviderArn, side.clusterOidcIssuer, subject);
  const add = (type: string, id: string, key: string, roleName: string, kind: PolicyKind, document: PolicyDocument) =>
    policies.push({ address: `${type}.${id}[${JSON.stringify(key)}]`, roleName, kind, document });
  for (const [k, eso] of Object.entries(locals.external_secrets_roles)) {
    const [key, roleName] = [unescapeTerraform(k), unescapeTerraform(eso.role_name)];
    add('aws_iam_role', STACK_ROLE_IDS.externalSecrets, key, roleName, 'trust', trust(unescapeTerraform(eso.subject)));
    const read = externalSecretsReadPolicy(side, unescapeTerraform(eso.secret_prefix), unescapeTerraform(locals.shared_secret_prefix), (s) => s);
    add('aws_iam_role_policy', 'external_secrets_read', key, roleName, 'inline', read);
  }
  for (const [k, pusher] of sortedEntries(locals.image_push_roles)) {
    const [key, roleName] = [unescapeTerraform(k), unescapeTerraform(pusher.role_name)];
    add('aws_iam_role', STACK_ROLE_IDS.imagePush, key, roleName, 'trust', githubTrustPolicy(side.githubOidcProviderArn, unescapeTerraform(pusher.subject)));
    add('aws_iam_role_policy', 'image_push', key, roleName, 'inline', ecrPushPolicy(ecrRepositoryArn(side, unescapeTerraform(pusher.ecr_repository))));
  }
  for (const [k, dns] of sortedEntries(locals.external_dns_roles)) {
    const [key, roleName] = [unescapeTerraform(k), unescapeTerraform(dns.role_name)];
    add('aws_iam_role', STACK_ROLE_IDS.externalDns, key, roleName, 'trust', trust(unescapeTerraform(dns.subject)));
    add('aws_iam_role_policy', 'external_dns_records', key, roleName, 'inline', externalDnsPolicy(dns.zones.map(() => hostedZoneArn(LONGEST_HOSTED_ZONE_ID))));
  }
  return policies;
}

function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => compare(a, b));
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
