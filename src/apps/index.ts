import * as path from 'path';
import { defineApiService } from './api-service';
import { defineAws } from './aws';
import { defineExternalSecrets } from './external-secrets';
import { defineInfrastructure } from './infrastructure';
import { DefineRepo, GitOpsRepo, Releases, SyncPolicy } from 'gitops-synth';

/** The releases file of this repository, relative to its root. */
export const RELEASES_FILE = 'src/apps/releases.json';

/** This repository's GitOps definitions: environments, services and add-ons. */
export const defineRepo: DefineRepo = ({ rootDir }) => {
  const repo = new GitOpsRepo({
    repoURL: 'https://github.com/acme/gitops-repo.git',
    outdir: path.join(rootDir, 'dist'),
    releases: Releases.fromFile(path.join(rootDir, RELEASES_FILE), RELEASES_FILE),
  });
  const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated({ prune: true, selfHeal: true }) });
  // Production's secrets are named prod/…: its IAM role reads those only, staging's role reads staging/… only.
  const production = repo.addEnvironment('production', { sync: SyncPolicy.manual(), secretPrefix: 'prod/' });
  const aws = defineAws(repo);
  defineInfrastructure(repo, aws);
  defineExternalSecrets(repo, aws);
  defineApiService(repo, { staging, production });
  return repo;
};
