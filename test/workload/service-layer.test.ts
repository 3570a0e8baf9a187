import { EnvValue, GitOpsRepo, IngressController, Overlay, SecretRef, Service } from '../../src';
import { ServiceLayer } from '../../src/workload/service-layer';
import { smallRepo } from '../support/fixtures';

type AnyObject = Record<string, any>;

const nginx = IngressController.nginx();

function paths(repo: GitOpsRepo): string[] {
  return repo.renderFiles().map((f) => f.path);
}

function objectOf(repo: GitOpsRepo, path: string): AnyObject {
  return repo.renderFiles().find((f) => f.path === path)!.objects[0] as AnyObject;
}

describe('ServiceLayer: what a service and its overlays offer alike', () => {
  test('a Service (the base) and an Overlay are both service layers', () => {
    const { web } = smallRepo();
    expect(web).toBeInstanceOf(ServiceLayer);
    expect(web.overlays[0]).toBeInstanceOf(ServiceLayer);
    expect(web).toBeInstanceOf(Service);
    expect(web.overlays[0]).toBeInstanceOf(Overlay);
  });

  test('an ingress added on the service lands in the base, on an overlay in that overlay only', () => {
    const onService = smallRepo();
    const base = onService.web.addIngress('ingress', { host: 'web.example.com', controller: nginx });
    const onOverlay = smallRepo();
    const overlay = onOverlay.web.overlays[1].addIngress('ingress', { host: 'web.example.com', controller: nginx });

    expect(base.node.scope).toBe(onService.web);
    expect(overlay.node.scope).toBe(onOverlay.web.overlays[1]);
    expect([base.service, overlay.service]).toEqual([onService.web, onOverlay.web]);
    // The same object either way: the id `ingress` names the file `ingress.yaml` and the Ingress like the service.
    expect(base.toManifest()).toEqual(overlay.toManifest());
    expect(base.objectName).toBe('web');

    expect(paths(onService.repo)).toContain('apps/web/base/ingress.yaml');
    expect(paths(onService.repo).filter((p) => p.endsWith('/ingress.yaml'))).toEqual(['apps/web/base/ingress.yaml']);
    expect(objectOf(onService.repo, 'apps/web/base/kustomization.yaml').resources).toContain('ingress.yaml');

    expect(paths(onOverlay.repo).filter((p) => p.endsWith('/ingress.yaml'))).toEqual(['apps/web/overlays/production/ingress.yaml']);
    // The production defaults (PodDisruptionBudget, NetworkPolicy) come first, then what was added.
    expect(objectOf(onOverlay.repo, 'apps/web/overlays/production/kustomization.yaml').resources).toEqual(['../../base', 'pod-disruption-budget.yaml', 'network-policy.yaml', 'ingress.yaml']);
    expect(objectOf(onOverlay.repo, 'apps/web/base/kustomization.yaml').resources).not.toContain('ingress.yaml');
  });

  test('another ingress id gives its own file and object name, on a service and on an overlay alike', () => {
    const { repo, web } = smallRepo();
    web.addIngress('public', { host: 'web.example.com', controller: nginx });
    web.overlays[0].addIngress('admin', { host: 'admin.staging.example.com', controller: nginx });
    expect(objectOf(repo, 'apps/web/base/ingress-public.yaml').metadata.name).toBe('web-public');
    expect(objectOf(repo, 'apps/web/overlays/staging/ingress-admin.yaml').metadata.name).toBe('web-admin');
  });

  test('addExternalSecret names the ExternalSecret after the service in the base, after service and environment in an overlay', () => {
    const { repo, web } = smallRepo();
    const extract = [SecretRef.fromAwsSecretsManager('shared/web/sentry')];
    const shared = web.addExternalSecret('sentry', { extract });
    const staging = web.overlays[0].addExternalSecret('sentry', { extract });
    expect([shared.name, staging.name]).toEqual(['web-sentry', 'web-staging-sentry']);
    expect([shared.consumer, staging.consumer]).toEqual([{ service: 'web' }, { service: 'web', environment: 'staging' }]);
    expect(paths(repo)).toEqual(expect.arrayContaining(['apps/web/base/external-secret-sentry.yaml', 'apps/web/overlays/staging/external-secret-sentry.yaml']));
    expect(paths(repo)).not.toContain('apps/web/overlays/production/external-secret-sentry.yaml');
    expect(objectOf(repo, 'apps/web/base/external-secret-sentry.yaml').metadata.labels).toEqual(web.labels);
    expect(objectOf(repo, 'apps/web/overlays/staging/external-secret-sentry.yaml').metadata.labels).toEqual(web.labels);
  });

  test('env vars from external secrets get an envSecret in the base or in the overlay that sets them', () => {
    const { repo, web } = smallRepo();
    expect([web.envSecret, web.overlays[0].envSecret]).toEqual([undefined, undefined]);
    expect([web.envSecretName, web.overlays[0].envSecretName]).toEqual(['web-secrets', 'web-staging-secrets']);

    const api = repo.addService('api', {
      image: 'registry.example.com/api',
      port: 8080,
      env: { SENTRY_DSN: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('shared/api/sentry', 'dsn')) },
    });
    const staging = api.addOverlay(repo.environments[0], {
      env: { DB_PASSWORD: EnvValue.fromSecret(SecretRef.fromAwsSecretsManager('staging/api/db', 'password')) },
    });
    const production = api.addOverlay(repo.environments[1]);
    expect(api.envSecret?.name).toBe('api-secrets');
    expect(staging.envSecret?.name).toBe('api-staging-secrets');
    expect(production.envSecret).toBeUndefined();
    expect(api.env.map(([name]) => name)).toEqual(['SENTRY_DSN']);
    expect(staging.env.map(([name]) => name)).toEqual(['DB_PASSWORD']);
  });
});
