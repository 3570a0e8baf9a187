/**
 * ServiceAccount annotation naming the IAM role its pods assume on EKS (IAM Roles for Service Accounts).
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
