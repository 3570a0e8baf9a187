import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ArgoApplication } from '../argocd/argo-application';
import { SyncPolicy } from '../argocd/sync-policy';
import { kustomization } from '../kustomize/kustomization';
import { IN_CLUSTER_SERVER } from '../repo/environment';
import { repoContextOf } from '../repo/repo-context';
import { IRenderable, Manifest, ManifestFile } from '../synth/manifest';

/** A Helm chart pinned to an exact version. */
export interface HelmChart {
  /** Chart repository URL, e.g. `https://charts.jetstack.io`. */
  readonly repoURL: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version (no ranges: upgrades are reviewed changes). */
  readonly version: string;
}

/** Props of an {@link AddOn}. */
export interface AddOnProps {
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
   * @default - none
   */
  readonly objects?: ReadonlyArray<{ readonly fileName: string; readonly objects: readonly Manifest[] }>;
  /**
   * How Argo CD syncs the add-on. Pruning is off by default: an add-on owns CRDs whose deletion
   * would delete every custom resource in the cluster.
   * @default SyncPolicy.automated({ prune: false, selfHeal: true })
   */
  readonly sync?: SyncPolicy;
}

/**
 * A cluster add-on: `infrastructure/<name>/` (namespace and extra objects, built by kustomize) plus an
 * Argo CD Application whose sources are the pinned Helm chart and that folder.
 */
export class AddOn extends Construct implements IRenderable {
  /** The add-on's name. */
  public readonly name: string;
  /** The namespace it runs in. */
  public readonly namespace: string;
  /** The props as given. */
  public readonly props: AddOnProps;
  /** The Application that installs it. */
  public readonly application: ArgoApplication;

  constructor(scope: Construct, name: string, props: AddOnProps) {
    super(scope, `addon-${name}`);
    this.name = name;
    this.props = props;
    this.namespace = props.namespace ?? name;
    const ctx = repoContextOf(this);
    this.application = new ArgoApplication(this, 'application', {
      name,
      sources: [
        {
          repoUrl: props.chart.repoURL,
          chart: props.chart.chart,
          targetRevision: props.chart.version,
          helm: { releaseName: name, valuesObject: props.values ?? {} },
        },
        { repoUrl: ctx.repoURL, targetRevision: ctx.targetRevision, path: ctx.layout.argoPath(this.dir) },
      ],
      destination: { server: IN_CLUSTER_SERVER, namespace: this.namespace },
      sync: props.sync ?? SyncPolicy.automated({ prune: false, selfHeal: true }),
      labels: { 'app.kubernetes.io/name': name, 'gitops-synth/component': 'infrastructure' },
    });
  }

  /** The add-on's folder relative to the output folder. */
  public get dir(): string {
    return repoContextOf(this).layout.infrastructureDir(this.name);
  }

  public renderFiles(): ManifestFile[] {
    const source = this.node.path;
    const namespace = k8s.KubeNamespace.manifest({
      metadata: { name: this.namespace, labels: { 'app.kubernetes.io/managed-by': 'gitops-synth' } },
    });
    const files = [{ fileName: 'namespace.yaml', objects: [namespace] }, ...(this.props.objects ?? [])];
    return [
      ...files.map((f) => ({ path: `${this.dir}/${f.fileName}`, objects: f.objects, source })),
      { path: `${this.dir}/kustomization.yaml`, objects: [kustomization({ resources: files.map((f) => f.fileName) })], source },
    ];
  }
}
