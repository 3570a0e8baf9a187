import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GroupKind } from '../argocd/app-project';
import { ArgoApplication } from '../argocd/argo-application';
import { IN_CLUSTER_SERVER } from '../argocd/environment';
import { SyncPolicy } from '../argocd/sync-policy';
import { SYNC_WAVE_ANNOTATION, SyncWave } from '../argocd/sync-wave';
import { repoContextOf } from '../context/repo-context';
import { IRenderable, Manifest, ManifestFile } from '../core/manifest';
import { Problem } from '../core/problem';
import { uniqueId } from '../core/unique-id';
import { kustomization } from '../kustomize/kustomization';

/** A Helm chart pinned to an exact version. */
export interface HelmChart {
  /** Chart repository URL, e.g. `https://charts.jetstack.io`. */
  readonly repoURL: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version (no ranges: upgrades are reviewed changes). */
  readonly version: string;
}

/** The annotation through which an object asks Argo CD for per-resource sync options. */
export const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';

/**
 * Cluster-scoped kinds a controller chart usually installs: its CRDs, RBAC and admission webhooks.
 * An add-on without `clusterResources` is allowed these (plus its namespace and the cluster-scoped
 * kinds of its `objects`).
 */
export const CONTROLLER_CLUSTER_RESOURCES: readonly GroupKind[] = [
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
];

/** A cluster an add-on is installed into, other than the one Argo CD runs in. */
export interface AddOnCluster {
  /** The cluster's name as registered in Argo CD (`argocd cluster add … --name`). */
  readonly name: string;
  /**
   * Chart values for this cluster, merged at the top level over the add-on's values
   * (e.g. external-dns `txtOwnerId`, which must differ per cluster).
   * @default - the add-on's values
   */
  readonly values?: Record<string, unknown>;
}

/** Options of `GitOpsRepo.addAddOn`: a custom add-on, or what a preset such as `certManager(…)` adds. */
export interface AddOnOptions {
  /** Helm chart installing the add-on. */
  readonly chart: HelmChart;
  /**
   * Namespace the add-on runs in.
   * @default - the add-on's name
   */
  readonly namespace?: string;
  /**
   * Helm values.
   * @default - the chart's defaults
   */
  readonly values?: Record<string, unknown>;
  /**
   * Extra cluster objects kept in `infrastructure/<name>/` next to the chart (e.g. a ClusterIssuer).
   * Each `fileName` is its own file: not `namespace.yaml` or a kustomization name (the add-on writes
   * those), not the name of another entry, even in another case (the synth refuses such a clash).
   * Custom resources among them (API group with a dot, not `*.k8s.io`) are synced one wave after the
   * chart and with `SkipDryRunOnMissingResource=true`, since the chart installs their CRD in the same sync.
   * @default - none
   */
  readonly objects?: ReadonlyArray<{ readonly fileName: string; readonly objects: readonly Manifest[] }>;
  /**
   * How Argo CD syncs the add-on. Pruning is off by default: an add-on owns CRDs whose deletion
   * would delete every custom resource in the cluster.
   * @default SyncPolicy.automated({ prune: false, selfHeal: true })
   */
  readonly sync?: SyncPolicy;
  /**
   * Sync wave of the add-on's Application inside the root app-of-apps.
   * @default SyncWave.infrastructure()
   */
  readonly wave?: SyncWave;
  /**
   * Cluster-scoped kinds the chart and objects create; the infrastructure AppProject allows exactly
   * the union of these over all add-ons (plus each add-on's own Namespace).
   * @default - CONTROLLER_CLUSTER_RESOURCES plus the cluster-scoped kinds of `objects`
   */
  readonly clusterResources?: readonly GroupKind[];
  /**
   * Apply with server-side apply. Large CRDs (cert-manager, External Secrets) exceed the size of the
   * `last-applied-configuration` annotation that client-side apply writes.
   * @default true
   */
  readonly serverSideApply?: boolean;
  /**
   * Clusters the add-on is installed into: one Application `<name>-<cluster>` per cluster, all
   * syncing the same chart and `infrastructure/<name>/` folder.
   * @default - one Application `<name>` for the cluster Argo CD runs in
   */
  readonly clusters?: readonly AddOnCluster[];
  /**
   * Problems found in the typed options a preset built these options from (e.g. a malformed IAM role ARN);
   * reported by the synth together with every other problem.
   * @default - none
   */
  readonly inputProblems?: readonly Problem[];
}

/** Props of an {@link AddOn}. */
export interface AddOnProps extends AddOnOptions {}

/** The file in an add-on's folder that holds its Namespace. */
export const ADD_ON_NAMESPACE_FILE = 'namespace.yaml';

/** The file in an add-on's folder that lists its resources for kustomize. */
export const ADD_ON_KUSTOMIZATION_FILE = 'kustomization.yaml';

/**
 * The names kustomize reads as a folder's kustomization. A folder with two of them fails
 * (`Found multiple kustomization files`), so `objects` may use none.
 */
export const KUSTOMIZATION_FILE_NAMES: readonly string[] = [ADD_ON_KUSTOMIZATION_FILE, 'kustomization.yml', 'Kustomization'];

/** A file gitops-synth writes for an add-on itself; the add-on's `objects` cannot use its path. */
export interface AddOnGeneratedFile {
  /** Path relative to the output folder. */
  readonly path: string;
  /** What the file holds, for messages: `the add-on's Namespace`. */
  readonly holds: string;
}

/** Kinds without the `Cluster` prefix that are cluster-scoped. */
const CLUSTER_SCOPED_KINDS = new Set(['Namespace', 'CustomResourceDefinition', 'IngressClass', 'StorageClass', 'PriorityClass',
  'PersistentVolume', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService', 'RuntimeClass']);

/** Whether objects of a kind are cluster-scoped (by the Kubernetes naming convention and a list of built-in kinds). */
export function isClusterScopedKind(kind: string): boolean {
  return kind.startsWith('Cluster') || CLUSTER_SCOPED_KINDS.has(kind);
}

/** Whether an object is a custom resource, whose CRD may arrive in the same sync. */
export function isCustomResource(obj: Manifest): boolean {
  const slash = obj.apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = obj.apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io');
}

/**
 * A cluster add-on: `infrastructure/<name>/` (namespace and extra objects, built by kustomize) plus an
 * Argo CD Application in the infrastructure AppProject whose sources are the pinned Helm chart and
 * that folder. Registers its chart repository, namespace and cluster-scoped kinds with the project.
 */
export class AddOn extends Construct implements IRenderable {
  /** The add-on's name. */
  public readonly name: string;
  /** The namespace it runs in. */
  public readonly namespace: string;
  /** The props as given. */
  public readonly props: AddOnProps;
  /** The (first) Application that installs it. */
  public readonly application: ArgoApplication;
  /** The Applications that install it, one per cluster. */
  public readonly applications: readonly ArgoApplication[];

  /**
   * @param id the add-on's name: its folder, Application and Helm release
   */
  constructor(scope: Construct, id: string, props: AddOnProps) {
    super(scope, uniqueId(scope, `addon-${id}`));
    const name = id;
    this.name = name;
    // Plain JavaScript callers may pass anything; the props check reports it before rendering.
    props = typeof props === 'object' && props !== null ? props : ({} as AddOnProps);
    this.props = props;
    this.namespace = props.namespace ?? name;
    const ctx = repoContextOf(this);
    const project = ctx.infrastructureProject;
    project.addSourceRepo(chartSourceURL(props.chart));
    for (const kind of this.clusterResources) project.allowClusterResource(kind);
    const targets = props.clusters && props.clusters.length > 0
      ? props.clusters.map((c) => ({ appName: `${name}-${c.name}`, id: `application-${c.name}`, destination: { name: c.name, namespace: this.namespace }, values: c.values }))
      : [{ appName: name, id: 'application', destination: { server: IN_CLUSTER_SERVER, namespace: this.namespace }, values: undefined }];
    this.applications = targets.map((t) => {
      project.addDestination(t.destination);
      return new ArgoApplication(this, t.id, {
        name: t.appName,
        project: project.name,
        sources: [
          {
            ...chartSource(props.chart),
            helm: { releaseName: name, valuesObject: { ...props.values, ...t.values } },
          },
          { repoUrl: ctx.repoURL, targetRevision: ctx.targetRevision, path: ctx.layout.argoPath(this.dir) },
        ],
        destination: t.destination,
        sync: props.sync ?? SyncPolicy.automated({ prune: false, selfHeal: true }),
        wave: props.wave ?? SyncWave.infrastructure(),
        syncOptions: props.serverSideApply ?? true ? ['ServerSideApply=true'] : [],
        labels: { 'app.kubernetes.io/name': name, 'gitops-synth/component': 'infrastructure' },
        subject: `add-on ${name}`,
        // Absolute: Argo CD joins a relative path with every source's path, and the chart's source has
        // none, so `.` would name the repository root and every push would refresh the add-on.
        generatePaths: [`/${ctx.layout.argoPath(this.dir)}`],
      });
    });
    this.application = this.applications[0];
  }

  /** The add-on's folder relative to the output folder. */
  public get dir(): string {
    return repoContextOf(this).layout.infrastructureDir(this.name);
  }

  /** The cluster-scoped kinds this add-on may create: its own Namespace and the declared (or default) kinds. */
  public get clusterResources(): GroupKind[] {
    const declared = this.props.clusterResources ?? [
      ...CONTROLLER_CLUSTER_RESOURCES,
      ...this.objectFiles.flatMap((f) => f.objects)
        .filter((o) => isClusterScopedKind(o.kind))
        .map((o) => ({ group: o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '', kind: o.kind })),
    ];
    return [{ group: '', kind: 'Namespace', name: this.namespace }, ...declared];
  }

  /**
   * The `objects` files that have the shape the types promise. Plain JavaScript may pass anything;
   * the add-ons check reports the rest, and the add-on must not crash before it can.
   */
  private get objectFiles(): Array<{ fileName: string; objects: Manifest[] }> {
    const files: unknown = this.props.objects;
    if (!Array.isArray(files)) return [];
    return files.filter((f) => typeof f === 'object' && f !== null && Array.isArray(f.objects)).map((f) => ({
      fileName: String(f.fileName),
      objects: (f.objects as unknown[]).filter((o): o is Manifest => typeof (o as Manifest)?.kind === 'string' && typeof (o as Manifest).apiVersion === 'string'),
    }));
  }

  /** The files gitops-synth writes for the add-on besides its `objects`: Namespace, kustomization, Applications. */
  public get generatedFiles(): AddOnGeneratedFile[] {
    return [
      { path: `${this.dir}/${ADD_ON_NAMESPACE_FILE}`, holds: 'the add-on\'s Namespace' },
      { path: `${this.dir}/${ADD_ON_KUSTOMIZATION_FILE}`, holds: 'the add-on\'s kustomization' },
      ...this.applications.flatMap((app) => {
        const file = app.argoFile();
        return file ? [{ path: file, holds: `the add-on's Application ${app.name}` }] : [];
      }),
    ];
  }

  public renderFiles(): ManifestFile[] {
    const source = `add-on ${this.name}`;
    const namespace = k8s.KubeNamespace.manifest({
      metadata: { name: this.namespace, labels: { 'app.kubernetes.io/managed-by': 'gitops-synth' } },
    });
    const extra = this.objectFiles.map((f) => ({ fileName: f.fileName, objects: f.objects.map(afterChart) }));
    const files = [{ fileName: ADD_ON_NAMESPACE_FILE, objects: [namespace] }, ...extra];
    return [
      ...files.map((f) => ({ path: `${this.dir}/${f.fileName}`, objects: f.objects, source })),
      { path: `${this.dir}/${ADD_ON_KUSTOMIZATION_FILE}`, objects: [kustomization({ resources: files.map((f) => f.fileName) })], source },
    ];
  }
}

/**
 * A custom resource shipped with the chart that defines its CRD: applied one wave after the chart,
 * and without the dry run that would fail while the CRD does not exist yet.
 */
function afterChart(obj: Manifest): Manifest {
  if (!isCustomResource(obj)) return obj;
  const metadata = obj.metadata ?? {};
  const annotations = (metadata.annotations ?? {}) as Record<string, string>;
  return {
    ...obj,
    metadata: {
      ...metadata,
      annotations: {
        [SYNC_WAVE_ANNOTATION]: '1',
        [SYNC_OPTIONS_ANNOTATION]: 'SkipDryRunOnMissingResource=true',
        ...annotations,
      },
    },
  };
}

/**
 * The source of a chart: a Helm repository's URL and chart name, or, for an `oci://` registry, the
 * chart's own OCI URL with `path: .` (Argo CD's OCI source, 3.1+, which needs no repository secret).
 */
function chartSource(chart: HelmChart | undefined): { repoUrl: string; chart?: string; path?: string; targetRevision: string } {
  if (chart?.repoURL?.startsWith('oci://')) return { repoUrl: chartSourceURL(chart), path: '.', targetRevision: chart.version };
  return { repoUrl: chart?.repoURL as string, chart: chart?.chart, targetRevision: chart?.version as string };
}

/** The URL an Application's source names for a chart (and its project allows). */
function chartSourceURL(chart: HelmChart | undefined): string {
  // A missing chart is reported by the props check; the model is built all the same.
  if (!chart?.repoURL?.startsWith('oci://')) return chart?.repoURL as string;
  return `${chart.repoURL.replace(/\/+$/, '')}/${chart.chart}`;
}
