import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse as parseYaml } from 'yaml';
import { awsSide, GitOpsRepo } from '../../src';
import { renderTerraform } from '../../src/aws/aws-stack';
import { buildWorkflow } from '../../src/build/build-workflow';
import { AWS_PROPS } from '../support/secrets-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- workflow and Terraform JSON are read as plain data */

function buildRepo(source: Record<string, unknown> = { repository: 'acme/api' }): GitOpsRepo {
  const repo = new GitOpsRepo({ repoURL: 'https://github.com/acme/gitops.git', outdir: 'dist' });
  repo.addEnvironment('staging');
  repo.addEnvironment('production');
  repo.add(awsSide(AWS_PROPS));
  repo.addService('api', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/api', port: 8080, source: source as any });
  return repo;
}

describe.each([
  ['defaults', {}],
  ['SonarQube and a custom severity', { sonarQube: true, failOnSeverity: 'CRITICAL', branch: 'release/v1' }],
])('build workflow with %s', (_name, extra) => {
  const content = buildWorkflow(buildRepo({ repository: 'acme/api', ...extra }), 'api');
  const workflow = parseYaml(content) as any;
  const jobs = Object.entries(workflow.jobs) as Array<[string, any]>;
  const steps = jobs.flatMap(([, job]) => job.steps as any[]);

  test('GitHub\'s workflow parser finds no error', async () => {
    const parsed = parseWorkflow({ name: 'build.yml', content }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    expect(template.errors ?? []).toEqual([]);
    expect(template.jobs.length).toBe(3);
  });

  test('every action pinned by full commit SHA with its version; no expression inside a script', () => {
    const uses = content.split('\n').filter((line) => /^\s*(- )?uses:/.test(line));
    for (const line of uses) expect(line).toMatch(/^\s*(- )?uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    for (const step of steps.filter((s) => s.run !== undefined)) expect(step.run).not.toMatch(/\$\{\{/);
  });

  test('permissions none at the top; id-token: write only on the push job; timeouts everywhere', () => {
    expect(workflow.permissions).toEqual({});
    expect(Object.fromEntries(jobs.map(([name, job]) => [name, job.permissions]))).toEqual({
      build: { contents: 'read' },
      push: { 'id-token': 'write' },
      deploy: {},
    });
    for (const [, job] of jobs) expect(job['timeout-minutes']).toEqual(expect.any(Number));
    expect(content).not.toMatch(/aws-access-key-id|aws-secret-access-key/);
  });

  test('Trivy fails on the severities; the push assumes the service\'s role; the deploy runs deploy-image.yml for the first environment', () => {
    const trivy = steps.find((s) => s.uses?.startsWith('aquasecurity/trivy-action@'));
    expect(trivy.with).toEqual({ 'input': 'image.tar', 'severity': (extra as any).failOnSeverity ?? 'HIGH,CRITICAL', 'ignore-unfixed': true, 'exit-code': '1' });
    expect(steps.some((s) => s.uses?.startsWith('SonarSource/'))).toBe((extra as any).sonarQube === true);
    const credentials = steps.find((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials.with).toEqual({ 'role-to-assume': 'arn:aws:iam::111122223333:role/api-image-push', 'aws-region': 'eu-central-1' });
    expect(workflow.on).toEqual({ push: { branches: [(extra as any).branch ?? 'main'] } });
    expect(workflow.env).toEqual({ IMAGE: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/api', TAG: 'sha-${{ github.sha }}' });
    const deploy = workflow.jobs.deploy.steps[0];
    expect(deploy.env).toEqual({
      GH_TOKEN: '${{ secrets.GITOPS_DEPLOY_TOKEN }}', GITOPS_REPOSITORY: 'acme/gitops', SERVICE: 'api', ENVIRONMENT: 'staging',
    });
    expect(deploy.run).toBe('gh workflow run deploy-image.yml --repo "$GITOPS_REPOSITORY" -f service="$SERVICE" -f environment="$ENVIRONMENT" -f tag="$TAG"');
  });
});

describe('the push role', () => {
  test('trusted only by the service\'s repository and branch, through GitHub\'s OIDC provider, and may push only to its ECR repository', () => {
    const { stack, inventory } = renderTerraform(buildRepo({ repository: 'acme/api', branch: 'release' }))!;
    expect(inventory.locals.image_push_roles).toEqual({
      api: { role_name: 'api-image-push', subject: 'repo:acme/api:ref:refs/heads/release', ecr_repository: 'api' },
    });
    const role = (stack as any).resource.aws_iam_role.image_push_role;
    expect(role.for_each).toBe('${local.image_push_roles}');
    expect(role.name).toBe('${each.value.role_name}');
    expect(JSON.parse(role.assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': '${each.value.subject}',
          },
        },
      }],
    });
    const policy = (stack as any).resource.aws_iam_role_policy.image_push;
    expect(policy.role).toBe('${aws_iam_role.image_push_role[each.key].id}');
    expect(JSON.parse(policy.policy).Statement).toEqual([
      { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PushToOwnRepository',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart'],
        Resource: 'arn:aws:ecr:eu-central-1:111122223333:repository/${each.value.ecr_repository}',
      },
    ]);
  });

  test('no source, no role and no workflow', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://github.com/acme/gitops.git', outdir: 'dist' });
    repo.addEnvironment('staging');
    repo.add(awsSide(AWS_PROPS));
    repo.addService('api', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/api', port: 8080 });
    const { stack, inventory } = renderTerraform(repo)!;
    expect(inventory.locals.image_push_roles).toEqual({});
    expect((stack as any).resource.aws_iam_role.image_push_role).toBeUndefined();
    expect(() => buildWorkflow(repo, 'api')).toThrow('service api has no source (fix: add source: { repository: \'<owner>/<repo>\' } to its definition)');
  });
});
