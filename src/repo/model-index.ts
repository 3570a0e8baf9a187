import { IConstruct } from 'constructs';
import { Environment } from '../argocd/environment';
import { IRenderable, isRenderable } from '../core/manifest';
import { AddOn } from '../infrastructure/add-on';
import { ExternalSecret } from '../secrets/external-secret';
import { HttpRoute } from '../workload/http-route';
import { Ingress } from '../workload/ingress';
import { Overlay } from '../workload/overlay';
import { Service } from '../workload/service';

/** Options of {@link ModelIndex.of}. */
export interface ModelIndexOptions {
  /**
   * Whether an overlay for which the releases data names no image version is deployed all the same:
   * in preserve mode (`GitOpsRepo` `preserveImages`), one whose existing kustomization holds the image.
   * Asked only for overlays without a version in the releases data.
   * @default - never: an overlay without a version in the releases data is pending
   */
  readonly keepsExistingImage?: (overlay: Overlay) => boolean;
}

/**
 * The constructs of a repository that rendering and the checks look for anywhere in the tree,
 * found in one walk. Every `node.findAll()` visits (and copies the children of) every construct,
 * and a large repository has tens of thousands; walking once per synth instead of once per
 * question is a large part of what rendering and checking cost.
 *
 * An index describes the tree as it was when built: it is built per render (see
 * {@link ModelIndex.of}), never kept across changes to the model.
 *
 * It also decides what a render leaves out: an overlay with no image version is *pending* (not
 * deployed yet), and nothing below it is listed as rendering files or writing an Argo CD object, so
 * the render, the root's kustomization and the ApplicationSet all skip it alike.
 */
export class ModelIndex {
  /**
   * Finds the constructs below `root` in one walk. A synth builds one and passes it to the render
   * and every check.
   */
  public static of(root: IConstruct, options: ModelIndexOptions = {}): ModelIndex {
    return new ModelIndex(root, options);
  }

  /** Every construct below the root that renders files, in `node.findAll()` order; none below a pending overlay. */
  public readonly renderables: IRenderable[] = [];
  /** Every overlay that is deployed (has an image version), in `node.findAll()` order. */
  public readonly deployedOverlays: Overlay[] = [];
  /**
   * Every overlay that is not deployed yet because no image version is known for it, in
   * `node.findAll()` order. Nothing of it is rendered; the checks of the definitions still see it.
   */
  public readonly pendingOverlays: Overlay[] = [];
  /** Every Ingress, in `node.findAll()` order (also those of pending overlays: they are definitions). */
  public readonly ingresses: Ingress[] = [];
  /**
   * The services among the root's children, in the order they were added: `repo.services` as it was
   * when the index was built, without listing the root's children again (a large repository has
   * thousands, and the checks ask for them many times).
   */
  public readonly services: Service[] = [];
  /** The environments among the root's children, in the order they were added (`repo.environments`). */
  public readonly environments: Environment[] = [];
  /** The add-ons among the root's children, in the order they were added (`repo.addOns`). */
  public readonly addOns: AddOn[] = [];
  private readonly secretsByService = new Map<Service, ExternalSecret[]>();
  private readonly routesByLayer = new Map<IConstruct, HttpRoute[]>();
  private readonly keepsExistingImage?: (overlay: Overlay) => boolean;

  private constructor(public readonly root: IConstruct, options: ModelIndexOptions) {
    this.keepsExistingImage = options.keepsExistingImage;
    this.visit(root, [], false);
    for (const child of root.node.children) {
      if (child instanceof Service) this.services.push(child);
      else if (child instanceof Environment) this.environments.push(child);
      else if (child instanceof AddOn) this.addOns.push(child);
    }
  }

  /**
   * The ExternalSecrets below a service (base and overlays, pending ones included), as
   * `service.externalSecrets` lists them: the AWS side creates a pending environment's secrets ahead
   * of its first deployment.
   */
  public externalSecretsOf(service: Service): readonly ExternalSecret[] {
    return this.secretsByService.get(service) ?? [];
  }

  /** Whether any HTTPRoute is defined (also in pending overlays). */
  public get hasHttpRoutes(): boolean {
    return this.routesByLayer.size > 0;
  }

  /**
   * The HTTPRoutes added to a service or an overlay (its direct children), in the order they were
   * added, as `layer.node.children` lists them.
   */
  public httpRoutesOf(layer: IConstruct): readonly HttpRoute[] {
    return this.routesByLayer.get(layer) ?? [];
  }

  /** Pre-order, children in order: the order of `node.findAll()`. */
  private visit(c: IConstruct, services: Service[], inPending: boolean): void {
    let pending = inPending;
    if (c instanceof Overlay) {
      pending = c.imageVersion === undefined && !(this.keepsExistingImage?.(c) ?? false);
      (pending ? this.pendingOverlays : this.deployedOverlays).push(c);
    }
    if (!pending) {
      if (c !== this.root && isRenderable(c)) this.renderables.push(c);
    }
    let below = services;
    if (c instanceof Service) {
      below = [...services, c];
    } else if (c instanceof ExternalSecret) {
      for (const s of services) this.secretsOf(s).push(c);
    } else if (c instanceof Ingress) {
      this.ingresses.push(c);
    } else if (c instanceof HttpRoute) {
      const scope = c.node.scope!;
      let routes = this.routesByLayer.get(scope);
      if (!routes) this.routesByLayer.set(scope, routes = []);
      routes.push(c);
    }
    for (const child of c.node.children) this.visit(child, below, pending);
  }

  private secretsOf(service: Service): ExternalSecret[] {
    let list = this.secretsByService.get(service);
    if (!list) this.secretsByService.set(service, list = []);
    return list;
  }
}
