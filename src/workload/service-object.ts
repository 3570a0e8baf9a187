import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Manifest } from '../core/manifest';
import { IKustomizationContributor, KustomizationPart } from '../kustomize/kustomization';

/**
 * A Kubernetes object as plain data: at least `apiVersion`, `kind` and `metadata.name`, e.g. what a
 * typed binding's `manifest(props)` returns (`k8s.KubeConfigMap.manifest({ … })`).
 */
export interface PlainObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** A plain `.yaml` file name inside the service's folder. */
export const OBJECT_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;

/** Options of `Service.addObject` and `Overlay.addObject`. */
export interface AddObjectOptions {
  /**
   * The file in the base or overlay folder.
   * @default - `<id>.yaml`
   */
  readonly fileName?: string;
}

/** Props of a {@link ServiceObject}. */
export interface ServiceObjectProps extends AddObjectOptions {
  /** The object: a cdk8s `ApiObject` (from `imports/` or the `k8s` bindings) or plain data. */
  readonly object: ApiObject | PlainObject;
}

/**
 * Any other object of a service — a ConfigMap, a ServiceMonitor, a typed object of a CRD binding — in
 * its base or one overlay's folder, listed in that folder's kustomization and checked like the rest
 * (its file name and kind/name must not clash with another object of the service; with `--schemas`,
 * its schema). Kustomize sets the overlay's namespace on it.
 */
export class ServiceObject extends Construct implements IKustomizationContributor {
  /** The object as given. */
  public readonly object: ApiObject | PlainObject;
  /** The file in the folder. */
  public readonly fileName: string;

  /**
   * @param scope the service (its base) or one of its overlays
   * @param id names the file, `<id>.yaml`, unless `fileName` is given
   */
  constructor(scope: Construct, id: string, props: ServiceObjectProps) {
    super(scope, id);
    this.object = props.object;
    this.fileName = props.fileName ?? `${id}.yaml`;
  }

  /** The object as plain data; `undefined` when it is not an object with `apiVersion` and `kind`. */
  public toManifest(): Manifest | undefined {
    const o: unknown = this.object;
    if (o instanceof ApiObject) return o.toJson() as Manifest;
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return undefined;
    const m = o as Partial<Manifest>;
    return typeof m.apiVersion === 'string' && typeof m.kind === 'string' ? m as Manifest : undefined;
  }

  public renderKustomizationPart(): KustomizationPart {
    const manifest = this.toManifest();
    // A malformed object or file name is reported by the service objects check; nothing of it is written.
    return manifest && OBJECT_FILE_NAME.test(this.fileName) ? { files: [{ name: this.fileName, objects: [manifest] }] } : {};
  }
}
