import { AwsSide, awsSide, GitOpsRepo } from 'gitops-synth';

/** The AWS account and cluster this repository deploys to; the Terraform stack is built from it. */
export function defineAws(repo: GitOpsRepo): AwsSide {
  return repo.add(awsSide({
    accountId: '123456789012',
    region: 'eu-west-1',
    clusterOidcIssuer: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
  }));
}
