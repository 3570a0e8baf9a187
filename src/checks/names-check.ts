import { Check } from './check';
import { Problem } from '../core/problem';

/** DNS-1123 label: what Kubernetes accepts for names of namespaces, services and most objects. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why a name is not a DNS-1123 label, or `undefined` when it is one. */
export function dns1123LabelError(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'must be a non-empty string';
  if (name.length > 63) return `is ${name.length} characters long; at most 63 are allowed`;
  if (!DNS_1123_LABEL.test(name)) {
    return 'is not a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit)';
  }
  return undefined;
}

/**
 * Names of services, environments and namespaces are DNS-1123 labels; they become object names and
 * path segments, so this also keeps every path inside the output folder.
 */
export const checkNames: Check = ({ index }) => {
  const problems: Problem[] = [];
  const nameProblem = (subject: string, field: string, value: unknown) => {
    const error = dns1123LabelError(value);
    if (error) {
      problems.push({ subject, field, value: JSON.stringify(value), message: error, hint: 'use a name like "api-service"' });
    }
  };
  for (const env of index.environments) {
    nameProblem(`environment ${env.name}`, 'name', env.name);
    // Namespace and project default to the name: report them only when set apart from it.
    if (env.namespace !== env.name) nameProblem(`environment ${env.name}`, 'namespace', env.namespace);
    if (env.project.name !== env.name) nameProblem(`environment ${env.name}`, 'project', env.project.name);
  }
  for (const service of index.services) {
    nameProblem(`service ${service.name}`, 'name', service.name);
  }
  for (const addOn of index.addOns) {
    nameProblem(`add-on ${addOn.name}`, 'name', addOn.name);
    if (addOn.namespace !== addOn.name) nameProblem(`add-on ${addOn.name}`, 'namespace', addOn.namespace);
  }
  const duplicates = (kind: string, names: unknown[], hint: string) => {
    const seen = new Set<unknown>();
    for (const name of names) {
      if (seen.has(name)) problems.push({ subject: `${kind} ${name}`, field: 'name', value: JSON.stringify(name), message: 'is defined more than once', hint });
      seen.add(name);
    }
  };
  duplicates('environment', index.environments.map((e) => e.name), 'give each environment its own name');
  duplicates('service', index.services.map((s) => s.name), 'give each service its own name');
  duplicates('add-on', index.addOns.map((a) => a.name), 'give each add-on its own name');
  for (const service of index.services) {
    const seen = new Set<unknown>();
    for (const overlay of service.overlays) {
      const env = overlay.environmentName;
      if (seen.has(env)) {
        problems.push({ subject: `service ${service.name}`, field: `overlays.${env}`, message: 'the service has two overlays for this environment', hint: 'merge them into one addOverlay call' });
      }
      seen.add(env);
    }
  }
  return problems;
};
