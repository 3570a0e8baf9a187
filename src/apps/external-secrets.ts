import { AwsSide, externalSecretsOperator, GitOpsRepo } from 'gitops-synth';

/** External Secrets Operator with the AWS Secrets Manager store, assuming the stack's IRSA role. */
export function defineExternalSecrets(repo: GitOpsRepo, aws: AwsSide): void {
  repo.add(externalSecretsOperator({
    region: aws.region,
    roleArn: aws.externalSecretsRoleArn,
    namespace: aws.externalSecretsNamespace,
    serviceAccountName: aws.externalSecretsServiceAccount,
  }));
}
