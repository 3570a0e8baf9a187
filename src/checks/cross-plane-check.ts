import { Check } from './check';
import { splitImage } from '../aws/aws-side';
import { PlannedRole, plannedRoles, RenderedTerraform } from '../aws/aws-stack';
import { SECRET_READ_ACTIONS, githubBranchSubject, serviceAccountSubject } from '../aws/iam-policies';
import { BuildWorkflowPlan, buildWorkflowPlan } from '../build/build-workflow';
import { Manifest, ManifestFile } from '../core/manifest';
import { Problem } from '../core/problem';
import { IRSA_ROLE_ANNOTATION } from '../infrastructure/irsa';

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
    secretNames: Object.keys(inventory.locals.secrets).sort(),
    ecrRepositories: [...inventory.locals.ecr_repositories].sort(),
    roles: plannedRoles(side, inventory),
  };
}

/**
 * The Kubernetes side and the AWS side agree: every key an ExternalSecret reads is a secret of the
 * Terraform stack and granted to the role the store's ServiceAccount assumes; that ServiceAccount's
 * role is the stack's role and the role trusts it; every service image is in an ECR repository of
 * the stack, unless marked external; every build workflow assumes its service's push role. Skipped
 * when the repository has no AWS side.
 */
export const checkCrossPlane: Check = ({ repo, files, terraform }) => {
  if (!terraform) return [];
  const images = repo.services.map((s) => ({ service: s.name, image: s.image, external: s.props.externalImage ?? false }));
  const builds: BuildWorkflowPlan[] = [];
  const problems: Problem[] = [];
  for (const service of repo.services) {
    if (!service.props.source || service.props.externalImage) continue;
    try {
      builds.push(buildWorkflowPlan(repo, service.name));
    } catch (e) {
      problems.push({ subject: `service ${service.name}`, field: 'source', message: `has no build workflow: ${(e as Error).message}`, hint: 'fix the definitions as the message says, or remove source' });
    }
  }
  return [...problems, ...crossPlaneProblems(files, stackPlan(terraform), images, builds)];
};

/**
 * The cross-plane problems between rendered files and what the AWS side's Terraform stack creates. Pure.
 *
 * @param stack what the stack creates, e.g. {@link stackPlan} of the synth's Terraform
 */
export function crossPlaneProblems(
  files: readonly ManifestFile[],
  stack: StackPlan,
  images: readonly ServiceImage[],
  builds: readonly BuildWorkflowPlan[] = [],
): Problem[] {
  const problems: Problem[] = [];
  // Only these kinds are compared: picked in one pass, not a copy of every object of the tree.
  type Located = { file: ManifestFile; obj: Manifest };
  const stores = new Map<string, Located>();
  const serviceAccounts = new Map<string, Located>();
  const externalSecrets: Located[] = [];
  for (const file of files) {
    for (const obj of file.objects) {
      if (obj.kind === 'ServiceAccount' && obj.apiVersion === 'v1') {
        serviceAccounts.set(`${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`, { file, obj });
      } else if (isEso(obj, 'ClusterSecretStore')) {
        stores.set(obj.metadata?.name ?? '', { file, obj });
      } else if (isEso(obj, 'ExternalSecret')) {
        externalSecrets.push({ file, obj });
      }
    }
  }
  const stackSecretNames = new Set(stack.secretNames);
  const stackEcrRepositories = new Set(stack.ecrRepositories);
  // By ARN: two roles of one name are one role in IAM, the later one as Terraform would leave it.
  const roles = new Map(stack.roles.map((role) => [role.arn, role]));
  const stackRoleArns = [...roles.keys()].sort();

  // The role each store authenticates with, checked once per store.
  const storeRoles = new Map<string, PlannedRole>();
  for (const [storeName, { file, obj }] of stores) {
    const aws = (obj.spec as StoreSpec | undefined)?.provider?.aws;
    if (!aws || aws.service !== 'SecretsManager') continue;
    const subject = `${file.source} (${file.path})`;
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
        hint: `annotate it with ${IRSA_ROLE_ANNOTATION}: ${stackRoleArns[0] ?? '<the role ARN>'} (repo.add(externalSecretsOperator({ roleArn: aws.externalSecretsRoleArn, … })) does this)`,
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
    storeRoles.set(storeName, role);
  }

  for (const { file, obj } of externalSecrets) {
    const spec = (obj.spec ?? {}) as ExternalSecretSpec;
    const name = obj.metadata?.name ?? '?';
    const subject = `${file.source} (${file.path})`;
    const storeName = spec.secretStoreRef?.name ?? '';
    if (spec.secretStoreRef?.kind !== 'ClusterSecretStore' || !stores.has(storeName)) {
      problems.push({
        subject,
        field: `ExternalSecret/${name} spec.secretStoreRef`,
        value: JSON.stringify(spec.secretStoreRef ?? null),
        message: `is not a ClusterSecretStore of the tree (stores: ${[...stores.keys()].sort().join(', ') || 'none'})`,
        hint: 'add the store with repo.add(externalSecretsOperator(…)) or use its name in storeName',
      });
      continue;
    }
    const role = storeRoles.get(storeName);
    const checkKey = (list: 'data' | 'dataFrom', i: number, key: string | undefined) => {
      if (key === undefined) return;
      if (!stackSecretNames.has(key)) {
        problems.push({
          subject,
          field: `ExternalSecret/${name} ${keyField(list, i)}`,
          value: JSON.stringify(key),
          message: `is not a Secrets Manager secret of the Terraform stack "${stack.name}" (its secrets: ${stack.secretNames.join(', ') || 'none'})`,
          hint: 'reference secrets through EnvValue.fromSecret(...) or service.addExternalSecret(...) so the stack creates them, or fix the key',
        });
      } else if (role && !role.readableSecrets.includes(key)) {
        problems.push({
          subject,
          field: `ExternalSecret/${name} ${keyField(list, i)}`,
          value: JSON.stringify(key),
          message: `is not granted to IAM role "${role.name}" of the Terraform stack "${stack.name}" (it may read: ${[...role.readableSecrets].sort().join(', ') || 'nothing'}); ESO would get AccessDenied`,
          hint: `grant ${SECRET_READ_ACTIONS.join(', ')} on the secret "${key}" to role "${role.name}" (buildAwsStack grants every key the model's ExternalSecrets read)`,
        });
      }
    };
    const data = spec.data ?? [];
    for (let i = 0; i < data.length; i++) checkKey('data', i, data[i].remoteRef?.key);
    const dataFrom = spec.dataFrom ?? [];
    for (let i = 0; i < dataFrom.length; i++) checkKey('dataFrom', i, dataFrom[i].extract?.key);
  }

  const registry = stack.registry;
  for (const { service, image, external } of images) {
    if (external) continue;
    const { registry: host, repository } = splitImage(image);
    if (host === registry && stackEcrRepositories.has(repository)) continue;
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

function isEso(obj: Manifest, kind: string): boolean {
  return obj.kind === kind && obj.apiVersion === 'external-secrets.io/v1';
}

interface StoreSpec {
  readonly provider?: {
    readonly aws?: {
      readonly service?: string;
      readonly auth?: { readonly jwt?: { readonly serviceAccountRef?: { readonly name?: string; readonly namespace?: string } } };
    };
  };
}

interface ExternalSecretSpec {
  readonly secretStoreRef?: { readonly kind?: string; readonly name?: string };
  readonly data?: ReadonlyArray<{ readonly remoteRef?: { readonly key?: string } }>;
  readonly dataFrom?: ReadonlyArray<{ readonly extract?: { readonly key?: string } }>;
}
