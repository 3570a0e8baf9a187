import { IService, IServiceOverlay } from './i-service';
import { ServiceRoute } from './service-route';
import { Manifest } from '../core/manifest';
import { GatewayReference } from '../infrastructure/gateway-controller';

/** The API version of the Gateway API objects gitops-synth writes. */
export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';

/** Options of `Service.addHttpRoute` and `Overlay.addHttpRoute`. */
export interface HttpRouteOptions {
  /** The Gateway to attach to, e.g. `GATEWAY.gateway()` of a `GatewayController`. */
  readonly gateway: GatewayReference;
  /**
   * Host names the route answers on; TLS is the Gateway listener's (a cert-manager certificate for
   * each HTTPS listener's host name).
   */
  readonly hostnames: readonly string[];
  /**
   * Name of the service port traffic goes to.
   * @default - the service's first port
   */
  readonly portName?: string;
  /**
   * Path prefix routed to the service.
   * @default '/'
   */
  readonly path?: string;
}

/** Props of an {@link HttpRoute}. */
export interface HttpRouteProps extends HttpRouteOptions {}

/**
 * A Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1) for a service, attached to a Gateway of a
 * Gateway API implementation (e.g. `GatewayController.envoy()`): the successor of the Ingress. Under a
 * `Service` it goes to the base; under an `Overlay` to that environment's folder — the usual place,
 * since host names differ per environment.
 *
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export class HttpRoute extends ServiceRoute<HttpRouteProps> {
  /**
   * @param scope the service (its base) or one of its overlays
   * @param id `http-route` for `http-route.yaml` and an object named like the service, any other id
   *   for `http-route-<id>.yaml` and `<service>-<id>`
   */
  constructor(scope: IService | IServiceOverlay, id: string, props: HttpRouteProps) {
    super(scope, id, props, 'http-route');
  }

  /** The namespace the Gateway's proxies connect from. */
  public get dataPlaneNamespace(): string | undefined {
    return this.props.gateway?.dataPlaneNamespace ?? this.props.gateway?.namespace;
  }

  /** The HTTPRoute object. */
  public toManifest(): Manifest {
    const p = this.props;
    const gateway = p.gateway;
    const port = this.service.ports.find((candidate) => candidate.name === this.portName);
    const parentRef: Record<string, unknown> = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway.name, namespace: gateway.namespace };
    if (gateway.sectionName !== undefined) parentRef.sectionName = gateway.sectionName;
    return {
      apiVersion: GATEWAY_API_VERSION,
      kind: 'HTTPRoute',
      metadata: { name: this.objectName, labels: this.service.labels },
      spec: {
        parentRefs: [parentRef],
        hostnames: [...p.hostnames],
        rules: [{
          matches: [{ path: { type: 'PathPrefix', value: p.path ?? '/' } }],
          // A backendRef names the Service's port by number (the Gateway API has no named service ports).
          backendRefs: [{ group: '', kind: 'Service', name: this.service.name, port: port ? port.servicePort ?? port.containerPort : 80 }],
        }],
      },
    };
  }
}
