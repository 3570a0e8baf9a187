import type { ModelIndex } from '../repo/model-index';

/**
 * Implemented by constructs that write an Argo CD object (Application, ApplicationSet, AppProject)
 * the root app-of-apps must apply; the root lists their files in `argocd/kustomization.yaml`.
 */
export interface IArgoFile {
  /**
   * The file, relative to the output folder, or `undefined` when the construct writes none.
   *
   * @param index the constructs of the tree, found once for the render that asks
   * @default - a construct that needs it walks the tree itself
   */
  argoFile(index?: ModelIndex): string | undefined;
}

/** Type guard for {@link IArgoFile}. */
export function isArgoFile(x: unknown): x is IArgoFile {
  return typeof x === 'object' && x !== null && typeof (x as IArgoFile).argoFile === 'function';
}
