import type { CheckContext } from './check';
import { RenderedObjects, renderedObjects } from './rendered-objects';
import type { RenderedTerraform } from '../aws/aws-stack';
import { ManifestFile } from '../core/manifest';
import type { GitOpsRepo } from '../repo/gitops-repo';
import type { ModelIndex } from '../repo/model-index';

/**
 * The context of one synth's checks: the rendered objects are picked from the files once, when a check
 * first asks for them.
 *
 * A class rather than an object literal with a getter: each evaluation of such a literal makes an
 * object of a new shape (its getter is a new function), so every synth would hand the checks an
 * unknown shape, and a full garbage collection would drop the checks' optimized code with the old one.
 */
export class SynthCheckContext implements CheckContext {
  private picked?: RenderedObjects;

  constructor(
    public readonly repo: GitOpsRepo,
    public readonly index: ModelIndex,
    public readonly files: readonly ManifestFile[],
    public readonly terraform?: RenderedTerraform,
  ) {}

  public get rendered(): RenderedObjects {
    this.picked ??= renderedObjects(this.files);
    return this.picked;
  }
}
