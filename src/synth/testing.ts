import { synthesize } from './synthesize';
import type { GitOpsRepo } from '../repo/gitops-repo';

/**
 * Helpers for a project's own tests, in the spirit of cdk8s `Testing`: what the synth would write,
 * as plain data for snapshots and targeted assertions. Nothing is written.
 *
 * @example
 * const tree = Testing.synth(defineRepo({ rootDir }));
 * expect(tree).toMatchSnapshot();
 * expect(tree['apps/web/overlays/staging/kustomization.yaml']).toContain('newTag: sha-4f2a9c1');
 */
export class Testing {
  /**
   * The GitOps tree the synth writes for `repo`: each file's path relative to the output folder
   * (e.g. `apps/web/base/deployment.yaml`) → its exact content, in path order. Runs every check first
   * and throws a `SynthError` listing every problem, as `gitops-synth synth` reports them.
   */
  public static synth(repo: GitOpsRepo): Record<string, string> {
    return Object.fromEntries(synthesize(repo).tree.files.map((f) => [f.path, f.content]));
  }

  /**
   * The AWS side's Terraform JSON files (path relative to the Terraform output folder, e.g.
   * `stacks/gitops-synth/cdk.tf.json` → content); empty when the repository has no AWS side.
   * Runs every check first, like {@link Testing.synth}.
   */
  public static terraform(repo: GitOpsRepo): Record<string, string> {
    return Object.fromEntries((synthesize(repo).terraform?.files ?? []).map((f) => [f.path, f.content]));
  }

  private constructor() {}
}
