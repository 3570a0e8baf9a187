import { GitOpsRepo, ManifestFile } from '../../src';
import { renderTerraform } from '../../src/aws/aws-stack';
import type { CheckContext } from '../../src/checks/check';
import { ModelIndex } from '../../src/repo/model-index';

/**
 * What a synth hands its tree checks: one index of the repository, the files rendered with it, and
 * the Terraform of its AWS side (`undefined` without one), built once as the pipeline builds it.
 *
 * @param files the files the checks see instead of the rendered ones
 * @default files - the repository's files, rendered with the index
 */
export function checkContext(repo: GitOpsRepo, files?: readonly ManifestFile[]): CheckContext {
  const index = ModelIndex.of(repo);
  return { repo, index, files: files ?? repo.renderFiles(index), terraform: renderTerraform(repo, index) };
}
