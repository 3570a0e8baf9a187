import * as path from 'path';
import { GitOpsRepo, Releases, SyncPolicy } from '../../src';

/** The releases file of these definitions, relative to the project folder. */
export const RELEASES_FILE = 'releases.json';

/**
 * Definitions of a project with one new service, `web`, in staging and production, for CLI tests of
 * a service's first tags: the releases file starts without any tag for it.
 */
export function defineRepo({ rootDir }: { readonly rootDir: string }): GitOpsRepo {
  const repo = new GitOpsRepo({
    repoURL: 'https://example.com/acme/gitops.git',
    outdir: path.join(rootDir, 'dist'),
    releases: Releases.fromFile(path.join(rootDir, RELEASES_FILE), RELEASES_FILE),
  });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated({ prune: true, selfHeal: true }) });
  const production = repo.addEnvironment('production', { sync: SyncPolicy.manual() });
  const web = repo.addService('web', { image: 'registry.example.com/web', port: 8080, resources: { cpu: '100m', memory: '128Mi' } });
  web.addOverlay(staging);
  web.addOverlay(production, { replicas: 2 });
  return repo;
}
