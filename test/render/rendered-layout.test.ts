import * as path from 'path';
import { load, loadAll } from 'js-yaml';
import {
  EnvValue, GitOpsRepo, GitOpsRepoProps, IngressController, Manifest, Releases, renderEnvironment, SchemaValidator, SecretRef,
  ServiceApplications, SyncPolicy, synthesize, TreeLayout,
} from '../../src';
import { MANIFEST_GENERATE_PATHS_ANNOTATION } from '../../src/argocd/argo-application';
import { checkProps } from '../../src/checks/props-check';
import { diffTrees } from '../../src/output/tree-diff';
import { ModelIndex } from '../../src/repo/model-index';

const RELEASES = { api: { staging: 'v1.4.0', production: 'sha256:' + 'a'.repeat(64) }, worker: { staging: 'v2.0.1', production: 'v2.0.0' } };

/** Two services in two environments, with env vars from secrets, an Ingress per environment and an add-on. */
function define(props: Partial<GitOpsRepoProps> = {}, releases: unknown = RELEASES): GitOpsRepo {
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git', releases: Releases.fromData(releases, 'releases.json'), ...props });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated({ prune: true, selfHeal: true }) });
  const production = repo.addEnvironment('production');
  repo.addAddOn('metrics-server', { chart: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server', chart: 'metrics-server', version: '3.12.2' } });
  const api = repo.addService('api', {
    image: 'registry.example.com/acme/api', port: 8080, env: { LOG_LEVEL: 'info' }, resources: { cpu: '250m', memory: '256Mi' },
  });
  api.addOverlay(staging, { replicas: 2, env: { LOG_LEVEL: 'debug', DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('staging/api/db', 'password')) } })
    .addIngress('ingress', { host: 'api.staging.example.com', controller: IngressController.nginx() });
  api.addOverlay(production, { replicas: 3, resources: { cpu: '500m', memory: '512Mi' }, env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('prod/api/db', 'password')) } })
    .addIngress('ingress', { host: 'api.example.com', controller: IngressController.nginx() });
  const worker = repo.addService('worker', { image: 'registry.example.com/acme/worker', resources: { cpu: '100m', memory: '128Mi' } });
  worker.addOverlay(staging);
  worker.addOverlay(production, { replicas: 2 });
  return repo;
}

const rendered = () => define({ layout: TreeLayout.rendered() });

function tree(repo: GitOpsRepo, existing?: ReadonlyMap<string, string>): Map<string, string> {
  return new Map(synthesize(repo, { existing }).tree.files.map((f) => [f.path, f.content]));
}

function application(files: Map<string, string>, name: string): any {
  return load(files.get(`argocd/applications/${name}.yaml`)!);
}

describe('the rendered layout', () => {
  test('writes each service\'s objects per environment and no kustomize folder of a service (snapshot)', () => {
    const files = tree(rendered());
    expect([...files.keys()].filter((p) => p.startsWith('apps/'))).toEqual([]);
    expect([...files.keys()].filter((p) => p.startsWith('rendered/'))).toEqual([
      'rendered/production/api/manifests.yaml', 'rendered/production/worker/manifests.yaml',
      'rendered/staging/api/manifests.yaml', 'rendered/staging/worker/manifests.yaml',
    ]);
    expect(Object.fromEntries(files)).toMatchSnapshot();
  });

  test('a rendered file holds exactly renderEnvironment\'s objects', () => {
    const files = tree(rendered());
    for (const [service, env] of [['api', 'staging'], ['api', 'production'], ['worker', 'production']]) {
      expect(loadAll(files.get(`rendered/${env}/${service}/manifests.yaml`)!)).toEqual(JSON.parse(JSON.stringify(renderEnvironment(define(), service, env))));
    }
  });

  test('the objects are the kustomize layout\'s: the same render from either layout', () => {
    expect(render(rendered(), 'api', 'production')).toBe(render(define(), 'api', 'production'));
  });

  test('passes the checks and the packaged schemas', () => {
    expect(() => synthesize(rendered(), { schemas: SchemaValidator.fromPackages() })).not.toThrow();
  });

  test.each([['', 'rendered/staging/api'], ['dist', 'dist/rendered/staging/api']])('with pathInRepo %j, Applications point at the rendered folders, which exist', (pathInRepo, expected) => {
    const files = tree(define({ layout: TreeLayout.rendered(), pathInRepo }));
    expect(application(files, 'api-staging').spec.source.path).toBe(expected);
    expect(files.has(`${path.posix.relative(pathInRepo, expected)}/manifests.yaml`)).toBe(true);
  });

  test('an ApplicationSet generates Applications pointing at the rendered folders', () => {
    const files = tree(define({ layout: TreeLayout.rendered(), serviceApplications: ServiceApplications.applicationSet() }));
    const set = load(files.get('argocd/applications/services.yaml')!) as any;
    expect(set.spec.generators[0].list.elements.map((e: { path: string }) => e.path)).toEqual([
      'rendered/staging/api', 'rendered/production/api', 'rendered/staging/worker', 'rendered/production/worker',
    ]);
    expect(set.spec.template.metadata.annotations[MANIFEST_GENERATE_PATHS_ANNOTATION]).toBe('.');
  });

  test('the tree check refuses an Application pointing at a rendered folder that does not exist', () => {
    const repo = rendered();
    const files = repo.renderFiles().filter((f) => f.path !== 'rendered/staging/api/manifests.yaml');
    const { checkTree } = jest.requireActual('../../src/checks/tree-check');
    expect(checkTree({ repo, index: ModelIndex.of(repo), files })).toEqual([expect.objectContaining({
      subject: 'service api', field: 'spec.source.path', value: '"rendered/staging/api"', message: 'points at a folder the tree does not contain',
    })]);
  });

  test('an overlay without an image version is pending: no rendered file, no Application', () => {
    const result = synthesize(define({ layout: TreeLayout.rendered() }, { api: RELEASES.api, worker: { staging: 'v2.0.1' } }));
    const paths = result.tree.files.map((f) => f.path);
    expect(paths).not.toContain('rendered/production/worker/manifests.yaml');
    expect(paths).not.toContain('argocd/applications/worker-production.yaml');
    expect(result.pending.map((p) => `${p.service} ${p.environment}`)).toEqual(['worker production']);
  });

  test('a lost tag of an overlay the existing tree deploys is refused, naming its rendered file', () => {
    const before = tree(rendered());
    const repo = define({ layout: TreeLayout.rendered() }, { api: RELEASES.api, worker: { staging: 'v2.0.1' } });
    expect(() => synthesize(repo, { existing: before })).toThrow(
      'no image tag or digest for environment "production" in releases.json, but the existing tree deploys it (rendered/production/worker/manifests.yaml, argocd/applications/worker-production.yaml)',
    );
  });

  test('a new tag changes only that environment\'s rendered file', () => {
    const before = tree(rendered());
    const after = tree(define({ layout: TreeLayout.rendered() }, { ...RELEASES, api: { ...RELEASES.api, staging: 'v1.5.0' } }));
    const changed = [...after.keys()].filter((p) => after.get(p) !== before.get(p));
    expect(changed).toEqual(['rendered/staging/api/manifests.yaml']);
    expect(after.get(changed[0])).toContain('image: registry.example.com/acme/api:v1.5.0');
  });

  test('diff reports the changed objects and fields per environment', () => {
    const before = tree(rendered());
    const after = tree(define({ layout: TreeLayout.rendered() }, { ...RELEASES, api: { ...RELEASES.api, staging: 'v1.5.0' } }));
    expect(diffTrees(before, after).groups).toEqual([{
      title: 'api / staging',
      changes: [
        'image api: registry.example.com/acme/api:v1.4.0 → registry.example.com/acme/api:v1.5.0',
        'changed Deployment api: spec.template.spec.containers[api].image',
      ],
    }]);
  });

  test('refuses preserveImages: there is no overlay kustomization to keep the tags of', () => {
    const repo = define({ layout: TreeLayout.rendered(), preserveImages: true });
    expect(checkProps({ repo, index: ModelIndex.of(repo), files: [] })).toEqual([{
      subject: 'repository',
      field: 'preserveImages',
      value: 'true',
      message: 'keeps the image tags another tool writes into the overlay kustomizations, but the rendered layout writes no kustomization',
      hint: 'leave preserveImages out with TreeLayout.rendered(), or use TreeLayout.kustomize()',
    }]);
  });

  test('refuses a layout that is not a TreeLayout', () => {
    const repo = define({ layout: 'rendered' as never });
    expect(checkProps({ repo, index: ModelIndex.of(repo), files: [] })).toEqual([{
      subject: 'repository', field: 'layout', value: '"rendered"', message: 'must be a TreeLayout', hint: 'use TreeLayout.kustomize() or TreeLayout.rendered(), or leave it out',
    }]);
  });
});

function render(repo: GitOpsRepo, service: string, env: string): string {
  return renderEnvironment(repo, service, env).map((o: Manifest) => JSON.stringify(o)).join('\n');
}
