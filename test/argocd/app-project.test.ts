import { AppProject, GitOpsRepo, Manifest, Releases, SyncPolicy, certManager, externalDns, synthesize } from '../../src';
import { DEFAULT_NAMESPACE_RESOURCE_BLACKLIST } from '../../src/argocd/app-project';
import { synthErrorOf } from '../support/errors';
import { smallRepo } from '../support/fixtures';
import { describeWithSchemas, referenceValidator } from '../support/shared';

type AnyObject = Record<string, any>;

function objectsOf(repo: GitOpsRepo, kind: string): AnyObject[] {
  return repo.renderFiles().flatMap((f) => f.objects).filter((o) => o.kind === kind) as AnyObject[];
}

function project(repo: GitOpsRepo, name: string): AnyObject {
  const found = objectsOf(repo, 'AppProject').find((p) => p.metadata.name === name);
  if (!found) throw new Error(`no AppProject ${name}`);
  return found;
}

/** A repository with add-ons and two production environments on two named clusters. */
function multiClusterRepo(): GitOpsRepo {
  const repo = new GitOpsRepo({
    repoURL: 'https://example.com/acme/gitops.git',
    releases: Releases.fromData({ web: { 'staging': 'v2', 'production-eu': 'v1', 'production-us': 'v1' } }),
  });
  const envs = [
    repo.addEnvironment('staging', { sync: SyncPolicy.automated() }),
    repo.addEnvironment('production-eu', { namespace: 'web', cluster: { name: 'eu-west-1' }, production: true }),
    repo.addEnvironment('production-us', { namespace: 'web', cluster: { name: 'us-east-1' }, production: true }),
  ];
  const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080 });
  // One definition, deployed to every environment and cluster.
  for (const env of envs) web.addOverlay(env, { replicas: env.production ? 3 : 1 });
  repo.add(certManager({ letsEncrypt: { email: 'platform@example.com', ingressClassName: 'nginx' } }));
  repo.add(externalDns({ domainFilters: ['example.com'], roleArn: 'arn:aws:iam::123456789012:role/external-dns', txtOwnerId: 'c1', region: 'eu-west-1' }));
  return repo;
}

describe('environment AppProjects', () => {
  test('fence services to this repository, the environment\'s cluster and namespace, and only their own Namespace', () => {
    const spec = project(smallRepo().repo, 'production').spec;
    expect(spec.sourceRepos).toEqual(['https://example.com/acme/gitops.git']);
    expect(spec.destinations).toEqual([{ server: 'https://kubernetes.default.svc', namespace: 'production' }]);
    expect(spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace', name: 'production' }]);
    expect(spec.namespaceResourceBlacklist).toEqual(DEFAULT_NAMESPACE_RESOURCE_BLACKLIST);
    expect(spec.orphanedResources).toEqual({ warn: true });
  });

  test('a service deployed to several clusters gets one Application per cluster, each fenced to its cluster', () => {
    const repo = multiClusterRepo();
    const apps = objectsOf(repo, 'Application').filter((a) => a.metadata.labels?.['app.kubernetes.io/name'] === 'web');
    expect(apps.map((a) => [a.metadata.name, a.spec.project, a.spec.destination])).toEqual([
      ['web-staging', 'staging', { server: 'https://kubernetes.default.svc', namespace: 'staging' }],
      ['web-production-eu', 'production-eu', { name: 'eu-west-1', namespace: 'web' }],
      ['web-production-us', 'production-us', { name: 'us-east-1', namespace: 'web' }],
    ]);
    expect(project(repo, 'production-eu').spec.destinations).toEqual([{ name: 'eu-west-1', namespace: 'web' }]);
    expect(project(repo, 'production-us').spec.destinations).toEqual([{ name: 'us-east-1', namespace: 'web' }]);
  });

  test('the project name can differ from the environment name', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
    const env = repo.addEnvironment('qa', { project: 'team-web-qa' });
    expect(env.project.name).toBe('team-web-qa');
    expect(repo.renderFiles().map((f) => f.path)).toContain('argocd/projects/team-web-qa.yaml');
  });

  test('a project name that is not a DNS-1123 label is reported', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
    repo.addEnvironment('qa', { project: 'Team_QA' });
    expect(synthErrorOf(() => synthesize(repo).tree.files)).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'environment qa:',
      '  ✖ project = "Team_QA": is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit) (fix: use a name like "api-service")',
    ].join('\n'));
  });
});

describe('infrastructure AppProject', () => {
  test('allows exactly the chart repositories, namespaces and cluster-scoped kinds the add-ons declare', () => {
    const spec = project(multiClusterRepo(), 'infrastructure').spec;
    expect(spec.sourceRepos).toEqual(['https://example.com/acme/gitops.git', 'https://charts.jetstack.io', 'https://kubernetes-sigs.github.io/external-dns/']);
    expect(spec.destinations).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'cert-manager' },
      { server: 'https://kubernetes.default.svc', namespace: 'external-dns' },
    ]);
    expect(spec.clusterResourceWhitelist).toEqual([
      { group: '', kind: 'Namespace', name: 'cert-manager' },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
      { group: 'cert-manager.io', kind: 'ClusterIssuer' },
      { group: '', kind: 'Namespace', name: 'external-dns' },
    ]);
  });

  test('an add-on without declared kinds gets the controller defaults plus the cluster-scoped kinds of its objects', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
    repo.addAddOn('external-secrets', {
      chart: { repoURL: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' },
      objects: [{ fileName: 'cluster-secret-store.yaml', objects: [{ apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'aws' } }] }],
    });
    const kinds = project(repo, 'infrastructure').spec.clusterResourceWhitelist.map((k: AnyObject) => `${k.group}/${k.kind}`);
    expect(kinds).toEqual(['/Namespace', 'apiextensions.k8s.io/CustomResourceDefinition', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
      'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'external-secrets.io/ClusterSecretStore']);
  });

  test('services may not create what add-ons may: no CRDs, RBAC or webhooks in environment projects', () => {
    const repo = multiClusterRepo();
    for (const name of ['staging', 'production-eu', 'production-us']) {
      expect(project(repo, name).spec.clusterResourceWhitelist.map((k: AnyObject) => k.kind)).toEqual(['Namespace']);
    }
  });
});

describe('every Application is allowed by its AppProject', () => {
  test('project exists, sources are allowed repositories, destination is an allowed cluster and namespace', () => {
    const repo = multiClusterRepo();
    const projects = new Map(objectsOf(repo, 'AppProject').map((p) => [p.metadata.name, p.spec]));
    const apps = objectsOf(repo, 'Application');
    expect(apps.length).toBe(6);
    for (const app of apps) {
      const spec = projects.get(app.spec.project);
      expect({ app: app.metadata.name, project: spec ? app.spec.project : undefined }).toEqual({ app: app.metadata.name, project: app.spec.project });
      const sources: AnyObject[] = app.spec.sources ?? [app.spec.source];
      for (const source of sources) expect(spec.sourceRepos).toContain(source.repoURL);
      expect(spec.destinations).toContainEqual(app.spec.destination);
    }
  });
});

describe('AppProject registration', () => {
  test('adding the same repository, destination or kind twice keeps one entry', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git' });
    const p = new AppProject(repo, 'p', { name: 'p', description: 'test' });
    p.addSourceRepo('https://a.example.com');
    p.addSourceRepo('https://a.example.com');
    p.addDestination({ name: 'c1', namespace: 'n' });
    p.addDestination({ name: 'c1', namespace: 'n' });
    p.allowClusterResource({ group: '', kind: 'Namespace', name: 'n' });
    p.allowClusterResource({ group: '', kind: 'Namespace', name: 'n' });
    expect([p.sourceRepos, p.destinations, p.clusterResourceWhitelist]).toEqual([
      ['https://a.example.com'], [{ name: 'c1', namespace: 'n' }], [{ group: '', kind: 'Namespace', name: 'n' }],
    ]);
  });
});

describeWithSchemas('AppProject schema', () => {
  test('every AppProject and Application validates against the Argo CD CRDs', () => {
    const files = multiClusterRepo().renderFiles().filter((f) => f.path.startsWith('argocd/'));
    const objects: Manifest[] = files.flatMap((f) => f.objects).filter((o) => o.apiVersion.startsWith('argoproj.io/'));
    // 5 AppProjects (root, infrastructure, 3 environments), 6 Applications (root, 3 overlays, 2 add-ons).
    expect(objects.length).toBe(11);
    expect(referenceValidator().validateFiles(files)).toEqual([]);
  });
});
