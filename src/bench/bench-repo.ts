import { awsSide, Environment, EnvValue, externalSecretsOperator, GitOpsRepo, Probe, Releases, ReleasesData, SecretRef, Service, SyncPolicy, TreeLayout } from '..';

/** The environments every generated service is deployed to, in order. */
export const BENCH_ENVIRONMENTS = ['dev', 'staging', 'production'] as const;

/** Name of an environment of the generated repository. */
export type BenchEnvironmentName = (typeof BENCH_ENVIRONMENTS)[number];

/** The environments of the generated repository, by name. */
export type BenchEnvironments = Readonly<Record<BenchEnvironmentName, Environment>>;

/** Name of the `index`-th generated service, zero-padded so that paths sort like numbers. */
export function benchServiceName(index: number): string {
  return `svc-${String(index).padStart(5, '0')}`;
}

/** The image tag of a generated service in an environment (the releases data). */
export function benchTag(index: number, environment: BenchEnvironmentName): string {
  return `sha-${(index * 7919 + BENCH_ENVIRONMENTS.indexOf(environment)).toString(16).padStart(7, '0')}`;
}

/** Releases data for `services` generated services: one tag per service and environment. */
export function benchReleases(services: number): ReleasesData {
  const data: ReleasesData = {};
  for (let i = 0; i < services; i++) {
    const envs: Record<string, string> = {};
    for (const env of BENCH_ENVIRONMENTS) envs[env] = benchTag(i, env);
    data[benchServiceName(i)] = envs;
  }
  return data;
}

/**
 * The definitions of one generated service, as a platform team would write them: a Deployment with
 * probes, resources and env vars, a Kubernetes Service, and per environment an overlay with an Argo CD
 * Application and an ExternalSecret for the database password (a Secrets Manager key per environment,
 * so the AWS stack holds a secret per service and environment next to the service's ECR repository);
 * production also has an HPA, a PodDisruptionBudget, topology spread and a NetworkPolicy.
 */
export function defineBenchService(repo: GitOpsRepo, envs: BenchEnvironments, index: number): Service {
  const name = benchServiceName(index);
  const service = repo.addService(name, {
    image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}`,
    port: 8080,
    env: {
      LOG_LEVEL: 'info',
      SERVICE_NAME: name,
    },
    readiness: Probe.fromHttpGet('/healthz/ready'),
    liveness: Probe.fromHttpGet('/healthz/live', { periodSeconds: 20 }),
    resources: { cpu: '100m', memory: '128Mi' },
  });
  const dbPassword = (env: BenchEnvironmentName) => EnvValue.fromSecret(SecretRef.fromAwsSecretsManager(`${env}/${name}/db`, 'password'));
  service.addOverlay(envs.dev, { replicas: 1, env: { LOG_LEVEL: 'debug', DB_PASSWORD: dbPassword('dev') } });
  service.addOverlay(envs.staging, { replicas: 2, env: { DB_PASSWORD: dbPassword('staging') } });
  // Production as the defaults make it: an HPA (from 3 replicas), a PodDisruptionBudget, topology spread and a NetworkPolicy.
  service.addOverlay(envs.production, {
    autoscaling: { minReplicas: 3, maxReplicas: 10 }, resources: { cpu: '500m', memory: '512Mi' }, env: { DB_PASSWORD: dbPassword('production') },
  });
  return service;
}

/** Options of {@link defineBenchRepo}. */
export interface BenchRepoOptions {
  /**
   * Releases data, e.g. with one tag changed.
   * @default - `benchReleases(services)`
   */
  readonly releases?: ReleasesData;
  /**
   * Whether the repository has an AWS side (the Terraform stack, checked against the tree). Without
   * it the Kubernetes tree is the same, so the two show what the AWS side costs.
   * @default true
   */
  readonly aws?: boolean;
  /**
   * The tree's layout: kustomize folders, or each service's rendered objects per environment.
   * @default TreeLayout.kustomize()
   */
  readonly layout?: TreeLayout;
}

/**
 * A generated repository of `services` services × 3 environments (dev and staging synced automatically,
 * production manually).
 */
export function defineBenchRepo(services: number, options: BenchRepoOptions = {}): GitOpsRepo {
  const repo = new GitOpsRepo({
    repoURL: 'https://github.com/acme/gitops-repo.git',
    releases: Releases.fromData(options.releases ?? benchReleases(services), 'releases.json'),
    layout: options.layout,
  });
  const envs: BenchEnvironments = {
    dev: repo.addEnvironment('dev', { sync: SyncPolicy.automated() }),
    staging: repo.addEnvironment('staging', { sync: SyncPolicy.automated() }),
    production: repo.addEnvironment('production', { sync: SyncPolicy.manual() }),
  };
  const aws = repo.add(awsSide({
    accountId: '123456789012',
    region: 'eu-west-1',
    clusterOidcIssuer: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
  }));
  repo.add(externalSecretsOperator({
    region: aws.region,
    roleArn: aws.externalSecretsRoleArn,
    namespace: aws.externalSecretsNamespace,
    serviceAccountName: aws.externalSecretsServiceAccount,
  }));
  // The same objects in the tree (the role ARN is a plain string), without the Terraform stack.
  if (options.aws === false) aws.node.scope!.node.tryRemoveChild(aws.node.id);
  for (let i = 0; i < services; i++) defineBenchService(repo, envs, i);
  return repo;
}
