import { AddOn, AddOnProps } from './add-on';
import { Environment } from '../argocd/environment';

/**
 * What an add-on preset needs from the repository it is added to. `GitOpsRepo` implements it; the
 * interface keeps the add-on layer below the repository that holds the add-ons.
 */
export interface IAddOnHost {
  /** The environments, in the order they were added. */
  readonly environments: readonly Environment[];
  /** Adds a cluster add-on installed from a pinned Helm chart. */
  addAddOn(name: string, props: AddOnProps): AddOn;
}
