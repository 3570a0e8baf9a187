import { AwsSide, ecrRepositoryOf } from '../aws/aws-side';
import type { GitOpsRepo } from '../repo/gitops-repo';
import { resolveSource } from '../workload/service-source';

/** Actions of the build workflow, pinned by full commit SHA (the version in the comment). */
const ACTIONS = {
  checkout: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
  uploadArtifact: 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0',
  downloadArtifact: 'actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1',
  trivy: 'aquasecurity/trivy-action@ed142fd0673e97e23eac54620cfb913e5ce36c25 # v0.36.0',
  sonarQube: 'SonarSource/sonarqube-scan-action@22918119ff8e1ca75a623e15c8296b6ea4fbe28f # v8.2.1',
  awsCredentials: 'aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3',
  ecrLogin: 'aws-actions/amazon-ecr-login@03f1aad4c6c7ffd436567f42f9384779290529bd # v2.1.7',
} as const;

/** The secret of the service's repository holding a token that may run the GitOps repository's `deploy-image.yml`. */
export const GITOPS_TOKEN_SECRET = 'GITOPS_DEPLOY_TOKEN';

/** What a service's build workflow does, from the definitions: the cross-plane check compares it with the stack. */
export interface BuildWorkflowPlan {
  /** The service. */
  readonly service: string;
  /** Its source repository, `<owner>/<repo>`, where the workflow goes (`.github/workflows/build.yml`). */
  readonly sourceRepository: string;
  /** The branch whose pushes build, push and deploy. */
  readonly branch: string;
  /** Trivy severities failing the build. */
  readonly failOnSeverity: string;
  /** Whether a SonarQube scan runs. */
  readonly sonarQube: boolean;
  /** The AWS region of the registry. */
  readonly region: string;
  /** The ECR registry host. */
  readonly registry: string;
  /** The ECR repository pushed to. */
  readonly ecrRepository: string;
  /** The role the push job assumes. */
  readonly roleArn: string;
  /** The GitOps repository, `<owner>/<repo>`, whose `deploy-image.yml` records the tag. */
  readonly gitopsRepository: string;
  /** The environment the new tag is deployed to: the first one defined. */
  readonly environment: string;
}

/**
 * The build workflow plan of a service, or a one-line error with the fix: the service must exist,
 * have a `source`, an image in the AWS side's ECR, and the repository an AWS side, an environment
 * and a GitHub `repoURL`.
 */
export function buildWorkflowPlan(repo: GitOpsRepo, serviceName: string): BuildWorkflowPlan {
  const service = repo.services.find((s) => s.name === serviceName);
  if (!service) throw new Error(`service ${JSON.stringify(serviceName)} is not defined (defined: ${repo.services.map((s) => s.name).join(', ') || 'none'})`);
  if (!service.props.source) throw new Error(`service ${serviceName} has no source (fix: add source: { repository: '<owner>/<repo>' } to its definition)`);
  if (service.props.externalImage) throw new Error(`service ${serviceName} has externalImage: true, so it is not pushed to this account's ECR`);
  const side = AwsSide.of(repo);
  if (!side) throw new Error('the repository has no AWS side, so there is no ECR repository or push role (fix: repo.add(awsSide({ … })))');
  const environment = repo.environments[0];
  if (!environment) throw new Error('the repository has no environment to deploy the new image to (fix: repo.addEnvironment(\'staging\', …))');
  const source = resolveSource(service.props.source);
  return {
    service: service.name,
    sourceRepository: source.repository,
    branch: source.branch,
    failOnSeverity: source.failOnSeverity,
    sonarQube: source.sonarQube,
    region: side.region,
    registry: side.ecrRegistry,
    ecrRepository: ecrRepositoryOf(side, service.image, service.name),
    roleArn: side.imagePushRoleArn(service.name),
    gitopsRepository: githubRepository(repo.repoURL),
    environment: environment.name,
  };
}

/** `<owner>/<repo>` of a GitHub URL (`https://github.com/o/r.git`, `git@github.com:o/r.git`). */
export function githubRepository(url: string): string {
  const m = /^(?:https:\/\/github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([A-Za-z0-9-]+\/[A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(url);
  if (!m) throw new Error(`repoURL ${JSON.stringify(url)} is not a GitHub repository, so the build workflow cannot trigger its deploy-image workflow`);
  return m[1];
}

/**
 * The GitHub Actions workflow of a service's repository (`.github/workflows/build.yml` there): on a push
 * to the branch, job `build` builds the image and fails on vulnerabilities of the given severities
 * (Trivy), optionally scans with SonarQube; job `push`, the only one with `id-token: write`, pushes it
 * to the service's ECR repository as `sha-<commit>` with the push role; job `deploy` runs the GitOps
 * repository's `deploy-image.yml` for the first environment with the `GITOPS_DEPLOY_TOKEN` secret.
 */
export function buildWorkflow(repo: GitOpsRepo, serviceName: string): string {
  return renderBuildWorkflow(buildWorkflowPlan(repo, serviceName));
}

/** The workflow's YAML text for a plan. */
export function renderBuildWorkflow(plan: BuildWorkflowPlan): string {
  const q = (v: string) => JSON.stringify(v);
  const sonar = plan.sonarQube ? `
      - name: SonarQube scan
        uses: ${ACTIONS.sonarQube}
        env:
          SONAR_TOKEN: \${{ secrets.SONAR_TOKEN }}
          SONAR_HOST_URL: \${{ secrets.SONAR_HOST_URL }}` : '';
  return `# Generated by gitops-synth (gitops-synth workflow ${plan.service}): copy to .github/workflows/build.yml of ${plan.sourceRepository}.
# Builds ${plan.service}, scans it, pushes it to ECR with the role ${plan.roleArn} (no AWS keys: GitHub's
# OIDC token) and runs deploy-image.yml of ${plan.gitopsRepository} for ${plan.environment}.
# Secret needed: ${GITOPS_TOKEN_SECRET}, a fine-grained token (or GitHub App token) with "Actions: write"
# on ${plan.gitopsRepository} only.
name: build ${plan.service}

on:
  push:
    branches: [${q(plan.branch)}]

permissions: {}

concurrency:
  group: build-${plan.service}
  cancel-in-progress: false

env:
  IMAGE: ${q(`${plan.registry}/${plan.ecrRepository}`)}
  TAG: sha-\${{ github.sha }}

jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 30
    permissions:
      contents: read
    steps:
      - uses: ${ACTIONS.checkout}
        with:
          persist-credentials: false${plan.sonarQube ? '\n          fetch-depth: 0' : ''}
      - name: Build the image
        run: docker build --tag "$IMAGE:$TAG" . && docker save --output image.tar "$IMAGE:$TAG"
      - name: Scan the image (fails on ${plan.failOnSeverity})
        uses: ${ACTIONS.trivy}
        with:
          input: image.tar
          severity: ${q(plan.failOnSeverity)}
          ignore-unfixed: true
          exit-code: "1"${sonar}
      - uses: ${ACTIONS.uploadArtifact}
        with:
          name: image
          path: image.tar
          retention-days: 1

  push:
    needs: build
    runs-on: ubuntu-24.04
    timeout-minutes: 15
    permissions:
      id-token: write
    steps:
      - uses: ${ACTIONS.downloadArtifact}
        with:
          name: image
      - uses: ${ACTIONS.awsCredentials}
        with:
          role-to-assume: ${q(plan.roleArn)}
          aws-region: ${q(plan.region)}
      - uses: ${ACTIONS.ecrLogin}
      - name: Push the image
        run: docker load --input image.tar && docker push "$IMAGE:$TAG"

  deploy:
    needs: push
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    permissions: {}
    steps:
      - name: Deploy to ${plan.environment}
        env:
          GH_TOKEN: \${{ secrets.${GITOPS_TOKEN_SECRET} }}
          GITOPS_REPOSITORY: ${q(plan.gitopsRepository)}
          SERVICE: ${q(plan.service)}
          ENVIRONMENT: ${q(plan.environment)}
        run: gh workflow run deploy-image.yml --repo "$GITOPS_REPOSITORY" -f service="$SERVICE" -f environment="$ENVIRONMENT" -f tag="$TAG"
`;
}
