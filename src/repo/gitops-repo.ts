import { Construct } from 'constructs';
import { Environment, EnvironmentOptions } from './environment';
import { RepoLayout } from './layout';
import { Releases } from './releases';
import { IRepoContext, markRepoContext } from './repo-context';
import { AddOn, AddOnProps } from '../infrastructure/add-on';
import { IRenderable, isRenderable, ManifestFile } from '../synth/manifest';
import { Service, ServiceProps } from '../workload/service';

/** Props of a {@link GitOpsRepo}. */
export interface GitOpsRepoProps {
  /** URL of the Git repository Argo CD watches, e.g. `https://github.com/acme/gitops-repo.git`. */
  readonly repoURL: string;
  /**
   * Branch, tag or commit Argo CD syncs from.
   * @default 'main'
   */
  readonly targetRevision?: string;
  /**
   * Folder the tree is written to.
   * @default 'dist'
   */
  readonly outdir?: string;
  /**
   * Where the tree sits inside the repository Argo CD watches: `''` when it is pushed to a
   * separate GitOps repository (paths start at `apps/…`), `'dist'` when Argo CD watches this
   * repository (paths start at `dist/apps/…`).
   * @default '' - a separate GitOps repository
   */
  readonly pathInRepo?: string;
  /**
   * Namespace Argo CD runs in; Applications are created there.
   * @default 'argocd'
   */
  readonly argocdNamespace?: string;
  /**
   * Image versions per service and environment (usually `Releases.fromFile(...)`).
   * @default - none: every overlay reports a missing image version
   */
  readonly releases?: Releases;
}

/**
 * The root of a GitOps repository definition: environments, services and add-ons, rendered
 * into the tree Argo CD watches.
 *
 * @example
 * const repo = new GitOpsRepo({ repoURL: 'https://github.com/acme/gitops-repo.git', releases: Releases.fromFile('src/apps/releases.json') });
 * const staging = repo.addEnvironment('staging', { sync: SyncPolicy.automated() });
 * repo.addService('api-service', { image: '…/api-service', port: 8080 }).addOverlay(staging, { replicas: 2 });
 */
export class GitOpsRepo extends Construct implements IRepoContext {
  public readonly repoURL: string;
  public readonly targetRevision: string;
  public readonly argocdNamespace: string;
  public readonly layout: RepoLayout;
  public readonly releases: Releases;
  /** Folder the tree is written to. */
  public readonly outdir: string;

  constructor(props: GitOpsRepoProps) {
    // The root of a construct tree has no scope.
    super(undefined as unknown as Construct, '');
    this.repoURL = props.repoURL;
    this.targetRevision = props.targetRevision ?? 'main';
    this.outdir = props.outdir ?? 'dist';
    this.argocdNamespace = props.argocdNamespace ?? 'argocd';
    this.layout = new RepoLayout(props.pathInRepo ?? '');
    this.releases = props.releases ?? Releases.fromData({}, 'releases (none given)');
    markRepoContext(this);
  }

  /** Adds a deployment environment. */
  public addEnvironment(name: string, options: EnvironmentOptions = {}): Environment {
    return new Environment(this, name, options);
  }

  /** Adds a service; deploy it with `service.addOverlay(environment, …)`. */
  public addService(name: string, props: ServiceProps): Service {
    return new Service(this, name, props);
  }

  /** Adds a cluster add-on installed from a pinned Helm chart. */
  public addAddOn(name: string, props: AddOnProps): AddOn {
    return new AddOn(this, name, props);
  }

  /** The environments, in the order they were added. */
  public get environments(): Environment[] {
    return this.node.children.filter((c): c is Environment => c instanceof Environment);
  }

  /** The services, in the order they were added. */
  public get services(): Service[] {
    return this.node.children.filter((c): c is Service => c instanceof Service);
  }

  /** The add-ons, in the order they were added. */
  public get addOns(): AddOn[] {
    return this.node.children.filter((c): c is AddOn => c instanceof AddOn);
  }

  /**
   * Renders every file of the tree, unchecked and unserialized. Pure: no I/O.
   * Use `synthesize(repo)` for the checked, serialized tree.
   */
  public renderFiles(): ManifestFile[] {
    return this.node.findAll()
      .filter((c): c is typeof c & IRenderable => c !== this && isRenderable(c))
      .flatMap((c) => c.renderFiles());
  }
}
