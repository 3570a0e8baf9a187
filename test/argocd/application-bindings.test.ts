import { Application } from '../../imports/argoproj.io';
import { SyncPolicy } from '../../src';
import { APPLICATION_GVK } from '../../src/argocd/argo-application';
import { smallRepo } from '../support/fixtures';

describe('ArgoApplication bindings', () => {
  test('renders what the generated Application.manifest() returns, without loading the bindings', () => {
    const { repo } = smallRepo();
    repo.addAddOn('cert-manager', {
      chart: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' },
      // Helm values are free-form: a key that looks like a typed field keeps its name.
      values: { repoUrl: 'kept', crds: { enabled: true } },
      sync: SyncPolicy.manual(),
    });
    const applications = [...repo.services.flatMap((s) => s.overlays.map((o) => o.application)), ...repo.addOns.map((a) => a.application)];
    expect(applications).toHaveLength(3);
    for (const app of applications) {
      expect(app.toManifest()).toEqual(Application.manifest(app.toProps()));
    }
    expect(APPLICATION_GVK).toEqual(Application.GVK);
  });
});
