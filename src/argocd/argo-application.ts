import { Construct } from 'constructs';
import { IgnoreDifference } from './ignore-difference';
import { RetryPolicy } from './retry-policy';
import { SyncPolicy } from './sync-policy';
import { SyncWave } from './sync-wave';
// Types only: the generated module is 8 MB of JavaScript (ApplicationSet generators), ~35 MiB once loaded.
import type { ApplicationProps, ApplicationSpecSources } from '../../imports/argoproj.io';
import { repoContextOf } from '../context/repo-context';
import { Manifest, ManifestFile, IRenderable } from '../core/manifest';
import { plainManifest } from '../core/plain-manifest';

/** Finalizer that makes Argo CD delete an Application's resources when the Application is deleted. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * The annotation naming the paths an Application's manifests are generated from, `;`-separated:
 * relative to the source's `path` (joined with every source's path), or absolute from the repository
 * root when they start with `/`. With a Git webhook, a push refreshes only the Applications whose
 * paths hold a changed file; the others keep their cached manifests for the new commit.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/#webhook-and-manifest-paths-annotation
 */
export const MANIFEST_GENERATE_PATHS_ANNOTATION = 'argocd.argoproj.io/manifest-generate-paths';

/** Argo CD's default number of sync results kept per Application; written out so the history is a reviewed choice. */
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

/** The retry of an Application that names none: built once, since every render of every Application uses it. */
const DEFAULT_RETRY = RetryPolicy.backoff();

/** The group, version and kind of an Argo CD Application (`Application.GVK` of the typed bindings). */
export const APPLICATION_GVK = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' } as const;

/** Where an Application's manifests come from. */
export type ApplicationSource = ApplicationSpecSources;

/** Where an Application's manifests are applied. */
export interface ApplicationDestination {
  /** Cluster API server URL (exclusive with `name`). */
  readonly server?: string;
  /** Cluster name registered in Argo CD (exclusive with `server`). */
  readonly name?: string;
  /** Namespace of the namespaced objects. */
  readonly namespace: string;
}

/** Props of {@link ArgoApplication}. */
export interface ArgoApplicationProps {
  /** Application name; also the file name under `argocd/applications/`. */
  readonly name: string;
  /** Sources of the manifests: one for a kustomize folder, several for a Helm chart plus a folder. */
  readonly sources: readonly ApplicationSource[];
  /** Where the manifests are applied. */
  readonly destination: ApplicationDestination;
  /** Automated or manual sync. */
  readonly sync: SyncPolicy;
  /**
   * The Argo CD project.
   * @default 'default'
   */
  readonly project?: string;
  /**
   * Labels of the Application object.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * What problem reports name as the owner of the Application, e.g. `service api-service`.
   * @default - `application <name>`
   */
  readonly subject?: string;
  /**
   * Sync wave of the Application inside the root app-of-apps.
   * @default SyncWave.services()
   */
  readonly wave?: SyncWave;
  /**
   * How failed syncs are retried.
   * @default RetryPolicy.backoff()
   */
  readonly retry?: RetryPolicy;
  /**
   * Sync results Argo CD keeps for rollback and history.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * Fields Argo CD neither compares nor overwrites (e.g. replicas owned by an HPA).
   * @default - none
   */
  readonly ignoreDifferences?: readonly IgnoreDifference[];
  /**
   * Sync options added after `CreateNamespace=true` (e.g. `ServerSideApply=true`).
   * @default - none
   */
  readonly syncOptions?: readonly string[];
  /**
   * Whether deleting the Application deletes its resources (the resources finalizer).
   * @default true
   */
  readonly cascadeDelete?: boolean;
  /**
   * Whether the Application is written as its own file. `false` when an ApplicationSet generates it
   * (the object is still built, for the ApplicationSet and for tests).
   * @default true
   */
  readonly standalone?: boolean;
  /**
   * Create the destination namespace when it does not exist.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The paths the Application's manifests are generated from, written as the
   * `argocd.argoproj.io/manifest-generate-paths` annotation (see {@link MANIFEST_GENERATE_PATHS_ANNOTATION}):
   * relative to the source's `path` (e.g. `.` and `../../base`), or absolute from the repository root.
   * @default - no annotation: every push to the repository refreshes the Application
   */
  readonly generatePaths?: readonly string[];
}

/**
 * An Argo CD Application (argoproj.io/v1alpha1) written to `argocd/applications/<name>.yaml`:
 * resources finalizer, sync wave, `CreateNamespace=true`, retry with backoff, revision history limit,
 * automated or manual sync.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#applications
 */
export class ArgoApplication extends Construct implements IRenderable {
  /** The Application's name. */
  public readonly name: string;
  /** The Application's props as given. */
  public readonly props: ArgoApplicationProps;

  constructor(scope: Construct, id: string, props: ArgoApplicationProps) {
    super(scope, id);
    this.name = props.name;
    this.props = props;
  }

  /** Whether the Application is written as its own file (not generated by an ApplicationSet). */
  public get standalone(): boolean {
    return this.props.standalone ?? true;
  }

  /** The Argo CD project the Application belongs to. */
  public get project(): string {
    return this.props.project ?? 'default';
  }

  /**
   * The Application as the typed props of the generated bindings: `Application.manifest(props)` gives
   * {@link toManifest}'s object. Derived from it, renaming the one field the bindings name differently.
   */
  public toProps(): ApplicationProps {
    const { metadata, spec } = this.toManifest() as unknown as { metadata: ApplicationProps['metadata']; spec: Record<string, unknown> };
    const { source, sources, ...rest } = spec as { source?: SourceJson; sources?: SourceJson[] };
    return {
      metadata,
      spec: {
        ...rest,
        ...(source ? { source: sourceProps(source) } : {}),
        ...(sources ? { sources: sources.map(sourceProps) } : {}),
      } as ApplicationProps['spec'],
    };
  }

  /**
   * The Application object, built directly as its JSON fields: an Application per overlay makes this
   * one of the most frequent objects of a large tree, and the bindings' converters copy every field.
   */
  public toManifest(): Manifest {
    const p = this.props;
    const metadata: Record<string, unknown> = { name: p.name, namespace: repoContextOf(this).argocdNamespace };
    if (p.labels) metadata.labels = p.labels;
    const annotations: Record<string, string> = { ...(p.wave ?? SyncWave.services()).annotations() };
    if (p.generatePaths && p.generatePaths.length > 0) annotations[MANIFEST_GENERATE_PATHS_ANNOTATION] = p.generatePaths.join(';');
    metadata.annotations = annotations;
    if (p.cascadeDelete ?? true) metadata.finalizers = [RESOURCES_FINALIZER];
    const spec: Record<string, unknown> = { project: this.project };
    // The bindings name one field of a source differently from its JSON; the rest is plain data.
    if (p.sources.length > 1) spec.sources = p.sources.map(sourceJson);
    else if (p.sources[0]) spec.source = sourceJson(p.sources[0]);
    spec.destination = { ...p.destination };
    const ignoreDifferences = p.ignoreDifferences && p.ignoreDifferences.length > 0 ? p.ignoreDifferences.map((d) => d.render()) : undefined;
    if (ignoreDifferences) spec.ignoreDifferences = ignoreDifferences;
    spec.revisionHistoryLimit = p.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT;
    const syncPolicy: Record<string, unknown> = {};
    const automated = p.sync.renderAutomated();
    if (automated) syncPolicy.automated = automated;
    syncPolicy.retry = (p.retry ?? DEFAULT_RETRY).render();
    const syncOptions = this.syncOptions(ignoreDifferences !== undefined);
    if (syncOptions.length > 0) syncPolicy.syncOptions = syncOptions;
    spec.syncPolicy = syncPolicy;
    return plainManifest(APPLICATION_GVK, { metadata, spec });
  }

  /** `CreateNamespace=true` unless turned off, `RespectIgnoreDifferences=true` with ignored fields, then the options given. */
  private syncOptions(ignoresDifferences: boolean): string[] {
    const options: string[] = [];
    if (this.props.createNamespace ?? true) options.push('CreateNamespace=true');
    // Without it a sync would reset the ignored fields (e.g. scale an HPA's Deployment back).
    if (ignoresDifferences) options.push('RespectIgnoreDifferences=true');
    if (this.props.syncOptions) options.push(...this.props.syncOptions);
    return options;
  }

  public argoFile(): string | undefined {
    return this.standalone ? repoContextOf(this).layout.applicationFile(this.name) : undefined;
  }

  public renderFiles(): ManifestFile[] {
    const file = this.argoFile();
    return file ? [{ path: file, objects: [this.toManifest()], source: this.props.subject ?? `application ${this.name}` }] : [];
  }
}

/** A source as JSON: `repoUrl` of the typed bindings is `repoURL`; every other field keeps its name. */
function sourceJson(source: ApplicationSource): SourceJson {
  const { repoUrl, ...rest } = source;
  return { repoURL: repoUrl, ...rest };
}

/** A source as the Application's JSON names its fields. */
type SourceJson = Omit<ApplicationSource, 'repoUrl'> & { readonly repoURL: string };

function sourceProps(source: SourceJson): ApplicationSource {
  const { repoURL, ...rest } = source;
  return { repoUrl: repoURL, ...rest };
}
