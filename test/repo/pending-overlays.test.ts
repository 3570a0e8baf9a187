import { load } from 'js-yaml';
import { GitOpsRepo, IngressController, Releases, ServiceApplications, SyncPolicy, synth, synthesize, TreeFile } from '../../src';
import { existingTreePaths } from '../../src/output/existing-tree';
import { formatPending } from '../../src/repo/pending-overlays';
import { synthErrorOf } from '../support/errors';
import { secretsRepo } from '../support/secrets-fixtures';
import { readTree, tempDir } from '../support/tmp';

type AnyObject = Record<string, any>;

const PRODUCTION_OVERLAY = 'apps/web/overlays/production/kustomization.yaml';
/** What production with two replicas has by default besides its kustomization. */
const PRODUCTION_DEFAULTS = ['apps/web/overlays/production/network-policy.yaml', 'apps/web/overlays/production/pod-disruption-budget.yaml'];
const PRODUCTION_APP = 'argocd/applications/web-production.yaml';

function parsed(files: readonly TreeFile[], p: string): AnyObject {
  const file = files.find((f) => f.path === p);
  if (!file) throw new Error(`no file ${p}`);
  return load(file.content) as AnyObject;
}

/** `web` in staging and production, the given tags, and optionally no overlay in production at all. */
function webRepo(releases: Record<string, string>, options: { production?: boolean; serviceApplications?: ServiceApplications } = {}): GitOpsRepo {
  const repo = new GitOpsRepo({
    repoURL: 'https://example.com/acme/gitops.git',
    releases: Releases.fromData(Object.keys(releases).length > 0 ? { web: releases } : {}, 'releases.json'),
    serviceApplications: options.serviceApplications,
  });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
  const production = repo.addEnvironment('production', { sync: SyncPolicy.manual() });
  const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080 });
  web.addOverlay(staging);
  if (options.production ?? true) web.addOverlay(production, { replicas: 2, resources: { cpu: '100m', memory: '128Mi' } });
  return repo;
}

const SAFETY_ERROR = [
  'gitops-synth: 1 problem found, nothing was written',
  'service web:',
  '  ✖ overlays.production.image: no image tag or digest for environment "production" in releases.json, but the existing tree deploys it (FOUND); '
    + 'writing the tree without it would delete Application web-production and, through its finalizer, everything it runs '
    + '(fix: run gitops-synth set-image web production <tag>; to undeploy on purpose, remove the overlay (web.addOverlay(production, …)) from the definitions)',
].join('\n');

describe('an overlay without an image version is pending', () => {
  test('nothing Argo CD acts on is rendered: no overlay folder, no Application, no root kustomization entry', () => {
    const result = synthesize(webRepo({ staging: 'v1.0.0' }), {});
    const paths = result.tree.files.map((f) => f.path);
    expect(paths.filter((p) => p.includes('production'))).toEqual(['argocd/projects/production.yaml']);
    expect(paths).toContain('apps/web/base/kustomization.yaml');
    expect(paths).toContain('argocd/applications/web-staging.yaml');
    expect(parsed(result.tree.files, 'argocd/kustomization.yaml').resources).toEqual([
      'applications/web-staging.yaml',
      'projects/infrastructure.yaml',
      'projects/production.yaml',
      'projects/staging.yaml',
    ]);
  });

  test('the outcome names it, with the command that deploys it', () => {
    const result = synthesize(webRepo({ staging: 'v1.0.0' }), {});
    expect(result.pending).toEqual([{ service: 'web', environment: 'production', releases: 'releases.json', fix: 'run gitops-synth set-image web production <tag>' }]);
    expect(result.pending.map(formatPending)).toEqual(['pending: web production (no image tag in releases.json; run gitops-synth set-image web production <tag>)']);
    expect(synthesize(webRepo({ staging: 'v1.0.0', production: 'v1.0.0' }), {}).pending).toEqual([]);
  });

  test('its ExternalSecret and Ingress are not rendered; the AWS side still creates its secret ahead of the first deploy', () => {
    const { repo, api } = secretsRepo({ releases: { api: { staging: 'v1.0.0' } } });
    api.overlays[1].addIngress('ingress', { host: 'api.example.com', controller: IngressController.nginx(), clusterIssuer: 'letsencrypt-production' });
    const result = synthesize(repo, {});
    expect(result.tree.files.map((f) => f.path).filter((p) => p.startsWith('apps/api/overlays/'))).toEqual([
      'apps/api/overlays/staging/external-secret.yaml',
      'apps/api/overlays/staging/kustomization.yaml',
    ]);
    // A first tag then changes only the tree: no terraform apply is needed between the tag and the deploy.
    expect(Object.keys(JSON.parse(result.terraform!.files[1].content).locals.secrets)).toEqual(['prod/api/db', 'shared/api/sentry', 'staging/api/db']);
    expect(result.terraform!.files).toEqual(synthesize(secretsRepo().repo, {}).terraform!.files);
  });

  test('has no element in the services ApplicationSet, which is left out when nothing is deployed', () => {
    const applicationSet = ServiceApplications.applicationSet();
    const files = synthesize(webRepo({ staging: 'v1.0.0' }, { serviceApplications: applicationSet })).tree.files;
    const elements = parsed(files, 'argocd/applications/services.yaml').spec.generators[0].list.elements as AnyObject[];
    expect(elements.map((e) => e.name)).toEqual(['web-staging']);

    const none = synthesize(webRepo({}, { serviceApplications: applicationSet })).tree.files;
    expect(none.map((f) => f.path).filter((p) => p.startsWith('argocd/applications/') || p.startsWith('apps/web/overlays/'))).toEqual([]);
    expect(parsed(none, 'argocd/kustomization.yaml').resources).toEqual(['projects/infrastructure.yaml', 'projects/production.yaml', 'projects/staging.yaml']);
  });

  test('is still checked as a definition, so its first tag cannot be refused for a rule it broke all along', () => {
    const repo = webRepo({ staging: 'v1.0.0' });
    const production = repo.environments[1];
    repo.addService('api', { image: 'registry.example.com/api' }).addOverlay(production, { replicas: 1, resources: { cpu: '100m', memory: '128Mi' } });
    expect(synthErrorOf(() => synthesize(repo).tree.files)).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'service api:',
      "  ✖ overlays.production.replicas = 1: production runs fewer than 2 replicas, so one restart is an outage (fix: set replicas: 2 or more, or waive it: waivers: { 'min-replicas': '<reason>' })",
    ].join('\n'));
  });
});

describe('a missing tag for an overlay the existing tree deploys', () => {
  test('synth reads only the files that could show that a pending overlay is deployed', () => {
    expect(existingTreePaths(webRepo({ staging: 'v1.0.0', production: 'v1.0.0' }))).toEqual([]);
    expect(existingTreePaths(webRepo({ staging: 'v1.0.0' }))).toEqual([PRODUCTION_OVERLAY, PRODUCTION_APP]);
    expect(existingTreePaths(webRepo({ staging: 'v1.0.0' }, { serviceApplications: ServiceApplications.applicationSet() })))
      .toEqual([PRODUCTION_OVERLAY, 'argocd/applications/services.yaml', PRODUCTION_APP]);
  });

  test('is refused, naming service, environment, files and fix; the tree stays as it was', () => {
    const out = tempDir();
    synth(webRepo({ staging: 'v1.0.0', production: 'v1.0.0' }), { outdir: out });
    const before = readTree(out);
    expect(synthErrorOf(() => synth(webRepo({ staging: 'v1.0.0' }), { outdir: out })))
      .toBe(SAFETY_ERROR.replace('FOUND', `${PRODUCTION_OVERLAY}, ${PRODUCTION_APP}`));
    expect(readTree(out)).toEqual(before);
  });

  test('is found from the Application file alone, and from an element of the ApplicationSet', () => {
    expect(synthErrorOf(() => synthesize(webRepo({ staging: 'v1.0.0' }), { existing: new Map([[PRODUCTION_APP, 'kind: Application\n']]) }).tree.files))
      .toBe(SAFETY_ERROR.replace('FOUND', PRODUCTION_APP));

    const applicationSet = ServiceApplications.applicationSet();
    const deployed = synthesize(webRepo({ staging: 'v1.0.0', production: 'v1.0.0' }, { serviceApplications: applicationSet })).tree.files;
    const setFile = deployed.find((f) => f.path === 'argocd/applications/services.yaml')!;
    expect(synthErrorOf(() => synthesize(webRepo({ staging: 'v1.0.0' }, { serviceApplications: applicationSet }), { existing: new Map([[setFile.path, setFile.content]]) }).tree.files))
      .toBe(SAFETY_ERROR.replace('FOUND', 'argocd/applications/services.yaml (element web-production)'));
  });

  test('an ApplicationSet without its element is no sign of a deployment', () => {
    const applicationSet = ServiceApplications.applicationSet();
    const stagingOnly = synthesize(webRepo({ staging: 'v1.0.0' }, { serviceApplications: applicationSet })).tree.files;
    const setFile = stagingOnly.find((f) => f.path === 'argocd/applications/services.yaml')!;
    const again = synthesize(webRepo({ staging: 'v1.0.0' }, { serviceApplications: applicationSet }), { existing: new Map([[setFile.path, setFile.content]]) });
    expect(again.pending.map((p) => p.environment)).toEqual(['production']);
  });

  test('removing the overlay from the definitions undeploys it on purpose', () => {
    const out = tempDir();
    synth(webRepo({ staging: 'v1.0.0', production: 'v1.0.0' }), { outdir: out });
    const result = synth(webRepo({ staging: 'v1.0.0' }, { production: false }), { outdir: out });
    expect(result.removed).toEqual([PRODUCTION_OVERLAY, ...PRODUCTION_DEFAULTS, PRODUCTION_APP]);
    expect(result.written).toEqual(['argocd/kustomization.yaml']);
    expect(result.pending).toEqual([]);
  });
});

describe('the first tags of a new service', () => {
  test('deploy one environment at a time; nothing is half-deployed in between', () => {
    const out = tempDir();
    const none = synth(webRepo({}), { outdir: out });
    expect(none.written.filter((p) => p.startsWith('apps/web/overlays/') || p.startsWith('argocd/applications/'))).toEqual([]);
    expect(none.pending.map(formatPending)).toEqual([
      'pending: web staging (no image tag in releases.json; run gitops-synth set-image web staging <tag>)',
      'pending: web production (no image tag in releases.json; run gitops-synth set-image web production <tag>)',
    ]);

    const staging = synth(webRepo({ staging: 'sha-1' }), { outdir: out });
    expect(staging.written).toEqual(['apps/web/overlays/staging/kustomization.yaml', 'argocd/applications/web-staging.yaml', 'argocd/kustomization.yaml']);
    expect(staging.removed).toEqual([]);
    expect(staging.pending.map((p) => p.environment)).toEqual(['production']);

    const production = synth(webRepo({ staging: 'sha-1', production: 'sha-1' }), { outdir: out });
    expect(production.written).toEqual([PRODUCTION_OVERLAY, ...PRODUCTION_DEFAULTS, PRODUCTION_APP, 'argocd/kustomization.yaml']);
    expect(production.pending).toEqual([]);
    expect(readTree(out)[PRODUCTION_OVERLAY]).toContain('images:\n  - name: registry.example.com/web\n    newTag: sha-1\n');
  });
});
