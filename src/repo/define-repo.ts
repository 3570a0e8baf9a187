import type { GitOpsRepo } from './gitops-repo';

/** What the `gitops-synth` command passes to a project's {@link DefineRepo}. */
export interface DefineRepoOptions {
  /**
   * The project folder the command runs in: where package.json is, and what relative paths
   * (the releases file, the output folder) are resolved against.
   */
  readonly rootDir: string;
}

/**
 * A project's definitions entry: builds the whole repository model. The module named by the
 * `gitops-synth.definitions` field of package.json exports it as `defineRepo` (or as its default export).
 *
 * @example
 * export const defineRepo: DefineRepo = ({ rootDir }) => {
 *   const repo = new GitOpsRepo({ repoURL: 'https://github.com/acme/gitops.git', outdir: path.join(rootDir, 'dist') });
 *   // …environments and services…
 *   return repo;
 * };
 */
export type DefineRepo = (options: DefineRepoOptions) => GitOpsRepo;
