import { Construct } from 'constructs';
import { ModelIndex } from './model-index';
import { renderedOverlayFile } from './overlay-render';
import { RootApplication, RootApplicationProps } from './root-application';
import { ServiceApplicationSet } from './service-application-set';
import { AppProject } from '../argocd/app-project';
import { Environment, EnvironmentOptions } from '../argocd/environment';
import { RepoLayout, TreeLayout } from '../context/layout';
import { Releases } from '../context/releases';
import { IRepoContext, markRepoContext } from '../context/repo-context';
import { ServiceApplications } from '../context/service-applications';
import { ManifestFile } from '../core/manifest';
import { AddOn, AddOnOptions } from '../infrastructure/add-on';
import { IAddOnHost, IAddOnPreset } from '../infrastructure/add-on-host';
import { Overlay } from '../workload/overlay';
import { Service } from '../workload/service';
import { ServiceOptions } from '../workload/service-props';

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
   * What the services' Applications point at: kustomize folders (`apps/<service>/base` and
   * `apps/<service>/overlays/<env>`), or each service's rendered objects per environment
   * (`rendered/<env>/<service>/manifests.yaml`), which Argo CD applies as plain YAML.
   * @default TreeLayout.kustomize()
   */
  readonly layout?: TreeLayout;
  /**
   * Namespace Argo CD runs in; Applications are created there.
   * @default 'argocd'
   */
  readonly argocdNamespace?: string;
  /**
   * Image versions per service and environment (usually `Releases.fromFile(...)`).
   * @default - none: every overlay is pending (not deployed yet)
   */
  readonly releases?: Releases;
  /**
   * Whether each service overlay gets its own Application file or one ApplicationSet generates them all.
   * @default ServiceApplications.perOverlay()
   */
  readonly serviceApplications?: ServiceApplications;
  /**
   * The root app-of-apps (`argocd/root.yaml`).
   * @default - Application `root` in AppProject `root`, automated with prune and selfHeal
   */
  readonly root?: RootApplicationProps;
  /**
   * Name of the AppProject of the cluster add-ons.
   * @default 'infrastructure'
   */
  readonly infrastructureProject?: string;
  /**
   * Preserve mode, for teams whose image tags are written into the overlays by another tool
   * (Argo CD Image Updater with the Git write-back method, Kargo): synth keeps the `images:` entry
   * it finds in each existing overlay instead of the releases data, which then only seeds overlays
   * that do not exist yet.
   * @default false - the releases data decides every image version
   */
  readonly preserveImages?: boolean;
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
export class GitOpsRepo extends Construct implements IRepoContext, IAddOnHost {
  public readonly repoURL: string;
  public readonly targetRevision: string;
  public readonly argocdNamespace: string;
  public readonly layout: RepoLayout;
  public readonly releases: Releases;
  public readonly serviceApplications: ServiceApplications;
  public readonly infrastructureProject: AppProject;
  /** The root app-of-apps. */
  public readonly root: RootApplication;
  /** The ApplicationSet of the services, when `serviceApplications` asks for one. */
  public readonly serviceApplicationSet?: ServiceApplicationSet;
  /** Folder the tree is written to. */
  public readonly outdir: string;
  /** Whether existing overlays keep their `images:` entry (see {@link GitOpsRepoProps.preserveImages}). */
  public readonly preserveImages: boolean;

  constructor(props: GitOpsRepoProps) {
    // The root of a construct tree has no scope.
    super(undefined as unknown as Construct, '');
    // Plain JavaScript callers may pass anything; the props check reports it before rendering.
    props = typeof props === 'object' && props !== null ? props : ({} as GitOpsRepoProps);
    this.repoURL = props.repoURL;
    this.targetRevision = props.targetRevision ?? 'main';
    this.outdir = props.outdir ?? 'dist';
    this.argocdNamespace = props.argocdNamespace ?? 'argocd';
    this.layout = new RepoLayout(props.pathInRepo ?? '', props.layout ?? TreeLayout.kustomize());
    this.releases = props.releases ?? Releases.fromData({}, 'releases (none given)');
    this.serviceApplications = props.serviceApplications ?? ServiceApplications.perOverlay();
    this.preserveImages = props.preserveImages ?? false;
    markRepoContext(this);
    this.infrastructureProject = new AppProject(this, 'infrastructure-project', {
      name: props.infrastructureProject ?? 'infrastructure',
      description: 'Cluster add-ons: pinned Helm charts and their cluster objects',
      sourceRepos: [this.repoURL],
    });
    this.root = new RootApplication(this, 'root', props.root);
    const setName = this.serviceApplications.applicationSetName;
    if (setName !== undefined) this.serviceApplicationSet = new ServiceApplicationSet(this, 'service-application-set', { name: setName });
  }

  /**
   * Adds a deployment environment.
   *
   * @param id the environment's name, used in paths and Application names
   */
  public addEnvironment(id: string, options: EnvironmentOptions = {}): Environment {
    return new Environment(this, id, options);
  }

  /**
   * Adds a service; deploy it with `service.addOverlay(environment, …)`.
   *
   * @param id the service's name (DNS-1123 label)
   */
  public addService(id: string, options: ServiceOptions): Service {
    return new Service(this, id, options);
  }

  /**
   * Adds a custom cluster add-on installed from a pinned Helm chart; use {@link GitOpsRepo.add} for the presets.
   *
   * @param name the add-on's name: its folder, Application and Helm release
   */
  public addAddOn(name: string, options: AddOnOptions): AddOn {
    return new AddOn(this, name, options);
  }

  /**
   * Adds a preset and returns what it created: `repo.add(certManager({…}))`, `repo.add(externalDns({…}))`,
   * `repo.add(externalSecretsOperator({…}))`, `repo.add(INGRESS_CONTROLLER.addOn())` return the `AddOn`;
   * `repo.add(awsSide({…}))` returns the `AwsSide`.
   */
  public add<T>(preset: IAddOnPreset<T>): T {
    return preset.addTo(this);
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
   *
   * @param index the constructs of this repository, found since its last change
   * @default - found by walking the tree
   */
  public renderFiles(index: ModelIndex = ModelIndex.of(this)): ManifestFile[] {
    const files: ManifestFile[] = [];
    let rootKustomizationAt = 0;
    // In the rendered layout a service's base reaches the cluster through each of its environments' objects.
    const bases = this.layout.isRendered ? new Map<Service, ManifestFile[]>() : undefined;
    for (const c of index.renderables) {
      if (bases && c instanceof Service) {
        bases.set(c, c.renderFiles());
        continue;
      }
      if (bases && c instanceof Overlay) {
        files.push(renderedOverlayFile(c, { base: bases.get(c.node.scope as Service) }));
        continue;
      }
      const rendered = c instanceof ServiceApplicationSet ? c.renderFiles(index) : c.renderFiles();
      for (const file of rendered) files.push(file);
      if (c === this.root) rootKustomizationAt = files.length;
    }
    // It lists the Argo CD files of the whole render, so it comes last, placed after the root's own file.
    files.splice(rootKustomizationAt, 0, this.root.renderKustomization(files));
    return files;
  }
}
