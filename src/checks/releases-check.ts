import { Check } from './check';
import { Problem } from '../core/problem';
import { shownKey, shownText, shownValue } from '../core/shown-value';
import type { Overlay } from '../workload/overlay';
import type { Service } from '../workload/service';

/**
 * The releases file loads and names only services and environments that exist. An overlay without
 * a version is not a problem here: it is pending (not deployed yet) and the synth renders nothing of
 * it; `undeployProblems` refuses a missing version for an overlay the existing tree deploys.
 */
export const checkReleases: Check = ({ repo, index }) => {
  const releases = repo.releases;
  const problems: Problem[] = [...releases.loadProblems];
  const services = new Map<string, Service>();
  for (const s of index.services) if (!services.has(s.name)) services.set(s.name, s);
  // Once per unknown service, also one with no environment at all (`"ghost": {}`).
  for (const key of releases.services()) {
    if (services.has(key)) continue;
    // Keys come from a data file: a 10 MB key is shown cut short, like every value.
    const name = shownText(key);
    problems.push({
      subject: `releases ${releases.source}`,
      field: shownKey(key),
      message: `names service "${name}", which is not defined`,
      hint: `remove the entry or define the service with repo.addService('${name}', …); defined: ${[...services.keys()].join(', ') || 'none'}`,
    });
  }
  // Each service's overlays, listed once rather than once per entry.
  const overlays = new Map<Service, readonly Overlay[]>();
  for (const entry of releases.entries()) {
    const service = services.get(entry.service);
    if (!service) continue;
    let list = overlays.get(service);
    if (!list) overlays.set(service, list = service.overlays);
    if (!list.some((o) => o.environmentName === entry.environment)) {
      const name = shownText(entry.service);
      const environment = shownText(entry.environment);
      problems.push({
        subject: `releases ${releases.source}`,
        field: `${shownKey(entry.service)}.${shownKey(entry.environment)}`,
        value: shownValue(entry.version),
        message: `service "${name}" has no overlay for environment "${environment}"`,
        hint: `remove the entry or add the overlay with service.addOverlay(${environment}, …); overlays: ${list.map((o) => o.environmentName).join(', ') || 'none'}`,
      });
    }
  }
  return problems;
};
