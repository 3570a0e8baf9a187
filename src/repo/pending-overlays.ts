import type { GitOpsRepo } from './gitops-repo';
import { isPlainRelativePath } from '../core/plain-path';
import type { Overlay } from '../workload/overlay';

/**
 * An overlay that is defined but not deployed yet, because no image version is known for it: the
 * synth renders nothing of it that Argo CD would act on (no overlay folder, no Application, no
 * ApplicationSet element). Its first tag deploys it.
 */
export interface PendingOverlay {
  /** The service. */
  readonly service: string;
  /** The environment it is not deployed to yet. */
  readonly environment: string;
  /** The releases file (or name) that has no tag for it, as the definitions name it. */
  readonly releases: string;
  /** How to deploy it, e.g. `run gitops-synth set-image web production <tag>`. */
  readonly fix: string;
}

/** The pending overlays of a render (see `ModelIndex.pendingOverlays`), in definition order. */
export function describePending(repo: GitOpsRepo, overlays: readonly Overlay[]): PendingOverlay[] {
  return overlays.map((o) => ({
    service: o.service.name,
    environment: o.environmentName,
    releases: repo.releases.source,
    fix: tagFix(repo, o.service.name, o.environmentName),
  }));
}

/**
 * How a synth reports a pending overlay, e.g.
 * `pending: web production (no image tag in releases.json; run gitops-synth set-image web production <tag>)`.
 */
export function formatPending(pending: PendingOverlay): string {
  return `pending: ${pending.service} ${pending.environment} (no image tag in ${pending.releases}; ${pending.fix})`;
}

/**
 * How to give an overlay its image version. In preserve mode `set-image` refuses (the overlays decide),
 * so a new overlay is seeded through the releases file.
 */
export function tagFix(repo: GitOpsRepo, service: string, environment: string): string {
  return repo.preserveImages
    ? `add "${service}": { "${environment}": "<tag>" } to ${repo.releases.source}`
    : `run gitops-synth set-image ${service} ${environment} <tag>`;
}

/**
 * The files of an existing tree that would show that an overlay without a version in the releases
 * data is deployed already: its kustomization (its rendered objects in the rendered layout), its Application file and, in ApplicationSet mode, the
 * services' ApplicationSet (which may hold its element). Only plain paths inside the output folder:
 * a bad name is reported by the checks, never read.
 */
export function deploymentEvidencePaths(repo: GitOpsRepo, overlay: Overlay): string[] {
  const deployed = repo.layout.isRendered
    ? repo.layout.renderedFile(overlay.service.name, overlay.environmentName)
    : `${overlay.dir}/kustomization.yaml`;
  const paths = [deployed, repo.layout.applicationFile(overlay.application.name)];
  if (repo.serviceApplicationSet) paths.push(repo.layout.applicationFile(repo.serviceApplicationSet.name));
  return paths.filter(isPlainRelativePath);
}
