import { crossPlaneProblems, GitOpsRepo, Manifest, renderTerraform, synth, synthesize, SynthError, TerraformJson } from '../../src';
import { synthErrorOf } from '../support/errors';
import { secretsRepo } from '../support/secrets-fixtures';
import { readTree, tempDir } from '../support/tmp';

/* eslint-disable @typescript-eslint/no-explicit-any -- Terraform JSON is edited as plain data */

const REGISTRY = '111122223333.dkr.ecr.eu-central-1.amazonaws.com';

function externalSecret(name: string, key: string, store = { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' }): Manifest {
  return { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name }, spec: { secretStoreRef: store, data: [{ secretKey: 'value', remoteRef: { key } }] } };
}

/** The repository's Terraform module (stack, inventory) with the first statement of the ESO read policy edited. */
function withEditedReadPolicy(repo: GitOpsRepo, edit: (statement: any) => void): TerraformJson[] {
  const { stack, inventory } = renderTerraform(repo)!;
  edit((stack as any).data.aws_iam_policy_document.external_secrets_read_policy.statement[0]);
  return [stack, inventory];
}

/** The JSON text of a `for_each` instance's ARN, e.g. `${aws_secretsmanager_secret.external_secret["prod/api/db"].arn}`. */
function secretArn(key: string): string {
  return `\${aws_secretsmanager_secret.external_secret[${JSON.stringify(key)}].arn}`;
}

describe('checkCrossPlane', () => {
  test('the model and its own stack agree', () => {
    const { repo } = secretsRepo();
    expect(() => synthesize(repo)).not.toThrow();
  });

  test('an ExternalSecret key that is not a secret of the stack, and a store that is not in the tree', () => {
    const { repo } = secretsRepo();
    repo.addAddOn('manual', {
      chart: { repoURL: 'https://charts.example.com', chart: 'manual', version: '1.0.0' },
      objects: [{ fileName: 'external-secrets.yaml', objects: [externalSecret('manual', 'manual/key'), externalSecret('vault', 'k', { kind: 'SecretStore', name: 'vault' })] }],
    });
    const dir = tempDir();
    expect(synthErrorOf(() => synth(repo, { outdir: `${dir}/dist` }))).toBe([
      'gitops-synth: 2 problems found, nothing was written',
      'add-on manual (infrastructure/manual/external-secrets.yaml):',
      '  ✖ ExternalSecret/manual spec.data[0].remoteRef.key = "manual/key": is not a Secrets Manager secret of the Terraform stack "gitops-synth"'
        + ' (its secrets: prod/api/db, shared/api/sentry, staging/api/db)'
        + ' (fix: reference secrets through EnvValue.fromSecret(...) or service.addExternalSecret(...) so the stack creates them, or fix the key)',
      '  ✖ ExternalSecret/vault spec.secretStoreRef = {"kind":"SecretStore","name":"vault"}: is not a ClusterSecretStore of the tree (stores: aws-secrets-manager)'
        + ' (fix: add the store with addExternalSecretsOperator(repo, …) or use its name in storeName)',
    ].join('\n'));
    expect(readTree(dir)).toEqual({});
  });

  test('a key with a secret in the stack but no grant to the role', () => {
    const { repo } = secretsRepo();
    const terraform = withEditedReadPolicy(repo, (statement) => {
      statement.resources = [secretArn('shared/api/sentry'), secretArn('staging/api/db')];
    });
    expect(new SynthError(crossPlaneProblems(repo.renderFiles(), terraform, [])).message).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'service api (apps/api/overlays/production/external-secret.yaml):',
      '  ✖ ExternalSecret/api-production-secrets spec.data[0].remoteRef.key = "prod/api/db": is not granted to IAM role "external-secrets"'
        + ' of the Terraform stack "gitops-synth" (it may read: shared/api/sentry, staging/api/db); ESO would get AccessDenied'
        + ' (fix: grant secretsmanager:DescribeSecret, secretsmanager:GetSecretValue, secretsmanager:ListSecretVersionIds on the secret "prod/api/db"'
        + ' to role "external-secrets" (buildAwsStack grants every key the model\'s ExternalSecrets read))',
    ].join('\n'));
  });

  test('a statement without secretsmanager:GetSecretValue grants nothing', () => {
    const { repo } = secretsRepo();
    const terraform = withEditedReadPolicy(repo, (statement) => {
      statement.actions = ['secretsmanager:DescribeSecret'];
    });
    const problems = crossPlaneProblems(repo.renderFiles(), terraform, []);
    expect(problems.map((p) => p.value)).toEqual(['"shared/api/sentry"', '"staging/api/db"', '"prod/api/db"']);
  });

  test('an image repository that is not in the stack', () => {
    const { repo } = secretsRepo();
    repo.addService('ext', { image: 'ghcr.io/acme/ext' });
    repo.addService('redis', { image: 'docker.io/library/redis', externalImage: true });
    expect(synthErrorOf(() => synthesize(repo))).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'service ext:',
      `  ✖ image = "ghcr.io/acme/ext": is not an ECR repository of the Terraform stack "gitops-synth" (its repositories: ${REGISTRY}/api, ${REGISTRY}/ext)`
        + ` (fix: use image '${REGISTRY}/ext', or mark it with externalImage: true if it is pulled from elsewhere)`,
    ].join('\n'));
  });

  test('an image in the same registry but another account or region is not in the stack either', () => {
    const { repo } = secretsRepo();
    repo.addService('other', { image: '999999999999.dkr.ecr.eu-central-1.amazonaws.com/other' });
    expect(synthErrorOf(() => synthesize(repo))).toContain('service other:\n  ✖ image = "999999999999.dkr.ecr.eu-central-1.amazonaws.com/other": is not an ECR repository');
  });

  test('the ServiceAccount is annotated with a role that is not the stack\'s', () => {
    const { repo } = secretsRepo({ roleArn: 'arn:aws:iam::111122223333:role/hand-made' });
    expect(synthErrorOf(() => synthesize(repo))).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'add-on external-secrets (infrastructure/external-secrets/service-account.yaml):',
      '  ✖ ServiceAccount/external-secrets metadata.annotations.eks.amazonaws.com/role-arn = "arn:aws:iam::111122223333:role/hand-made":'
        + ' is not an IAM role of the Terraform stack "gitops-synth" (its roles: arn:aws:iam::111122223333:role/external-secrets)'
        + ' (fix: pass roleArn: aws.externalSecretsRoleArn to addExternalSecretsOperator, so both sides name the same role)',
    ].join('\n'));
  });

  test('the role trusts another ServiceAccount than the one the store authenticates with', () => {
    const { repo } = secretsRepo({ aws: { externalSecrets: { namespace: 'eso' } } });
    expect(synthErrorOf(() => synthesize(repo))).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'Terraform stack gitops-synth:',
      '  ✖ aws_iam_role.external_secrets_role assume_role_policy = ["system:serviceaccount:eso:external-secrets"]:'
        + ' does not trust system:serviceaccount:external-secrets:external-secrets, the identity ClusterSecretStore/aws-secrets-manager'
        + ' (infrastructure/external-secrets/cluster-secret-store.yaml) authenticates with; ESO would get AccessDenied from AssumeRoleWithWebIdentity'
        + ' (fix: give AwsSide externalSecrets { namespace, serviceAccountName } the same values as addExternalSecretsOperator)',
    ].join('\n'));
  });

  test('a store whose ServiceAccount is not in the tree', () => {
    const { repo } = secretsRepo({ withoutOperator: true });
    repo.addAddOn('eso', {
      chart: { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' },
      objects: [{
        fileName: 'store.yaml',
        objects: [{
          apiVersion: 'external-secrets.io/v1',
          kind: 'ClusterSecretStore',
          metadata: { name: 'aws-secrets-manager' },
          spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-central-1', auth: { jwt: { serviceAccountRef: { name: 'eso', namespace: 'eso' } } } } } },
        }],
      }],
    });
    expect(synthErrorOf(() => synthesize(repo))).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'add-on eso (infrastructure/eso/store.yaml):',
      '  ✖ ClusterSecretStore/aws-secrets-manager spec.provider.aws.auth.jwt.serviceAccountRef = "eso/eso": ServiceAccount eso/eso is not in the tree,'
        + ' so its IAM role cannot be checked against the Terraform stack "gitops-synth"'
        + ' (fix: annotate it with eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/external-secrets'
        + ' (addExternalSecretsOperator(repo, { roleArn: aws.externalSecretsRoleArn, … }) does this))',
    ].join('\n'));
  });
});
