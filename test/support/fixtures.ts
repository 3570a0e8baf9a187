import { GitOpsRepo, GitOpsRepoProps, Releases, SyncPolicy } from '../../src';

/**
 * A small repository with staging (automated) and production (manual) and one service,
 * for tests that need a valid model to start from.
 */
export function smallRepo(props: Partial<GitOpsRepoProps> = {}, releases: unknown = { web: { staging: 'v1.0.0', production: 'v0.9.0' } }) {
  const repo = new GitOpsRepo({
    repoURL: 'https://example.com/acme/gitops.git',
    releases: Releases.fromData(releases, 'releases.json'),
    ...props,
  });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
  const production = repo.addEnvironment('production', { sync: SyncPolicy.manual() });
  const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080 });
  web.addOverlay(staging, { replicas: 1 });
  web.addOverlay(production, { replicas: 3, resources: { cpu: '100m', memory: '128Mi' } });
  return { repo, staging, production, web };
}
