import { Construct } from 'constructs';
import { ModelIndex } from './model-index';
import { ApplicationSet } from '../../imports/argoproj.io';
import { MANIFEST_GENERATE_PATHS_ANNOTATION } from '../argocd/argo-application';
import { SYNC_WAVE_ANNOTATION, SyncWave } from '../argocd/sync-wave';
import { repoContextOf } from '../context/repo-context';
import { IRenderable, Manifest, ManifestFile } from '../core/manifest';

/** Props of a {@link ServiceApplicationSet}. */
export interface ServiceApplicationSetProps {
  /** Name of the ApplicationSet and of its file under `argocd/applications/`. */
  readonly name: string;
}

/** One list-generator element: the values that differ between the services' Applications. */
export interface ServiceApplicationElement {
  /** Application name, `<service>-<environment>`. */
  readonly name: string;
  /** Service name (label `app.kubernetes.io/name`). */
  readonly service: string;
  /** Environment name (label `gitops-synth/environment`). */
  readonly environment: string;
  /** The environment's AppProject. */
  readonly project: string;
  /** The overlay folder as Argo CD sees it. */
  readonly path: string;
  /** Sync wave annotation value. */
  readonly wave: string;
  /** `spec.destination`: server or cluster name, and namespace. */
  readonly destination: Record<string, string>;
  /** `spec.syncPolicy.syncOptions`. */
  readonly syncOptions: string[];
  /** `{}` for manual sync: an empty map is false in a Go template `if`. */
  readonly automated: Record<string, unknown>;
  /** `[]` when nothing is ignored. */
  readonly ignoreDifferences: unknown[];
}

/**
 * The part of the generated Application that is not a plain string: applied by Argo CD as a patch
 * over `template` after rendering it for an element. Every key it reads is present in every element,
 * so `missingkey=error` cannot trip over an optional field.
 */
export const SERVICE_TEMPLATE_PATCH = [
  'spec:',
  '  destination: {{ toJson .destination }}',
  '  syncPolicy:',
  '    syncOptions: {{ toJson .syncOptions }}',
  '{{- if .automated }}',
  '    automated: {{ toJson .automated }}',
  '{{- end }}',
  '{{- if .ignoreDifferences }}',
  '  ignoreDifferences: {{ toJson .ignoreDifferences }}',
  '{{- end }}',
  '',
].join('\n');

interface AppSpec {
  project: string;
  source: { repoURL: string; targetRevision: string; path: string };
  destination: Record<string, string>;
  revisionHistoryLimit?: number;
  ignoreDifferences?: unknown[];
  syncPolicy: { automated?: Record<string, unknown>; retry?: unknown; syncOptions?: string[] };
}

interface AppMeta {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  finalizers?: string[];
}

/**
 * One ApplicationSet (`argocd/applications/<name>.yaml`) that generates the Application of every
 * service overlay — the same objects `ServiceApplications.perOverlay()` writes as files. It is built
 * from those Application objects: the shared fields become the template, the differing ones the
 * list generator's elements.
 *
 * A list generator rather than a matrix (services × environments): a matrix would generate an
 * Application for every pair, including services that are not deployed to an environment.
 *
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-List/
 */
export class ServiceApplicationSet extends Construct implements IRenderable {
  /** The ApplicationSet name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ServiceApplicationSetProps) {
    super(scope, id);
    this.name = props.name;
  }

  /**
   * The Applications the ApplicationSet generates, as the per-overlay mode would write them: one per
   * deployed overlay (a pending overlay, with no image version yet, gets no element).
   *
   * @param index the constructs of the tree, when the caller has found them already
   * @default - found by walking the tree
   */
  public applications(index: ModelIndex = ModelIndex.of(this.node.root)): Manifest[] {
    return index.deployedOverlays.map((o) => o.application.toManifest());
  }

  /**
   * The ApplicationSet object, or `undefined` when no service is deployed anywhere.
   *
   * @param index the constructs of the tree, when the caller has found them already
   * @default - found by walking the tree
   */
  public toManifest(index?: ModelIndex): Manifest | undefined {
    const ctx = repoContextOf(this);
    const apps = this.applications(index);
    if (apps.length === 0) return undefined;
    // Repository, revision, retry, history limit and finalizers are the same for every overlay's
    // Application (no option sets them per overlay); the equivalence test guards that.
    const first = apps[0] as unknown as { metadata: AppMeta; spec: AppSpec };
    const elements = apps.map((a) => toElement(a as unknown as { metadata: AppMeta; spec: AppSpec }));
    return ApplicationSet.manifest({
      metadata: {
        name: this.name,
        namespace: ctx.argocdNamespace,
        annotations: SyncWave.services().annotations(),
        labels: { 'app.kubernetes.io/managed-by': 'gitops-synth' },
      },
      spec: {
        goTemplate: true,
        goTemplateOptions: ['missingkey=error'],
        generators: [{ list: { elements } }],
        template: {
          metadata: {
            name: '{{ .name }}',
            namespace: first.metadata.namespace,
            labels: { 'app.kubernetes.io/name': '{{ .service }}', 'gitops-synth/environment': '{{ .environment }}' },
            annotations: templateAnnotations(first.metadata.annotations),
            finalizers: first.metadata.finalizers,
          },
          spec: {
            project: '{{ .project }}',
            source: { repoUrl: first.spec.source.repoURL, targetRevision: first.spec.source.targetRevision, path: '{{ .path }}' },
            destination: { namespace: '{{ .destination.namespace }}' },
            revisionHistoryLimit: first.spec.revisionHistoryLimit,
            syncPolicy: { retry: first.spec.syncPolicy.retry as never },
          },
        },
        templatePatch: SERVICE_TEMPLATE_PATCH,
      },
    });
  }

  public argoFile(index?: ModelIndex): string | undefined {
    return (index ?? ModelIndex.of(this.node.root)).deployedOverlays.length > 0 ? repoContextOf(this).layout.applicationFile(this.name) : undefined;
  }

  public renderFiles(index: ModelIndex = ModelIndex.of(this.node.root)): ManifestFile[] {
    const manifest = this.toManifest(index);
    const file = this.argoFile(index);
    return manifest && file ? [{ path: file, objects: [manifest], source: `application set ${this.name}` }] : [];
  }
}

/**
 * The template's annotations: the wave from the element, and the paths the Applications read, which are
 * the same for every overlay (relative to its own folder: `.` and `../../base`, or `.` when rendered).
 */
function templateAnnotations(first: Record<string, string>): Record<string, string> {
  const annotations: Record<string, string> = { [SYNC_WAVE_ANNOTATION]: '{{ .wave }}' };
  const paths = first[MANIFEST_GENERATE_PATHS_ANNOTATION];
  if (paths !== undefined) annotations[MANIFEST_GENERATE_PATHS_ANNOTATION] = paths;
  return annotations;
}

function toElement(app: { metadata: AppMeta; spec: AppSpec }): ServiceApplicationElement {
  const { metadata, spec } = app;
  return {
    name: metadata.name,
    service: metadata.labels['app.kubernetes.io/name'],
    environment: metadata.labels['gitops-synth/environment'],
    project: spec.project,
    path: spec.source.path,
    wave: metadata.annotations[SYNC_WAVE_ANNOTATION],
    destination: { ...spec.destination },
    syncOptions: [...(spec.syncPolicy.syncOptions ?? [])],
    automated: { ...(spec.syncPolicy.automated ?? {}) },
    ignoreDifferences: [...(spec.ignoreDifferences ?? [])],
  };
}
