import { Construct } from 'constructs';
import { IService, IServiceOverlay } from './i-service';
import { Manifest } from '../core/manifest';
import { IKustomizationContributor, KustomizationPart } from '../kustomize/kustomization';

/** What the routes into a service (`Ingress`, `HttpRoute`) are given alike. */
export interface ServiceRouteProps {
  /**
   * Name of the service port traffic goes to.
   * @default - the service's first port
   */
  readonly portName?: string;
}

/**
 * A route into a service, one object in one file of the base or an overlay: named like the service
 * and written to `<defaultId>.yaml` when its id is the default one (`ingress`, `http-route`), else
 * named `<service>-<id>` and written to `<defaultId>-<id>.yaml`.
 */
export abstract class ServiceRoute<P extends ServiceRouteProps> extends Construct implements IKustomizationContributor {
  /** The service routed to. */
  public readonly service: IService;
  /** The props as given. */
  public readonly props: P;

  /**
   * @param scope the service (its base) or one of its overlays
   * @param defaultId the id of the route named like the service, which also names its file
   *   (`ingress`, `http-route`)
   */
  protected constructor(scope: IService | IServiceOverlay, id: string, props: P, private readonly defaultId: string) {
    super(scope, id);
    this.service = 'environment' in scope ? scope.service : scope;
    this.props = props;
  }

  /** The object's name: the service's name, suffixed with the id unless it is the default one. */
  public get objectName(): string {
    return this.node.id === this.defaultId ? this.service.name : `${this.service.name}-${this.node.id}`;
  }

  /** The file in the base or overlay folder: `<defaultId>.yaml`, or `<defaultId>-<id>.yaml` for other ids. */
  public get fileName(): string {
    return this.node.id === this.defaultId ? `${this.defaultId}.yaml` : `${this.defaultId}-${this.node.id}.yaml`;
  }

  /** The port name traffic goes to, or `undefined` when the service has no port. */
  public get portName(): string | undefined {
    return this.props.portName ?? this.service.ports[0]?.name;
  }

  /** The route's object. */
  public abstract toManifest(): Manifest;

  public renderKustomizationPart(): KustomizationPart {
    return { files: [{ name: this.fileName, objects: [this.toManifest()] }] };
  }
}
