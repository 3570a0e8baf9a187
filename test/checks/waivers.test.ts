import { load } from 'js-yaml';
import { validDefinitions, withApi } from './bad-input-corpus';
import { SyncPolicy, synthesize } from '../../src';

describe('production rules can be waived only explicitly, with a reason', () => {
  test('min-replicas, resources and mutable-tags waived on the overlay', () => {
    const d = validDefinitions({}, { api: { staging: 'v1', production: 'latest' } });
    withApi(d, {}, {
      replicas: 1,
      resources: undefined,
      waivers: { 'min-replicas': 'singleton consumer', 'resources': 'sized by the VPA', 'mutable-tags': 'internal demo' },
    });
    const files = synthesize(d.repo).tree.files;
    expect(files.map((f) => f.path)).toContain('apps/api/overlays/production/kustomization.yaml');
  });

  test('an empty reason does not waive', () => {
    const d = validDefinitions();
    withApi(d, {}, { replicas: 1, waivers: { 'min-replicas': '  ' } });
    expect(() => synthesize(d.repo).tree.files).toThrow('overlays.production.replicas = 1: production runs fewer than 2 replicas');
  });

  test('automated sync in production waived on the environment', () => {
    const d = validDefinitions();
    withApi(d);
    d.repo.addEnvironment('prod', { sync: SyncPolicy.automated(), waivers: { 'automated-sync': 'progressive delivery gate upstream' } });
    expect(() => synthesize(d.repo).tree.files).not.toThrow();
  });

  test('a non-production environment may sync automatically and run one replica on latest', () => {
    const d = validDefinitions({}, { api: { staging: 'latest', production: 'v1' } });
    withApi(d);
    expect(() => synthesize(d.repo).tree.files).not.toThrow();
  });

  test('security overrides with a reason render and pass', () => {
    const d = validDefinitions();
    withApi(d, { securityOverrides: { reason: 'legacy image binds port 80 as root', runAsNonRoot: false, runAsUser: 0 } });
    const files = synthesize(d.repo).tree.files;
    const deployment = load(files.find((f) => f.path === 'apps/api/base/deployment.yaml')!.content) as any;
    expect(deployment.spec.template.spec.securityContext).toEqual({ runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } });
    expect(deployment.spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });
});
