import { Check } from './check';
import { Problem } from '../core/problem';

/**
 * Environments do not share secrets by accident: a key read by the overlays of two environments is
 * refused (a key meant for every environment is given once, in the service's own `env` or
 * `addExternalSecret`). ExternalSecret names are unique per service, since the base and each overlay
 * are built into one kustomization.
 */
export const checkSecretKeys: Check = ({ index }) => {
  const problems: Problem[] = [];
  for (const service of index.services) {
    const environmentsByKey = new Map<string, Set<string>>();
    const names = new Map<string, string>();
    for (const es of index.externalSecretsOf(service)) {
      const where = es.consumer.environment ? `overlays.${es.consumer.environment}` : 'base';
      const previous = names.get(es.name);
      if (previous !== undefined && (previous === 'base' || where === 'base' || previous === where)) {
        problems.push({
          subject: `service ${service.name}`,
          field: `${where} ExternalSecret`,
          value: JSON.stringify(es.name),
          message: `has the same name as an ExternalSecret in ${previous}; kustomize refuses two objects with one name`,
          hint: 'give the ExternalSecret another id or name',
        });
      }
      names.set(es.name, where);
      if (!es.consumer.environment) continue;
      for (const ref of es.refs) {
        environmentsByKey.set(ref.key, (environmentsByKey.get(ref.key) ?? new Set()).add(es.consumer.environment));
      }
    }
    for (const [key, environments] of environmentsByKey) {
      if (environments.size < 2) continue;
      const list = [...environments].sort();
      problems.push({
        subject: `service ${service.name}`,
        field: `overlays.${list.join(', overlays.')}`,
        value: JSON.stringify(key),
        message: `environments ${list.join(' and ')} read the same secret; a leak or rotation in one would hit the others`,
        hint: `use one key per environment (e.g. '${list[0]}/${service.name}/…'), or, if sharing is intended, reference it once in the service's env instead of the overlays`,
      });
    }
  }
  return problems;
};
