import { IConstruct } from 'constructs';
import { AddOn, AddOnOptions } from './add-on';
import { Environment } from '../argocd/environment';

/**
 * What an add-on preset needs from the repository it is added to. `GitOpsRepo` implements it; the
 * interface keeps the add-on layer below the repository that holds the add-ons.
 */
export interface IAddOnHost extends IConstruct {
  /** The environments, in the order they were added. */
  readonly environments: readonly Environment[];
  /** Adds a cluster add-on installed from a pinned Helm chart. */
  addAddOn(name: string, options: AddOnOptions): AddOn;
}

/**
 * A ready-made part of the cluster, added with `repo.add(preset)`: `certManager({…})`,
 * `externalDns({…})`, `externalSecretsOperator({…})`, `IngressController.nginx().addOn()`, `awsSide({…})`.
 * `repo.add` returns what the preset created (an `AddOn`, the `AwsSide` …).
 *
 * @typeParam T what the preset creates
 */
export interface IAddOnPreset<T> {
  /** Creates the preset's constructs in `host`; called once by `host.add(preset)`. */
  addTo(host: IAddOnHost): T;
}
