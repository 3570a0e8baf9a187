import { EnvValue, externalDns, GitOpsRepo, Manifest, SecretRef, synth, SynthError } from '../../src';
import { PlannedRole } from '../../src/aws/aws-stack';
import { checkCrossPlane, crossPlaneProblems, stackPlan } from '../../src/checks/cross-plane-check';
import { checkContext } from '../support/check-context';
import { synthErrorOf } from '../support/errors';
import { secretsRepo } from '../support/secrets-fixtures';
import { readTree, tempDir } from '../support/tmp';

const REGISTRY = '111122223333.dkr.ecr.eu-central-1.amazonaws.com';

function externalSecret(name: string, key: string, store = { kind: 'ClusterSecretStore', name: 'aws-secrets-manager-staging' }): Manifest {
  return { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name }, spec: { secretStoreRef: store, data: [{ secretKey: 'value', remoteRef: { key } }] } };
}

/** The report of the cross-plane check alone, run as a synth runs it. */
function report(repo: GitOpsRepo): string {
  return new SynthError(checkCrossPlane(checkContext(repo))).message;
}

/** The cross-plane problems of the repository against its stack, with the production ESO role allowed to read only names starting with `readablePrefixes`. */
function withReadablePrefixes(repo: GitOpsRepo, readablePrefixes: string[]): SynthError {
  const ctx = checkContext(repo);
  const plan = stackPlan(ctx.terraform!);
  const roles = plan.roles.map((r): PlannedRole => (r.environment === 'production' ? { ...r, readablePrefixes } : r));
  return new SynthError(crossPlaneProblems(ctx.files, { ...plan, roles }, []));
}

/** What the test prints of a report it pins (kept for reading a failed comparison). */
const lines = (message: string) => message.split('\n');

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
      '  ✖ ExternalSecret/vault spec.secretStoreRef = {"kind":"SecretStore","name":"vault"}: is not a ClusterSecretStore of the tree'
        + ' (stores: aws-secrets-manager-production, aws-secrets-manager-staging)'
        + ' (fix: add the stores with repo.add(externalSecretsOperator(…)) after the environments, or use a store\'s name in storeName)',
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
    expect(lines(withReadablePrefixes(repo, ['other/', 'shared/']).message)).toEqual([
      'gitops-synth: 1 problem found, nothing was written',
      'service api (apps/api/overlays/production/external-secret.yaml):',
      '  ✖ ExternalSecret/api-production-secrets spec.data[0].remoteRef.key = "prod/api/db": is not granted to IAM role "external-secrets-production"'
        + ' of the Terraform stack "gitops-synth" (it reads other/*, shared/*); ESO would get AccessDenied'
        + ' (fix: synthesize the stack from the same definitions)',
    ]);
    // With the environments known, the hint names the environment's prefix.
    const ctx = checkContext(repo);
    const environments = repo.environments.map((e) => ({ name: e.name, namespace: e.namespace, secretPrefix: e.secretPrefix }));
    const plan = stackPlan(ctx.terraform!);
    const roles = plan.roles.map((r): PlannedRole => (r.environment === 'production' ? { ...r, readablePrefixes: ['other/', 'shared/'] } : r));
    expect(crossPlaneProblems(ctx.files, { ...plan, roles }, [], [], environments).find((p) => p.value === '"prod/api/db"')?.hint).toBe(
      'name the secret other/… (environment production\'s secretPrefix) or shared/… when every environment reads it (a service\'s base), or set the environment\'s secretPrefix');
  });

  test('a role that may read nothing: every key of its environment is reported, the base\'s copy included', () => {
    const { repo } = secretsRepo();
    const { problems } = withReadablePrefixes(repo, []);
    expect(problems.map((p) => [p.subject, p.value])).toEqual([
      ['service api (apps/api/base/external-secret-sentry.yaml as apps/api/overlays/production builds it)', '"shared/api/sentry"'],
      ['service api (apps/api/overlays/production/external-secret.yaml)', '"prod/api/db"'],
    ]);
    expect(problems[0].message).toContain('(it reads nothing)');
  });

  test('a base\'s ExternalSecret reading another environment\'s secret: its copy in this environment is refused, the other passes', () => {
    const { repo, api } = secretsRepo();
    api.addExternalSecret('other', { extract: [SecretRef.fromAwsSecretsManager('prod/api/other')] });
    expect(lines(report(repo))).toEqual([
      'gitops-synth: 1 problem found, nothing was written',
      'service api (apps/api/base/external-secret-other.yaml as apps/api/overlays/staging builds it):',
      '  ✖ ExternalSecret/api-other spec.dataFrom[0].extract.key = "prod/api/other": is a secret of environment production,'
        + ' which role "external-secrets-staging" of environment staging may not read (it reads staging/*, shared/*); ESO would get AccessDenied'
        + ' (fix: read it in the production overlay only, or use a secret named staging/… for staging (or shared/… for every environment))',
    ]);
  });

  test('an overlay reading another environment\'s secret is refused: the environments are kept apart', () => {
    const { repo, api, staging } = secretsRepo();
    api.node.tryRemoveChild(api.overlays.find((o) => o.environment === staging)!.node.id);
    api.addOverlay(staging, { env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('prod/api/db', 'password')) } });
    const { problems } = new SynthError(checkCrossPlane(checkContext(repo)));
    expect(problems.map((p) => [p.subject, p.field, p.value])).toEqual([
      ['service api (apps/api/overlays/staging/external-secret.yaml)', 'ExternalSecret/api-staging-secrets spec.data[0].remoteRef.key', '"prod/api/db"'],
    ]);
  });

  test('environment prefixes that overlap: the role of one could read the other\'s secrets', () => {
    const { repo } = secretsRepo();
    repo.addEnvironment('preprod', { secretPrefix: 'pr' });
    expect(lines(report(repo))).toEqual([
      'gitops-synth: 1 problem found, nothing was written',
      'environment preprod:',
      '  ✖ secretPrefix = "pr": covers the secrets of environment production (prefix "prod/"): role "external-secrets-preprod" of the Terraform stack'
        + ' "gitops-synth" could read them (fix: end each environment\'s prefix with "/" and keep them distinct, e.g. \'preprod/\' and \'production/\')',
    ]);
  });

  test('a prefix inside the shared one: every role could read that environment\'s secrets', () => {
    const { repo } = secretsRepo();
    repo.addEnvironment('qa', { secretPrefix: 'shared/qa/' });
    expect(report(repo)).toContain('environment qa:\n  ✖ secretPrefix = "shared/qa/": overlaps the shared prefix "shared/" that every environment may read');
  });

  test('a store that admits another environment\'s namespace', () => {
    const { repo } = secretsRepo();
    const ctx = checkContext(repo);
    const files = ctx.files.map((f) => (f.path.endsWith('cluster-secret-store.yaml')
      ? { ...f, objects: f.objects.map((o) => ({ ...o, spec: { ...o.spec as object, conditions: [{ namespaces: ['staging', 'production'] }] } })) }
      : f));
    const environments = repo.environments.map((e) => ({ name: e.name, namespace: e.namespace, secretPrefix: e.secretPrefix }));
    const { problems } = new SynthError(crossPlaneProblems(files, stackPlan(ctx.terraform!), [], [], environments));
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'ClusterSecretStore/aws-secrets-manager-production spec.conditions: admits staging besides production,'
        + ' so ExternalSecrets there could read environment production\'s secrets through role "external-secrets-production"',
      'ClusterSecretStore/aws-secrets-manager-staging spec.conditions: admits production besides staging,'
        + ' so ExternalSecrets there could read environment staging\'s secrets through role "external-secrets-staging"',
    ]);
  });

  test('an ExternalSecret pointed at another environment\'s store is refused by that store', () => {
    const { repo, api } = secretsRepo();
    api.addExternalSecret('pinned', { storeName: 'aws-secrets-manager-production', extract: [SecretRef.fromAwsSecretsManager('shared/api/pinned')] });
    expect(lines(report(repo))).toEqual([
      'gitops-synth: 1 problem found, nothing was written',
      'service api (apps/api/base/external-secret-pinned.yaml as apps/api/overlays/staging builds it):',
      '  ✖ ExternalSecret/api-pinned spec.secretStoreRef.name = "aws-secrets-manager-production": is a store for namespace production only;'
        + ' ESO refuses it to this ExternalSecret in namespace staging (fix: read through the store of the environment of namespace staging (leave storeName out))',
    ]);
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

  test('the ServiceAccounts are annotated with a role that is not the stack\'s', () => {
    const { repo } = secretsRepo({ roleArn: 'arn:aws:iam::111122223333:role/hand-made' });
    const roles = 'arn:aws:iam::111122223333:role/external-secrets-production, arn:aws:iam::111122223333:role/external-secrets-staging';
    expect(lines(report(repo))).toEqual([
      'gitops-synth: 2 problems found, nothing was written',
      'add-on external-secrets (infrastructure/external-secrets/service-account.yaml):',
      ...['production', 'staging'].map((env) => `  ✖ ServiceAccount/external-secrets-${env} metadata.annotations.eks.amazonaws.com/role-arn = "arn:aws:iam::111122223333:role/hand-made":`
        + ` is not an IAM role of the Terraform stack "gitops-synth" (its roles: ${roles})`
        + ' (fix: pass roleArn: aws.externalSecretsRoleArn to externalSecretsOperator, so both sides name the same role)'),
    ]);
  });

  test('the roles trust other ServiceAccounts than those the stores authenticate with', () => {
    const { repo } = secretsRepo({ aws: { externalSecrets: { namespace: 'eso' } } });
    expect(lines(report(repo))).toEqual([
      'gitops-synth: 2 problems found, nothing was written',
      'Terraform stack gitops-synth:',
      ...['production', 'staging'].map((env) => `  ✖ aws_iam_role.external_secrets_role[${env}] assume_role_policy = ["system:serviceaccount:eso:external-secrets-${env}"]:`
        + ` does not trust system:serviceaccount:external-secrets:external-secrets-${env}, the identity ClusterSecretStore/aws-secrets-manager-${env}`
        + ' (infrastructure/external-secrets/cluster-secret-store.yaml) authenticates with; ESO would get AccessDenied from AssumeRoleWithWebIdentity'
        + ' (fix: give AwsSide externalSecrets { namespace, serviceAccountName } the same values as externalSecretsOperator)'),
    ]);
  });

  test('external-dns: its ServiceAccount names the stack\'s role, which trusts it and may change its zones', () => {
    const ok = secretsRepo();
    ok.repo.add(externalDns({ domainFilters: ['example.com'], roleArn: ok.aws.externalDnsRoleArn, txtOwnerId: 'c1', region: 'eu-central-1' }));
    expect(checkCrossPlane(checkContext(ok.repo))).toEqual([]);
    const { repo } = secretsRepo();
    repo.add(externalDns({ domainFilters: ['example.com'], roleArn: 'arn:aws:iam::111122223333:role/dns', txtOwnerId: 'c1', region: 'eu-central-1' }));
    expect(lines(report(repo))).toEqual([
      'gitops-synth: 1 problem found, nothing was written',
      'add-on external-dns (argocd/applications/external-dns.yaml):',
      '  ✖ Application/external-dns spec.sources[chart=external-dns].helm.valuesObject.serviceAccount.annotations.eks.amazonaws.com/role-arn'
        + ' = "arn:aws:iam::111122223333:role/dns": is not an IAM role of the Terraform stack "gitops-synth" (its roles: arn:aws:iam::111122223333:role/external-dns,'
        + ' arn:aws:iam::111122223333:role/external-secrets-production, arn:aws:iam::111122223333:role/external-secrets-staging); external-dns could not change any record'
        + ' (fix: pass roleArn: aws.externalDnsRoleArn to externalDns(…) (arn:aws:iam::111122223333:role/external-dns))',
    ]);
  });

  test('external-dns: a role of the stack that trusts another ServiceAccount and lacks a zone', () => {
    const { repo, aws } = secretsRepo();
    repo.add(externalDns({ domainFilters: ['example.com'], roleArn: aws.externalDnsRoleArn, txtOwnerId: 'c1', region: 'eu-central-1' }));
    const ctx = checkContext(repo);
    const plan = stackPlan(ctx.terraform!);
    const roles = plan.roles.map((r): PlannedRole => (r.hostedZones.length > 0 ? { ...r, trustedSubjects: ['system:serviceaccount:dns:dns'], hostedZones: ['example.org'] } : r));
    const { problems } = new SynthError(crossPlaneProblems(ctx.files, { ...plan, roles }, []));
    expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'aws_iam_role.external_dns_role[external-dns] assume_role_policy: does not trust system:serviceaccount:external-dns:external-dns,'
        + ' the ServiceAccount of external-dns (argocd/applications/external-dns.yaml); external-dns would get AccessDenied from AssumeRoleWithWebIdentity',
      'aws_iam_role.external_dns_role[external-dns] inline policies: do not allow route53:ChangeResourceRecordSets on example.com,'
        + ' zones external-dns (argocd/applications/external-dns.yaml) writes to',
    ]);
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
          metadata: { name: 'aws-secrets-manager-staging' },
          spec: { provider: { aws: { service: 'SecretsManager', region: 'eu-central-1', auth: { jwt: { serviceAccountRef: { name: 'eso', namespace: 'eso' } } } } } },
        }],
      }],
    });
    expect(report(repo)).toContain([
      'add-on eso (infrastructure/eso/store.yaml):',
      '  ✖ ClusterSecretStore/aws-secrets-manager-staging spec.provider.aws.auth.jwt.serviceAccountRef = "eso/eso": ServiceAccount eso/eso is not in the tree,'
        + ' so its IAM role cannot be checked against the Terraform stack "gitops-synth"'
        + ' (fix: annotate it with eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/external-secrets-staging'
        + ' (repo.add(externalSecretsOperator({ roleArn: aws.externalSecretsRoleArn, … })) does this))',
    ].join('\n'));
  });
});
