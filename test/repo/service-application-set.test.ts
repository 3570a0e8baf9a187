import { load } from 'js-yaml';
import { GitOpsRepo, IgnoreDifference, Manifest, Releases, ServiceApplications, SyncPolicy, synthesize } from '../../src';
import { SERVICE_TEMPLATE_PATCH } from '../../src/repo/service-application-set';
import { mergePatch, renderGoTemplate, renderTemplateObject } from '../support/go-template';
import { describeWithSchemas, referenceValidator } from '../support/shared';

/** Two services, three environments (one on a named cluster), an HPA-managed overlay, a service not deployed everywhere. */
function definitions(serviceApplications: ServiceApplications): GitOpsRepo {
  const repo = new GitOpsRepo({
    repoURL: 'https://example.com/acme/gitops.git',
    serviceApplications,
    releases: Releases.fromData({
      web: { 'staging': 'v1.1.0', 'production': 'v1.0.0', 'production-us': 'v1.0.0' },
      worker: { staging: 'v2.0.0' },
    }),
  });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
  const production = repo.addEnvironment('production', { sync: SyncPolicy.manual() });
  const productionUs = repo.addEnvironment('production-us', { sync: SyncPolicy.manual(), namespace: 'production', cluster: { name: 'us-east-1' } });
  const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080 });
  web.addOverlay(staging);
  for (const env of [production, productionUs]) {
    web.addOverlay(env, { replicas: 3, resources: { cpu: '100m', memory: '128Mi' }, ignoreDifferences: [IgnoreDifference.hpaReplicas('web')] });
  }
  repo.addService('worker', { image: 'registry.example.com/worker' }).addOverlay(staging);
  return repo;
}

/** Renders an ApplicationSet's list generator the way Argo CD does: template per element, then templatePatch. */
function generate(appSet: Manifest): Manifest[] {
  const spec = appSet.spec as {
    generators: Array<{ list: { elements: Array<Record<string, unknown>> } }>;
    template: Record<string, unknown>;
    templatePatch: string;
  };
  return spec.generators[0].list.elements.map((element) => {
    const rendered = renderTemplateObject(spec.template, element);
    const patched = mergePatch(rendered, load(renderGoTemplate(spec.templatePatch, element))) as Record<string, unknown>;
    return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', ...patched } as Manifest;
  });
}

function filesOf(repo: GitOpsRepo) {
  return repo.renderFiles();
}

const byName = (a: Manifest, b: Manifest) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1);

describe('ServiceApplications.applicationSet()', () => {
  test('yields exactly the Applications that one file per overlay writes', () => {
    const perOverlay = filesOf(definitions(ServiceApplications.perOverlay()))
      .filter((f) => f.path.startsWith('argocd/applications/'))
      .flatMap((f) => f.objects);
    const appSetFiles = filesOf(definitions(ServiceApplications.applicationSet()))
      .filter((f) => f.path.startsWith('argocd/applications/'));
    expect(appSetFiles.map((f) => f.path)).toEqual(['argocd/applications/services.yaml']);
    const generated = generate(appSetFiles[0].objects[0]);
    expect(perOverlay.map((a) => a.metadata?.name).sort()).toEqual(['web-production', 'web-production-us', 'web-staging', 'worker-staging']);
    expect([...generated].sort(byName)).toEqual([...perOverlay].sort(byName));
  });

  test('the equivalence covers what differs: manual vs automated sync, named cluster, ignored replicas', () => {
    const apps = generate(filesOf(definitions(ServiceApplications.applicationSet()))
      .find((f) => f.path === 'argocd/applications/services.yaml')!.objects[0]);
    const spec = (name: string) => apps.find((a) => a.metadata?.name === name)!.spec as Record<string, any>;
    expect(spec('web-staging').syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
    expect(spec('web-production').syncPolicy.automated).toBeUndefined();
    expect(spec('web-production-us').destination).toEqual({ name: 'us-east-1', namespace: 'production' });
    expect(spec('web-production').destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'production' });
    expect(spec('web-production').ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] }]);
    expect(spec('web-production').syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'RespectIgnoreDifferences=true']);
    expect(spec('web-staging').ignoreDifferences).toBeUndefined();
  });

  test('uses Go templates with missingkey=error and a list generator', () => {
    const appSet = filesOf(definitions(ServiceApplications.applicationSet({ name: 'all-services' })))
      .find((f) => f.path === 'argocd/applications/all-services.yaml')!.objects[0];
    const spec = appSet.spec as Record<string, any>;
    expect(spec.goTemplate).toBe(true);
    expect(spec.goTemplateOptions).toEqual(['missingkey=error']);
    expect(Object.keys(spec.generators[0])).toEqual(['list']);
    expect(spec.templatePatch).toBe(SERVICE_TEMPLATE_PATCH);
  });

  test('every element carries every key the templates read (missingkey=error never trips)', () => {
    const appSet = filesOf(definitions(ServiceApplications.applicationSet()))
      .find((f) => f.path === 'argocd/applications/services.yaml')!.objects[0];
    const elements = (appSet.spec as any).generators[0].list.elements as Array<Record<string, unknown>>;
    const keys = Object.keys(elements[0]).sort();
    for (const element of elements) expect(Object.keys(element).sort()).toEqual(keys);
    // The renderer used above enforces missingkey=error: a missing key fails loudly.
    expect(() => renderGoTemplate('{{ .nope }}', elements[0])).toThrow('map has no entry for key "nope" (missingkey=error) in .nope');
  });

  test('the root kustomization lists the ApplicationSet instead of per-overlay files', () => {
    const repo = definitions(ServiceApplications.applicationSet());
    expect(repo.root.managedFiles(repo.renderFiles())).toEqual([
      'argocd/applications/services.yaml',
      'argocd/projects/infrastructure.yaml',
      'argocd/projects/production-us.yaml',
      'argocd/projects/production.yaml',
      'argocd/projects/staging.yaml',
    ]);
  });

  test('writes no ApplicationSet when no service is deployed', () => {
    const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git', serviceApplications: ServiceApplications.applicationSet() });
    expect(synthesize(repo).tree.files.map((f) => f.path)).toEqual(['argocd/kustomization.yaml', 'argocd/projects/infrastructure.yaml', 'argocd/root.yaml']);
  });

  test('matches its snapshot', () => {
    const file = filesOf(definitions(ServiceApplications.applicationSet())).find((f) => f.path === 'argocd/applications/services.yaml')!;
    expect(synthesize(definitions(ServiceApplications.applicationSet())).tree.files.find((f) => f.path === file.path)!.content).toMatchSnapshot();
  });
});

describeWithSchemas('ApplicationSet schema', () => {
  test('the ApplicationSet and the Applications it generates validate against the Argo CD CRDs', () => {
    const files = filesOf(definitions(ServiceApplications.applicationSet()));
    expect(referenceValidator().validateFiles(files)).toEqual([]);
    const appSet = files.find((f) => f.path === 'argocd/applications/services.yaml')!.objects[0];
    for (const app of generate(appSet)) expect(referenceValidator().validate(app)).toEqual([]);
  });
});
