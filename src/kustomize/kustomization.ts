import { Manifest } from '../core/manifest';

/** A kustomize `images:` entry. */
export interface KustomizeImage {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

/** A kustomize `replicas:` entry. */
export interface KustomizeReplicas {
  readonly name: string;
  readonly count: number;
}

/** A kustomize `patches:` entry (strategic merge or JSON 6902, inline). */
export interface KustomizePatch {
  readonly target?: { readonly kind?: string; readonly name?: string; readonly group?: string; readonly version?: string };
  readonly patch: string;
}

/** A kustomize `labels:` entry. */
export interface KustomizeLabels {
  readonly pairs: Record<string, string>;
  readonly includeSelectors?: boolean;
  readonly includeTemplates?: boolean;
}

/**
 * The fields of a `kustomization.yaml` that gitops-synth writes — kustomize v5 fields only
 * (no `bases`, `commonLabels`, `patchesStrategicMerge` or `vars`).
 *
 * @see https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
 */
export interface KustomizationSpec {
  readonly namespace?: string;
  readonly resources: readonly string[];
  readonly labels?: readonly KustomizeLabels[];
  readonly images?: readonly KustomizeImage[];
  readonly replicas?: readonly KustomizeReplicas[];
  readonly patches?: readonly KustomizePatch[];
}

/** Builds the `kustomization.yaml` object, leaving out empty lists so the file stays minimal. */
export function kustomization(spec: KustomizationSpec): Manifest {
  const obj: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
  };
  if (spec.namespace) obj.namespace = spec.namespace;
  obj.resources = [...spec.resources];
  // In this order; one kustomization per folder of the tree, so without a list of the keys to loop over.
  if (spec.labels && spec.labels.length > 0) obj.labels = spec.labels;
  if (spec.images && spec.images.length > 0) obj.images = spec.images;
  if (spec.replicas && spec.replicas.length > 0) obj.replicas = spec.replicas;
  if (spec.patches && spec.patches.length > 0) obj.patches = spec.patches;
  return obj as unknown as Manifest;
}

/**
 * A piece of a kustomization folder contributed by a construct: files placed in the folder
 * (listed under `resources:`) and patches.
 */
export interface KustomizationPart {
  /** Files in the folder, by file name (e.g. `external-secret.yaml`), each listed under `resources:`. */
  readonly files?: ReadonlyArray<{ readonly name: string; readonly objects: readonly Manifest[] }>;
  /** Patches applied by the folder's kustomization. */
  readonly patches?: readonly KustomizePatch[];
}

/**
 * Implemented by constructs that add objects or patches to a service's base or overlay folder
 * (for example an ExternalSecret under a Service or an Overlay).
 */
export interface IKustomizationContributor {
  /** Renders this construct's contribution to the enclosing kustomization folder. */
  renderKustomizationPart(): KustomizationPart;
}

/** Type guard for {@link IKustomizationContributor}. */
export function isKustomizationContributor(x: unknown): x is IKustomizationContributor {
  return typeof x === 'object' && x !== null && typeof (x as IKustomizationContributor).renderKustomizationPart === 'function';
}
