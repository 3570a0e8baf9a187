import { AwsSide } from './aws-side';
import { PlannedPolicy, plannedPolicies, PolicyKind, RenderedTerraform, TerraformInventory } from './aws-stack';
import { PolicyDocument } from './iam-policies';

/**
 * The AWS quotas the stack's resources must fit, checked at synth (`terraform apply` would fail on
 * them half-way). Sizes are characters of the policy JSON without whitespace, as IAM counts them.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 * @see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 */
export const AWS_LIMITS = {
  /** All inline policies of one role together. */
  inlinePoliciesPerRole: 10_240,
  /** One customer managed policy. */
  managedPolicy: 6_144,
  /** A role's trust policy (the default quota; it can be raised to 4,096). */
  trustPolicy: 2_048,
  /** Characters of a role's name. */
  roleName: 64,
  /** Characters of a Secrets Manager secret's name. */
  secretName: 512,
  /** Characters of a Secrets Manager secret's description. */
  secretDescription: 2_048,
  /** Characters of an ECR repository's name (at least 2). */
  ecrRepositoryName: 256,
  /** Tags on one resource. */
  tagsPerResource: 50,
  /** Characters of a tag key. */
  tagKey: 128,
  /** Characters of a tag value. */
  tagValue: 256,
  /** Roles in an account (the default quota; it can be raised to 5,000). */
  rolesPerAccount: 1_000,
} as const;

/** The limit of one policy document of `kind` on its own (inline policies are limited per role, all together). */
export function policyLimit(kind: PolicyKind): number {
  return kind === 'trust' ? AWS_LIMITS.trustPolicy : kind === 'managed' ? AWS_LIMITS.managedPolicy : AWS_LIMITS.inlinePoliciesPerRole;
}

/** The size of a policy document as IAM counts it: its JSON without whitespace. */
export function policyChars(document: PolicyDocument): number {
  // JSON.stringify writes no whitespace between tokens; the values themselves hold none.
  return JSON.stringify(document).length;
}

/** A policy document of the stack and its size. */
export interface PolicySize extends PlannedPolicy {
  /** Characters, as IAM counts them. */
  readonly chars: number;
}

/** Every policy document the stack creates for this AWS side and inventory, with its size, largest first. */
export function policySizes(side: AwsSide, inventory: TerraformInventory): PolicySize[] {
  return plannedPolicies(side, inventory)
    .map((p) => ({ ...p, chars: policyChars(p.document) }))
    .sort((a, b) => b.chars - a.chars || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/**
 * The size of the largest IAM policy document the Terraform of an AWS side creates (trust and inline
 * policies, every reference resolved, a hosted zone id at its longest), in characters; 0 when it
 * creates none. The benchmark prints it as `iam_policy_max_chars`.
 */
export function iamPolicyMaxChars(terraform: RenderedTerraform): number {
  return policySizes(terraform.side, terraform.inventory)[0]?.chars ?? 0;
}
