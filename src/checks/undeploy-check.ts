import * as yaml from 'js-yaml';
import { Problem } from '../core/problem';
import type { GitOpsRepo } from '../repo/gitops-repo';
import { deploymentEvidencePaths, tagFix } from '../repo/pending-overlays';
import type { Overlay } from '../workload/overlay';

/**
 * A tag that goes missing does not undeploy: a pending overlay (no image version) renders nothing, so
 * an overlay the existing tree deploys would lose its Application, and the root app-of-apps would
 * prune it and, through its resources finalizer, everything it runs. When the existing tree holds the
 * overlay's kustomization, its Application file or its ApplicationSet element, the missing tag is a
 * problem; undeploying on purpose is removing the overlay from the definitions. Pure: the existing
 * files are passed in as data.
 *
 * @param pending the overlays the render leaves out (`ModelIndex.pendingOverlays`)
 * @param existing path → content of the existing tree's files (see `existingTreePaths`)
 */
export function undeployProblems(repo: GitOpsRepo, pending: readonly Overlay[], existing: ReadonlyMap<string, string>): Problem[] {
  // A releases file that did not load is the cause, reported on its own; the synth stops on it anyway.
  if (pending.length === 0 || existing.size === 0 || repo.releases.loadProblems.length > 0) return [];
  const problems: Problem[] = [];
  // The ApplicationSet file is read once, and only when there is a pending overlay to look up.
  let setElements: ReadonlySet<string> | undefined;
  const setFile = repo.serviceApplicationSet && repo.layout.applicationFile(repo.serviceApplicationSet.name);
  for (const overlay of pending) {
    const service = overlay.service.name;
    const environment = overlay.environmentName;
    const found: string[] = [];
    for (const p of deploymentEvidencePaths(repo, overlay)) {
      if (!existing.has(p)) continue;
      if (p !== setFile) {
        found.push(p);
        continue;
      }
      setElements ??= elementNames(existing.get(p) ?? '');
      if (setElements.has(overlay.application.name)) found.push(`${p} (element ${overlay.application.name})`);
    }
    if (found.length === 0) continue;
    problems.push({
      subject: `service ${service}`,
      field: `overlays.${environment}.image`,
      message: `no image tag or digest for environment "${environment}" in ${repo.releases.source}, but the existing tree deploys it (${found.join(', ')}); `
        + `writing the tree without it would delete Application ${overlay.application.name} and, through its finalizer, everything it runs`,
      hint: `${tagFix(repo, service, environment)}; to undeploy on purpose, remove the overlay (${service}.addOverlay(${environment}, …)) from the definitions`,
    });
  }
  return problems;
}

/** The element names of the services' ApplicationSet file; none when it cannot be read. */
function elementNames(content: string): ReadonlySet<string> {
  let doc: unknown;
  try {
    doc = yaml.load(content);
  } catch {
    // An unreadable file deploys nothing Argo CD could read either.
    return new Set();
  }
  const generators = (doc as { spec?: { generators?: unknown } } | null)?.spec?.generators;
  const names = new Set<string>();
  if (!Array.isArray(generators)) return names;
  for (const generator of generators) {
    const elements = (generator as { list?: { elements?: unknown } } | null)?.list?.elements;
    if (!Array.isArray(elements)) continue;
    for (const element of elements) {
      const name = (element as { name?: unknown } | null)?.name;
      if (typeof name === 'string') names.add(name);
    }
  }
  return names;
}
