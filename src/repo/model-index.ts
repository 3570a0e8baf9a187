import { IConstruct } from 'constructs';
import { IArgoFile, isArgoFile } from '../argocd/argo-file';
import { ExternalSecret } from '../secrets/external-secret';
import { IRenderable, isRenderable } from '../synth/manifest';
import { Ingress } from '../workload/ingress';
import { Service } from '../workload/service';

/**
 * The constructs of a repository that rendering and the checks look for anywhere in the tree,
 * found in one walk. Every `node.findAll()` visits (and copies the children of) every construct,
 * and a large repository has tens of thousands; walking once per synth instead of once per
 * question is a large part of what rendering and checking cost.
 *
 * An index describes the tree as it was when built: it is built per render (see
 * {@link ModelIndex.of}), never kept across changes to the model.
 */
export class ModelIndex {
  /**
   * The index shared by one synth: the one remembered for `once` (the files a render returned,
   * which the tree checks of that synth receive), or a new one.
   *
   * @param once an object that lives as long as one synth; the model must not change while it is in use
   */
  public static of(root: IConstruct, once?: object): ModelIndex {
    const known = once && indexes.get(once);
    if (known && known.root === root) return known;
    const index = new ModelIndex(root);
    if (once) indexes.set(once, index);
    return index;
  }

  /** Makes {@link ModelIndex.of} answer `index` for `once` (the files rendered with it). */
  public static remember(once: object, index: ModelIndex): void {
    indexes.set(once, index);
  }

  /** Every construct below the root that renders files, in `node.findAll()` order. */
  public readonly renderables: IRenderable[] = [];
  /** Every construct that writes an Argo CD object, in `node.findAll()` order. */
  public readonly argoFileOwners: IArgoFile[] = [];
  /** Every Ingress, in `node.findAll()` order. */
  public readonly ingresses: Ingress[] = [];
  private readonly secretsByService = new Map<Service, ExternalSecret[]>();

  private constructor(public readonly root: IConstruct) {
    this.visit(root, []);
  }

  /** The ExternalSecrets below a service (base and overlays), as `service.externalSecrets` lists them. */
  public externalSecretsOf(service: Service): readonly ExternalSecret[] {
    return this.secretsByService.get(service) ?? [];
  }

  /** Pre-order, children in order: the order of `node.findAll()`. */
  private visit(c: IConstruct, services: Service[]): void {
    if (c !== this.root && isRenderable(c)) this.renderables.push(c);
    if (isArgoFile(c)) this.argoFileOwners.push(c);
    let below = services;
    if (c instanceof Service) {
      below = [...services, c];
    } else if (c instanceof ExternalSecret) {
      for (const s of services) this.secretsOf(s).push(c);
    } else if (c instanceof Ingress) {
      this.ingresses.push(c);
    }
    for (const child of c.node.children) this.visit(child, below);
  }

  private secretsOf(service: Service): ExternalSecret[] {
    let list = this.secretsByService.get(service);
    if (!list) this.secretsByService.set(service, list = []);
    return list;
  }
}

const indexes = new WeakMap<object, ModelIndex>();
