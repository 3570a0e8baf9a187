import { GitOpsRepo, IngressController, synthesize } from '../../src';
import { synthErrorOf } from '../support/errors';
import { smallRepo } from '../support/fixtures';
import { describeWithSchemas, referenceValidator } from '../support/shared';

type AnyObject = Record<string, any>;

const nginx = IngressController.nginx();

function file(repo: GitOpsRepo, path: string): AnyObject | undefined {
  return repo.renderFiles().find((f) => f.path === path) as AnyObject | undefined;
}

describe('Ingress', () => {
  test('per overlay: its own host, TLS from the ClusterIssuer, DNS from external-dns, listed in the overlay', () => {
    const { repo, web } = smallRepo();
    web.overlays[0].addIngress('ingress', { host: 'web.staging.example.com', controller: nginx, clusterIssuer: 'letsencrypt-staging' });
    const ingress = file(repo, 'apps/web/overlays/staging/ingress.yaml')!.objects[0];
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-staging',
      'external-dns.alpha.kubernetes.io/hostname': 'web.staging.example.com',
    });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{ host: 'web.staging.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }],
      tls: [{ hosts: ['web.staging.example.com'], secretName: 'web-tls' }],
    });
    expect(file(repo, 'apps/web/overlays/staging/kustomization.yaml')!.objects[0].resources).toEqual(['../../base', 'ingress.yaml']);
    expect(file(repo, 'apps/web/overlays/production/ingress.yaml')).toBeUndefined();
  });

  test('in the base: same host everywhere; no TLS and no DNS annotation when not asked for', () => {
    const { repo, web } = smallRepo();
    web.addIngress('ingress', { host: 'web.internal.example.com', controller: nginx, externalDns: false, path: '/api' });
    const ingress = file(repo, 'apps/web/base/ingress.yaml')!.objects[0];
    expect(ingress.metadata).not.toHaveProperty('annotations');
    expect(ingress.spec).not.toHaveProperty('tls');
    expect(ingress.spec.rules[0].http.paths[0].path).toBe('/api');
    expect(file(repo, 'apps/web/base/kustomization.yaml')!.objects[0].resources).toEqual(['service-account.yaml', 'deployment.yaml', 'service.yaml', 'ingress.yaml']);
  });

  test('bad hosts and ports are reported with the service and the fix', () => {
    const { repo, web, staging } = smallRepo({}, { web: { staging: 'v1.0.0', production: 'v0.9.0' }, worker: { staging: 'v1.0.0' } });
    web.overlays[0].addIngress('ingress', { host: 'Web_Staging', controller: nginx });
    web.addIngress('public', { host: 'web.example.com', controller: nginx, portName: 'metrics' });
    const worker = repo.addService('worker', { image: 'registry.example.com/worker' });
    worker.addOverlay(staging);
    worker.addIngress('ingress', { host: 'worker.example.com', controller: nginx });
    expect(synthErrorOf(() => synthesize(repo).tree.files)).toBe([
      'gitops-synth: 3 problems found, nothing was written',
      'service web:',
      '  ✖ overlays.staging.ingress.host = "Web_Staging": is not a DNS host name (fix: use a lowercase name such as "api.example.com")',
      '  ✖ public.portName = "metrics": is not a port of the service (fix: use one of: http)',
      'service worker:',
      '  ✖ ingress.portName: the service has no port for the Ingress to route to (fix: give the service a port (port: 8080) or remove the ingress)',
    ].join('\n'));
  });
});

describe('Ingress names', () => {
  test('a second Ingress gets its id in its object, secret and file names', () => {
    const { repo, web } = smallRepo();
    web.overlays[0].addIngress('admin', { host: 'admin.staging.example.com', controller: nginx, clusterIssuer: 'letsencrypt-staging' });
    const ingress = file(repo, 'apps/web/overlays/staging/ingress-admin.yaml')!.objects[0];
    expect([ingress.metadata.name, ingress.spec.tls[0].secretName]).toEqual(['web-admin', 'web-admin-tls']);
  });

  test('the same Ingress in the base and an overlay is reported', () => {
    const { repo, web } = smallRepo();
    web.addIngress('ingress', { host: 'web.example.com', controller: nginx });
    web.overlays[1].addIngress('ingress', { host: 'www.example.com', controller: nginx });
    expect(synthErrorOf(() => synthesize(repo).tree.files)).toBe([
      'gitops-synth: 1 problem found, nothing was written',
      'service web:',
      '  ✖ overlays.production.ingress: the base already has an Ingress named "web"; kustomize would find it twice (fix: keep the Ingress in the base or in the overlays, or give one of them another id)',
    ].join('\n'));
  });
});

describeWithSchemas('Ingress schema', () => {
  test('validates against the Kubernetes definitions', () => {
    const { repo, web } = smallRepo();
    web.overlays[1].addIngress('ingress', { host: 'web.example.com', controller: nginx, clusterIssuer: 'letsencrypt-production' });
    expect(referenceValidator().validateFiles(repo.renderFiles().filter((f) => f.path.endsWith('ingress.yaml')))).toEqual([]);
  });
});
