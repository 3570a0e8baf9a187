import type { GitOpsRepo } from '../repo/gitops-repo';
import { deploymentEvidencePaths } from '../repo/pending-overlays';
import { preservedImagePaths } from '../repo/preserve-images';

/**
 * The files of the output folder a synth reads before rendering, sorted. The synth entry (`synth()`,
 * the CLI) reads them and passes their content to the pure `synthesize(repo, { existing })`:
 *
 * - in preserve mode, every overlay's kustomization (its `images:` entry is kept);
 * - for every overlay without a version in the releases data, the files that would show it is
 *   deployed already, so that a lost tag is refused instead of undeploying it.
 *
 * Usually only a few files: a tree whose overlays all have a version needs none of them.
 */
export function existingTreePaths(repo: GitOpsRepo): string[] {
  const paths = new Set(preservedImagePaths(repo));
  for (const service of repo.services) {
    for (const overlay of service.overlays) {
      if (overlay.imageVersion !== undefined) continue;
      for (const p of deploymentEvidencePaths(repo, overlay)) paths.add(p);
    }
  }
  return [...paths].sort();
}
