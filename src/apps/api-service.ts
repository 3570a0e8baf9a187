import { CLUSTER_ISSUER, INGRESS_CONTROLLER } from './infrastructure';
import { Environment, EnvValue, GitOpsRepo, Probe, SecretRef } from 'gitops-synth';

/** The environments a service of this repository is deployed to. */
export interface Environments {
  readonly staging: Environment;
  readonly production: Environment;
}

/**
 * `api-service`: the HTTP API, two replicas in staging; in production four to twelve, scaled by an
 * HorizontalPodAutoscaler on CPU, with guaranteed resources, a PodDisruptionBudget and topology spread
 * over zones and nodes (the production defaults). The database password comes from AWS Secrets
 * Manager, a different secret per environment; each environment has its own host with TLS and a
 * NetworkPolicy that lets in only the ingress controller.
 */
export function defineApiService(repo: GitOpsRepo, envs: Environments): void {
  const api = repo.addService('api-service', {
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api-service',
    port: 8080,
    env: { LOG_LEVEL: 'info' },
    readiness: Probe.fromHttpGet('/healthz/ready'),
    liveness: Probe.fromHttpGet('/healthz/live', { periodSeconds: 20 }),
    resources: { cpu: '250m', memory: '256Mi' },
    // Built by .github/workflows/build.yml of that repository (`gitops-synth workflow api-service`), pushed with the stack's api-service-image-push role.
    source: { repository: 'acme/api-service', branch: 'main' },
  });
  api.addOverlay(envs.staging, {
    replicas: 2,
    networkPolicy: {},
    env: {
      LOG_LEVEL: 'debug',
      DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('staging/api-service/db', 'password')),
    },
  }).addIngress('ingress', { host: 'api.staging.example.com', controller: INGRESS_CONTROLLER, clusterIssuer: CLUSTER_ISSUER });
  api.addOverlay(envs.production, {
    // The Deployment starts with minReplicas; the Application leaves spec.replicas to the autoscaler.
    autoscaling: { minReplicas: 4, maxReplicas: 12, cpuUtilization: 70 },
    resources: { cpu: '500m', memory: '512Mi' },
    env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('prod/api-service/db', 'password')) },
  }).addIngress('ingress', { host: 'api.example.com', controller: INGRESS_CONTROLLER, clusterIssuer: CLUSTER_ISSUER });
}
