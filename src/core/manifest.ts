/**
 * A plain Kubernetes-style object as it is written to the tree.
 *
 * Rendering produces these from the typed model; they carry no construct references,
 * so checks and the writer can treat them as data.
 */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/**
 * One file of the synthesized tree: its path relative to the output folder and the
 * objects it holds, in order (one YAML document each).
 */
export interface ManifestFile {
  /** POSIX path relative to the output folder, e.g. `apps/api-service/base/deployment.yaml`. */
  readonly path: string;
  /** The objects of the file, one YAML document each. */
  readonly objects: readonly Manifest[];
  /** What the file belongs to, as problem reports name it, e.g. `service api-service` or `add-on cert-manager`. */
  readonly source: string;
}

/**
 * Implemented by every model construct that contributes files to the tree.
 */
export interface IRenderable {
  /** Renders this construct's files. Pure: no I/O, no mutation of the model. */
  renderFiles(): ManifestFile[];
}

/** Type guard for {@link IRenderable}. */
export function isRenderable(x: unknown): x is IRenderable {
  return typeof x === 'object' && x !== null && typeof (x as IRenderable).renderFiles === 'function';
}
