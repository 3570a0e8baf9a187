import { AwsSide, certManager, externalDns, ExternalDnsPolicy, GitOpsRepo, IngressController } from 'gitops-synth';

/** The ingress controller of this repository's clusters. */
export const INGRESS_CONTROLLER = IngressController.nginx({
  serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
});

/** The ClusterIssuer that signs the services' public certificates. */
export const CLUSTER_ISSUER = 'letsencrypt-production';

/** Cluster add-ons every environment relies on, each pinned to an exact chart version. */
export function defineInfrastructure(repo: GitOpsRepo, aws: AwsSide): void {
  repo.add(certManager({
    letsEncrypt: { email: 'platform@example.com', ingressClassName: INGRESS_CONTROLLER.className },
  }));
  repo.add(externalDns({
    domainFilters: ['example.com'],
    // The AWS side's role, limited to the zones of domainFilters.
    roleArn: aws.externalDnsRoleArn,
    txtOwnerId: 'acme-eu-west-1',
    region: 'eu-west-1',
    policy: ExternalDnsPolicy.upsertOnly(),
  }));
  repo.add(INGRESS_CONTROLLER.addOn());
}
