import * as path from 'path';
import { Construct } from 'constructs';
import { AppProject } from '../argocd/app-project';
import { ArgoApplication } from '../argocd/argo-application';
import { IN_CLUSTER_SERVER } from '../argocd/environment';
import { SyncPolicy } from '../argocd/sync-policy';
import { repoContextOf } from '../context/repo-context';
import { IRenderable, ManifestFile } from '../core/manifest';
import { isPlainRelativePath } from '../core/plain-path';
import { kustomization } from '../kustomize/kustomization';

/** Props of the root app-of-apps (`GitOpsRepoProps.root`). */
export interface RootApplicationProps {
  /**
   * Name of the root Application.
   * @default 'root'
   */
  readonly name?: string;
  /**
   * Name of the AppProject the root Application belongs to (it may only manage Argo CD objects).
   * @default 'root'
   */
  readonly project?: string;
  /**
   * How the root syncs the Argo CD objects. Pruning removes an Application whose file was deleted
   * (and, through its finalizer, its resources), so a deleted file means a deleted deployment.
   * @default SyncPolicy.automated({ prune: true, selfHeal: true })
   */
  readonly sync?: SyncPolicy;
}

/** Argo CD kinds the root Application may create; nothing else, and nothing cluster-scoped. */
const ARGO_KINDS = ['AppProject', 'Application', 'ApplicationSet'].map((kind) => ({ group: 'argoproj.io', kind }));

/**
 * The root app-of-apps: `argocd/root.yaml` holds the root's own AppProject and the root Application,
 * which syncs the folder `argocd/` — a kustomization listing every AppProject (`argocd/projects/`),
 * Application and ApplicationSet (`argocd/applications/`) of the tree. Bootstrapping a cluster with
 * Argo CD installed is `kubectl apply -f argocd/root.yaml`.
 *
 * The root Application has no resources finalizer on purpose: deleting it must not cascade into
 * deleting every Application and, through theirs, every workload of every environment.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/cluster-bootstrapping/
 */
export class RootApplication extends Construct implements IRenderable {
  /** The root Application (built here, written into `argocd/root.yaml`). */
  public readonly application: ArgoApplication;
  /** The root's AppProject (written into `argocd/root.yaml`). */
  public readonly project: AppProject;

  constructor(scope: Construct, id: string, props: RootApplicationProps = {}) {
    super(scope, id);
    const ctx = repoContextOf(this);
    const destination = { server: IN_CLUSTER_SERVER, namespace: ctx.argocdNamespace };
    this.project = new AppProject(this, 'project', {
      name: props.project ?? 'root',
      description: 'The root app-of-apps: applies the AppProjects, Applications and ApplicationSets of this GitOps repository',
      sourceRepos: [ctx.repoURL],
      destinations: [destination],
      namespaceResourceBlacklist: [],
      namespaceResourceWhitelist: ARGO_KINDS,
      standalone: false,
    });
    this.application = new ArgoApplication(this, 'application', {
      name: props.name ?? 'root',
      project: this.project.name,
      sources: [{ repoUrl: ctx.repoURL, targetRevision: ctx.targetRevision, path: ctx.layout.argoPath(ctx.layout.argocdDir) }],
      destination,
      sync: props.sync ?? SyncPolicy.automated({ prune: true, selfHeal: true }),
      labels: { 'app.kubernetes.io/name': 'root', 'gitops-synth/component': 'root' },
      cascadeDelete: false,
      createNamespace: false,
      standalone: false,
      generatePaths: ['.'],
    });
  }

  /**
   * Every file of an Argo CD object the root applies, relative to the output folder, sorted: the
   * rendered files below the Argo CD folder that hold only Argo CD objects, the root's own file aside.
   * The Applications of pending overlays (no image version yet) are not rendered, so not listed either.
   *
   * @param files the other files of the same render
   */
  public managedFiles(files: readonly ManifestFile[]): string[] {
    const layout = repoContextOf(this).layout;
    const prefix = `${layout.argocdDir}/`;
    const managed = new Set<string>();
    for (const file of files) {
      if (!file.path.startsWith(prefix) || file.path === layout.rootApplicationFile) continue;
      if (holdsOnlyArgoObjects(file)) managed.add(file.path);
    }
    return [...managed].sort();
  }

  /** The root's own file: its AppProject and the root Application. */
  public renderFiles(): ManifestFile[] {
    const layout = repoContextOf(this).layout;
    return [{ path: layout.rootApplicationFile, objects: [this.project.toManifest(), this.application.toManifest()], source: SOURCE }];
  }

  /**
   * The kustomization of the Argo CD folder, which the root Application syncs: it lists
   * {@link managedFiles} of the render.
   *
   * @param files every other file of the same render
   */
  public renderKustomization(files: readonly ManifestFile[]): ManifestFile {
    const layout = repoContextOf(this).layout;
    return {
      path: `${layout.argocdDir}/kustomization.yaml`,
      objects: [kustomization({ resources: this.managedFiles(files).map((f) => relativeTo(layout.argocdDir, f)) })],
      source: SOURCE,
    };
  }
}

const SOURCE = 'root application';
const ARGO_API_GROUP_PREFIX = 'argoproj.io/';

function holdsOnlyArgoObjects(file: ManifestFile): boolean {
  if (file.objects.length === 0) return false;
  for (const o of file.objects) if (!o.apiVersion.startsWith(ARGO_API_GROUP_PREFIX)) return false;
  return true;
}

/**
 * `file` relative to the folder `dir`. A plain path below `dir` is the rest of it, found without
 * resolving both against the working directory as `path.posix.relative` does for every Application.
 */
function relativeTo(dir: string, file: string): string {
  const prefix = dir + '/';
  return file.startsWith(prefix) && isPlainRelativePath(file) ? file.slice(prefix.length) : path.posix.relative(dir, file);
}
