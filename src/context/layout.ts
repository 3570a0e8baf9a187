import * as path from 'path';

/**
 * Where each part of the GitOps tree lives, relative to the output folder, and how Argo CD
 * addresses it (relative to the root of the repository Argo CD watches).
 */
export class RepoLayout {
  /**
   * @param argoPathPrefix the folder of the tree inside the repository Argo CD watches:
   *   `''` when the tree is pushed to a separate GitOps repository, `'dist'` when Argo CD watches this one.
   */
  constructor(public readonly argoPathPrefix: string = '') {}

  /** `apps/<service>/base` */
  public serviceBaseDir(service: string): string {
    return `apps/${service}/base`;
  }

  /** `apps/<service>/overlays/<env>` */
  public overlayDir(service: string, environment: string): string {
    return `apps/${service}/overlays/${environment}`;
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
