import type { RenderedObjects } from './rendered-objects';
import type { RenderedTerraform } from '../aws/aws-stack';
import { ManifestFile } from '../core/manifest';
import { Problem } from '../core/problem';
import type { GitOpsRepo } from '../repo/gitops-repo';
import type { ModelIndex } from '../repo/model-index';

/** What a check looks at: the model, the constructs found in it, and what was rendered from it. */
export interface CheckContext {
  /** The repository checked. */
  readonly repo: GitOpsRepo;
  /** The constructs of the repository, found once for this synth; it also tells which overlays are pending. */
  readonly index: ModelIndex;
  /** The rendered files of the tree; empty for the checks of the definitions, which run before rendering. */
  readonly files: readonly ManifestFile[];
  /**
   * The AWS side's Terraform, built once for this synth.
   * @default - none: the repository has no AWS side, or the check runs before rendering
   */
  readonly terraform?: RenderedTerraform;
  /**
   * The objects of `files` the checks of the tree look at, picked once for all of them (see `renderedObjects`).
   * @default - picked from `files` by each check that needs them
   */
  readonly rendered?: RenderedObjects;
}

/**
 * A whole-graph check: looks at the model and the rendered files and returns every problem
 * it finds. Pure: no I/O, no throwing for bad input.
 */
export type Check = (ctx: CheckContext) => Problem[];
