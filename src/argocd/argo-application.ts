import { Construct } from 'constructs';
// Types only: the generated module is 8 MB of JavaScript (ApplicationSet generators), ~35 MiB once loaded.
import { SyncPolicy } from './sync-policy';
import type { ApplicationProps, ApplicationSpecSources } from '../../imports/argoproj.io';
import { repoContextOf } from '../repo/repo-context';
import { Manifest, ManifestFile, IRenderable } from '../synth/manifest';
import { plainManifest } from '../synth/plain-manifest';

/** Finalizer that makes Argo CD delete an Application's resources when the Application is deleted. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** The group, version and kind of an Argo CD Application (`Application.GVK` of the typed bindings). */
export const APPLICATION_GVK = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application' } as const;

/** Where an Application's manifests come from. */
export type ApplicationSource = ApplicationSpecSources;

/** Props of {@link ArgoApplication}. */
export interface ArgoApplicationProps {
  /** Application name; also the file name under `argocd/applications/`. */
  readonly name: string;
  /** Sources of the manifests: one for a kustomize folder, several for a Helm chart plus a folder. */
  readonly sources: readonly ApplicationSource[];
  /** Where the manifests are applied. */
  readonly destination: { readonly server?: string; readonly name?: string; readonly namespace: string };
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
}

/**
 * An Argo CD Application (argoproj.io/v1alpha1) written to `argocd/applications/<name>.yaml`:
 * resources finalizer, `CreateNamespace=true`, automated or manual sync.
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

  /** The Application as the typed props of the generated bindings (`Application.manifest(props)`). */
  public toProps(): ApplicationProps {
    const ctx = repoContextOf(this);
    const p = this.props;
    const [single, ...more] = p.sources;
    const sourceFields = more.length === 0 ? { source: single } : { sources: [...p.sources] };
    return {
      metadata: {
        name: p.name,
        namespace: ctx.argocdNamespace,
        labels: p.labels,
        finalizers: [RESOURCES_FINALIZER],
      },
      spec: {
        project: p.project ?? 'default',
        ...sourceFields,
        destination: { ...p.destination },
        syncPolicy: {
          automated: p.sync.renderAutomated(),
          syncOptions: ['CreateNamespace=true'],
        },
      },
    };
  }

  /** The Application object: what `Application.manifest(this.toProps())` returns. */
  public toManifest(): Manifest {
    const props = this.toProps();
    // The bindings name one field of a source differently from its JSON; the rest is plain data.
    const spec = props.spec!;
    return plainManifest(APPLICATION_GVK, {
      ...props,
      spec: { ...spec, source: spec.source && sourceJson(spec.source), sources: spec.sources?.map(sourceJson) },
    });
  }

  public renderFiles(): ManifestFile[] {
    return [{ path: repoContextOf(this).layout.applicationFile(this.name), objects: [this.toManifest()], source: this.node.path }];
  }
}

/** A source as JSON: `repoUrl` of the typed bindings is `repoURL`; every other field keeps its name. */
function sourceJson(source: ApplicationSource): Record<string, unknown> {
  const { repoUrl, ...rest } = source;
  return { repoURL: repoUrl, ...rest };
}
