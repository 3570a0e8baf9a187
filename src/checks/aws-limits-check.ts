import { Check } from './check';
import { AWS_LIMITS, policyLimit, policySizes } from '../aws/aws-limits';
import { plannedRepositories, plannedSecrets, RenderedTerraform, stackRoles, stackTags } from '../aws/aws-stack';
import { unescapeTerraform } from '../aws/terraform-escape';
import { Problem } from '../core/problem';
import type { GitOpsRepo } from '../repo/gitops-repo';
import type { ModelIndex } from '../repo/model-index';

/** What a Secrets Manager secret's name may hold. */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;
/** What an IAM role's name may hold. */
const ROLE_NAME = /^[\w+=,.@-]+$/;
/** A name ending like the random suffix Secrets Manager adds to an ARN. */
const SECRET_SUFFIX_LIKE = /-[A-Za-z0-9]{6}$/;
/** An ECR repository name: lowercase path components separated by `/`, each joined by `.`, `_` or `-`. */
const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const n = (x: number) => x.toLocaleString('en-US');

/**
 * The AWS side's resources fit AWS's quotas and naming rules, so `terraform apply` does not fail half-way:
 * the size of each role's trust policy and inline policies (every reference resolved), the number of
 * roles against the AWS side's budget, role, ECR repository and Secrets Manager names and descriptions,
 * the environments' secret prefixes, and the stack's tags. Each problem names the resource, the figure
 * and the fix. Skipped when the repository has no AWS side.
 */
export const checkAwsLimits: Check = ({ repo, index, terraform }) => (terraform ? awsLimitProblems(repo, index, terraform) : []);

/** The problems {@link checkAwsLimits} reports for the Terraform of `repo`. Pure. */
export function awsLimitProblems(repo: GitOpsRepo, index: ModelIndex, terraform: RenderedTerraform): Problem[] {
  const { side, inventory } = terraform;
  const subject = `Terraform stack ${side.stackName}`;
  const problems: Problem[] = [];

  const sizes = policySizes(side, inventory);
  const inlineByRole = new Map<string, { chars: number; addresses: string[] }>();
  for (const p of sizes) {
    if (p.kind === 'inline') {
      const sum = inlineByRole.get(p.roleName) ?? { chars: 0, addresses: [] };
      inlineByRole.set(p.roleName, { chars: sum.chars + p.chars, addresses: [...sum.addresses, p.address] });
    } else if (p.chars > policyLimit(p.kind)) {
      problems.push({
        subject,
        field: `${p.address} ${p.kind === 'trust' ? 'assume_role_policy' : 'policy'}`,
        value: `${n(p.chars)} characters`,
        message: `is larger than the ${n(policyLimit(p.kind))} characters IAM allows for a ${p.kind === 'trust' ? 'trust' : 'managed'} policy; terraform apply would fail`,
        hint: p.kind === 'trust'
          ? 'shorten what the role trusts, or ask AWS to raise the trust policy quota (up to 4,096) for the account'
          : 'split the policy or grant by name prefix instead of listing resources',
      });
    }
  }
  for (const [roleName, { chars, addresses }] of inlineByRole) {
    if (chars <= AWS_LIMITS.inlinePoliciesPerRole) continue;
    problems.push({
      subject,
      field: `${addresses.join(' + ')} policy`,
      value: `${n(chars)} characters`,
      message: `role "${roleName}" would hold ${n(chars)} characters of inline policies; IAM allows ${n(AWS_LIMITS.inlinePoliciesPerRole)} per role, so terraform apply would fail`,
      hint: 'name fewer resources per role: grant by name prefix, or split them over several roles (e.g. the zones over two external-dns add-ons)',
    });
  }

  const roles = stackRoles(terraform);
  if (roles.length > side.iamRoleBudget) {
    problems.push({
      subject,
      field: 'aws_iam_role',
      value: `${n(roles.length)} roles`,
      message: `are more than the AWS side's iamRoleBudget of ${n(side.iamRoleBudget)}; creating them would exceed the account's IAM role quota`,
      hint: 'ask AWS to raise the account\'s roles quota (up to 5,000) and set AwsSide iamRoleBudget, or give fewer services a source (one image push role each)',
    });
  }
  for (const role of roles) {
    if (role.name.length <= AWS_LIMITS.roleName && ROLE_NAME.test(role.name)) continue;
    problems.push({
      subject,
      field: `aws_iam_role.${role.id} name`,
      value: JSON.stringify(role.name),
      message: role.name.length > AWS_LIMITS.roleName
        ? `is ${role.name.length} characters long; IAM allows ${AWS_LIMITS.roleName}`
        : 'holds a character IAM does not allow in a role name (letters, digits and _+=,.@- only)',
      hint: 'use a shorter environment, service or add-on name, or a shorter AwsSide externalSecrets.roleName',
    });
  }

  // Which services push to a repository is found only for a name that is reported.
  let servicesByName: Map<string, readonly string[]> | undefined;
  const servicesOf = (name: string) => {
    servicesByName ??= new Map(plannedRepositories(repo, side, index).map((r) => [r.name, r.services]));
    return servicesByName.get(name) ?? [];
  };
  for (const escaped of inventory.locals.ecr_repositories) {
    const name = unescapeTerraform(escaped);
    if (name.length >= 2 && name.length <= AWS_LIMITS.ecrRepositoryName && ECR_NAME.test(name)) continue;
    const service = servicesOf(name)[0];
    problems.push({
      subject: `service ${service}`,
      field: 'image',
      value: JSON.stringify(name),
      message: name.length > AWS_LIMITS.ecrRepositoryName || name.length < 2
        ? `names an ECR repository of ${name.length} characters; ECR allows 2 to ${AWS_LIMITS.ecrRepositoryName}`
        : 'names an ECR repository ECR does not accept (lowercase letters and digits, joined by ".", "_" or "-", path components separated by "/")',
      hint: `use a repository such as ${side.ecrRegistry}/${service}, or mark the image externalImage: true`,
    });
  }

  // Who reads a secret is found only for a name that is reported.
  let consumersByName: Map<string, readonly string[]> | undefined;
  const consumersOf = (name: string) => {
    consumersByName ??= new Map(plannedSecrets(repo, index).map((p) => [p.name, p.consumers]));
    return consumersByName.get(name) ?? [];
  };
  const secrets = inventory.locals.secrets;
  for (const escaped in secrets) {
    const name = unescapeTerraform(escaped);
    if (name.length <= AWS_LIMITS.secretName && SECRET_NAME.test(name) && !SECRET_SUFFIX_LIKE.test(name)) continue;
    const problem = (value: string, message: string, hint: string) => problems.push({
      subject,
      field: `aws_secretsmanager_secret.external_secret[${JSON.stringify(name)}] name`,
      value,
      message: `${message} (read by ${consumersOf(name).join(', ')})`,
      hint,
    });
    if (name.length > AWS_LIMITS.secretName) {
      problem(`${n(name.length)} characters`, `is longer than the ${AWS_LIMITS.secretName} characters Secrets Manager allows in a name`, 'use a shorter secret name');
    } else if (!SECRET_NAME.test(name)) {
      problem(JSON.stringify(name), 'holds a character Secrets Manager does not allow in a name (letters, digits and /_+=.@- only)', 'rename the secret');
    } else {
      problem(JSON.stringify(name), 'ends with a hyphen and six characters, which Secrets Manager confuses with the random suffix of an ARN', 'rename the secret, e.g. without that last hyphen');
    }
  }
  for (const escaped in secrets) {
    const length = secrets[escaped].description.length;
    if (length <= AWS_LIMITS.secretDescription) continue;
    problems.push({
      subject,
      field: `aws_secretsmanager_secret.external_secret[${JSON.stringify(escaped)}] description`,
      value: `${n(length)} characters`,
      message: `is longer than the ${n(AWS_LIMITS.secretDescription)} characters Secrets Manager allows`,
      hint: 'shorten the names of the services and environments that read the secret',
    });
  }

  for (const env of index.environments) {
    if (env.secretPrefix !== '' && SECRET_NAME.test(env.secretPrefix)) continue;
    problems.push({
      subject: `environment ${env.name}`,
      field: 'secretPrefix',
      value: JSON.stringify(env.secretPrefix),
      message: env.secretPrefix === ''
        ? 'is empty: the environment\'s role would read every secret of the account'
        : 'holds a character Secrets Manager does not allow in a name (letters, digits and /_+=.@- only)',
      hint: `use a prefix such as '${env.name}/'`,
    });
  }

  const tags = stackTags(side);
  const tagCount = Object.keys(tags).length;
  if (tagCount > AWS_LIMITS.tagsPerResource) {
    problems.push({
      subject,
      field: 'provider aws default_tags',
      value: `${tagCount} tags`,
      message: `are more than the ${AWS_LIMITS.tagsPerResource} tags AWS allows on one resource (managed-by included)`,
      hint: `keep at most ${AWS_LIMITS.tagsPerResource - 1} tags in AwsSide tags`,
    });
  }
  for (const [key, value] of Object.entries(tags)) {
    if (key.length > AWS_LIMITS.tagKey || key.toLowerCase().startsWith('aws:') || key === '') {
      problems.push({
        subject,
        field: 'provider aws default_tags',
        value: JSON.stringify(key),
        message: key.toLowerCase().startsWith('aws:')
          ? 'is a tag key in the aws: namespace, which AWS reserves'
          : `is a tag key of ${key.length} characters; AWS allows 1 to ${AWS_LIMITS.tagKey}`,
        hint: 'rename the tag in AwsSide tags',
      });
    }
    if (value.length > AWS_LIMITS.tagValue) {
      problems.push({
        subject,
        field: `provider aws default_tags.${key}`,
        value: `${n(value.length)} characters`,
        message: `is longer than the ${AWS_LIMITS.tagValue} characters AWS allows in a tag value`,
        hint: 'shorten the value in AwsSide tags',
      });
    }
  }
  return problems;
}
