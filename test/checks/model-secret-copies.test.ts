import * as fc from 'fast-check';
import { SecretRef } from '../../src';
import { crossPlaneProblems, stackPlan } from '../../src/checks/cross-plane-check';
import { everyModelSecretCopy } from '../../src/checks/model-secret-copies';
import { renderedObjects } from '../../src/checks/rendered-objects';
import { checkContext } from '../support/check-context';
import { secretsRepo } from '../support/secrets-fixtures';

/** The cross-plane problems of a repository, with the model's copies checked on the model (as a synth runs it) or not. */
function problems(repo: ReturnType<typeof secretsRepo>['repo'], withModel: boolean) {
  const ctx = checkContext(repo);
  const environments = ctx.index.environments.map((e) => ({ name: e.name, namespace: e.namespace, secretPrefix: e.secretPrefix }));
  const everyCopy = withModel ? (visit: Parameters<typeof everyModelSecretCopy>[1]) => everyModelSecretCopy(ctx.index, visit) : undefined;
  return crossPlaneProblems(ctx.files, stackPlan(ctx.terraform!), [], [], environments, renderedObjects(ctx.files), everyCopy);
}

describe('everyModelSecretCopy', () => {
  test('places each base ExternalSecret in every deployed overlay, through that environment\'s store, and skips pending overlays', () => {
    const { repo, api } = secretsRepo({ releases: { api: { staging: 'v1.0.0' } } });
    api.addExternalSecret('own-store', { extract: [SecretRef.fromAwsSecretsManager('shared/api/own')], storeName: 'team-store' });
    const ctx = checkContext(repo);
    const seen: string[] = [];
    expect(everyModelSecretCopy(ctx.index, (env, store, secret) => seen.push(`${secret.name} ${env.name} ${store}`) > 0)).toBe(true);
    // Production is pending: neither its own ExternalSecret nor its copies of the base's are deployed.
    expect(seen).toEqual([
      'api-sentry staging aws-secrets-manager-staging',
      'api-staging-secrets staging aws-secrets-manager-staging',
      'api-own-store staging team-store',
    ]);
  });

  test('stops at the first copy that fails, and leaves a base no overlay deploys to the rendered objects', () => {
    const { repo } = secretsRepo();
    const ctx = checkContext(repo);
    let visits = 0;
    expect(everyModelSecretCopy(ctx.index, () => (visits++, false))).toBe(false);
    expect(visits).toBe(1);
    const allPending = secretsRepo({ releases: {} });
    expect(everyModelSecretCopy(checkContext(allPending.repo).index, () => true)).toBe(false);
  });
});

describe('the cross-plane check of ExternalSecrets made by the model', () => {
  test('a problem of a copy the model made is found on the model, then reported with its file as the rendered objects place it', () => {
    const { repo, api } = secretsRepo();
    // Read in production through the production store, but named for staging: not granted.
    const production = api.overlays.find((o) => o.environment.name === 'production')!;
    production.addExternalSecret('wrong-env', { extract: [SecretRef.fromAwsSecretsManager('staging/api/other')] });
    const found = problems(repo, true);
    expect(found.map((p) => [p.subject, p.field, p.value])).toEqual([
      ['service api (apps/api/overlays/production/external-secret-wrong-env.yaml)', 'ExternalSecret/api-production-wrong-env spec.dataFrom[0].extract.key', '"staging/api/other"'],
    ]);
    expect(found).toEqual(problems(repo, false));
  });

  test('an ExternalSecret added as plain data is always checked as the rendered objects place it', () => {
    const { repo, api } = secretsRepo();
    api.addObject('raw', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'raw' },
      spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'aws-secrets-manager-staging' }, dataFrom: [{ extract: { key: 'staging/api/not-in-stack' } }] },
    });
    const found = problems(repo, true);
    expect(found.map((p) => p.value)).toContain('"staging/api/not-in-stack"');
    expect(found).toEqual(problems(repo, false));
  });

  test('when every copy the model made passes, the rendered ExternalSecrets are not walked again', () => {
    const { repo } = secretsRepo();
    const ctx = checkContext(repo);
    const environments = ctx.index.environments.map((e) => ({ name: e.name, namespace: e.namespace, secretPrefix: e.secretPrefix }));
    // A plan whose production role may read nothing: the walk of the rendered objects reports every production key …
    const plan = stackPlan(ctx.terraform!);
    const roles = plan.roles.map((r) => (r.environment === 'production' ? { ...r, readablePrefixes: [] } : r));
    const walked = crossPlaneProblems(ctx.files, { ...plan, roles }, [], [], environments, renderedObjects(ctx.files));
    expect(walked.map((p) => p.value)).toEqual(['"shared/api/sentry"', '"prod/api/db"']);
    // … and a model that vouches for every copy skips that walk: the model is what decides.
    expect(crossPlaneProblems(ctx.files, { ...plan, roles }, [], [], environments, renderedObjects(ctx.files), () => true)).toEqual([]);
  });

  test('random repositories: the same problems with and without the model\'s copies', () => {
    const key = fc.constantFrom('staging/api/a', 'prod/api/b', 'shared/api/c', 'other/api/d', 'staging/api/${e}');
    const secretDef = fc.record({ key, env: fc.constantFrom(undefined, 'staging', 'production'), store: fc.constantFrom(undefined, 'aws-secrets-manager-staging', 'nowhere') });
    fc.assert(fc.property(fc.array(secretDef, { maxLength: 4 }), fc.constantFrom('both', 'staging', 'none'), (defs, deployed) => {
      const releases = deployed === 'both' ? { api: { staging: 'v1', production: 'v1' } } : deployed === 'staging' ? { api: { staging: 'v1' } } : {};
      const { repo, api } = secretsRepo({ releases });
      defs.forEach((d, i) => {
        const layer = d.env === undefined ? api : api.overlays.find((o) => o.environment.name === d.env)!;
        layer.addExternalSecret(`s${i}`, { extract: [SecretRef.fromAwsSecretsManager(d.key)], storeName: d.store });
      });
      expect(problems(repo, true)).toEqual(problems(repo, false));
    }), { numRuns: 80 });
  });
});
