import { Check } from './check';
import { Problem } from '../core/problem';

/** Ports below this one need root or the NET_BIND_SERVICE capability to bind. */
export const FIRST_UNPRIVILEGED_PORT = 1024;

/**
 * A container port below 1024 cannot be bound under the restricted profile (non-root, every
 * capability dropped) unless the service adds NET_BIND_SERVICE back with a reason: the pod would
 * crash at start, after a synth and a sync that looked fine.
 */
export const checkPrivilegedPorts: Check = ({ index }) => {
  const problems: Problem[] = [];
  for (const service of index.services) {
    const p = service.props as unknown as Record<string, unknown>;
    const overrides = service.props.securityOverrides;
    const added = Array.isArray(overrides?.addCapabilities) ? overrides.addCapabilities : [];
    if (added.includes('NET_BIND_SERVICE') && typeof overrides?.reason === 'string' && overrides.reason.trim() !== '') continue;
    const shorthand = p.port !== undefined && p.ports === undefined;
    service.ports.forEach((port, i) => {
      const number = port?.containerPort;
      // Values out of range are the props check's.
      if (!Number.isInteger(number) || number < 1 || number >= FIRST_UNPRIVILEGED_PORT) return;
      problems.push({
        subject: service.subject,
        field: shorthand ? 'port' : `ports[${i}].containerPort`,
        value: String(number),
        message: `is below ${FIRST_UNPRIVILEGED_PORT}; the container runs as non-root with every capability dropped (the restricted profile), so it cannot bind this port and would crash at start`,
        hint: `listen on a port ≥ ${FIRST_UNPRIVILEGED_PORT}; the Kubernetes Service still answers on ${number} with ports: [{ name: '${port.name}', containerPort: 8080, servicePort: ${number} }]; or add the capability with a reason: securityOverrides: { reason: '<reason>', addCapabilities: ['NET_BIND_SERVICE'] }`,
      });
    });
  }
  return problems;
};
