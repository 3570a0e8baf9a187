import { Check } from './check';
import { Problem } from '../core/problem';
import type { Overlay } from '../workload/overlay';

/** A DNS name: lowercase labels separated by dots (a leading `*.` wildcard allowed). */
const HOST = /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/;

/** Every Ingress routes to a port its service has, on a valid host name. */
export const checkIngresses: Check = ({ index }) => {
  const problems: Problem[] = [];
  const ingresses = index.ingresses;
  for (const ingress of ingresses) {
    // A base Ingress reaches every overlay; an overlay Ingress of the same name would be a duplicate object.
    const scope = ingress.node.scope;
    if (scope && 'environment' in scope) {
      const env = (scope as Overlay).environment.name;
      if (ingresses.some((other) => other.node.scope === ingress.service && other.objectName === ingress.objectName)) {
        problems.push({
          subject: `service ${ingress.service.name}`,
          field: `overlays.${env}.${ingress.node.id}`,
          message: `the base already has an Ingress named "${ingress.objectName}"; kustomize would find it twice`,
          hint: 'keep the Ingress in the base or in the overlays, or give one of them another id',
        });
      }
    }
  }
  for (const ingress of ingresses) {
    const service = ingress.service;
    const subject = `service ${service.name}`;
    const scope = ingress.node.scope;
    const field = scope && 'environment' in scope ? `overlays.${(scope as Overlay).environment.name}.${ingress.node.id}` : ingress.node.id;
    if (!HOST.test(ingress.props.host)) {
      problems.push({ subject, field: `${field}.host`, value: JSON.stringify(ingress.props.host), message: 'is not a DNS host name', hint: 'use a lowercase name such as "api.example.com"' });
    }
    const port = ingress.portName;
    if (port === undefined) {
      problems.push({ subject, field: `${field}.portName`, message: 'the service has no port for the Ingress to route to', hint: 'give the service a port (port: 8080) or remove the ingress' });
    } else if (!service.ports.some((p) => p.name === port)) {
      problems.push({ subject, field: `${field}.portName`, value: JSON.stringify(port), message: 'is not a port of the service', hint: `use one of: ${service.ports.map((p) => p.name).join(', ')}` });
    } else if (!service.expose) {
      problems.push({ subject, field: `${field}`, message: 'the service has no Kubernetes Service (expose: false) for the Ingress to route to', hint: 'set expose: true or remove the ingress' });
    }
  }
  return problems;
};
