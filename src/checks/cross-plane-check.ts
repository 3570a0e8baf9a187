import * as path from 'path';
import { Check } from './check';
import { everyModelSecretCopy, SecretCopyVisitor } from './model-secret-copies';
import { LocatedObject, RenderedObjects, renderedObjects, renderedObjectsOf } from './rendered-objects';
import { repositoryIn } from '../aws/aws-side';
import { mayRead, PlannedRole, RenderedTerraform, stackRoles } from '../aws/aws-stack';
import { githubBranchSubject, serviceAccountSubject } from '../aws/iam-policies';
import { unescapeTerraform } from '../aws/terraform-escape';
import { BuildWorkflowPlan, buildWorkflowPlan } from '../build/build-workflow';
import { Manifest, ManifestFile } from '../core/manifest';
import { Problem } from '../core/problem';
import { EXTERNAL_DNS_CHART, EXTERNAL_DNS_SERVICE_ACCOUNT } from '../infrastructure/external-dns';
import { IRSA_ROLE_ANNOTATION } from '../infrastructure/irsa';
import { DEFAULT_SECRET_STORE, isExternalSecretOfConstruct } from '../secrets/external-secret';

/** A service image as the cross-plane check sees it. */
export interface ServiceImage {
  /** The service. */
  readonly service: string;
  /** Its image repository (no tag). */
  readonly image: string;
  /** Whether the definition marks it as living outside the stack's ECR. */
  readonly external: boolean;
}

/**
 * The AWS side as the cross-plane check compares it with the tree: what the Terraform stack creates,
 * read from the inventory its resources iterate over and from the AWS side's settings.
 */
export interface StackPlan {
  /** The stack's name. */
  readonly name: string;
  /** The ECR registry host of the stack's account and region. */
  readonly registry: string;
  /** Names of the Secrets Manager secrets, sorted. */
  readonly secretNames: readonly string[];
  /** Names of the ECR repositories, sorted. */
  readonly ecrRepositories: readonly string[];
  /** The IAM roles. */
  readonly roles: readonly PlannedRole[];
}

/**
 * What the stack built from `terraform` creates: the same inventory and settings `buildAwsStack`
 * iterates over, not its JSON read back (which would need a Terraform evaluator).
 */
export function stackPlan(terraform: RenderedTerraform): StackPlan {
  const { side, inventory } = terraform;
  return {
    name: side.stackName,
    registry: side.ecrRegistry,
    secretNames: Object.keys(inventory.locals.secrets).map(unescapeTerraform).sort(),
    ecrRepositories: inventory.locals.ecr_repositories.map(unescapeTerraform).sort(),
    roles: stackRoles(terraform),
  };
}

/** An environment as the cross-plane check sees it: where its ExternalSecrets run and how its secrets are named. */
export interface EnvironmentSecrets {
  /** The environment's name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /** The start of the names of its secrets. */
  readonly secretPrefix: string;
}

/**
 * The Kubernetes side and the AWS side agree, and the environments are kept apart: every key an
 * ExternalSecret reads (each environment's copy of a base's ExternalSecret as its overlay builds it)
 * is a secret of the Terraform stack, granted to the role of the store it reads through, and that
 * store is its environment's; each store admits only its environment's namespace and authenticates as
 * a ServiceAccount whose annotated role is the stack's role of that environment, trusting exactly that
 * ServiceAccount; no environment's role may read another environment's secrets (their name prefixes do
 * not overlap); external-dns's ServiceAccount is annotated with the stack's external-dns role, which
 * trusts it and may change its zones; every service image is in an ECR repository of the stack, unless
 * marked external; every build workflow assumes its service's push role. Skipped when the repository
 * has no AWS side.
 */
export const checkCrossPlane: Check = (ctx) => {
  const { repo, terraform } = ctx;
  if (!terraform) return [];
  const images = ctx.index.services.map((s) => ({ service: s.name, image: s.image, external: s.props.externalImage ?? false }));
  const builds: BuildWorkflowPlan[] = [];
  const problems: Problem[] = [];
  for (const service of ctx.index.services) {
    if (!service.props.source || service.props.externalImage) continue;
    try {
      builds.push(buildWorkflowPlan(repo, service.name));
    } catch (e) {
      problems.push({ subject: `service ${service.name}`, field: 'source', message: `has no build workflow: ${(e as Error).message}`, hint: 'fix the definitions as the message says, or remove source' });
    }
  }
  const environments = ctx.index.environments.map((e) => ({ name: e.name, namespace: e.namespace, secretPrefix: e.secretPrefix }));
  const everyCopy = (visit: SecretCopyVisitor) => everyModelSecretCopy(ctx.index, visit);
  return [...problems, ...crossPlaneProblems(ctx.files, stackPlan(terraform), images, builds, environments, renderedObjectsOf(ctx), everyCopy)];
};

/**
 * The cross-plane problems between rendered files and what the AWS side's Terraform stack creates. Pure.
 *
 * @param stack what the stack creates, e.g. {@link stackPlan} of the synth's Terraform
 * @param environments the repository's environments, whose stores and roles must be kept apart
 * @param rendered the objects of `files` by kind, when the caller has picked them already
 * @param everyModelCopy visits the copies of the ExternalSecrets the model made (see {@link everyModelSecretCopy}),
 *   when `files` were rendered from a model: if every ExternalSecret of `files` is one of them and every
 *   copy passes, the ExternalSecrets are not walked again as the rendered objects place them
 * @default everyModelCopy - none: every ExternalSecret is checked as the rendered objects place it
 */
export function crossPlaneProblems(
  files: readonly ManifestFile[],
  stack: StackPlan,
  images: readonly ServiceImage[],
  builds: readonly BuildWorkflowPlan[] = [],
  environments: readonly EnvironmentSecrets[] = [],
  rendered: RenderedObjects = renderedObjects(files),
  everyModelCopy?: (visit: SecretCopyVisitor) => boolean,
): Problem[] {
  const problems: Problem[] = [];
  // Only these kinds are compared: picked by kind, not a copy of every object of the tree.
  const stores = new Map<string, LocatedObject>();
  const serviceAccounts = new Map<string, LocatedObject>();
  for (const located of rendered.serviceAccounts) {
    const obj = located.obj;
    serviceAccounts.set(`${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`, located);
  }
  for (const located of rendered.clusterSecretStores) stores.set(located.obj.metadata?.name ?? '', located);
  const externalSecrets = rendered.externalSecrets;
  const kustomizations = rendered.kustomizations;
  const applications = rendered.applications.filter(({ obj }) => obj.apiVersion === 'argoproj.io/v1alpha1');
  const stackSecretNames = new Set(stack.secretNames);
  const stackEcrRepositories = new Set(stack.ecrRepositories);
  // By ARN: two roles of one name are one role in IAM, the later one as Terraform would leave it.
  const roles = new Map(stack.roles.map((role) => [role.arn, role]));
  const stackRoleArns = [...roles.keys()].sort();
  const esoRoles = stack.roles.filter((r) => r.environment !== undefined);
  const environmentByName = new Map(environments.map((e) => [e.name, e]));

  problems.push(...isolationProblems(stack, esoRoles));

  // The role each store authenticates with, and the namespaces it admits, checked once per store.
  const storeRoles = new Map<string, PlannedRole>();
  const storeNamespaces = new Map<string, readonly string[] | undefined>();
  for (const [storeName, { file, obj }] of stores) {
    const spec = obj.spec as StoreSpec | undefined;
    const aws = spec?.provider?.aws;
    if (!aws || aws.service !== 'SecretsManager') continue;
    const subject = `${file.source} (${file.path})`;
    const admitted = spec?.conditions?.flatMap((c) => c.namespaces ?? []);
    storeNamespaces.set(storeName, spec?.conditions === undefined ? undefined : admitted);
    const ref = aws.auth?.jwt?.serviceAccountRef;
    if (!ref?.name || !ref.namespace) {
      problems.push({
        subject,
        field: `ClusterSecretStore/${storeName} spec.provider.aws.auth.jwt.serviceAccountRef`,
        message: 'names no ServiceAccount with namespace, so the store has no IRSA role',
        hint: 'create the store with repo.add(externalSecretsOperator(...))',
      });
      continue;
    }
    const saKey = `${ref.namespace}/${ref.name}`;
    const sa = serviceAccounts.get(saKey);
    const roleArn = (sa?.obj.metadata?.annotations as Record<string, string> | undefined)?.[IRSA_ROLE_ANNOTATION];
    if (!sa || !roleArn) {
      problems.push({
        subject,
        field: `ClusterSecretStore/${storeName} spec.provider.aws.auth.jwt.serviceAccountRef`,
        value: JSON.stringify(saKey),
        message: sa ? `ServiceAccount ${saKey} has no ${IRSA_ROLE_ANNOTATION} annotation` : `ServiceAccount ${saKey} is not in the tree, so its IAM role cannot be checked against the Terraform stack "${stack.name}"`,
        hint: `annotate it with ${IRSA_ROLE_ANNOTATION}: ${esoRoles[0]?.arn ?? stackRoleArns[0] ?? '<the role ARN>'} (repo.add(externalSecretsOperator({ roleArn: aws.externalSecretsRoleArn, … })) does this)`,
      });
      continue;
    }
    const role = roles.get(roleArn);
    if (!role) {
      problems.push({
        subject: `${sa.file.source} (${sa.file.path})`,
        field: `ServiceAccount/${ref.name} metadata.annotations.${IRSA_ROLE_ANNOTATION}`,
        value: JSON.stringify(roleArn),
        message: `is not an IAM role of the Terraform stack "${stack.name}" (its roles: ${stackRoleArns.join(', ') || 'none'})`,
        hint: 'pass roleArn: aws.externalSecretsRoleArn to externalSecretsOperator, so both sides name the same role',
      });
      continue;
    }
    const subjectClaim = serviceAccountSubject(ref.namespace, ref.name);
    if (!role.trustedSubjects.includes(subjectClaim)) {
      problems.push({
        subject: `Terraform stack ${stack.name}`,
        field: `aws_iam_role.${role.id} assume_role_policy`,
        value: JSON.stringify(role.trustedSubjects),
        message: `does not trust ${subjectClaim}, the identity ClusterSecretStore/${storeName} (${file.path}) authenticates with; ESO would get AccessDenied from AssumeRoleWithWebIdentity`,
        hint: 'give AwsSide externalSecrets { namespace, serviceAccountName } the same values as externalSecretsOperator',
      });
    }
    const env = role.environment === undefined ? undefined : environmentByName.get(role.environment);
    if (env && (admitted === undefined || admitted.length === 0 || admitted.some((n) => n !== env.namespace))) {
      const others = admitted === undefined || admitted.length === 0 ? 'every namespace' : admitted.filter((n) => n !== env.namespace).join(', ');
      problems.push({
        subject,
        field: `ClusterSecretStore/${storeName} spec.conditions`,
        value: JSON.stringify(spec?.conditions ?? null),
        message: `admits ${others} besides ${env.namespace}, so ExternalSecrets there could read environment ${env.name}'s secrets through role "${role.name}"`,
        hint: `admit only namespace ${env.namespace}: conditions: [{ namespaces: ['${env.namespace}'] }] (externalSecretsOperator(…) writes one store per environment)`,
      });
    }
    storeRoles.set(storeName, role);
  }

  // Whether a key is a secret of the stack that the role of the store read through may read.
  const readable = (key: string, role: PlannedRole | undefined) => stackSecretNames.has(key) && (!role || mayRead(role, key));
  // Whether a copy of an ExternalSecret the model made reads through a store of the tree that admits
  // its namespace, and only keys of the stack that the store's role may read.
  const copyPasses: SecretCopyVisitor = (environment, storeName, secret) => {
    const admitted = storeNamespaces.get(storeName);
    if (!stores.has(storeName) || (admitted !== undefined && admitted.length > 0 && !admitted.includes(environment.namespace))) return false;
    const role = storeRoles.get(storeName);
    for (const entry of secret.data) if (!readable(entry.ref.key, role)) return false;
    for (const ref of secret.extract) if (!readable(ref.key, role)) return false;
    return true;
  };
  // A large tree has tens of thousands of ExternalSecret copies: those the model made are checked on
  // the model. The rendered objects, as each overlay builds them, are walked only when one of them is
  // not the model's or a copy fails, so that every problem is reported with its file.
  const modelPasses = everyModelCopy !== undefined
    && externalSecrets.every(({ obj }) => isExternalSecretOfConstruct(obj))
    && everyModelCopy(copyPasses);
  if (!modelPasses) {
    forEachExternalSecretCopy(externalSecrets, kustomizations, (file, obj, namespace, storeRef, via) => {
      const storeName = storeRef?.name ?? '';
      if (storeRef?.kind !== 'ClusterSecretStore' || !stores.has(storeName)) {
        problems.push({
          subject: copySubject(file, via),
          field: `ExternalSecret/${obj.metadata?.name ?? '?'} spec.secretStoreRef`,
          value: JSON.stringify(storeRef ?? null),
          message: `is not a ClusterSecretStore of the tree (stores: ${[...stores.keys()].sort().join(', ') || 'none'})`,
          hint: 'add the stores with repo.add(externalSecretsOperator(…)) after the environments, or use a store\'s name in storeName',
        });
        return;
      }
      const admitted = storeNamespaces.get(storeName);
      if (namespace !== undefined && admitted !== undefined && admitted.length > 0 && !admitted.includes(namespace)) {
        problems.push({
          subject: copySubject(file, via),
          field: `ExternalSecret/${obj.metadata?.name ?? '?'} spec.secretStoreRef.name`,
          value: JSON.stringify(storeName),
          message: `is a store for namespace ${admitted.join(', ')} only; ESO refuses it to this ExternalSecret in namespace ${namespace}`,
          hint: `read through the store of the environment of namespace ${namespace} (leave storeName out)`,
        });
        return;
      }
      const role = storeRoles.get(storeName);
      const spec = (obj.spec ?? {}) as ExternalSecretSpec;
      // Most keys are fine: a problem's text is built only for a key that has one.
      const checkKey = (list: 'data' | 'dataFrom', i: number, key: string | undefined) => {
        if (key === undefined || readable(key, role)) return;
        const field = `ExternalSecret/${obj.metadata?.name ?? '?'} ${keyField(list, i)}`;
        problems.push(stackSecretNames.has(key)
          ? notGrantedProblem(copySubject(file, via), field, key, role!, stack.name, esoRoles, environmentByName)
          : {
            subject: copySubject(file, via),
            field,
            value: JSON.stringify(key),
            message: `is not a Secrets Manager secret of the Terraform stack "${stack.name}" (its secrets: ${shortList(stack.secretNames)})`,
            hint: 'reference secrets through EnvValue.fromSecret(...) or service.addExternalSecret(...) so the stack creates them, or fix the key',
          });
      };
      const data = spec.data ?? [];
      for (let i = 0; i < data.length; i++) checkKey('data', i, data[i].remoteRef?.key);
      const dataFrom = spec.dataFrom ?? [];
      for (let i = 0; i < dataFrom.length; i++) checkKey('dataFrom', i, dataFrom[i].extract?.key);
    });
  }

  problems.push(...externalDnsProblems(applications, stack, roles, stackRoleArns));

  const registry = stack.registry;
  for (const { service, image, external } of images) {
    if (external) continue;
    const repository = repositoryIn(registry, image);
    if (repository !== undefined && stackEcrRepositories.has(repository)) continue;
    problems.push({
      subject: `service ${service}`,
      field: 'image',
      value: JSON.stringify(image),
      message: `is not an ECR repository of the Terraform stack "${stack.name}" (its repositories: ${[...stack.ecrRepositories].sort().map((r) => `${registry}/${r}`).join(', ') || 'none'})`,
      hint: `use image '${registry}/${service}', or mark it with externalImage: true if it is pulled from elsewhere`,
    });
  }

  // Each build workflow assumes the stack's push role of its service, trusted by its repository and
  // branch, allowed to push to the ECR repository the workflow pushes to.
  for (const build of builds) {
    const role = roles.get(build.roleArn);
    if (!role) {
      problems.push({
        subject: `service ${build.service}`,
        field: 'source (build workflow role-to-assume)',
        value: JSON.stringify(build.roleArn),
        message: `is not an IAM role of the Terraform stack "${stack.name}" (its roles: ${stackRoleArns.join(', ') || 'none'}); the push job could not assume it`,
        hint: 'synthesize the stack from the same definitions (the stack creates <service>-image-push for every service with a source)',
      });
      continue;
    }
    const subjectClaim = githubBranchSubject(build.sourceRepository, build.branch);
    if (!role.trustedSubjects.includes(subjectClaim)) {
      problems.push({
        subject: `Terraform stack ${stack.name}`,
        field: `aws_iam_role.${role.id} assume_role_policy`,
        value: JSON.stringify(role.trustedSubjects),
        message: `does not trust ${subjectClaim}, the identity of the build workflow of service ${build.service}; its push job would get AccessDenied from AssumeRoleWithWebIdentity`,
        hint: `synthesize the stack from the definitions whose source is { repository: '${build.sourceRepository}', branch: '${build.branch}' }`,
      });
    }
    if (!role.pushRepositories.includes(build.ecrRepository)) {
      problems.push({
        subject: `Terraform stack ${stack.name}`,
        field: `aws_iam_role.${role.id} inline policies`,
        value: JSON.stringify([...role.pushRepositories].sort()),
        message: `do not allow ecr:PutImage on ECR repository "${build.ecrRepository}", where the build workflow of service ${build.service} pushes ${build.registry}/${build.ecrRepository}`,
        hint: 'synthesize the stack from the same definitions (the push role may push to its service\'s repository only)',
      });
    }
  }
  return problems;
}

/** The field of the `i`-th key an ExternalSecret reads, named only for a key that is reported. */
function keyField(list: 'data' | 'dataFrom', i: number): string {
  return list === 'data' ? `spec.data[${i}].remoteRef.key` : `spec.dataFrom[${i}].extract.key`;
}

interface StoreSpec {
  readonly conditions?: ReadonlyArray<{ readonly namespaces?: readonly string[] }>;
  readonly provider?: {
    readonly aws?: {
      readonly service?: string;
      readonly auth?: { readonly jwt?: { readonly serviceAccountRef?: { readonly name?: string; readonly namespace?: string } } };
    };
  };
}

/** Where a copy of an ExternalSecret is, for a problem: its file, and the overlay that builds it from a base. */
function copySubject(file: ManifestFile, via: string | undefined): string {
  return `${file.source} (${file.path}${via ? ` as ${via} builds it` : ''})`;
}

/** Names for a message: all of a short list, the first few of a long one. */
function shortList(names: readonly string[]): string {
  if (names.length === 0) return 'none';
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`;
}

/**
 * Whether one name prefix covers names of the other: `prod` and `production/` overlap, `staging/` and
 * `prod/` do not.
 */
function overlaps(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * The environments' roles are kept apart: no role's own prefix overlaps another environment's prefix
 * or the shared one, so no role may read a secret named for another environment.
 */
function isolationProblems(stack: StackPlan, esoRoles: readonly PlannedRole[]): Problem[] {
  const problems: Problem[] = [];
  const own = (role: PlannedRole) => role.readablePrefixes[0] ?? '';
  const shared = esoRoles[0]?.readablePrefixes[1];
  for (const role of esoRoles) {
    if (role.readablePrefixes.length === 0) continue;
    const subject = `environment ${role.environment}`;
    const prefix = own(role);
    if (shared !== undefined && overlaps(prefix, shared)) {
      problems.push({
        subject,
        field: 'secretPrefix',
        value: JSON.stringify(prefix),
        message: `overlaps the shared prefix "${shared}" that every environment may read, so role "${role.name}" and every other environment's role could read the same secrets`,
        hint: `give the environment a prefix of its own, e.g. '${role.environment}/', or another AwsSide sharedSecretPrefix`,
      });
    }
    for (const other of esoRoles) {
      // Reported on the role that may read the other's secrets (on both when the prefixes are equal).
      if (other !== role && other.readablePrefixes.length > 0 && own(other).startsWith(prefix)) {
        problems.push({
          subject,
          field: 'secretPrefix',
          value: JSON.stringify(prefix),
          message: `covers the secrets of environment ${other.environment} (prefix "${own(other)}"): role "${role.name}" of the Terraform stack "${stack.name}" could read them`,
          hint: `end each environment's prefix with "/" and keep them distinct, e.g. '${role.environment}/' and '${other.environment}/'`,
        });
      }
    }
  }
  return problems;
}

/** The problem of a key the role of the store read through may not read: named for another environment, or for none. */
function notGrantedProblem(
  subject: string, field: string, key: string, role: PlannedRole, stackName: string,
  esoRoles: readonly PlannedRole[], environments: ReadonlyMap<string, EnvironmentSecrets>,
): Problem {
  const owner = esoRoles.find((r) => r !== role && r.readablePrefixes[0] !== undefined && key.startsWith(r.readablePrefixes[0]));
  const prefixes = role.readablePrefixes.map((p) => `${p}*`).join(', ') || 'nothing';
  if (role.environment !== undefined && owner) {
    return {
      subject,
      field,
      value: JSON.stringify(key),
      message: `is a secret of environment ${owner.environment}, which role "${role.name}" of environment ${role.environment} may not read (it reads ${prefixes}); ESO would get AccessDenied`,
      hint: `read it in the ${owner.environment} overlay only, or use a secret named ${role.readablePrefixes[0]}… for ${role.environment} (or ${role.readablePrefixes[1] ?? 'shared/'}… for every environment)`,
    };
  }
  const env = role.environment === undefined ? undefined : environments.get(role.environment);
  return {
    subject,
    field,
    value: JSON.stringify(key),
    message: `is not granted to IAM role "${role.name}" of the Terraform stack "${stackName}" (it reads ${prefixes}); ESO would get AccessDenied`,
    hint: env
      ? `name the secret ${role.readablePrefixes[0]}… (environment ${env.name}'s secretPrefix) or ${role.readablePrefixes[1] ?? 'shared/'}… when every environment reads it (a service's base), or set the environment's secretPrefix`
      : 'synthesize the stack from the same definitions',
  };
}

/**
 * Visits one copy of an ExternalSecret as a cluster receives it: its file and object, the namespace
 * it lands in (when the tree says), the store it reads through after the overlay's patches, and the
 * folder of the kustomization that builds it from a base (none when it is taken as it is).
 */
type ExternalSecretCopyVisitor = (
  file: ManifestFile, obj: Manifest, namespace: string | undefined,
  storeRef: { readonly kind?: string; readonly name?: string } | undefined, via: string | undefined,
) => void;

/** The ExternalSecrets of one folder, and the namespace its own kustomization sets. */
interface FolderSecrets {
  readonly secrets: LocatedObject[];
  namespace?: string;
  /** Whether a kustomization of another folder lists it (an overlay listing its base). */
  listed: boolean;
}

/**
 * Every ExternalSecret as it reaches the cluster. A kustomization that lists another folder (an
 * overlay listing its base) builds that folder's ExternalSecrets into its namespace, with its JSON
 * patches of `/spec/secretStoreRef/name` applied; an ExternalSecret of a folder no kustomization
 * lists is taken as it is, except in a service's base, which then reaches no cluster. Visited, not
 * collected: a large tree has tens of thousands, and the check keeps none of them.
 */
function forEachExternalSecretCopy(
  externalSecrets: readonly LocatedObject[],
  kustomizations: readonly LocatedObject[],
  visit: ExternalSecretCopyVisitor,
): void {
  const byFolder = new Map<string, FolderSecrets>();
  // The last segments of those folders (`base`, `staging` …): a resource ending otherwise lists none of them.
  const lastSegments = new Set<string>();
  for (const es of externalSecrets) {
    const dir = folderOf(es.file.path);
    const folder = byFolder.get(dir);
    if (folder) {
      folder.secrets.push(es);
    } else {
      byFolder.set(dir, { secrets: [es], listed: false });
      lastSegments.add(dir.slice(dir.lastIndexOf('/') + 1));
    }
  }
  for (const { file, obj } of kustomizations) {
    const k = obj as unknown as KustomizationObject;
    const dir = folderOf(file.path);
    // The namespace a folder's own kustomization sets, for its ExternalSecrets taken as they are.
    const own = byFolder.get(dir);
    if (own) own.namespace = k.namespace;
    for (const resource of k.resources ?? []) {
      // A file of the folder itself is not another folder's objects.
      if (resource.endsWith('.yaml') || resource.endsWith('.yml')) continue;
      // Joined with the folder, a resource ending in a plain name is a folder of that last name.
      const last = resource.slice(resource.lastIndexOf('/') + 1);
      if (PLAIN_SEGMENT.test(last) && !lastSegments.has(last)) continue;
      const base = byFolder.get(joinFolder(dir, resource));
      if (!base) continue;
      base.listed = true;
      const stores = storePatches(k.patches ?? []);
      for (const es of base.secrets) {
        const storeRef = ((es.obj.spec ?? {}) as ExternalSecretSpec).secretStoreRef;
        const patched = stores.size === 0 ? undefined : stores.get(es.obj.metadata?.name ?? '');
        visit(es.file, es.obj, k.namespace ?? es.obj.metadata?.namespace, patched === undefined ? storeRef : { ...storeRef, name: patched }, dir);
      }
    }
  }
  for (const [dir, folder] of byFolder) {
    if (folder.listed) continue;
    for (const es of folder.secrets) {
      const storeRef = ((es.obj.spec ?? {}) as ExternalSecretSpec).secretStoreRef;
      // A service's base that no overlay lists (every overlay pending) reaches no cluster.
      if (storeRef?.name === DEFAULT_SECRET_STORE && dir.endsWith('/base')) continue;
      visit(es.file, es.obj, folder.namespace ?? es.obj.metadata?.namespace, storeRef, undefined);
    }
  }
}

/** One path segment of safe characters, not `.` or `..`. */
const PLAIN_SEGMENT = /^(?!\.\.?$)[\w.-]+$/;

/** Segments of safe characters, none `.` or `..`: a folder of the tree as written. */
const PLAIN_FOLDER = /^(?!\.\.?(?:\/|$))[\w.-]+(?:\/(?!\.\.?(?:\/|$))[\w.-]+)*$/;

/**
 * `path.posix.join(dir, resource)` for a kustomization's resource: the usual `../../base` of an
 * overlay is resolved by cutting folders off `dir`; anything else goes through `path.posix`.
 */
function joinFolder(dir: string, resource: string): string {
  let rest = resource;
  let end = dir.length;
  while (rest.startsWith('../')) {
    const slash = dir.lastIndexOf('/', end - 1);
    if (slash <= 0) return path.posix.join(dir, resource);
    end = slash;
    rest = rest.slice(3);
  }
  if (!PLAIN_FOLDER.test(rest) || !PLAIN_FOLDER.test(dir)) return path.posix.join(dir, resource);
  return `${dir.slice(0, end)}/${rest}`;
}

/** The folder of a file of the tree (its path up to the last `/`). */
function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '.' : file.slice(0, slash);
}

/** The store each ExternalSecret is pointed at by a kustomization's JSON patches, by the ExternalSecret's name. */
function storePatches(patches: ReadonlyArray<{ target?: { kind?: string; name?: string }; patch?: string }>): Map<string, string> {
  const stores = new Map<string, string>();
  for (const p of patches) {
    if (p.target?.kind !== 'ExternalSecret' || !p.target.name || !p.patch?.startsWith('[')) continue;
    let ops: unknown;
    try {
      ops = JSON.parse(p.patch);
    } catch {
      continue;
    }
    if (!Array.isArray(ops)) continue;
    for (const op of ops as Array<{ op?: string; path?: string; value?: unknown }>) {
      if (op.op === 'replace' && op.path === '/spec/secretStoreRef/name' && typeof op.value === 'string') {
        stores.set(p.target.name.replace(/\\\./g, '.'), op.value);
      }
    }
  }
  return stores;
}

/**
 * Each external-dns Application for Route 53 assumes a role of the stack that trusts its
 * ServiceAccount and may change the zones of its domain filters.
 */
function externalDnsProblems(
  applications: ReadonlyArray<{ file: ManifestFile; obj: Manifest }>, stack: StackPlan,
  roles: ReadonlyMap<string, PlannedRole>, stackRoleArns: readonly string[],
): Problem[] {
  const problems: Problem[] = [];
  for (const { file, obj } of applications) {
    const spec = obj.spec as ApplicationSpec | undefined;
    const values = externalDnsSource(spec)?.helm?.valuesObject;
    if (!values || values.provider?.name !== 'aws') continue;
    const subject = `${file.source} (${file.path})`;
    const field = `Application/${obj.metadata?.name ?? '?'} spec.sources[chart=${EXTERNAL_DNS_CHART.chart}].helm.valuesObject.serviceAccount`;
    const roleArn = values.serviceAccount?.annotations?.[IRSA_ROLE_ANNOTATION];
    const dnsRoles = stack.roles.filter((r) => r.hostedZones.length > 0);
    const role = roleArn === undefined ? undefined : roles.get(roleArn);
    if (!role) {
      problems.push({
        subject,
        field: `${field}.annotations.${IRSA_ROLE_ANNOTATION}`,
        value: JSON.stringify(roleArn ?? null),
        message: `is not an IAM role of the Terraform stack "${stack.name}" (its roles: ${stackRoleArns.join(', ') || 'none'}); external-dns could not change any record`,
        hint: `pass roleArn: aws.externalDnsRoleArn to externalDns(…)${dnsRoles[0] ? ` (${dnsRoles[0].arn})` : ''}`,
      });
      continue;
    }
    const subjectClaim = serviceAccountSubject(spec?.destination?.namespace ?? '', values.serviceAccount?.name ?? EXTERNAL_DNS_SERVICE_ACCOUNT);
    if (!role.trustedSubjects.includes(subjectClaim)) {
      problems.push({
        subject: `Terraform stack ${stack.name}`,
        field: `aws_iam_role.${role.id} assume_role_policy`,
        value: JSON.stringify(role.trustedSubjects),
        message: `does not trust ${subjectClaim}, the ServiceAccount of ${obj.metadata?.name ?? '?'} (${file.path}); external-dns would get AccessDenied from AssumeRoleWithWebIdentity`,
        hint: 'synthesize the stack from the same definitions (it trusts each external-dns add-on\'s ServiceAccount)',
      });
    }
    const missing = (values.domainFilters ?? []).filter((zone) => !role.hostedZones.includes(zone));
    if (missing.length > 0) {
      problems.push({
        subject: `Terraform stack ${stack.name}`,
        field: `aws_iam_role.${role.id} inline policies`,
        value: JSON.stringify(role.hostedZones),
        message: `do not allow route53:ChangeResourceRecordSets on ${missing.join(', ')}, zones ${obj.metadata?.name ?? '?'} (${file.path}) writes to`,
        hint: 'synthesize the stack from the same definitions (the role may change the zones of the add-on\'s domainFilters)',
      });
    }
  }
  return problems;
}

/** The first source of an Application that installs the external-dns chart: of `sources`, then `source`. */
function externalDnsSource(spec: ApplicationSpec | undefined): ApplicationSource | undefined {
  // Most Applications deploy a service: nothing is copied to find that none of their sources is the chart.
  for (const s of spec?.sources ?? []) if (s.chart === EXTERNAL_DNS_CHART.chart) return s;
  return spec?.source?.chart === EXTERNAL_DNS_CHART.chart ? spec.source : undefined;
}

interface KustomizationObject {
  readonly namespace?: string;
  readonly resources?: readonly string[];
  readonly patches?: ReadonlyArray<{ target?: { kind?: string; name?: string }; patch?: string }>;
}

interface ApplicationSource {
  readonly chart?: string;
  readonly helm?: {
    readonly valuesObject?: {
      readonly provider?: { readonly name?: string };
      readonly domainFilters?: readonly string[];
      readonly serviceAccount?: { readonly name?: string; readonly annotations?: Record<string, string> };
    };
  };
}

interface ApplicationSpec {
  readonly destination?: { readonly namespace?: string };
  readonly source?: ApplicationSource;
  readonly sources?: readonly ApplicationSource[];
}

interface ExternalSecretSpec {
  readonly secretStoreRef?: { readonly kind?: string; readonly name?: string };
  readonly data?: ReadonlyArray<{ readonly remoteRef?: { readonly key?: string } }>;
  readonly dataFrom?: ReadonlyArray<{ readonly extract?: { readonly key?: string } }>;
}
