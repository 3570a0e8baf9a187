import { Check } from './check';
import { dns1123LabelError } from './names-check';
import { Problem } from '../core/problem';
import { shownValue } from '../core/shown-value';
import { HttpRoute } from '../workload/http-route';

/** A Gateway API host name: lowercase DNS labels, a leading `*.` wildcard allowed. */
const HOSTNAME = /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/;

/**
 * Every HTTPRoute attaches to a named Gateway, answers on valid host names and routes to a port of an
 * exposed service; a base route and an overlay route never share a name.
 */
export const checkHttpRoutes: Check = ({ index }) => {
  const problems: Problem[] = [];
  // Most repositories have no HTTPRoute at all.
  if (!index.hasHttpRoutes) return problems;
  for (const service of index.services) {
    const subject = service.subject;
    const baseRoutes = index.httpRoutesOf(service);
    const layers: Array<[string, readonly HttpRoute[]]> = [['', baseRoutes]];
    for (const overlay of service.overlays) {
      const routes = index.httpRoutesOf(overlay);
      if (routes.length > 0) layers.push([`overlays.${overlay.environmentName}.`, routes]);
    }
    for (const [prefix, routes] of layers) {
      for (const route of routes) {
        const field = `${prefix}${route.node.id}`;
        const p = route.props as unknown as Record<string, unknown>;
        if (prefix && baseRoutes.some((b) => b.objectName === route.objectName)) {
          problems.push({ subject, field, message: `the base already has an HTTPRoute named "${route.objectName}"; kustomize would find it twice`, hint: 'keep the route in the base or in the overlays, or give one of them another id' });
        }
        const gateway = p.gateway as Record<string, unknown> | undefined;
        if (typeof gateway !== 'object' || gateway === null) {
          problems.push({ subject, field: `${field}.gateway`, value: gateway === undefined ? undefined : shownValue(gateway), message: 'must name the Gateway to attach to', hint: 'set gateway: GATEWAY.gateway() of a GatewayController, or { name, namespace }' });
        } else {
          for (const key of ['name', 'namespace']) {
            const error = dns1123LabelError(gateway[key]);
            if (error) {
              problems.push({
                subject,
                field: `${field}.gateway.${key}`,
                value: gateway[key] === undefined ? undefined : shownValue(gateway[key]),
                message: error,
                hint: key === 'name' ? 'set the Gateway\'s name, e.g. "public", or use GATEWAY.gateway() of a GatewayController' : 'set the namespace the Gateway is in, e.g. "envoy-gateway-system", or use GATEWAY.gateway() of a GatewayController',
              });
            }
          }
        }
        const hostnames = p.hostnames;
        if (!Array.isArray(hostnames) || hostnames.length === 0) {
          problems.push({ subject, field: `${field}.hostnames`, value: hostnames === undefined ? undefined : shownValue(hostnames), message: 'must list at least one host name', hint: "set hostnames: ['api.example.com']" });
        } else {
          hostnames.forEach((h: unknown, i: number) => {
            if (typeof h !== 'string' || !HOSTNAME.test(h)) problems.push({ subject, field: `${field}.hostnames[${i}]`, value: shownValue(h), message: 'is not a DNS host name', hint: 'use a lowercase name such as "api.example.com"' });
          });
        }
        const port = route.portName;
        if (port === undefined) {
          problems.push({ subject, field: `${field}.portName`, message: 'the service has no port for the HTTPRoute to route to', hint: 'give the service a port (port: 8080) or remove the route' });
        } else if (!service.ports.some((candidate) => candidate.name === port)) {
          problems.push({ subject, field: `${field}.portName`, value: JSON.stringify(port), message: 'is not a port of the service', hint: `use one of: ${service.ports.map((candidate) => candidate.name).join(', ')}` });
        } else if (!service.expose) {
          problems.push({ subject, field, message: 'the service has no Kubernetes Service (expose: false) for the HTTPRoute to route to', hint: 'set expose: true or remove the route' });
        }
      }
    }
  }
  return problems;
};
