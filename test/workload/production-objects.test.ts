import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { load, loadAll } from 'js-yaml';
import {
  DisruptionBudget, EnvValue, GatewayController, GitOpsRepo, IgnoreDifference, IngressController, Releases, SchemaValidator, SecretRef,
  synth, synthesize, SyncPolicy, TopologySpread,
} from '../../src';
import { describeWithKubectl, kustomizeBuild } from '../support/kubectl';
import { tempDir } from '../support/tmp';

/**
 * Service `api` in staging (automated) and production (manual); a tag for each service and environment
 * of `deployed` (`api` in both by default).
 */
function repoWith(deployed: Record<string, readonly string[]> = { api: ['staging', 'production'] }) {
  const releases = Object.fromEntries(Object.entries(deployed).map(([s, envs]) => [s, Object.fromEntries(envs.map((e) => [e, 'v1']))]));
  const repo = new GitOpsRepo({ repoURL: 'https://example.com/acme/gitops.git', releases: Releases.fromData(releases, 'releases.json') });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
  const production = repo.addEnvironment('production');
  const api = repo.addService('api', { image: 'registry.example.com/api', port: 8080, resources: { cpu: '100m', memory: '128Mi' } });
  return { repo, staging, production, api };
}

type Files = ReturnType<typeof synthesize>['tree']['files'];

function fileOf(files: Files, p: string): any {
  const file = files.find((f) => f.path === p);
  if (!file) throw new Error(`no file ${p}; files: ${files.map((f) => f.path).join(', ')}`);
  return load(file.content);
}

function has(files: Files, p: string): boolean {
  return files.some((f) => f.path === p);
}

function deploymentPatch(files: Files, environment: string): any {
  const k = fileOf(files, `apps/api/overlays/${environment}/kustomization.yaml`);
  const patch = (k.patches ?? []).find((p: any) => p.target?.kind === 'Deployment');
  return patch ? load(patch.patch) : undefined;
}

describe('autoscaling', () => {
  test('an HPA in the overlay; the Application ignores spec.replicas and respects it on sync; the Deployment starts with minReplicas', () => {
    const { repo, staging, production, api } = repoWith();
    api.addOverlay(staging, { replicas: 1 });
    api.addOverlay(production, { autoscaling: { minReplicas: 3, maxReplicas: 9, memoryUtilization: 80 } });
    const files = synthesize(repo).tree.files;
    expect(fileOf(files, 'apps/api/overlays/production/horizontal-pod-autoscaler.yaml')).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api', labels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/managed-by': 'gitops-synth' } },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 3,
        maxReplicas: 9,
        metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
    });
    expect(fileOf(files, 'apps/api/overlays/production/kustomization.yaml').replicas).toEqual([{ name: 'api', count: 3 }]);
    const app = fileOf(files, 'argocd/applications/api-production.yaml');
    expect(app.spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', name: 'api', jsonPointers: ['/spec/replicas'] }]);
    expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
    // Staging has no HPA and keeps its replicas in Git.
    expect(has(files, 'apps/api/overlays/staging/horizontal-pod-autoscaler.yaml')).toBe(false);
    expect(fileOf(files, 'argocd/applications/api-staging.yaml').spec.ignoreDifferences).toBeUndefined();
  });

  test('the service\'s autoscaling reaches every overlay, CPU at 70 % by default, and a given hpaReplicas is not repeated', () => {
    const { repo, staging, production } = repoWith({ web: ['staging', 'production'] });
    const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080, resources: { cpu: '100m', memory: '128Mi' }, autoscaling: { minReplicas: 2, maxReplicas: 4 } });
    web.addOverlay(staging, { ignoreDifferences: [IgnoreDifference.hpaReplicas('web')] });
    web.addOverlay(production);
    const files = synthesize(repo).tree.files;
    for (const env of ['staging', 'production']) {
      expect(fileOf(files, `apps/web/overlays/${env}/horizontal-pod-autoscaler.yaml`).spec.metrics)
        .toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
      expect(fileOf(files, `argocd/applications/web-${env}.yaml`).spec.ignoreDifferences).toHaveLength(1);
    }
  });
});

describe('production defaults: PodDisruptionBudget, topology spread, NetworkPolicy', () => {
  test('production with 2+ replicas gets maxUnavailable 1, a spread over zones and nodes, and a default-deny NetworkPolicy; staging gets none', () => {
    const { repo, staging, production, api } = repoWith();
    api.addOverlay(staging, { replicas: 2 });
    api.addOverlay(production, { replicas: 3 });
    const files = synthesize(repo).tree.files;
    expect(fileOf(files, 'apps/api/overlays/production/pod-disruption-budget.yaml').spec).toEqual({
      maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
    expect(deploymentPatch(files, 'production').spec.template.spec.topologySpreadConstraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable]))
      .toEqual([['topology.kubernetes.io/zone', 'ScheduleAnyway'], ['kubernetes.io/hostname', 'ScheduleAnyway']]);
    expect(fileOf(files, 'apps/api/overlays/production/network-policy.yaml').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } }, policyTypes: ['Ingress'], ingress: [],
    });
    for (const name of ['pod-disruption-budget.yaml', 'network-policy.yaml']) expect(has(files, `apps/api/overlays/staging/${name}`)).toBe(false);
    expect(deploymentPatch(files, 'staging')).toBeUndefined();
  });

  test('one production replica (waived) gets no budget or spread; waivers turn each default off; given values replace them', () => {
    const { repo, staging, production, api } = repoWith({ api: ['production'], web: ['staging', 'production'] });
    api.addOverlay(production, { replicas: 1, waivers: { 'min-replicas': 'a singleton by design', 'network-policy': 'a public probe target' } });
    const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080, resources: { cpu: '100m', memory: '128Mi' } });
    web.addOverlay(production, { replicas: 4, disruptionBudget: DisruptionBudget.minAvailable('50%'), topologySpread: TopologySpread.zones({ strict: true, maxSkew: 2 }) });
    web.addOverlay(staging, { replicas: 2, disruptionBudget: DisruptionBudget.maxUnavailable(1) });
    const files = synthesize(repo).tree.files;
    for (const name of ['pod-disruption-budget.yaml', 'network-policy.yaml']) expect(has(files, `apps/api/overlays/production/${name}`)).toBe(false);
    expect(fileOf(files, 'apps/web/overlays/production/pod-disruption-budget.yaml').spec.minAvailable).toBe('50%');
    expect(fileOf(files, 'apps/web/overlays/staging/pod-disruption-budget.yaml').spec.maxUnavailable).toBe(1);
    const k = fileOf(files, 'apps/web/overlays/production/kustomization.yaml');
    const spread = (load(k.patches[0].patch) as any).spec.template.spec.topologySpreadConstraints;
    expect(spread).toEqual([{
      maxSkew: 2,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      matchLabelKeys: ['pod-template-hash'],
    }]);
  });

  test('the NetworkPolicy lets in the controllers of the service\'s Ingresses and HTTPRoutes, its callers and the listed namespaces', () => {
    const { repo, staging, production, api } = repoWith();
    const gateway = GatewayController.envoy();
    const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080 });
    api.allowFrom(web);
    api.addOverlay(staging, { networkPolicy: { allowSameNamespace: true } }).addIngress('ingress', { host: 'api.staging.example.com', controller: IngressController.nginx() });
    api.addOverlay(production, { replicas: 2, networkPolicy: { allowNamespaces: ['monitoring'] } })
      .addHttpRoute('http-route', { gateway: gateway.gateway(), hostnames: ['api.example.com'] });
    const files = synthesize(repo).tree.files;
    const port = [{ protocol: 'TCP', port: 8080 }];
    const ns = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
    expect(fileOf(files, 'apps/api/overlays/production/network-policy.yaml').spec.ingress).toEqual([
      { from: [ns('envoy-gateway-system'), ns('monitoring')], ports: port },
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }], ports: port },
    ]);
    expect(fileOf(files, 'apps/api/overlays/staging/network-policy.yaml').spec.ingress).toEqual([
      { from: [ns('ingress-nginx')], ports: port },
      { from: [{ podSelector: {} }], ports: port },
    ]);
  });
});

describe('objects added with addObject', () => {
  test('a typed ApiObject and plain data land in the base or the overlay and are listed in its kustomization', () => {
    const { repo, staging, api } = repoWith({ api: ['staging'] });
    const chart = new Chart(new App(), 'objects', { disableResourceNameHashes: true });
    api.addObject('settings', new k8s.KubeConfigMap(chart, 'settings', { metadata: { name: 'api-settings' }, data: { MODE: 'fast' } }));
    api.addOverlay(staging).addObject('limits', { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'api' }, spec: { limits: [{ type: 'Container', max: { cpu: '1' } }] } }, { fileName: 'limit-range.yaml' });
    const files = synthesize(repo).tree.files;
    expect(fileOf(files, 'apps/api/base/settings.yaml')).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-settings' }, data: { MODE: 'fast' } });
    expect(fileOf(files, 'apps/api/base/kustomization.yaml').resources).toContain('settings.yaml');
    expect(fileOf(files, 'apps/api/overlays/staging/kustomization.yaml').resources).toContain('limit-range.yaml');
    expect(fileOf(files, 'apps/api/overlays/staging/limit-range.yaml').kind).toBe('LimitRange');
  });
});

describe('secrets read whole', () => {
  test('an extracted secret is read with envFrom in the base; an overlay\'s patch repeats the base\'s entries before its own', () => {
    const { repo, staging, production, api } = repoWith();
    api.addExternalSecret('config', { extract: [SecretRef.fromAwsSecretsManager('shared/api/config')] });
    api.addExternalSecret('db', { data: [{ secretKey: 'password', ref: SecretRef.fromAwsSecretsManager('shared/api/db', 'password') }] });
    api.addOverlay(staging);
    api.addOverlay(production, { replicas: 2, waivers: { 'topology-spread': 'one zone' }, env: { DB: EnvValue.fromSecretKey('api-db', 'password') } })
      .addExternalSecret('extra', { extract: [SecretRef.fromAwsSecretsManager('prod/api/extra')] });
    const files = synthesize(repo).tree.files;
    const deployment = fileOf(files, 'apps/api/base/deployment.yaml');
    expect(deployment.spec.template.spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'api-config' } }]);
    expect(deploymentPatch(files, 'production').spec.template.spec.containers[0].envFrom)
      .toEqual([{ secretRef: { name: 'api-config' } }, { secretRef: { name: 'api-production-extra' } }]);
    expect(deploymentPatch(files, 'staging')).toBeUndefined();
  });
});

describe('the Gateway API', () => {
  test('an HTTPRoute per overlay attached to the add-on\'s Gateway, whose HTTPS listener gets a cert-manager certificate', () => {
    const { repo, production, api } = repoWith({ api: ['production'] });
    const gateway = GatewayController.envoy({ gateways: [{ hostnames: ['api.example.com'], clusterIssuer: 'letsencrypt-production' }] });
    repo.add(gateway.addOn());
    api.addOverlay(production, { replicas: 2 }).addHttpRoute('http-route', { gateway: gateway.gateway(), hostnames: ['api.example.com'] });
    const files = synthesize(repo).tree.files;
    expect(fileOf(files, 'apps/api/overlays/production/http-route.yaml')).toEqual({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'api', labels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/managed-by': 'gitops-synth' } },
      spec: {
        parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'public', namespace: 'envoy-gateway-system' }],
        hostnames: ['api.example.com'],
        rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ group: '', kind: 'Service', name: 'api', port: 8080 }] }],
      },
    });
    const [gatewayClass, gw] = loadAll(files.find((f) => f.path === 'infrastructure/envoy-gateway/gateways.yaml')!.content) as any[];
    expect(gatewayClass.spec).toEqual({ controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' });
    expect(gw.metadata.annotations['cert-manager.io/cluster-issuer']).toBe('letsencrypt-production');
    expect(gw.spec.listeners[1]).toMatchObject({
      name: 'https-api-example-com',
      protocol: 'HTTPS',
      port: 443,
      hostname: 'api.example.com',
      tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: 'public-api-example-com-tls' }] },
    });
    // The chart comes from its OCI registry through Argo CD's OCI source, which the project allows.
    const app = fileOf(files, 'argocd/applications/envoy-gateway.yaml');
    expect(app.spec.sources[0]).toMatchObject({ repoURL: 'oci://docker.io/envoyproxy/gateway-helm', path: '.', targetRevision: 'v1.9.1' });
    expect(fileOf(files, 'argocd/projects/infrastructure.yaml').spec.sourceRepos).toContain('oci://docker.io/envoyproxy/gateway-helm');
  });
});

describe('every new object validates against the packaged schemas and builds with kustomize', () => {
  const { repo, staging, production, api } = repoWith({ api: ['staging', 'production'], web: ['staging', 'production'] });
  const gateway = GatewayController.envoy({ gateways: [{ hostnames: ['api.example.com'], clusterIssuer: 'letsencrypt-production' }] });
  repo.add(gateway.addOn());
  const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080, resources: { cpu: '100m', memory: '128Mi' } });
  web.addOverlay(staging);
  web.addOverlay(production, { replicas: 2 });
  api.allowFrom(web);
  api.addExternalSecret('config', { extract: [SecretRef.fromAwsSecretsManager('shared/api/config')] });
  api.addObject('settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'api-settings' }, data: { MODE: 'fast' } });
  api.addOverlay(staging, { networkPolicy: {} });
  api.addOverlay(production, { autoscaling: { minReplicas: 2, maxReplicas: 6 } }).addHttpRoute('http-route', { gateway: gateway.gateway(), hostnames: ['api.example.com'] });

  test('strict validation of HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy, HTTPRoute, Gateway and GatewayClass', () => {
    const out = tempDir();
    const result = synth(repo, { outdir: out, schemas: SchemaValidator.fromPackages() });
    for (const p of ['apps/api/overlays/production/horizontal-pod-autoscaler.yaml', 'apps/api/overlays/production/pod-disruption-budget.yaml',
      'apps/api/overlays/production/network-policy.yaml', 'apps/api/overlays/production/http-route.yaml', 'infrastructure/envoy-gateway/gateways.yaml']) {
      expect(result.written).toContain(p);
    }
  });

  describeWithKubectl('kubectl kustomize', () => {
    test('the production overlay builds with every new object and the patched Deployment', () => {
      const out = tempDir();
      synth(repo, { outdir: out });
      const objects = loadAll(kustomizeBuild(path.join(out, 'apps/api/overlays/production'))) as any[];
      expect(objects.map((o) => o.kind).sort()).toEqual([
        'ConfigMap', 'Deployment', 'ExternalSecret', 'HTTPRoute', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount',
      ]);
      const deployment = objects.find((o) => o.kind === 'Deployment');
      expect(deployment.spec.replicas).toBe(2);
      expect(deployment.spec.template.spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'api-config' } }]);
      expect(deployment.spec.template.spec.topologySpreadConstraints).toHaveLength(2);
      expect(objects.every((o) => o.metadata.namespace === 'production')).toBe(true);
      kustomizeBuild(path.join(out, 'apps/api/overlays/staging'));
      kustomizeBuild(path.join(out, 'infrastructure/envoy-gateway'));
    });
  });
});
