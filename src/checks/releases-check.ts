import { Check } from './check';
import { hasImageEntry } from '../synth/preserve-images';
import { Problem } from '../synth/problem';

/**
 * The releases file loads, names a version for every overlay, and names only services and
 * environments that exist.
 */
export const checkReleases: Check = (repo, files) => {
  // Looked up once: listing the repository's children per overlay would make the check quadratic.
  const environments = new Set(repo.environments);
  const releases = repo.releases;
  const problems: Problem[] = [...releases.loadProblems];
  for (const service of repo.services) {
    for (const overlay of service.overlays) {
      // An overlay for a foreign environment is reported by the props check.
      if (!environments.has(overlay.environment)) continue;
      // In preserve mode an overlay may take its version from the existing tree instead.
      if (!overlay.imageVersion && !(repo.preserveImages && hasImageEntry(files, `${overlay.dir}/kustomization.yaml`))) {
        problems.push({
          subject: `service ${service.name}`,
          field: `overlays.${overlay.environment.name}.image`,
          message: `no image tag or digest for environment "${overlay.environment.name}" in ${releases.source}`,
          hint: `add "${service.name}": { "${overlay.environment.name}": "<tag>" } to ${releases.source}, or run gitops-synth set-image ${service.name} ${overlay.environment.name} <tag>`,
        });
      }
    }
  }
  const services = new Map<string, (typeof repo.services)[number]>();
  for (const s of repo.services) if (!services.has(s.name)) services.set(s.name, s);
  for (const entry of releases.entries()) {
    const service = services.get(entry.service);
    if (!service) {
      problems.push({
        subject: `releases ${releases.source}`,
        field: entry.service,
        message: `names service "${entry.service}", which is not defined`,
        hint: `remove the entry or define the service with repo.addService('${entry.service}', …); defined: ${[...services.keys()].join(', ') || 'none'}`,
      });
      continue;
    }
    if (!service.overlays.some((o) => o.environmentName === entry.environment)) {
      problems.push({
        subject: `releases ${releases.source}`,
        field: `${entry.service}.${entry.environment}`,
        value: JSON.stringify(entry.version),
        message: `service "${entry.service}" has no overlay for environment "${entry.environment}"`,
        hint: `remove the entry or add the overlay with service.addOverlay(${entry.environment}, …); overlays: ${service.overlays.map((o) => o.environmentName).join(', ') || 'none'}`,
      });
    }
  }
  return problems;
};
