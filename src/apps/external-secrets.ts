import { addExternalSecretsOperator, AwsSide, GitOpsRepo } from 'gitops-synth';

/** External Secrets Operator with the AWS Secrets Manager store, assuming the stack's IRSA role. */
export function defineExternalSecrets(repo: GitOpsRepo, aws: AwsSide): void {
  addExternalSecretsOperator(repo, {
    region: aws.region,
    roleArn: aws.externalSecretsRoleArn,
    namespace: aws.externalSecretsNamespace,
    serviceAccountName: aws.externalSecretsServiceAccount,
  });
}
