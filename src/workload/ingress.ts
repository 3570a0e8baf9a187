import { k8s } from 'cdk8s-plus-28';
import { IService, IServiceOverlay } from './i-service';
import { ServiceRoute } from './service-route';
import { Manifest } from '../core/manifest';
import { CLUSTER_ISSUER_ANNOTATION } from '../infrastructure/cert-manager';
import { EXTERNAL_DNS_HOSTNAME_ANNOTATION } from '../infrastructure/external-dns';
import { IngressController } from '../infrastructure/ingress-controller';

/** Options of `Service.addIngress` and `Overlay.addIngress`. */
export interface IngressOptions {
  /** Host name the service answers on, e.g. `api.example.com`. */
  readonly host: string;
  /** The controller serving it (its IngressClass), e.g. `IngressController.nginx()`. */
  readonly controller: IngressController;
  /**
   * cert-manager ClusterIssuer that signs the TLS certificate (`cert-manager.io/cluster-issuer`).
   * @default - no TLS
   */
  readonly clusterIssuer?: string;
  /**
   * Whether external-dns publishes the host (`external-dns.alpha.kubernetes.io/hostname`).
   * @default true
   */
  readonly externalDns?: boolean;
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

/** Props of an {@link Ingress}. */
export interface IngressProps extends IngressOptions {}

/**
 * An Ingress for a service: ingress class of the controller add-on, TLS through a cert-manager
 * ClusterIssuer, DNS through external-dns. Under a `Service` it goes to the base
 * (`apps/<service>/base/ingress.yaml`); under an `Overlay` to that environment's folder — the usual
 * place, since hosts differ per environment.
 */
export class Ingress extends ServiceRoute<IngressProps> {
  /**
   * @param scope the service (its base) or one of its overlays
   * @param id `ingress` for `ingress.yaml` and an object named like the service, any other id for
   *   `ingress-<id>.yaml` and `<service>-<id>`
   */
  constructor(scope: IService | IServiceOverlay, id: string, props: IngressProps) {
    super(scope, id, props, 'ingress');
  }

  /** The Ingress object. */
  public toManifest(): Manifest {
    const p = this.props;
    const annotations: Record<string, string> = {};
    if (p.clusterIssuer) annotations[CLUSTER_ISSUER_ANNOTATION] = p.clusterIssuer;
    if (p.externalDns ?? true) annotations[EXTERNAL_DNS_HOSTNAME_ANNOTATION] = p.host;
    return k8s.KubeIngress.manifest({
      metadata: {
        name: this.objectName,
        labels: this.service.labels,
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      spec: {
        ingressClassName: p.controller.className,
        rules: [{
          host: p.host,
          http: {
            paths: [{
              path: p.path ?? '/',
              pathType: 'Prefix',
              backend: { service: { name: this.service.name, port: { name: this.portName ?? 'http' } } },
            }],
          },
        }],
        // cert-manager's ingress-shim creates the Certificate that fills this Secret.
        tls: p.clusterIssuer ? [{ hosts: [p.host], secretName: `${this.objectName}-tls` }] : undefined,
      },
    });
  }
}
