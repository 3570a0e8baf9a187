import { k8s } from 'cdk8s-plus-28';

/** Node label naming a node's availability zone. */
export const ZONE_TOPOLOGY_KEY = 'topology.kubernetes.io/zone';
/** Node label naming the node itself. */
export const HOSTNAME_TOPOLOGY_KEY = 'kubernetes.io/hostname';

/** Options of {@link TopologySpread.zonesAndNodes}. */
export interface TopologySpreadOptions {
  /**
   * The largest difference in pod count between two zones (or nodes).
   * @default 1
   */
  readonly maxSkew?: number;
  /**
   * Whether the scheduler refuses to place a pod that would break the spread (`DoNotSchedule`) or
   * places it as evenly as it can (`ScheduleAnyway`).
   * @default false - ScheduleAnyway: a zone or node short of room slows nothing down
   */
  readonly strict?: boolean;
}

/**
 * How a service's pods spread over zones and nodes: `topologySpreadConstraints` patched into the
 * overlay's Deployment. Production overlays with two or more replicas get
 * `TopologySpread.zonesAndNodes()` unless they give another or waive it
 * (`waivers: { 'topology-spread': '<reason>' }`).
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export class TopologySpread {
  /** Across availability zones and across nodes. */
  public static zonesAndNodes(options: TopologySpreadOptions = {}): TopologySpread {
    return new TopologySpread([ZONE_TOPOLOGY_KEY, HOSTNAME_TOPOLOGY_KEY], options);
  }

  /** Across availability zones only. */
  public static zones(options: TopologySpreadOptions = {}): TopologySpread {
    return new TopologySpread([ZONE_TOPOLOGY_KEY], options);
  }

  /** Across nodes only. */
  public static nodes(options: TopologySpreadOptions = {}): TopologySpread {
    return new TopologySpread([HOSTNAME_TOPOLOGY_KEY], options);
  }

  private constructor(
    /** The node labels spread over. */
    public readonly topologyKeys: readonly string[],
    private readonly options: TopologySpreadOptions,
  ) {}

  /** The largest allowed difference in pod count. */
  public get maxSkew(): number {
    return this.options.maxSkew ?? 1;
  }

  /** The pod spec's `topologySpreadConstraints` for pods labelled `selector`. */
  public constraints(selector: Record<string, string>): k8s.TopologySpreadConstraint[] {
    return this.topologyKeys.map((topologyKey) => ({
      maxSkew: this.maxSkew,
      topologyKey,
      whenUnsatisfiable: this.options.strict ? 'DoNotSchedule' : 'ScheduleAnyway',
      labelSelector: { matchLabels: selector },
      // Counted per ReplicaSet: during a rollout the new pods spread among themselves.
      matchLabelKeys: ['pod-template-hash'],
    }));
  }
}
