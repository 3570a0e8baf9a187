import { GitOpsRepo, Manifest, synth, SynthError } from '../../src';
import { PlannedRole } from '../../src/aws/aws-stack';
import { checkCrossPlane, crossPlaneProblems, stackPlan } from '../../src/checks/cross-plane-check';
import { checkContext } from '../support/check-context';
import { synthErrorOf } from '../support/errors';
import { secretsRepo } from '../support/secrets-fixtures';
import { readTree, tempDir } from '../support/tmp';

const REGISTRY = '111122223333.dkr.ecr.eu-central-1.amazonaws.com';

function externalSecret(name: string, key: string, store = { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' }): Manifest {
  return { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name }, spec: { secretStoreRef: store, data: [{ secretKey: 'value', remoteRef: { key } }] } };
}

/** The report of the cross-plane check alone, run as a synth runs it. */
function report(repo: GitOpsRepo): string {
  return new SynthError(checkCrossPlane(checkContext(repo))).message;
}

/** The cross-plane problems of the repository against its stack, with the ESO role allowed to read only `readable`. */
function withReadableSecrets(repo: GitOpsRepo, readable: string[]): SynthError {
  const ctx = checkContext(repo);
  const plan = stackPlan(ctx.terraform!);
  const roles = plan.roles.map((r): PlannedRole => (r.id === 'external_secrets_role' ? { ...r, readableSecrets: readable } : r));
  return new SynthError(crossPlaneProblems(ctx.files, { ...plan, roles }, []));
}

describe('checkCrossPlane', () => {
  test('the model and its own stack agree', () => {
    const { repo } = secretsRepo();
    expect(checkCrossPlane(checkContext(repo))).toEqual([]);
  });

  test('without an AWS side there is nothing to compare', () => {
    const { repo } = secretsRepo();
    const ctx = checkContext(repo);
    expect(checkCrossPlane({ ...ctx, terraform: undefined })).toEqual([]);
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
        + ' (fix: add the store with repo.add(externalSecretsOperator(…)) or use its name in storeName)',
    ].join('\n'));
    expect(readTree(dir)).toEqual({});
  });

  test('the secrets are those of the inventory the stack iterates over', () => {
    const { repo } = secretsRepo();
    const ctx = checkContext(repo);
    const { 'prod/api/db': _dropped, ...secrets } = ctx.terraform!.inventory.locals.secrets;
    const inventory = { ...ctx.terraform!.inventory, locals: { ...ctx.terraform!.inventory.locals, secrets } };
    expect(new SynthError(checkCrossPlane({ ...ctx, terraform: { ...ctx.terraform!, inventory } })).message).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'service api (apps/api/overlays/production/external-secret.yaml):',
      '  ✖ ExternalSecret/api-production-secrets spec.data[0].remoteRef.key = "prod/api/db": is not a Secrets Manager secret of the Terraform stack "gitops-synth"'
        + ' (its secrets: shared/api/sentry, staging/api/db)'
        + ' (fix: reference secrets through EnvValue.fromSecret(...) or service.addExternalSecret(...) so the stack creates them, or fix the key)',
    ].join('\n'));
  });

  test('a key with a secret in the stack but no grant to the role', () => {
    const { repo } = secretsRepo();
    expect(withReadableSecrets(repo, ['shared/api/sentry', 'staging/api/db']).message).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'service api (apps/api/overlays/production/external-secret.yaml):',
      '  ✖ ExternalSecret/api-production-secrets spec.data[0].remoteRef.key = "prod/api/db": is not granted to IAM role "external-secrets"'
        + ' of the Terraform stack "gitops-synth" (it may read: shared/api/sentry, staging/api/db); ESO would get AccessDenied'
        + ' (fix: grant secretsmanager:DescribeSecret, secretsmanager:GetSecretValue, secretsmanager:ListSecretVersionIds on the secret "prod/api/db"'
        + ' to role "external-secrets" (buildAwsStack grants every key the model\'s ExternalSecrets read))',
    ].join('\n'));
  });

  test('a role that may read nothing: every key is reported', () => {
    const { repo } = secretsRepo();
    const { problems } = withReadableSecrets(repo, []);
    expect(problems.map((p) => p.value)).toEqual(['"shared/api/sentry"', '"prod/api/db"', '"staging/api/db"']);
    expect(problems[0].message).toContain('(it may read: nothing)');
  });

  test('an image repository that is not in the stack', () => {
    const { repo } = secretsRepo();
    repo.addService('ext', { image: 'ghcr.io/acme/ext' });
    repo.addService('redis', { image: 'docker.io/library/redis', externalImage: true });
    expect(report(repo)).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'service ext:',
      `  ✖ image = "ghcr.io/acme/ext": is not an ECR repository of the Terraform stack "gitops-synth" (its repositories: ${REGISTRY}/api, ${REGISTRY}/ext)`
        + ` (fix: use image '${REGISTRY}/ext', or mark it with externalImage: true if it is pulled from elsewhere)`,
    ].join('\n'));
  });

  test('an image in the same registry but another account or region is not in the stack either', () => {
    const { repo } = secretsRepo();
    repo.addService('other', { image: '999999999999.dkr.ecr.eu-central-1.amazonaws.com/other' });
    expect(report(repo)).toContain('service other:\n  ✖ image = "999999999999.dkr.ecr.eu-central-1.amazonaws.com/other": is not an ECR repository');
  });

  test('the ServiceAccount is annotated with a role that is not the stack\'s', () => {
    const { repo } = secretsRepo({ roleArn: 'arn:aws:iam::111122223333:role/hand-made' });
    expect(report(repo)).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'add-on external-secrets (infrastructure/external-secrets/service-account.yaml):',
      '  ✖ ServiceAccount/external-secrets metadata.annotations.eks.amazonaws.com/role-arn = "arn:aws:iam::111122223333:role/hand-made":'
        + ' is not an IAM role of the Terraform stack "gitops-synth" (its roles: arn:aws:iam::111122223333:role/external-secrets)'
        + ' (fix: pass roleArn: aws.externalSecretsRoleArn to externalSecretsOperator, so both sides name the same role)',
    ].join('\n'));
  });

  test('the role trusts another ServiceAccount than the one the store authenticates with', () => {
    const { repo } = secretsRepo({ aws: { externalSecrets: { namespace: 'eso' } } });
    expect(report(repo)).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'Terraform stack gitops-synth:',
      '  ✖ aws_iam_role.external_secrets_role assume_role_policy = ["system:serviceaccount:eso:external-secrets"]:'
        + ' does not trust system:serviceaccount:external-secrets:external-secrets, the identity ClusterSecretStore/aws-secrets-manager'
        + ' (infrastructure/external-secrets/cluster-secret-store.yaml) authenticates with; ESO would get AccessDenied from AssumeRoleWithWebIdentity'
        + ' (fix: give AwsSide externalSecrets { namespace, serviceAccountName } the same values as externalSecretsOperator)',
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
    expect(report(repo)).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'add-on eso (infrastructure/eso/store.yaml):',
      '  ✖ ClusterSecretStore/aws-secrets-manager spec.provider.aws.auth.jwt.serviceAccountRef = "eso/eso": ServiceAccount eso/eso is not in the tree,'
        + ' so its IAM role cannot be checked against the Terraform stack "gitops-synth"'
        + ' (fix: annotate it with eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/external-secrets'
        + ' (repo.add(externalSecretsOperator({ roleArn: aws.externalSecretsRoleArn, … })) does this))',
    ].join('\n'));
  });
});
