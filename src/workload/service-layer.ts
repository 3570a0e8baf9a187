import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { EnvValue, secretEnvEntries } from './env-value';
import { HttpRoute, HttpRouteOptions } from './http-route';
import { IService, IServiceOverlay } from './i-service';
import { Ingress, IngressOptions } from './ingress';
import { AddObjectOptions, PlainObject, ServiceObject } from './service-object';
import { IRenderable, ManifestFile } from '../core/manifest';
import { isKustomizationContributor, KustomizationPart, KustomizePatch } from '../kustomize/kustomization';
import { envExternalSecret, ExternalSecret, ExternalSecretOptions, SecretConsumer } from '../secrets/external-secret';

/**
 * What a service's base (`Service`) and each of its overlays (`Overlay`) offer alike: a kustomize
 * folder with env vars, the ExternalSecret holding those read from external secrets, and the
 * ExternalSecrets and Ingresses added to it. What is added to the `Service` lands in the base, shared
 * by every environment; what is added to an `Overlay` lands in that environment's folder only.
 */
export abstract class ServiceLayer extends Construct implements IRenderable {
  private envSecretOfLayer?: ExternalSecret;

  /** The env vars set in this folder, in definition order. */
  public abstract get env(): Array<[string, EnvValue]>;

  /** The ExternalSecret holding this folder's env vars read from external secrets, if there are any. */
  public get envSecret(): ExternalSecret | undefined {
    return this.envSecretOfLayer;
  }

  /**
   * Name of the Secret (and ExternalSecret) holding this folder's env vars that come from external
   * secrets: `<service>-secrets` in the base, `<service>-<environment>-secrets` in an overlay.
   */
  public get envSecretName(): string {
    return `${this.namePrefix}-secrets`;
  }

  /**
   * Adds an ExternalSecret to this folder (`external-secret-<id>.yaml`), e.g. a whole secret copied
   * with `extract`, whose keys the container then reads as env vars (`envFrom`; see
   * `ExternalSecretOptions.envFrom`). Reference single keys with `EnvValue.fromSecretKey(es.name, key)`:
   * the synth refuses a reference to a Secret no ExternalSecret of the service creates.
   *
   * @param id names the file and, by default, the ExternalSecret: `<service>-<id>` in the base,
   *   `<service>-<environment>-<id>` in an overlay
   */
  public addExternalSecret(id: string, options: ExternalSecretOptions): ExternalSecret {
    return new ExternalSecret(this, `external-secret-${id}`, {
      ...options,
      name: options.name ?? `${this.namePrefix}-${id}`,
      consumer: this.secretConsumer,
      fileName: `external-secret-${id}.yaml`,
      labels: this.serviceLabels,
    });
  }

  /**
   * Exposes the service through an Ingress in this folder: on the `Service`, the same host in every
   * environment; on an `Overlay`, in that environment only (the usual place, since hosts differ per
   * environment).
   *
   * @param id `ingress` gives `ingress.yaml` and an Ingress named like the service; any other id gives
   *   `ingress-<id>.yaml` and `<service>-<id>`
   */
  public addIngress(id: string, options: IngressOptions): Ingress {
    return new Ingress(this.ingressScope, id, options);
  }

  /**
   * Exposes the service through a Gateway API HTTPRoute in this folder, attached to a Gateway of a
   * Gateway API implementation (e.g. `GatewayController.envoy(…).gateway()`); TLS is the Gateway
   * listener's.
   *
   * @param id `http-route` gives `http-route.yaml` and an HTTPRoute named like the service; any other
   *   id gives `http-route-<id>.yaml` and `<service>-<id>`
   */
  public addHttpRoute(id: string, options: HttpRouteOptions): HttpRoute {
    return new HttpRoute(this.ingressScope, id, options);
  }

  /**
   * Adds any other object to this folder (`<id>.yaml` unless `fileName` is given): a typed cdk8s
   * `ApiObject` (from `imports/` or `cdk8s-plus-28`'s `k8s`), or plain data with `apiVersion`, `kind`
   * and `metadata.name`, e.g. `k8s.KubeConfigMap.manifest({ … })`. It is listed in the folder's
   * kustomization; the synth refuses a file name or a kind and name another object of the service has.
   */
  public addObject(id: string, object: ApiObject | PlainObject, options: AddObjectOptions = {}): ServiceObject {
    return new ServiceObject(this, `object-${id}`, { ...options, object, fileName: options.fileName ?? `${id}.yaml` });
  }

  /** The objects added with `addObject`, in the order they were added. */
  public get objects(): ServiceObject[] {
    return this.node.children.filter((c): c is ServiceObject => c instanceof ServiceObject);
  }

  /** The ExternalSecrets of this folder whose every key the container reads as an env var (`envFrom`). */
  public get envFromSecrets(): ExternalSecret[] {
    return envFromSecretsAmong(this.node.children);
  }

  public abstract renderFiles(): ManifestFile[];

  /** The start of the names of the objects this folder adds: `<service>` or `<service>-<environment>`. */
  protected abstract get namePrefix(): string;

  /** Who uses the ExternalSecrets of this folder. */
  protected abstract get secretConsumer(): SecretConsumer;

  /** Labels of the service's objects. */
  protected abstract get serviceLabels(): Record<string, string>;

  /** This folder as an Ingress below it sees it. */
  protected abstract get ingressScope(): IService | IServiceOverlay;

  /** Creates the ExternalSecret of the env vars read from external secrets (none when there are none). */
  protected addEnvSecret(): void {
    this.envSecretOfLayer = envExternalSecret(this, this.envSecretName, this.secretConsumer, secretEnvEntries(this.env), this.serviceLabels);
  }

  /**
   * The files of this folder: `own` parts first, then those of the children (ExternalSecrets,
   * Ingresses …) in the order they were added. Each file is appended to `resources` and each patch to
   * `patches`, for the folder's kustomization.
   */
  protected folderFiles(
    dir: string, source: string, resources: string[], patches: KustomizePatch[], own: readonly KustomizationPart[] = [],
    children: readonly IConstruct[] = this.node.children,
  ): ManifestFile[] {
    const files: ManifestFile[] = [];
    const add = (part: KustomizationPart) => {
      for (const f of part.files ?? []) {
        files.push({ path: `${dir}/${f.name}`, objects: f.objects, source });
        resources.push(f.name);
      }
      if (part.patches) for (const p of part.patches) patches.push(p);
    };
    for (const part of own) add(part);
    for (const child of children) {
      if (isKustomizationContributor(child)) add(child.renderKustomizationPart());
    }
    return files;
  }
}

/** The ExternalSecrets among a folder's constructs whose every key the container reads as an env var (`envFrom`). */
export function envFromSecretsAmong(children: readonly IConstruct[]): ExternalSecret[] {
  return children.filter((c): c is ExternalSecret => c instanceof ExternalSecret && c.envFrom);
}

/** The container's `envFrom` entries reading these Secrets whole, or `undefined` when there are none. */
export function envFromOf(secrets: ReadonlyArray<{ readonly name: string }>): k8s.EnvFromSource[] | undefined {
  return secrets.length > 0 ? secrets.map((es) => ({ secretRef: { name: es.name } })) : undefined;
}
