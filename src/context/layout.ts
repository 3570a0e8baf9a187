import * as path from 'path';

/**
 * What the services' Applications point Argo CD at: kustomize folders (a base per service and an
 * overlay per environment, built by Argo CD's repo-server) or the rendered objects of each service in
 * each environment, plain YAML applied as it is.
 *
 * Add-ons keep their kustomize folder in both layouts (a Helm chart plus a folder of extra objects),
 * and the root app-of-apps its `argocd/` kustomization.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/directory/
 */
export class TreeLayout {
  /**
   * `apps/<service>/base` and `apps/<service>/overlays/<env>`, each Application pointing at its overlay
   * (the default): small files, and Argo CD runs `kustomize build` per overlay.
   */
  public static kustomize(): TreeLayout {
    return new TreeLayout(false);
  }

  /**
   * `rendered/<env>/<service>/manifests.yaml`: every object of the service in that environment as the
   * cluster receives it, and no kustomization. Argo CD applies the folder as a plain directory, with no
   * kustomize in the loop, and a pull request shows the exact objects that change. The objects are
   * those `kubectl kustomize` builds from the kustomize layout's overlay (the tests prove it).
   */
  public static rendered(): TreeLayout {
    return new TreeLayout(true);
  }

  private constructor(
    /** Whether the services are written as rendered objects rather than kustomize folders. */
    public readonly isRendered: boolean,
  ) {}

  /** `kustomize` or `rendered`, as reports name the layout. */
  public get name(): string {
    return this.isRendered ? 'rendered' : 'kustomize';
  }
}

/** File name of a service's rendered objects in its environment's folder. */
const RENDERED_FILE = 'manifests.yaml';

/**
 * Where each part of the GitOps tree lives, relative to the output folder, and how Argo CD
 * addresses it (relative to the root of the repository Argo CD watches).
 */
export class RepoLayout {
  /**
   * @param argoPathPrefix the folder of the tree inside the repository Argo CD watches:
   *   `''` when the tree is pushed to a separate GitOps repository, `'dist'` when Argo CD watches this one.
   * @param tree kustomize folders or rendered objects for the services
   */
  constructor(public readonly argoPathPrefix: string = '', public readonly tree: TreeLayout = TreeLayout.kustomize()) {}

  /** Whether the services are written as rendered objects (see {@link TreeLayout.rendered}). */
  public get isRendered(): boolean {
    return this.tree.isRendered;
  }

  /** `apps/<service>/base` */
  public serviceBaseDir(service: string): string {
    return `apps/${service}/base`;
  }

  /** `apps/<service>/overlays/<env>` */
  public overlayDir(service: string, environment: string): string {
    return `apps/${service}/overlays/${environment}`;
  }

  /** `rendered`: the folder of the rendered objects, one folder per environment below it. */
  public get renderedRoot(): string {
    return 'rendered';
  }

  /** `rendered/<env>/<service>`: the folder of one service's rendered objects in one environment. */
  public renderedDir(service: string, environment: string): string {
    return `${this.renderedRoot}/${environment}/${service}`;
  }

  /** `rendered/<env>/<service>/manifests.yaml` */
  public renderedFile(service: string, environment: string): string {
    return `${this.renderedDir(service, environment)}/${RENDERED_FILE}`;
  }

  /**
   * The folder an overlay's Application points at, relative to the output folder: the overlay folder,
   * or its rendered folder in the rendered layout.
   */
  public serviceSourceDir(service: string, environment: string): string {
    return this.isRendered ? this.renderedDir(service, environment) : this.overlayDir(service, environment);
  }

  /**
   * The folders an overlay's Application reads, relative to the folder it points at, as Argo CD's
   * `manifest-generate-paths` annotation takes them: `.` and the base (`../../base`), or `.` alone in
   * the rendered layout.
   */
  public serviceGeneratePaths(): string[] {
    // The overlay folder sits two levels below the service folder, next to `base` (see overlayDir).
    return this.isRendered ? ['.'] : ['.', '../../base'];
  }

  /** `argocd/applications/<name>.yaml` */
  public applicationFile(name: string): string {
    return `argocd/applications/${name}.yaml`;
  }

  /** `argocd/projects/<name>.yaml` */
  public projectFile(name: string): string {
    return `argocd/projects/${name}.yaml`;
  }

  /** `argocd`: the folder the root app-of-apps syncs (a kustomization of every project and application file). */
  public get argocdDir(): string {
    return 'argocd';
  }

  /** `argocd/root.yaml`: the root app-of-apps, applied once by hand to bootstrap a cluster. */
  public get rootApplicationFile(): string {
    return 'argocd/root.yaml';
  }

  /** `infrastructure/<addon>` */
  public infrastructureDir(addOn: string): string {
    return `infrastructure/${addOn}`;
  }

  /** The path Argo CD uses for a folder of the tree (an Application's `source.path`). */
  public argoPath(treeDir: string): string {
    return this.argoPathPrefix ? path.posix.join(this.argoPathPrefix, treeDir) : treeDir;
  }
}
