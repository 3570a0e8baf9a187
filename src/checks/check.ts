import type { GitOpsRepo } from '../repo/gitops-repo';
import { ManifestFile } from '../core/manifest';
import { Problem } from '../core/problem';

/**
 * A whole-graph check: looks at the model and the rendered files and returns every problem
 * it finds. Pure: no I/O, no throwing for bad input.
 */
export type Check = (repo: GitOpsRepo, files: readonly ManifestFile[]) => Problem[];
