import { IConstruct } from 'constructs';
import { IInfrastructureProject } from './infrastructure-project';
import { RepoLayout } from './layout';
import { Releases } from './releases';
import { ServiceApplications } from './service-applications';

/**
 * What every construct of a GitOps repository needs from its root, resolved once.
 * Implemented by `GitOpsRepo`; kept as an interface so model files do not import the root.
 */
export interface IRepoContext {
  /** The Git repository Argo CD watches. */
  readonly repoURL: string;
  /** The branch, tag or commit Argo CD syncs from. */
  readonly targetRevision: string;
  /** The namespace Argo CD runs in (where Applications live). */
  readonly argocdNamespace: string;
  /** Paths of the tree. */
  readonly layout: RepoLayout;
  /** Image versions per service and environment. */
  readonly releases: Releases;
  /** Whether the services' Applications are files or one ApplicationSet. */
  readonly serviceApplications: ServiceApplications;
  /** The AppProject of the cluster add-ons; each add-on registers its chart, namespace and cluster-scoped kinds. */
  readonly infrastructureProject: IInfrastructureProject;
}

const REPO_CONTEXT = Symbol.for('gitops-synth.repo-context');

/** Marks a root construct as the repository context. */
export function markRepoContext(root: IRepoContext & IConstruct): void {
  Object.defineProperty(root, REPO_CONTEXT, { value: true });
}

/** The repository context of any construct in a GitOps repository tree. */
export function repoContextOf(construct: IConstruct): IRepoContext {
  const root = construct.node.root as unknown as Record<symbol, unknown>;
  if (!root[REPO_CONTEXT]) {
    throw new Error(`${construct.node.path || construct.constructor.name} is not inside a GitOpsRepo: create it with repo.addService(...) or repo.addEnvironment(...)`);
  }
  return root as unknown as IRepoContext;
}
