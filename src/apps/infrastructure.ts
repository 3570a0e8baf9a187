import { GitOpsRepo } from '..';

/** Cluster add-ons every environment relies on, each pinned to an exact chart version. */
export function defineInfrastructure(repo: GitOpsRepo): void {
  repo.addAddOn('cert-manager', {
    chart: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' },
    values: { crds: { enabled: true } },
  });
  repo.addAddOn('external-dns', {
    chart: { repoURL: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', version: '1.19.0' },
    values: { provider: { name: 'aws' }, policy: 'upsert-only' },
  });
  repo.addAddOn('ingress-nginx', {
    chart: { repoURL: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', version: '4.13.3' },
  });
}
