import { Construct } from 'constructs';
import { ApplicationDestination } from './argo-application';
import { SyncWave } from './sync-wave';
import { AppProject as AppProjectObject } from '../../imports/argoproj.io';
import { repoContextOf } from '../context/repo-context';
import { IRenderable, Manifest, ManifestFile } from '../core/manifest';

/** A kind of Kubernetes object, as AppProject allow and deny lists name it. */
export interface GroupKind {
  /** API group, `''` for the core group (Namespace, ConfigMap …). */
  readonly group: string;
  /** Kind, e.g. `ClusterRole`. */
  readonly kind: string;
  /**
   * Name pattern the object must match (cluster-scoped lists only).
   * @default - any name
   */
  readonly name?: string;
}

/**
 * Namespaced kinds application teams may not manage by default: quotas and limit ranges are set by
 * the platform, so a service cannot lift its own limits.
 */
export const DEFAULT_NAMESPACE_RESOURCE_BLACKLIST: readonly GroupKind[] = [
  { group: '', kind: 'ResourceQuota' },
  { group: '', kind: 'LimitRange' },
];

/** Props of an {@link AppProject}. */
export interface AppProjectProps {
  /** Project name (Applications name it in `spec.project`). */
  readonly name: string;
  /** What the project is for, shown in the Argo CD UI. */
  readonly description: string;
  /**
   * Git and Helm repositories Applications of the project may use.
   * @default - none; add them with `addSourceRepo`
   */
  readonly sourceRepos?: readonly string[];
  /**
   * Clusters and namespaces Applications of the project may deploy to.
   * @default - none; add them with `addDestination`
   */
  readonly destinations?: readonly ApplicationDestination[];
  /**
   * Cluster-scoped kinds the project may manage; everything else cluster-scoped is denied.
   * @default - none
   */
  readonly clusterResourceWhitelist?: readonly GroupKind[];
  /**
   * Namespaced kinds the project may not manage.
   * @default DEFAULT_NAMESPACE_RESOURCE_BLACKLIST
   */
  readonly namespaceResourceBlacklist?: readonly GroupKind[];
  /**
   * Namespaced kinds the project may manage; when set, every other namespaced kind is denied.
   * @default - every namespaced kind not blacklisted
   */
  readonly namespaceResourceWhitelist?: readonly GroupKind[];
  /**
   * Whether the project is written to `argocd/projects/<name>.yaml` and applied by the root app.
   * `false` for the root's own project, which lives in `argocd/root.yaml`.
   * @default true
   */
  readonly standalone?: boolean;
}

/**
 * An Argo CD AppProject: the fence around a group of Applications — which repositories they may read,
 * where they may deploy, and which kinds they may create. Constructs that add Applications register
 * what they need (`addSourceRepo`, `addDestination`, `allowClusterResource`), so the fence is exactly
 * as wide as the definitions.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/projects/
 */
export class AppProject extends Construct implements IRenderable {
  /** The project name. */
  public readonly name: string;
  /** The description. */
  public readonly description: string;
  private readonly standalone: boolean;
  private readonly repos: string[] = [];
  private readonly dests: ApplicationDestination[] = [];
  private readonly clusterKinds: GroupKind[] = [];
  private readonly namespaceBlacklist: readonly GroupKind[];
  private readonly namespaceWhitelist?: readonly GroupKind[];

  constructor(scope: Construct, id: string, props: AppProjectProps) {
    super(scope, id);
    this.name = props.name;
    this.description = props.description;
    this.standalone = props.standalone ?? true;
    this.namespaceBlacklist = props.namespaceResourceBlacklist ?? DEFAULT_NAMESPACE_RESOURCE_BLACKLIST;
    this.namespaceWhitelist = props.namespaceResourceWhitelist;
    for (const repo of props.sourceRepos ?? []) this.addSourceRepo(repo);
    for (const destination of props.destinations ?? []) this.addDestination(destination);
    for (const kind of props.clusterResourceWhitelist ?? []) this.allowClusterResource(kind);
  }

  /** Allows a Git or Helm repository (ignored when already allowed). */
  public addSourceRepo(repoURL: string): void {
    if (!this.repos.includes(repoURL)) this.repos.push(repoURL);
  }

  /** Allows a cluster and namespace (ignored when already allowed). */
  public addDestination(destination: ApplicationDestination): void {
    const key = destinationKey(destination);
    if (!this.dests.some((d) => destinationKey(d) === key)) this.dests.push({ ...destination });
  }

  /** Allows a cluster-scoped kind (ignored when already allowed). */
  public allowClusterResource(kind: GroupKind): void {
    const key = groupKindKey(kind);
    if (!this.clusterKinds.some((k) => groupKindKey(k) === key)) this.clusterKinds.push({ ...kind });
  }

  /** The allowed source repositories, in registration order. */
  public get sourceRepos(): readonly string[] {
    return [...this.repos];
  }

  /** The allowed destinations, in registration order. */
  public get destinations(): readonly ApplicationDestination[] {
    return this.dests.map((d) => ({ ...d }));
  }

  /** The allowed cluster-scoped kinds, in registration order. */
  public get clusterResourceWhitelist(): readonly GroupKind[] {
    return this.clusterKinds.map((k) => ({ ...k }));
  }

  /** The AppProject object. */
  public toManifest(): Manifest {
    return AppProjectObject.manifest({
      metadata: {
        name: this.name,
        namespace: repoContextOf(this).argocdNamespace,
        annotations: SyncWave.projects().annotations(),
        labels: { 'app.kubernetes.io/managed-by': 'gitops-synth' },
      },
      spec: {
        description: this.description,
        sourceRepos: [...this.repos],
        destinations: this.dests.map((d) => ({ ...d })),
        // An explicit empty list: cluster-scoped objects are denied unless allowed.
        clusterResourceWhitelist: this.clusterKinds.map((k) => ({ ...k })),
        namespaceResourceBlacklist: this.namespaceBlacklist.length > 0 ? this.namespaceBlacklist.map((k) => ({ ...k })) : undefined,
        namespaceResourceWhitelist: this.namespaceWhitelist?.map((k) => ({ ...k })),
        // Objects in the project's namespaces that no Application manages show up as warnings.
        orphanedResources: { warn: true },
      },
    });
  }

  public argoFile(): string | undefined {
    return this.standalone ? repoContextOf(this).layout.projectFile(this.name) : undefined;
  }

  public renderFiles(): ManifestFile[] {
    const file = this.argoFile();
    return file ? [{ path: file, objects: [this.toManifest()], source: `project ${this.name}` }] : [];
  }
}

function destinationKey(d: ApplicationDestination): string {
  return `${d.server ?? ''}|${d.name ?? ''}|${d.namespace}`;
}

function groupKindKey(k: GroupKind): string {
  return `${k.group}|${k.kind}|${k.name ?? ''}`;
}
