import { awsSide, AwsSideProps, externalSecretsOperator, EnvValue, GitOpsRepo, Releases, SecretRef, SyncPolicy } from '../../src';

/** The AWS settings the secrets fixtures use. */
export const AWS_PROPS: AwsSideProps = {
  accountId: '111122223333',
  region: 'eu-central-1',
  clusterOidcIssuer: 'oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF',
};

/** Options of {@link secretsRepo}. */
export interface SecretsRepoOptions {
  /** AWS settings overriding {@link AWS_PROPS}. */
  readonly aws?: Partial<AwsSideProps>;
  /** The role ARN given to the ESO add-on. */
  readonly roleArn?: string;
  /** Leave out the ESO add-on. */
  readonly withoutOperator?: boolean;
  /** The releases data, instead of a tag for `api` in both environments. */
  readonly releases?: unknown;
}

/**
 * A repository with an AWS side, External Secrets Operator and one service `api` whose image is
 * in the stack's ECR: a shared base secret (`shared/api/sentry`, whole JSON value extracted) and a
 * database password per environment.
 */
export function secretsRepo(options: SecretsRepoOptions = {}) {
  const repo = new GitOpsRepo({
    repoURL: 'https://example.com/acme/gitops.git',
    releases: Releases.fromData(options.releases ?? { api: { staging: 'v1.0.0', production: 'v1.0.0' } }, 'releases.json'),
  });
  const aws = repo.add(awsSide({ ...AWS_PROPS, ...options.aws }));
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
  // The production secrets are named prod/…, as many teams name them.
  const production = repo.addEnvironment('production', { sync: SyncPolicy.manual(), secretPrefix: 'prod/' });
  if (!options.withoutOperator) {
    repo.add(externalSecretsOperator({ region: aws.region, roleArn: options.roleArn ?? aws.externalSecretsRoleArn }));
  }
  const api = repo.addService('api', {
    image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/api',
    port: 8080,
    env: { LOG_LEVEL: 'info' },
  });
  api.addExternalSecret('sentry', { extract: [SecretRef.fromAwsSecretsManager('shared/api/sentry')] });
  api.addOverlay(staging, { env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('staging/api/db', 'password')) } });
  api.addOverlay(production, {
    replicas: 2,
    resources: { cpu: '100m', memory: '128Mi' },
    env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('prod/api/db', 'password', { version: 'AWSCURRENT' })) },
  });
  return { repo, aws, staging, production, api };
}
