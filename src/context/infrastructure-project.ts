/**
 * The AppProject of the cluster add-ons, as an add-on registers itself with it: its chart's
 * repository, its destination and the cluster-scoped kinds it installs. `AppProject` implements it;
 * the interface keeps the repository context free of the Argo CD layer above it.
 */
export interface IInfrastructureProject {
  /** The AppProject's name, which the add-ons' Applications name as their project. */
  readonly name: string;
  /** Allows a source repository (a Helm chart's). */
  addSourceRepo(repoURL: string): void;
  /** Allows a destination cluster and namespace. */
  addDestination(destination: { readonly server?: string; readonly name?: string; readonly namespace: string }): void;
  /** Allows a cluster-scoped kind, e.g. `{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }`. */
  allowClusterResource(kind: { readonly group: string; readonly kind: string; readonly name?: string }): void;
}
