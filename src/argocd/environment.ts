import { Construct } from 'constructs';
import { AppProject } from './app-project';
import { SyncPolicy } from './sync-policy';
import { repoContextOf } from '../context/repo-context';
import { uniqueId } from '../core/unique-id';
import { Waivers } from '../policy/waivers';

/** The cluster an environment deploys to, as Argo CD knows it. */
export interface ClusterTarget {
  /**
   * Cluster API server URL registered in Argo CD.
   * @default 'https://kubernetes.default.svc' - the cluster Argo CD runs in
   */
  readonly server?: string;
  /**
   * Cluster name registered in Argo CD; when set it is used instead of `server`.
   * @default - use `server`
   */
  readonly name?: string;
}

/** Options of `GitOpsRepo.addEnvironment`. */
export interface EnvironmentOptions {
  /**
   * How Argo CD syncs this environment.
   * @default SyncPolicy.manual()
   */
  readonly sync?: SyncPolicy;
  /**
   * Namespace the services of this environment run in.
   * @default - the environment's name
   */
  readonly namespace?: string;
  /**
   * Target cluster.
   * @default - the in-cluster server `https://kubernetes.default.svc`
   */
  readonly cluster?: ClusterTarget;
  /**
   * Whether production rules apply (manual sync, immutable image tags, resources, ≥ 2 replicas).
   * @default - true when the name is `production` or `prod`
   */
  readonly production?: boolean;
  /**
   * Production rules waived for this environment, each with its reason (`automated-sync`, `mutable-tags`).
   * @default - none
   */
  readonly waivers?: Waivers;
  /**
   * Name of the environment's AppProject, which fences its Applications to this repository, the
   * environment's cluster and namespace, and no cluster-scoped kind but that Namespace.
   * @default - the environment's name
   */
  readonly project?: string;
  /**
   * Start of the name of every AWS Secrets Manager secret this environment reads, e.g. `prod/`: the
   * environment's IAM role may read `<secretPrefix>*` only, so no other environment's secret. Keep
   * the prefixes of two environments from being prefixes of each other (`prod` would cover `production/…`).
   * @default - the environment's name and `/`, e.g. `staging/`
   */
  readonly secretPrefix?: string;
}

/** Props of an {@link Environment}. */
export interface EnvironmentProps extends EnvironmentOptions {}

/** The in-cluster API server address Argo CD uses for the cluster it runs in. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * A deployment environment (staging, production, …): where services run and how Argo CD syncs them.
 */
export class Environment extends Construct {
  /** The environment's name, used in paths and Application names. */
  public readonly name: string;
  /** How Argo CD syncs this environment. */
  public readonly sync: SyncPolicy;
  /** Namespace the services run in. */
  public readonly namespace: string;
  /** Target cluster. */
  public readonly cluster: Required<Pick<ClusterTarget, 'server'>> & Pick<ClusterTarget, 'name'>;
  /** Whether production rules apply. */
  public readonly production: boolean;
  /** Waived production rules with reasons. */
  public readonly waivers: Waivers;
  /** The AppProject of this environment's Applications. */
  public readonly project: AppProject;
  /** Start of the name of every Secrets Manager secret this environment reads. */
  public readonly secretPrefix: string;

  /**
   * @param id the environment's name, used in paths and Application names
   */
  constructor(scope: Construct, id: string, props: EnvironmentProps = {}) {
    super(scope, uniqueId(scope, `env-${id}`));
    const name = id;
    props = typeof props === 'object' && props !== null ? props : {};
    this.name = name;
    this.sync = props.sync ?? SyncPolicy.manual();
    this.namespace = props.namespace ?? name;
    this.cluster = { server: props.cluster?.server ?? IN_CLUSTER_SERVER, name: props.cluster?.name };
    this.production = props.production ?? (name === 'production' || name === 'prod');
    this.waivers = props.waivers ?? {};
    this.secretPrefix = props.secretPrefix ?? `${name}/`;
    this.project = new AppProject(this, 'project', {
      name: props.project ?? name,
      description: `Services of the ${name} environment`,
      sourceRepos: [repoContextOf(this).repoURL],
      destinations: [this.destination()],
      // CreateNamespace=true needs the Namespace kind; the name pattern keeps it to this environment's namespace.
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace', name: this.namespace }],
    });
  }

  /** The Application `spec.destination` for this environment. */
  public destination(namespace: string = this.namespace): { server?: string; name?: string; namespace: string } {
    return this.cluster.name ? { name: this.cluster.name, namespace } : { server: this.cluster.server, namespace };
  }
}
