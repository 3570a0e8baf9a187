import type { GitOpsRepo } from './gitops-repo';
import type { Releases } from '../context/releases';

/** What the `gitops-synth` command passes to a project's {@link DefineRepo}. */
export interface DefineRepoOptions {
  /**
   * The project folder the command runs in: where package.json is, and what relative paths
   * (the releases file, the output folder) are resolved against.
   */
  readonly rootDir: string;
  /**
   * Image versions to use instead of the releases file. Tests pass fixed ones, so that a snapshot of the
   * tree reviews the definitions and does not change with every deployment; the command never passes them.
   * @default - the definitions read their releases file
   */
  readonly releases?: Releases;
}

/**
 * A project's definitions entry: builds the whole repository model. The module named by the
 * `gitops-synth.definitions` field of package.json exports it as `defineRepo` (or as its default export).
 *
 * @example
 * export const defineRepo: DefineRepo = ({ rootDir, releases }) => {
 *   const repo = new GitOpsRepo({
 *     repoURL: 'https://github.com/acme/gitops.git',
 *     outdir: path.join(rootDir, 'dist'),
 *     releases: releases ?? Releases.fromFile(path.join(rootDir, 'releases.json'), 'releases.json'),
 *   });
 *   // …environments and services…
 *   return repo;
 * };
 */
export type DefineRepo = (options: DefineRepoOptions) => GitOpsRepo;
