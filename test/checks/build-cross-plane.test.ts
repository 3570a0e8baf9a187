import { awsSide, GitOpsRepo, SynthError } from '../../src';
import { checkCrossPlane } from '../../src/checks/cross-plane-check';
import { checkContext } from '../support/check-context';
import { AWS_PROPS } from '../support/secrets-fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any -- the inventory is edited as plain data */

function buildRepo(): GitOpsRepo {
  const repo = new GitOpsRepo({ repoURL: 'https://github.com/acme/gitops.git', outdir: 'dist' });
  repo.addEnvironment('staging');
  repo.add(awsSide(AWS_PROPS));
  repo.addService('api', { image: '111122223333.dkr.ecr.eu-central-1.amazonaws.com/api', port: 8080, source: { repository: 'acme/api' } });
  return repo;
}

/** The cross-plane check's report with the stack's inventory edited. */
function problems(repo: GitOpsRepo, edit: (inventory: any) => void): string {
  const ctx = checkContext(repo);
  const inventory = structuredClone(ctx.terraform!.inventory);
  edit(inventory);
  return new SynthError(checkCrossPlane({ ...ctx, terraform: { ...ctx.terraform!, inventory } })).message;
}

describe('cross-plane check: build workflow ↔ push role ↔ ECR repository', () => {
  test('the model and its own stack agree', () => {
    expect(checkCrossPlane(checkContext(buildRepo()))).toEqual([]);
  });

  test('a role trusted by another branch', () => {
    const message = problems(buildRepo(), (inventory) => {
      inventory.locals.image_push_roles.api.subject = 'repo:acme/api:ref:refs/heads/dev';
    });
    expect(message).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'Terraform stack gitops-synth:',
      '  ✖ aws_iam_role.image_push_role[api] assume_role_policy = ["repo:acme/api:ref:refs/heads/dev"]: does not trust repo:acme/api:ref:refs/heads/main,'
        + ' the identity of the build workflow of service api; its push job would get AccessDenied from AssumeRoleWithWebIdentity'
        + ' (fix: synthesize the stack from the definitions whose source is { repository: \'acme/api\', branch: \'main\' })',
    ].join('\n'));
  });

  test('a role allowed to push to another repository', () => {
    const message = problems(buildRepo(), (inventory) => {
      inventory.locals.image_push_roles.api.ecr_repository = 'web';
    });
    expect(message).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'Terraform stack gitops-synth:',
      '  ✖ aws_iam_role.image_push_role[api] inline policies = ["web"]: do not allow ecr:PutImage on ECR repository "api",'
        + ' where the build workflow of service api pushes 111122223333.dkr.ecr.eu-central-1.amazonaws.com/api'
        + ' (fix: synthesize the stack from the same definitions (the push role may push to its service\'s repository only))',
    ].join('\n'));
  });

  test('a workflow whose role is not in the stack', () => {
    const message = problems(buildRepo(), (inventory) => {
      inventory.locals.image_push_roles = {};
    });
    expect(message).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'service api:',
      '  ✖ source (build workflow role-to-assume) = "arn:aws:iam::111122223333:role/api-image-push": is not an IAM role of the Terraform stack "gitops-synth"'
        + ' (its roles: arn:aws:iam::111122223333:role/external-secrets-staging); the push job could not assume it'
        + ' (fix: synthesize the stack from the same definitions (the stack creates <service>-image-push for every service with a source))',
    ].join('\n'));
  });
});
