import { MODEL_CHECKS, runCheck } from '../checks';
import { Manifest } from '../core/manifest';
import { Problem, ProblemCollector, SynthError } from '../core/problem';
import { serializeObjects } from '../core/serialize';
import type { GitOpsRepo } from '../repo/gitops-repo';
import { ModelIndex } from '../repo/model-index';
import { renderOverlay } from '../repo/overlay-render';
import { tagFix } from '../repo/pending-overlays';
import { keepsExistingImage, preservedImage } from '../repo/preserve-images';

/** Options of {@link renderEnvironment}. */
export interface RenderEnvironmentOptions {
  /**
   * Content of existing tree files by path (see `synthesize`'s `existing`): in preserve mode the
   * overlay's image is the one its existing kustomization holds.
   * @default - none: the image version comes from the releases data
   */
  readonly existing?: ReadonlyMap<string, string>;
}

/**
 * Every object of one service in one environment, as the cluster receives it — what
 * `kubectl kustomize apps/<service>/overlays/<env>` builds, computed from the model without running
 * kustomize (the tests prove the two equal, object by object), in kustomize's order. Pure: no I/O.
 *
 * The definitions are checked first; a service or environment that does not exist, an overlay that is
 * not deployed yet (no image version) and every problem of the definitions throw a `SynthError`.
 *
 * @example
 * const objects = renderEnvironment(repo, 'api-service', 'production');
 * const deployment = objects.find((o) => o.kind === 'Deployment');
 */
export function renderEnvironment(repo: GitOpsRepo, service: string, environment: string, options: RenderEnvironmentOptions = {}): Manifest[] {
  const existing = options.existing ?? new Map<string, string>();
  const index = ModelIndex.of(repo, { keepsExistingImage: (o) => keepsExistingImage(repo, o, existing) });
  const problems = new ProblemCollector();
  for (const check of MODEL_CHECKS) problems.addAll(runCheck(check, { repo, index, files: [] }));
  problems.throwIfAny();
  const svc = repo.services.find((s) => s.name === service);
  if (!svc) {
    throw new SynthError([refusal('service', service, 'is not a service of the definitions', `name one of: ${names(repo.services.map((s) => s.name))}`)], HEADER);
  }
  const overlay = svc.overlays.find((o) => o.environmentName === environment);
  if (!overlay) {
    throw new SynthError([refusal('environment', environment, `is not an environment service ${service} is deployed to`,
      `name one of: ${names(svc.overlays.map((o) => o.environmentName))}, or add it with ${service}.addOverlay(${environment}, …)`)], HEADER);
  }
  if (index.pendingOverlays.includes(overlay)) {
    throw new SynthError([refusal('environment', environment, `has no image tag or digest for service ${service} in ${repo.releases.source}, so nothing of it is deployed yet`,
      tagFix(repo, service, environment))], HEADER);
  }
  return renderOverlay(overlay, { image: preservedImage(repo, overlay, existing) });
}

/** The objects as `gitops-synth render` prints them: YAML documents separated by `---`, in the tree's key order. */
export function formatRendered(objects: readonly Manifest[]): string {
  return serializeObjects(objects);
}

const HEADER = 'gitops-synth render: nothing to render';

function refusal(field: string, value: string, message: string, hint: string): Problem {
  return { subject: 'render', field, value: JSON.stringify(value), message, hint };
}

function names(list: readonly string[]): string {
  return list.length > 0 ? list.join(', ') : '(none)';
}
